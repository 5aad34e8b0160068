import { isInSubtree, NodeKind, PledgeAudience, Role } from '@wuzha/shared';
import type { Grant } from '../org/access.service';
import type { PledgeCampaign } from './pledge-campaign.entity';

// Who is expected to sign a campaign of each audience, and where. Pure rules shared by campaigns,
// signing and tracking.

export const UNIT_KINDS: readonly NodeKind[] = ['enterprise', 'institution', 'building'];
// organisations that run pledge campaigns
export const PLEDGE_OWNER_KINDS: readonly NodeKind[] = ['town', 'school'];

// node kinds a campaign's scope may name, per audience (a town or village names everything under it)
export const SCOPE_KINDS: Record<PledgeAudience, readonly NodeKind[]> = {
  students: ['school', 'grade', 'class'],
  residents: ['town', 'village', 'community', 'grid'],
  staff: ['town', 'village', 'community', 'school', 'enterprise', 'institution', 'building'],
  units: ['town', 'village', 'community', 'grid', 'enterprise', 'institution', 'building'],
};

// The roles counted in the denominator of a people campaign, and the node kinds they count at.
// students: none (the roster is the denominator); units: unit nodes, signed by their unit_contact.
export const AUDIENCE_ROLES: Record<PledgeAudience, readonly { role: Role; kinds: readonly NodeKind[] | null }[]> = {
  students: [],
  // residents anywhere in the scope (a resident held at a unit is that unit's staff, not a villager)
  residents: [{ role: 'resident', kinds: ['village', 'community', 'grid', 'building'] }],
  staff: [
    { role: 'resident', kinds: ['enterprise', 'institution'] },
    { role: 'teacher', kinds: null },
    { role: 'school_admin', kinds: null },
    { role: 'unit_contact', kinds: null },
  ],
  units: [],
};

type ScopeOf = Pick<PledgeCampaign, 'scope' | 'audience'>;

export function inScope(c: Pick<PledgeCampaign, 'scope'>, path: string): boolean {
  return c.scope.some((s) => isInSubtree(path, s.path));
}

// The grant a resident/staff signer is counted under (the deepest, if several); null: not expected to sign.
export function signerGrant(grants: readonly Grant[], kindOf: (nodeId: number) => NodeKind | undefined, c: ScopeOf): Grant | null {
  const rules = AUDIENCE_ROLES[c.audience as PledgeAudience] ?? [];
  const fits = grants.filter((g) => inScope(c, g.path) && rules.some((r) => r.role === g.role && (r.kinds === null || r.kinds.includes(kindOf(g.nodeId)!))));
  return fits.sort((a, b) => b.path.length - a.path.length || a.membershipId - b.membershipId)[0] ?? null;
}

// Units a caller may sign a units campaign for: unit nodes in scope where they are the unit_contact.
export function unitGrants(grants: readonly Grant[], kindOf: (nodeId: number) => NodeKind | undefined, c: ScopeOf): Grant[] {
  return grants.filter((g) => g.role === 'unit_contact' && UNIT_KINDS.includes(kindOf(g.nodeId)!) && inScope(c, g.path));
}

export const subjectKey = {
  roster: (entryId: number) => `r:${entryId}`,
  person: (userId: number) => `u:${userId}`,
  unit: (nodeId: number) => `n:${nodeId}`,
};
