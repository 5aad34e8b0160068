import { childPath, NodeKind, Permission, Role } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { Org1732300000200 } from '../../database/migrations/1732300000200-Org';
import { AccessScope, AccessService, subtreeWhere } from './access.service';
import { Membership } from './membership.entity';
import { OrgNode } from './org-node.entity';

// The access helper against a real (in-memory SQLite) schema built by the migration.

type NodeName =
  | 'county'
  | 'town'
  | 'dongshan'
  | 'dsGrid1'
  | 'dsGrid2'
  | 'xihe'
  | 'xhGrid1'
  | 'school'
  | 'grade7'
  | 'class71'
  | 'class72'
  | 'textile'
  | 'otherTown'
  | 'otherVillage';

const TREE: Array<[NodeName, NodeKind, NodeName | null]> = [
  ['county', 'county', null],
  ['town', 'town', 'county'],
  ['dongshan', 'village', 'town'],
  ['dsGrid1', 'grid', 'dongshan'],
  ['dsGrid2', 'grid', 'dongshan'],
  ['xihe', 'village', 'town'],
  ['xhGrid1', 'grid', 'xihe'],
  ['school', 'school', 'town'],
  ['grade7', 'grade', 'school'],
  ['class71', 'class', 'grade7'],
  ['class72', 'class', 'grade7'],
  ['textile', 'enterprise', 'town'],
  ['otherTown', 'town', 'county'],
  ['otherVillage', 'village', 'otherTown'],
];

// user id → the role they hold and where
const HOLDERS: Record<string, { userId: number; role: Role; at: NodeName }> = {
  townAdmin: { userId: 1, role: 'town_admin', at: 'town' },
  police: { userId: 2, role: 'police_liaison', at: 'town' },
  cadre: { userId: 3, role: 'village_cadre', at: 'dongshan' },
  gridWorker: { userId: 4, role: 'grid_worker', at: 'dsGrid1' },
  resident: { userId: 5, role: 'resident', at: 'dongshan' },
  schoolAdmin: { userId: 6, role: 'school_admin', at: 'school' },
  teacher: { userId: 7, role: 'teacher', at: 'class71' },
  student: { userId: 8, role: 'student', at: 'class71' },
  parent: { userId: 9, role: 'parent', at: 'class71' },
  unitContact: { userId: 10, role: 'unit_contact', at: 'textile' },
  gridResident: { userId: 11, role: 'resident', at: 'dsGrid2' },
};
const NOBODY = 99;

let ds: DataSource;
let access: AccessService;
const nodes = {} as Record<NodeName, OrgNode>;

beforeAll(async () => {
  ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [OrgNode, Membership], migrations: [Org1732300000200] });
  await ds.initialize();
  await ds.runMigrations();
  const now = new Date();
  for (const [name, kind, parent] of TREE) {
    const p = parent ? nodes[parent] : null;
    const res = await ds.manager.insert(OrgNode, { parentId: p?.id ?? null, kind, name, path: `~${name}`, depth: 0, createdAt: now, updatedAt: now });
    const id = Number(res.identifiers[0].id);
    await ds.manager.update(OrgNode, { id }, { path: childPath(p?.path ?? null, id) });
    nodes[name] = await ds.manager.findOneByOrFail(OrgNode, { id });
  }
  for (const h of Object.values(HOLDERS)) {
    const n = nodes[h.at];
    await ds.manager.insert(Membership, { userId: h.userId, nodeId: n.id, nodePath: n.path, role: h.role, source: 'seed', inviteId: null, createdAt: now });
  }
  access = new AccessService(ds);
});

afterAll(async () => {
  await ds.destroy();
});

