import { Inject, Injectable } from '@nestjs/common';
import { canInviteRole, isInSubtree, Permission, Role, roleHas, subtreeRange } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { DomainError } from '../../common/domain-error';
import { Membership } from './membership.entity';
import { OrgNode } from './org-node.entity';

// One role held at one node: the unit every access decision is made from.
export interface Grant {
  membershipId: number;
  role: Role;
  nodeId: number;
  path: string;
}

// The caller's grants, loaded once; every scoping decision of the app goes through here.
export class AccessScope {
  constructor(
    readonly userId: number,
    readonly grants: readonly Grant[],
  ) {}

  // Grants held at the node itself or at an ancestor (a role acts on its node's subtree).
  covering(path: string): Grant[] {
    return this.grants.filter((g) => isInSubtree(path, g.path));
  }

  can(path: string, permission: Permission): boolean {
    return this.covering(path).some((g) => roleHas(g.role, permission));
  }

  // May invite (and therefore remove) `role` at the node at `path`.
  canManageRole(path: string, role: Role): boolean {
    return this.covering(path).some((g) => canInviteRole(g.role, role));
  }

  // Minimal set of subtree roots where the permission holds (nested roots dropped).
  subtrees(permission: Permission): string[] {
    const roots = [...new Set(this.grants.filter((g) => roleHas(g.role, permission)).map((g) => g.path))].sort();
    return roots.filter((p) => !roots.some((other) => other !== p && isInSubtree(p, other)));
  }
}

// SQL for "column lies in one of these subtrees" as index-backed key ranges; no subtree → matches nothing.
export function subtreeWhere(column: string, paths: readonly string[], paramPrefix = 'st'): { sql: string; params: Record<string, string> } {
  if (paths.length === 0) return { sql: '1 = 0', params: {} };
  const params: Record<string, string> = {};
  const parts = paths.map((p, i) => {
    const { lo, hi } = subtreeRange(p);
    params[`${paramPrefix}Lo${i}`] = lo;
    params[`${paramPrefix}Hi${i}`] = hi;
    return `(${column} >= :${paramPrefix}Lo${i} AND ${column} < :${paramPrefix}Hi${i})`;
  });
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`, params };
}

@Injectable()
export class AccessService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async scope(ctx: AuthContext, manager: EntityManager = this.ds.manager): Promise<AccessScope> {
    const rows = await manager.find(Membership, {
      where: { userId: ctx.userId },
      select: { id: true, role: true, nodeId: true, nodePath: true },
    });
    return new AccessScope(
      ctx.userId,
      rows.map((m) => ({ membershipId: m.id, role: m.role as Role, nodeId: m.nodeId, path: m.nodePath })),
    );
  }

  // The node, if the caller holds `permission` there. Out of sight (or absent) → NOT_FOUND, so that
  // existence never leaks; visible but not allowed → FORBIDDEN.
  async requireNode(
    ctx: AuthContext,
    nodeId: number,
    permission: Permission,
    opts: { manager?: EntityManager; scope?: AccessScope } = {},
  ): Promise<OrgNode> {
    const manager = opts.manager ?? this.ds.manager;
    const scope = opts.scope ?? (await this.scope(ctx, manager));
    const node = await manager.findOneBy(OrgNode, { id: nodeId });
    return this.check(scope, node, permission);
  }

  // Same decision for an already loaded node (or null when it does not exist).
  check(scope: AccessScope, node: OrgNode | null, permission: Permission): OrgNode {
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    if (!scope.can(node.path, permission)) throw new DomainError('FORBIDDEN');
    return node;
  }

  // Paths a list query must be restricted to (empty: the query must return nothing).
  async allowedSubtrees(ctx: AuthContext, permission: Permission, manager?: EntityManager): Promise<string[]> {
    return (await this.scope(ctx, manager)).subtrees(permission);
  }

  async canManageRole(ctx: AuthContext, node: Pick<OrgNode, 'path'>, targetRole: Role, scope?: AccessScope): Promise<boolean> {
    return (scope ?? (await this.scope(ctx))).canManageRole(node.path, targetRole);
  }
}
