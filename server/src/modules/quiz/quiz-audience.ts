import { isInSubtree, pathIds } from '@wuzha/shared';
import { EntityManager, In } from 'typeorm';
import { Grant } from '../org/access.service';
import { OrgNode } from '../org/org-node.entity';
import type { QuizCampaign } from './quiz-campaign.entity';

// Who takes a campaign: a person holding a role of campaign.roles at a node inside an audience subtree.
// They are counted under that node (the deepest, if several).
export function countingGrant(grants: readonly Grant[], c: Pick<QuizCampaign, 'roles' | 'audience'>): Grant | null {
  const fits = grants.filter((g) => c.roles.includes(g.role) && c.audience.some((a) => isInSubtree(g.path, a.path)));
  return fits.sort((a, b) => b.path.length - a.path.length || a.membershipId - b.membershipId)[0] ?? null;
}

// Ids of the towns the nodes at these paths lie in (or are).
export async function townsOf(m: EntityManager, paths: readonly string[]): Promise<number[]> {
  const ids = [...new Set(paths.flatMap((p) => pathIds(p)))];
  if (ids.length === 0) return [];
  const towns = await m.find(OrgNode, { where: { id: In(ids), kind: 'town' }, select: { id: true } });
  return towns.map((t) => t.id);
}

// The town of a node: itself or its ancestor of kind town.
export async function townOf(m: EntityManager, node: Pick<OrgNode, 'path'>): Promise<number | null> {
  return (await townsOf(m, [node.path]))[0] ?? null;
}
