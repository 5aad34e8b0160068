import { intersectSubtrees, isInSubtree, Permission, roleHas } from '@wuzha/shared';
import { keysetCursor } from '../../common/keyset-cursor';
import type { AccessScope } from '../org/access.service';
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

// Campaign lists: newest first by id.
export const pledgeCampaignCursor = keysetCursor('p', [10]);
