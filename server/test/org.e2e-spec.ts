import { OrgNode } from '../src/modules/org/org-node.entity';
import { SeedService } from '../src/seed/seed.service';
import { DataCipher } from '../src/common/data-cipher';
import { DEMO_USERS } from '../src/seed/demo-data';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

// Org tree, directory, member lists and self-join, on the seeded demo organisation.

let t: TestApp;
const tokens: Record<string, string> = {};

const as = (who: string) => {
  const auth = { Authorization: `Bearer ${tokens[who]}` };
  return {
    get: (url: string) => t.http.get(url).set(auth),
    post: (url: string, body?: object) => t.http.post(url).set(auth).send(body ?? {}),
    patch: (url: string, body: object) => t.http.patch(url).set(auth).send(body),
    del: (url: string) => t.http.delete(url).set(auth),
  };
};

const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  await new SeedService(t.dataSource, t.clock, t.app.get(DataCipher)).seedIfEmpty();
  for (const u of DEMO_USERS) tokens[u.openid.replace(/^demo-/, '')] = (await t.login(u.openid)).accessToken;
  for (const who of ['join1', 'join2', 'outsider']) tokens[who] = (await t.login(`e2e-org-${who}`)).accessToken;
  Object.assign(ids, await demoNodeIds(t));
});

afterAll(async () => {
  await t?.close();
});

describe('seed', () => {
  it('is idempotent', async () => {
    const before = await t.dataSource.getRepository(OrgNode).count();
    expect(before).toBe(1 + 1 + 6 * 4 + 2 * (1 + 3 + 6) + 2);
    expect((await new SeedService(t.dataSource, t.clock, t.app.get(DataCipher)).seedIfEmpty()).seeded).toBe(false);
    expect(await t.dataSource.getRepository(OrgNode).count()).toBe(before);
  });
});

describe('org.directory', () => {
  it('needs a login', async () => {
    await t.http.get('/api/org/directory').expect(401);
  });

  it('walks from the roots down to the grids, listing only administrative kinds', async () => {
    const roots = await as('outsider').get('/api/org/directory').expect(200);
    expect(roots.body).toEqual({ parent: null, items: [{ id: ids.county, name: '示范县', kind: 'county', joinable: false }] });

    const town = await as('outsider').get(`/api/org/directory?parentId=${ids.town}`).expect(200);
    expect(town.body.parent).toEqual({ id: ids.town, name: '和平镇', kind: 'town' });
    expect(town.body.items.map((n: { name: string }) => n.name)).toEqual(['东山村', '西河村', '南岭村', '北湖村', '新城社区', '滨江社区']);
    expect(town.body.items.every((n: { joinable: boolean }) => n.joinable)).toBe(true);

    const village = await as('outsider').get(`/api/org/directory?parentId=${ids.dongshan}`).expect(200);
    expect(village.body.items.map((n: { name: string; kind: string }) => [n.name, n.kind])).toEqual([
      ['第一网格', 'grid'],
      ['第二网格', 'grid'],
      ['第三网格', 'grid'],
    ]);
  });

  it('does not open schools or missing nodes', async () => {
    await as('outsider').get(`/api/org/directory?parentId=${ids.school}`).expect(404);
    await as('outsider').get('/api/org/directory?parentId=99999999').expect(404);
    await as('outsider').get('/api/org/directory?parentId=abc').expect(400);
  });
});