async function outcome(holder: keyof typeof HOLDERS | 'nobody', node: NodeName | 'missing', permission: Permission): Promise<string> {
  const userId = holder === 'nobody' ? NOBODY : HOLDERS[holder].userId;
  const nodeId = node === 'missing' ? 999999 : nodes[node].id;
  try {
    const n = await access.requireNode({ userId }, nodeId, permission);
    expect(n.id).toBe(nodeId);
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('requireNode', () => {
  const cases: Array<[keyof typeof HOLDERS | 'nobody', NodeName | 'missing', Permission, string]> = [
    // town admin: the whole town, every permission; not the neighbouring town nor the county
    ['townAdmin', 'town', 'nodes.manage', 'ok'],
    ['townAdmin', 'xhGrid1', 'members.read', 'ok'],
    ['townAdmin', 'class72', 'audit.read', 'ok'],
    ['townAdmin', 'otherVillage', 'node.read', 'NOT_FOUND'],
    ['townAdmin', 'county', 'node.read', 'NOT_FOUND'],
    ['townAdmin', 'missing', 'node.read', 'NOT_FOUND'],
    // police liaison: reads the structure only
    ['police', 'dongshan', 'node.read', 'ok'],
    ['police', 'dongshan', 'members.read', 'FORBIDDEN'],
    ['police', 'town', 'invites.create', 'FORBIDDEN'],
    // village cadre: own village and its grids
    ['cadre', 'dongshan', 'members.read', 'ok'],
    ['cadre', 'dsGrid2', 'members.manage', 'ok'],
    ['cadre', 'dongshan', 'invites.create', 'ok'],
    ['cadre', 'dongshan', 'nodes.manage', 'FORBIDDEN'],
    ['cadre', 'dongshan', 'audit.read', 'FORBIDDEN'],
    ['cadre', 'xihe', 'members.read', 'NOT_FOUND'],
    ['cadre', 'xhGrid1', 'node.read', 'NOT_FOUND'],
    ['cadre', 'town', 'node.read', 'NOT_FOUND'],
    // grid worker: own grid only, not the sibling grid nor the village
    ['gridWorker', 'dsGrid1', 'members.read', 'ok'],
    ['gridWorker', 'dsGrid2', 'node.read', 'NOT_FOUND'],
    ['gridWorker', 'dongshan', 'members.read', 'NOT_FOUND'],
    // resident: reads their village's subtree, never member lists
    ['resident', 'dongshan', 'node.read', 'ok'],
    ['resident', 'dsGrid1', 'node.read', 'ok'],
    ['resident', 'dongshan', 'members.read', 'FORBIDDEN'],
    ['resident', 'dsGrid1', 'invites.create', 'FORBIDDEN'],
    ['resident', 'xihe', 'node.read', 'NOT_FOUND'],
    ['resident', 'town', 'node.read', 'NOT_FOUND'],
    ['gridResident', 'dsGrid2', 'node.read', 'ok'],
    ['gridResident', 'dongshan', 'node.read', 'NOT_FOUND'],
    // school
    ['schoolAdmin', 'class72', 'members.read', 'ok'],
    ['schoolAdmin', 'grade7', 'nodes.manage', 'ok'],
    ['schoolAdmin', 'town', 'node.read', 'NOT_FOUND'],
    ['teacher', 'class71', 'members.read', 'ok'],
    ['teacher', 'class71', 'nodes.manage', 'FORBIDDEN'],
    ['teacher', 'class72', 'members.read', 'NOT_FOUND'],
    ['teacher', 'grade7', 'node.read', 'NOT_FOUND'],
    ['student', 'class71', 'node.read', 'ok'],
    ['student', 'class71', 'members.read', 'FORBIDDEN'],
    ['student', 'class72', 'node.read', 'NOT_FOUND'],
    ['parent', 'class71', 'members.read', 'FORBIDDEN'],
    ['parent', 'school', 'node.read', 'NOT_FOUND'],
    // unit contact
    ['unitContact', 'textile', 'members.read', 'ok'],
    ['unitContact', 'dongshan', 'node.read', 'NOT_FOUND'],
    // no membership at all
    ['nobody', 'town', 'node.read', 'NOT_FOUND'],
    ['nobody', 'county', 'node.read', 'NOT_FOUND'],
    ['nobody', 'missing', 'node.read', 'NOT_FOUND'],
  ];

  it.each(cases)('%s at %s wanting %s → %s', async (holder, node, permission, expected) => {
    expect(await outcome(holder, node, permission)).toBe(expected);
  });
});

describe('canManageRole', () => {
  const cases: Array<[keyof typeof HOLDERS, NodeName, Role, boolean]> = [
    ['cadre', 'dsGrid1', 'grid_worker', true],
    ['cadre', 'dongshan', 'resident', true],
    ['cadre', 'dongshan', 'village_cadre', false],
    ['cadre', 'dongshan', 'town_admin', false],
    ['cadre', 'xhGrid1', 'grid_worker', false],
    ['gridWorker', 'dsGrid1', 'resident', true],
    ['gridWorker', 'dsGrid1', 'grid_worker', false],
    ['gridWorker', 'dsGrid2', 'resident', false],
    ['teacher', 'class71', 'student', true],
    ['teacher', 'class71', 'parent', true],
    ['teacher', 'class72', 'student', false],
    ['teacher', 'class71', 'teacher', false],
    ['schoolAdmin', 'class72', 'teacher', true],
    ['schoolAdmin', 'school', 'school_admin', false],
    ['townAdmin', 'town', 'town_admin', true],
    ['townAdmin', 'school', 'school_admin', true],
    ['townAdmin', 'otherVillage', 'resident', false],
    ['police', 'town', 'resident', false],
    ['resident', 'dongshan', 'resident', false],
    ['unitContact', 'textile', 'resident', true],
  ];

  it.each(cases)('%s at %s managing %s → %s', async (holder, node, role, expected) => {
    expect(await access.canManageRole({ userId: HOLDERS[holder].userId }, nodes[node], role)).toBe(expected);
  });
});

describe('allowedSubtrees', () => {
  it('gives the roots where the permission holds', async () => {
    expect(await access.allowedSubtrees({ userId: HOLDERS.cadre.userId }, 'members.read')).toEqual([nodes.dongshan.path]);
    expect(await access.allowedSubtrees({ userId: HOLDERS.resident.userId }, 'members.read')).toEqual([]);
    expect(await access.allowedSubtrees({ userId: NOBODY }, 'node.read')).toEqual([]);
    expect(await access.allowedSubtrees({ userId: HOLDERS.police.userId }, 'audit.read')).toEqual([]);
  });

  it('drops roots nested inside another root', () => {
    const scope = new AccessScope(1, [
      { membershipId: 1, role: 'village_cadre', nodeId: 3, path: '/1/2/3/' },
      { membershipId: 2, role: 'grid_worker', nodeId: 4, path: '/1/2/3/4/' },
      { membershipId: 3, role: 'unit_contact', nodeId: 30, path: '/1/2/30/' },
      { membershipId: 4, role: 'resident', nodeId: 5, path: '/1/2/5/' },
    ]);
    expect(scope.subtrees('members.read')).toEqual(['/1/2/3/', '/1/2/30/']);
    expect(scope.subtrees('node.read')).toEqual(['/1/2/3/', '/1/2/30/', '/1/2/5/']);
  });

  it('does not confuse /1/2/3/ with its sibling /1/2/30/', () => {
    const scope = new AccessScope(1, [{ membershipId: 1, role: 'village_cadre', nodeId: 3, path: '/1/2/3/' }]);
    expect(scope.can('/1/2/30/', 'node.read')).toBe(false);
    expect(scope.can('/1/2/3/40/', 'members.read')).toBe(true);
  });

  it('scopes a list query to the subtrees, and to nothing when there are none', async () => {
    const count = async (paths: string[]) => {
      const w = subtreeWhere('n.path', paths);
      return ds.getRepository(OrgNode).createQueryBuilder('n').where(w.sql, w.params).getCount();
    };
    expect(await count([nodes.dongshan.path])).toBe(3);
    expect(await count([nodes.dongshan.path, nodes.grade7.path])).toBe(6);
    expect(await count([nodes.town.path])).toBe(11);
    expect(await count([])).toBe(0);
  });
});
