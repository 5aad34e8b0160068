import { MembershipView, NodeKind, NodeRef, NodeView, pathIds, Role } from '@wuzha/shared';
import { EntityManager, In } from 'typeorm';
import { Membership } from './membership.entity';
import { OrgNode } from './org-node.entity';

// Entity → response mapping shared by the org, me and invites modules.

export function nodeRef(n: Pick<OrgNode, 'id' | 'name' | 'kind'>): NodeRef {
  return { id: n.id, name: n.name, kind: n.kind as NodeKind };
}

export function iso(d: Date | string): string {
  return new Date(d).toISOString();
}

export async function nodesByIds(manager: EntityManager, ids: Iterable<number>): Promise<Map<number, OrgNode>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await manager.findBy(OrgNode, { id: In(unique) });
  return new Map(rows.map((n) => [n.id, n]));
}

// Ancestors of a node from the root down, excluding the node, resolved from an id → node map.
export function ancestorsOf(path: string, nodes: Map<number, OrgNode>): OrgNode[] {
  const ids = pathIds(path);
  return ids
    .slice(0, -1)
    .map((id) => nodes.get(id))
    .filter((n): n is OrgNode => !!n);
}

// Node views for nodes with a loaded ancestor map; child counts in one grouped query.
export async function nodeViews(manager: EntityManager, list: OrgNode[]): Promise<NodeView[]> {
  if (list.length === 0) return [];
  const ancestors = await nodesByIds(
    manager,
    list.flatMap((n) => pathIds(n.path)),
  );
  const counts = await manager
    .createQueryBuilder(OrgNode, 'c')
    .select('c.parentId', 'parentId')
    .addSelect('COUNT(*)', 'cnt')
    .where('c.parentId IN (:...ids)', { ids: list.map((n) => n.id) })
    .groupBy('c.parentId')
    .getRawMany<{ parentId: number | string; cnt: number | string }>();
  const countOf = new Map(counts.map((r) => [Number(r.parentId), Number(r.cnt)]));
  return list.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    kind: n.kind as NodeKind,
    name: n.name,
    ancestors: ancestorsOf(n.path, ancestors).map(nodeRef),
    childCount: countOf.get(n.id) ?? 0,
  }));
}

export async function membershipViews(manager: EntityManager, list: Membership[]): Promise<MembershipView[]> {
  const nodes = await nodesByIds(
    manager,
    list.flatMap((m) => pathIds(m.nodePath)),
  );
  return list
    .filter((m) => nodes.has(m.nodeId))
    .map((m) => ({
      id: m.id,
      role: m.role as Role,
      node: nodeRef(nodes.get(m.nodeId)!),
      nodePath: ancestorsOf(m.nodePath, nodes).map((n) => n.name),
      createdAt: iso(m.createdAt),
    }));
}

// Display names by user id (table of the users module, read-only here).
export async function userNames(manager: EntityManager, ids: Iterable<number | null>): Promise<Map<number, string>> {
  const unique = [...new Set([...ids].filter((id): id is number => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await manager
    .createQueryBuilder()
    .select('u.id', 'id')
    .addSelect('u.displayName', 'displayName')
    .from('user_account', 'u')
    .where('u.id IN (:...ids)', { ids: unique })
    .getRawMany<{ id: number | string; displayName: string | null }>();
  return new Map(rows.map((r) => [Number(r.id), r.displayName ?? '']));
}