describe('org.node and org.children', () => {
  it('shows a town admin the town with ancestors and child count', async () => {
    const res = await as('town_admin').get(`/api/org/nodes/${ids.town}`).expect(200);
    expect(res.body).toEqual({
      id: ids.town,
      parentId: ids.county,
      kind: 'town',
      name: '和平镇',
      ancestors: [{ id: ids.county, name: '示范县', kind: 'county' }],
      childCount: 10,
    });
    const kids = await as('town_admin').get(`/api/org/nodes/${ids.town}/children`).expect(200);
    expect(kids.body.items).toHaveLength(10);
    expect(kids.body.items[0]).toMatchObject({ name: '东山村', childCount: 3, ancestors: [{ name: '示范县' }, { name: '和平镇' }] });
  });

  it('keeps a village cadre inside the village: other nodes answer 404 like missing ones', async () => {
    await as('village_cadre').get(`/api/org/nodes/${ids.dongshan}`).expect(200);
    await as('village_cadre').get(`/api/org/nodes/${ids.dsGrid2}`).expect(200);
    for (const id of [ids.xihe, ids.xhGrid1, ids.town, ids.county, 99999999]) {
      const res = await as('village_cadre').get(`/api/org/nodes/${id}`).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    await as('village_cadre').get(`/api/org/nodes/${ids.xihe}/children`).expect(404);
  });

  it('shows a student their class but nothing else', async () => {
    await as('student').get(`/api/org/nodes/${ids.class71}`).expect(200);
    await as('student').get(`/api/org/nodes/${ids.class72}`).expect(404);
    await as('outsider').get(`/api/org/nodes/${ids.class71}`).expect(404);
  });
});

describe('org.createNode and org.renameNode', () => {
  it('lets a town admin add a village, audit-logged', async () => {
    const res = await as('town_admin').post('/api/org/nodes', { parentId: ids.town, kind: 'village', name: '石桥村' }).expect(201);
    expect(res.body).toMatchObject({ parentId: ids.town, kind: 'village', name: '石桥村', childCount: 0 });
    expect(res.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['示范县', '和平镇']);
    const node = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: res.body.id });
    const town = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.town });
    expect(node.path).toBe(`${town.path}${node.id}/`);
    expect(node.depth).toBe(town.depth + 1);
    const grid = await as('town_admin').post('/api/org/nodes', { parentId: node.id, kind: 'grid', name: '第一网格' }).expect(201);
    expect(grid.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['示范县', '和平镇', '石桥村']);

    const audit = await as('town_admin').get(`/api/audit?nodeId=${ids.town}&action=org.node.create`).expect(200);
    expect(audit.body.items.map((e: { targetId: string }) => e.targetId)).toEqual([String(grid.body.id), String(node.id)]);
    expect(audit.body.items[0]).toMatchObject({ actorName: '王*国', nodeId: grid.body.id, targetType: 'org_node' });
  });

  it('refuses kinds that cannot live under the parent, and duplicate sibling names', async () => {
    expect((await as('town_admin').post('/api/org/nodes', { parentId: ids.town, kind: 'class', name: '一班' }).expect(400)).body.code).toBe('NODE_KIND_NOT_ALLOWED');
    expect((await as('town_admin').post('/api/org/nodes', { parentId: ids.dsGrid1, kind: 'grid', name: '子网格' }).expect(400)).body.code).toBe('NODE_KIND_NOT_ALLOWED');
    expect((await as('town_admin').post('/api/org/nodes', { parentId: ids.town, kind: 'village', name: '东山村' }).expect(409)).body.code).toBe('CONFLICT');
  });

  it('needs nodes.manage: cadre 403 at own village, 404 elsewhere; school admin may add a grade', async () => {
    expect((await as('village_cadre').post('/api/org/nodes', { parentId: ids.dongshan, kind: 'grid', name: '第四网格' }).expect(403)).body.code).toBe('FORBIDDEN');
    await as('village_cadre').post('/api/org/nodes', { parentId: ids.xihe, kind: 'grid', name: '第四网格' }).expect(404);
    await as('school_admin').post('/api/org/nodes', { parentId: ids.school, kind: 'grade', name: '初三补习班' }).expect(201);
    await as('school_admin').post('/api/org/nodes', { parentId: ids.town, kind: 'school', name: '另一所学校' }).expect(404);
  });

  it('renames with nodes.manage, audit-logged', async () => {
    const created = await as('town_admin').post('/api/org/nodes', { parentId: ids.town, kind: 'enterprise', name: '旧名称公司' }).expect(201);
    const res = await as('town_admin').patch(`/api/org/nodes/${created.body.id}`, { name: '新名称公司' }).expect(200);
    expect(res.body.name).toBe('新名称公司');
    const audit = await as('town_admin').get(`/api/audit?nodeId=${created.body.id}`).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'org.node.rename', detail: { from: '旧名称公司', to: '新名称公司' } });
    await as('teacher').patch(`/api/org/nodes/${ids.class71}`, { name: '改名' }).expect(403);
    await as('village_cadre').patch(`/api/org/nodes/${ids.xihe}`, { name: '改名' }).expect(404);
    await as('town_admin').patch(`/api/org/nodes/${ids.dongshan}`, { name: '' }).expect(400);
  });
});

