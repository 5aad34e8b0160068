import { CHILD_KINDS, intersectSubtrees, isInSubtree, NodeKind, Permission, PledgeAudience, ROLE_META, roleHas } from '@wuzha/shared';
import { keysetCursor } from '../../common/keyset-cursor';
import type { AccessScope } from '../org/access.service';
import { AUDIENCE_ROLES, UNIT_KINDS } from './pledge-audience';
import type { PledgeCampaign } from './pledge-campaign.entity';

// Who sees a pledge campaign, and which part of it. Pure rules shared by campaigns and tracking.

// permissions that make a campaign visible (to run it, or to follow its progress)
export const TRACKING: readonly Permission[] = ['pledge.manage', 'pledge.track'];

type Seen = Pick<PledgeCampaign, 'ownerPath' | 'scope'>;

// Holds pledge.manage or pledge.track at the owner node, or over part of the scope (a grant inside a
// scope subtree, or covering a scope node).
export function seesCampaign(scope: AccessScope, c: Seen): boolean {
  if (TRACKING.some((p) => scope.can(c.ownerPath, p))) return true;
  return scope.grants.some((g) => TRACKING.some((p) => roleHas(g.role, p)) && c.scope.some((s) => isInSubtree(g.path, s.path) || isInSubtree(s.path, g.path)));
}

// The subtrees of the campaign's scope the caller may follow (pledge.manage or pledge.track there),
// nested roots dropped; empty: none.
export function trackRoots(scope: AccessScope, c: Pick<PledgeCampaign, 'scope'>): string[] {
  const mine = [...new Set(TRACKING.flatMap((p) => scope.subtrees(p)))];
  const scopePaths = c.scope.map((s) => s.path);
  const out = [...new Set(mine.flatMap((r) => intersectSubtrees(r, scopePaths)))].sort();
  return out.filter((p) => !out.some((o) => o !== p && isInSubtree(p, o)));
}

// The scope's own roots, nested ones dropped (what "the whole campaign" is).
export function scopeRoots(c: Pick<PledgeCampaign, 'scope'>): string[] {
  const paths = [...new Set(c.scope.map((s) => s.path))].sort();
  return paths.filter((p) => !paths.some((o) => o !== p && isInSubtree(p, o)));
}

// Node kinds where an audience's members are counted: classes (roster entries), the kinds the audience
// roles count at, unit nodes.
const MEMBER_KINDS: Record<PledgeAudience, ReadonlySet<NodeKind>> = {
  students: new Set(['class']),
  residents: new Set(AUDIENCE_ROLES.residents.flatMap((r) => r.kinds ?? ROLE_META[r.role].nodeKinds)),
  staff: new Set(AUDIENCE_ROLES.staff.flatMap((r) => r.kinds ?? ROLE_META[r.role].nodeKinds)),
  units: new Set(UNIT_KINDS),
};

// The kinds a subtree rooted at a node of this kind may hold (itself included).
function subtreeKinds(kind: NodeKind, seen = new Set<NodeKind>()): Set<NodeKind> {
  if (seen.has(kind)) return seen;
  seen.add(kind);
  for (const child of CHILD_KINDS[kind]) subtreeKinds(child, seen);
  return seen;
}

// May a campaign whose scope covers a node of this kind have signers under it? A town-wide units
// campaign does not concern a class, nor a residents campaign a school, so lists below a wide
// scope leave them out.
export function audienceUnder(audience: PledgeAudience, kind: NodeKind): boolean {
  return [...subtreeKinds(kind)].some((k) => MEMBER_KINDS[audience].has(k));
}

// Campaign lists: newest first by id.
export const pledgeCampaignCursor = keysetCursor('p', [10]);
