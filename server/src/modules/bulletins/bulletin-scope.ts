import { isInSubtree } from '@wuzha/shared';
import { subtreeWhere } from '../org/access.service';

// Where a bulletin's reach is counted: the groups bound at the town node itself (the town's cadre
// group) and every group in the subtree of a target (the whole town when scopeKind is 'town').
// Readers from elsewhere may read; their opens are recorded but count for no group in scope.
export interface BulletinScope {
  townId: number;
  townPath: string;
  scopeKind: 'town' | 'nodes';
  // paths of bulletin_target nodes (ignored for scopeKind 'town')
  targetPaths: readonly string[];
}

function subtrees(scope: BulletinScope): readonly string[] {
  return scope.scopeKind === 'town' ? [scope.townPath] : scope.targetPaths;
}

export function groupInScope(scope: BulletinScope, group: { nodeId: number; nodePath: string }): boolean {
  if (group.nodeId === scope.townId) return true;
  return subtrees(scope).some((p) => isInSubtree(group.nodePath, p));
}

// SQL condition over a group table alias (`g.nodeId`, `g.nodePath`) selecting the groups in scope,
// index-backed on nodePath.
export function groupsInScopeWhere(scope: BulletinScope, alias = 'g'): { sql: string; params: Record<string, unknown> } {
  const ranges = subtreeWhere(`${alias}.nodePath`, subtrees(scope), 'bs');
  return { sql: `(${alias}.nodeId = :bsTownId OR ${ranges.sql})`, params: { ...ranges.params, bsTownId: scope.townId } };
}