describe('org.members', () => {
  type Member = { membershipId: number; userId: number; displayName: string; role: string; node: { name: string } };

  it('lists a village cadre the members of their own village, masked', async () => {
    const res = await as('village_cadre').get(`/api/org/nodes/${ids.dongshan}/members`).expect(200);
    const items = res.body.items as Member[];
    expect(items.map((m) => [m.displayName, m.role, m.node.name])).toEqual(
      expect.arrayContaining([
        ['陈*霞', 'village_cadre', '东山村'],
        ['刘*明', 'grid_worker', '第一网格'],
      ]),
    );
    expect(items.every((m) => !['王建国', '陈红霞', '刘德明'].includes(m.displayName))).toBe(true);
    expect(items.some((m) => m.role === 'town_admin' || m.role === 'teacher')).toBe(false);
  });

  it("answers 404 for another village's members (no existence leak)", async () => {
    const res = await as('village_cadre').get(`/api/org/nodes/${ids.xihe}/members`).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await as('grid_worker').get(`/api/org/nodes/${ids.dongshan}/members`).expect(404);
    await as('teacher').get(`/api/org/nodes/${ids.class72}/members`).expect(404);
  });

  it('never lists members to residents, students or parents, nor to the police liaison', async () => {
    await as('join1').post('/api/memberships/join', { nodeId: ids.xihe }).expect(200);
    expect((await as('join1').get(`/api/org/nodes/${ids.xihe}/members`).expect(403)).body.code).toBe('FORBIDDEN');
    await as('student').get(`/api/org/nodes/${ids.class71}/members`).expect(403);
    await as('parent').get(`/api/org/nodes/${ids.class71}/members`).expect(403);
    await as('police_liaison').get(`/api/org/nodes/${ids.town}/members`).expect(403);
    await as('outsider').get(`/api/org/nodes/${ids.town}/members`).expect(404);
  });

  it('shows a town admin everyone, paged by an opaque keyset cursor', async () => {
    const all = await as('town_admin').get(`/api/org/nodes/${ids.town}/members?limit=100`).expect(200);
    const everyone = (all.body.items as Member[]).map((m) => m.membershipId);
    expect(everyone.length).toBeGreaterThanOrEqual(10);
    expect(all.body.nextCursor).toBeNull();

    const paged: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/org/nodes/${ids.town}/members?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await as('town_admin').get(url).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      paged.push(...(page.body.items as Member[]).map((m) => m.membershipId));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(paged).toEqual(everyone);
    expect(pages).toBe(Math.ceil(everyone.length / 3));

    const teachers = await as('town_admin').get(`/api/org/nodes/${ids.town}/members?role=teacher`).expect(200);
    expect((teachers.body.items as Member[]).map((m) => m.displayName)).toEqual(['孙*华']);
    await as('town_admin').get(`/api/org/nodes/${ids.town}/members?cursor=not-a-cursor`).expect(400);
    await as('town_admin').get(`/api/org/nodes/${ids.town}/members?role=king`).expect(400);
  });
});

