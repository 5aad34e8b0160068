import { EntityManager } from 'typeorm';
import { OrgNode } from '../org/org-node.entity';
import { subtreeWhere } from '../org/access.service';

const AREA_KINDS = ['village', 'community'];
const UNIT_KINDS = ['school', 'enterprise', 'institution', 'building'];

// The nodes of a town that receive level-1 forwarding tasks: its villages and communities, and the
// units (schools, enterprises, institutions, buildings) directly under the town or under one of its
// villages or communities. One index-backed subtree query.
export async function levelOneNodes(m: EntityManager, town: Pick<OrgNode, 'id' | 'path'>): Promise<OrgNode[]> {
  const sub = subtreeWhere('n.path', [town.path], 'lo');
  const rows = await m
    .createQueryBuilder(OrgNode, 'n')
    .where(sub.sql, sub.params)
    .andWhere('n.kind IN (:...kinds)', { kinds: [...AREA_KINDS, ...UNIT_KINDS] })
    .orderBy('n.path', 'ASC')
    .getMany();
  const areas = new Set(rows.filter((n) => AREA_KINDS.includes(n.kind) && n.parentId === town.id).map((n) => n.id));
  return rows.filter((n) => n.parentId === town.id || (UNIT_KINDS.includes(n.kind) && n.parentId !== null && areas.has(n.parentId)));
}