describe('memberships.join', () => {
  const me = async (who: string) => (await as(who).get('/api/me').expect(200)).body.memberships as Array<{ role: string; node: { id: number }; nodePath: string[] }>;

  it('joins a village, refuses the same node twice, and replaces the residence on a second join', async () => {
    const joined = await as('join2').post('/api/memberships/join', { nodeId: ids.dongshan }).expect(200);
    expect(joined.body).toMatchObject({ role: 'resident', node: { id: ids.dongshan, name: '东山村', kind: 'village' }, nodePath: ['示范县', '和平镇'] });

    const again = await as('join2').post('/api/memberships/join', { nodeId: ids.dongshan }).expect(409);
    expect(again.body.code).toBe('ALREADY_MEMBER');

    // choosing a grid under the same village replaces the village membership
    await as('join2').post('/api/memberships/join', { nodeId: ids.dsGrid2 }).expect(200);
    expect((await me('join2')).map((m) => m.node.id)).toEqual([ids.dsGrid2]);

    // moving house
    await as('join2').post('/api/memberships/join', { nodeId: ids.xhGrid1 }).expect(200);
    const now = await me('join2');
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ role: 'resident', node: { id: ids.xhGrid1 }, nodePath: ['示范县', '和平镇', '西河村'] });

    // the new residence is readable, the old one is not any more
    await as('join2').get(`/api/org/nodes/${ids.xhGrid1}`).expect(200);
    await as('join2').get(`/api/org/nodes/${ids.dsGrid2}`).expect(404);

    // the move is logged in both villages
    const ds = await as('town_admin').get(`/api/audit?nodeId=${ids.dongshan}&action=membership.leave`).expect(200);
    expect(ds.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses nodes that need an invite, and missing nodes', async () => {
    expect((await as('outsider').post('/api/memberships/join', { nodeId: ids.school }).expect(400)).body.code).toBe('SELF_JOIN_NOT_ALLOWED');
    expect((await as('outsider').post('/api/memberships/join', { nodeId: ids.town }).expect(400)).body.code).toBe('SELF_JOIN_NOT_ALLOWED');
    await as('outsider').post('/api/memberships/join', { nodeId: 99999999 }).expect(404);
    await as('outsider').post('/api/memberships/join', {}).expect(400);
  });
});

describe('memberships.remove', () => {
  it('lets a person leave; the member disappears from the list', async () => {
    const joined = await as('outsider').post('/api/memberships/join', { nodeId: ids.dsGrid1 }).expect(200);
    const before = await as('grid_worker').get(`/api/org/nodes/${ids.dsGrid1}/members`).expect(200);
    expect(before.body.items.map((m: { membershipId: number }) => m.membershipId)).toContain(joined.body.id);
    await as('outsider').del(`/api/memberships/${joined.body.id}`).expect(200, { ok: true });
    const after = await as('grid_worker').get(`/api/org/nodes/${ids.dsGrid1}/members`).expect(200);
    expect(after.body.items.map((m: { membershipId: number }) => m.membershipId)).not.toContain(joined.body.id);
    expect((await as('outsider').get('/api/me').expect(200)).body.memberships).toEqual([]);
  });

  it('lets a manager remove roles they could invite, and nothing else', async () => {
    const joined = await as('outsider').post('/api/memberships/join', { nodeId: ids.dsGrid1 }).expect(200);
    // a resident cannot even see another's membership
    await as('join1').del(`/api/memberships/${joined.body.id}`).expect(404);
    // the grid worker of another grid cannot see it either
    await as('join1').del(`/api/memberships/99999999`).expect(404);
    // the grid worker of that grid may remove a resident
    await as('grid_worker').del(`/api/memberships/${joined.body.id}`).expect(200);
    const audit = await as('town_admin').get(`/api/audit?nodeId=${ids.dsGrid1}&action=membership.remove`).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorName: '刘*明', targetId: String(joined.body.id), detail: { role: 'resident' } });

    const members = await as('town_admin').get(`/api/org/nodes/${ids.town}/members?limit=100`).expect(200);
    const byRole = (role: string) => members.body.items.find((m: { role: string }) => m.role === role).membershipId as number;
    // the town admin's membership is out of a village cadre's sight; the cadre's is out of a grid worker's
    await as('village_cadre').del(`/api/memberships/${byRole('town_admin')}`).expect(404);
    await as('grid_worker').del(`/api/memberships/${byRole('village_cadre')}`).expect(404);

    // a second cadre of the same village: visible to the first, but only the town may remove them
    const invite = await as('town_admin').post('/api/invites', { nodeId: ids.dongshan, role: 'village_cadre' }).expect(201);
    const colleague = await as('join1').post(`/api/invites/code/${invite.body.code}/accept`).expect(200);
    expect((await as('village_cadre').del(`/api/memberships/${colleague.body.id}`).expect(403)).body.code).toBe('FORBIDDEN');
    await as('town_admin').del(`/api/memberships/${colleague.body.id}`).expect(200);
    await as('town_admin').del(`/api/memberships/${colleague.body.id}`).expect(404);
  });
});
