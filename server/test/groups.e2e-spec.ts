import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { WechatGroup } from '../src/modules/groups/wechat-group.entity';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

// WeChat groups: binding from encrypted group info (decrypted with the caller's own session key),
// one opengid once, listing by scope, rename, move (town admin only), removal.

jest.setTimeout(120_000);

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const tokens: Record<string, string> = {};

const as = (who: string) => {
  const auth = t.bearer(tokens[who]);
  return {
    get: (url: string, query: object = {}) => t.http.get(url).query(query).set(auth),
    post: (url: string, body: object = {}) => t.http.post(url).set(auth).send(body),
    patch: (url: string, body: object) => t.http.patch(url).set(auth).send(body),
    del: (url: string) => t.http.delete(url).set(auth),
  };
};
const info = (who: string, opengid: string) => t.fake.encryptForUser(who, { opengid });
const bindBody = (who: string, nodeId: number, opengid: string, name = '东山村村民群') => ({ nodeId, name, group: info(who, opengid) });
const groupCount = () => t.dataSource.getRepository(WechatGroup).count();

beforeAll(async () => {
  t = await createTestApp();
  ids = await demoNodeIds(t);
  for (const role of ['town_admin', 'town_admin2', 'police_liaison', 'village_cadre', 'grid_worker', 'resident', 'teacher']) {
    tokens[`demo-${role}`] = (await t.login(`demo-${role}`)).accessToken;
  }
});

afterAll(async () => {
  await t?.close();
});

describe('groups.bind', () => {
  it('binds the group the cadre opened, audit-logged', async () => {
    const res = await as('demo-village_cadre').post('/api/groups', bindBody('demo-village_cadre', ids.dongshan, 'GB-1'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '东山村村民群', node: { id: ids.dongshan, name: '东山村', kind: 'village' }, boundByName: '陈*霞' });
    expect(typeof res.body.boundAt).toBe('string');
    const row = await t.dataSource.getRepository(WechatGroup).findOneByOrFail({ id: res.body.id });
    expect(row).toMatchObject({ opengid: 'GB-1', nodeId: ids.dongshan });
    const audit = await t.dataSource.getRepository(AuditLog).findOneByOrFail({ action: 'group.bind', targetId: String(res.body.id) });
    expect(audit).toMatchObject({ nodeId: ids.dongshan, detail: { name: '东山村村民群' } });
  });

  it('binding again at the same node is idempotent and may rename; at another node is 409', async () => {
    const first = await as('demo-village_cadre').post('/api/groups', bindBody('demo-village_cadre', ids.dongshan, 'GB-2', '一组'));
    const again = await as('demo-village_cadre').post('/api/groups', bindBody('demo-village_cadre', ids.dongshan, 'GB-2', '一组'));
    expect([again.status, again.body.id, again.body.name]).toEqual([201, first.body.id, '一组']);
    // a town admin binds the same group at the same node: the same row, renamed
    const renamed = await as('demo-town_admin').post('/api/groups', bindBody('demo-town_admin', ids.dongshan, 'GB-2', '东山村一组'));
    expect([renamed.status, renamed.body.id, renamed.body.name]).toEqual([201, first.body.id, '东山村一组']);
    const before = await groupCount();
    const elsewhere = await as('demo-town_admin').post('/api/groups', bindBody('demo-town_admin', ids.xihe, 'GB-2'));
    expect([elsewhere.status, elsewhere.body.code]).toEqual([409, 'GROUP_ALREADY_BOUND']);
    expect(await groupCount()).toBe(before);
    expect((await t.dataSource.getRepository(WechatGroup).findOneByOrFail({ opengid: 'GB-2' })).nodeId).toBe(ids.dongshan);
  });

  it('concurrent binds of one group make one row', async () => {
    const res = await Promise.all(Array.from({ length: 8 }, () => as('demo-village_cadre').post('/api/groups', bindBody('demo-village_cadre', ids.dsGrid2, 'GB-race', '二组'))));
    expect(res.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(res.map((r) => r.body.id)).size).toBe(1);
    expect(await t.dataSource.getRepository(WechatGroup).countBy({ opengid: 'GB-race' })).toBe(1);
  });

  it('accepts getShareInfo data (openGId)', async () => {
    const res = await as('demo-grid_worker').post('/api/groups', {
      nodeId: ids.dsGrid1,
      name: '一组网格群',
      group: t.fake.encryptForUser('demo-grid_worker', { openGId: 'GB-share' }),
    });
    expect(res.status).toBe(201);
    expect((await t.dataSource.getRepository(WechatGroup).findOneByOrFail({ id: res.body.id })).opengid).toBe('GB-share');
  });

  it('forged, foreign or stale group info is refused and nothing is written', async () => {
    const before = await groupCount();
    const good = info('demo-village_cadre', 'GB-bad');
    const tampered = Buffer.from(good.encryptedData, 'base64');
    tampered[0] ^= 1;
    const cases: Array<[string, object, number, string]> = [
      ['tampered', { ...good, encryptedData: tampered.toString('base64') }, 400, 'WECHAT_DECRYPT_FAILED'],
      // encrypted with the grid worker's session key: decrypting with the caller's own key fails
      ["someone else's", info('demo-grid_worker', 'GB-bad'), 400, 'WECHAT_DECRYPT_FAILED'],
      ['not group info', t.fake.encryptForUser('demo-village_cadre', { phoneNumber: '13800000000' }), 400, 'WECHAT_DECRYPT_FAILED'],
    ];
    for (const [label, group, status, code] of cases) {
      const res = await as('demo-village_cadre').post('/api/groups', { nodeId: ids.dongshan, name: '群', group });
      expect([label, res.status, res.body.code]).toEqual([label, status, code]);
    }
    t.clock.advance(2 * 60 * 60 * 1000);
    try {
      const fresh = (await t.login('demo-village_cadre')).accessToken;
      const res = await t.http.post('/api/groups').set(t.bearer(fresh)).send({ nodeId: ids.dongshan, name: '群', group: good });
      expect([res.status, res.body.code]).toEqual([400, 'GROUP_INFO_STALE']);
    } finally {
      t.clock.set(null);
    }
    expect(await groupCount()).toBe(before);
    expect(await t.dataSource.getRepository(AuditLog).countBy({ action: 'group.bind', nodeId: ids.dongshan })).toBe(2);
  });

  it('needs groups.manage at the node: out of scope 404, no permission 403', async () => {
    const out = await as('demo-village_cadre').post('/api/groups', bindBody('demo-village_cadre', ids.xihe, 'GB-x'));
    expect([out.status, out.body.code]).toEqual([404, 'NOT_FOUND']);
    const police = await as('demo-police_liaison').post('/api/groups', bindBody('demo-police_liaison', ids.town, 'GB-x'));
    expect([police.status, police.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('groups.list, update, remove', () => {
  const byOpengid = async (opengid: string) => (await t.dataSource.getRepository(WechatGroup).findOneByOrFail({ opengid })).id;

  beforeAll(async () => {
    expect((await as('demo-town_admin').post('/api/groups', bindBody('demo-town_admin', ids.xhGrid1, 'GL-xh1', '西河村一组'))).status).toBe(201);
    expect((await as('demo-town_admin').post('/api/groups', bindBody('demo-town_admin', ids.town, 'GL-town', '镇工作群'))).status).toBe(201);
  });

  it('lists the groups of a subtree to those who manage them or read its dashboards', async () => {
    const names = (res: { body: { items: Array<{ name: string }> } }) => res.body.items.map((g) => g.name).sort();
    const village = await as('demo-village_cadre').get('/api/groups', { nodeId: ids.dongshan });
    expect(village.status).toBe(200);
    expect(names(village)).toEqual(['一组网格群', '东山村一组', '东山村村民群', '二组'].sort());
    const grid = await as('demo-grid_worker').get('/api/groups', { nodeId: ids.dsGrid1 });
    expect(names(grid)).toEqual(['一组网格群']);
    const town = await as('demo-police_liaison').get('/api/groups', { nodeId: ids.town });
    expect(town.body.items).toHaveLength(6);
    expect((await as('demo-village_cadre').get('/api/groups', { nodeId: ids.xihe })).status).toBe(404);
    expect((await as('demo-grid_worker').get('/api/groups', { nodeId: ids.dongshan })).status).toBe(404);
    expect((await as('demo-resident').get('/api/groups', { nodeId: ids.dsGrid1 })).status).toBe(404);
  });

  it('renames with groups.manage at the group node', async () => {
    const id = await byOpengid('GB-share');
    const ok = await as('demo-grid_worker').patch(`/api/groups/${id}`, { name: '第一网格群' });
    expect([ok.status, ok.body.name, ok.body.node.id]).toEqual([200, '第一网格群', ids.dsGrid1]);
    expect((await as('demo-village_cadre').patch(`/api/groups/${await byOpengid('GL-xh1')}`, { name: 'x' })).status).toBe(404);
    const police = await as('demo-police_liaison').patch(`/api/groups/${id}`, { name: 'x' });
    expect([police.status, police.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await as('demo-resident').patch(`/api/groups/${id}`, { name: 'x' })).status).toBe(404);
    expect((await as('demo-village_cadre').patch('/api/groups/999999', { name: 'x' })).status).toBe(404);
  });

  it('moves a group to another node only as a town admin', async () => {
    const id = await byOpengid('GB-share');
    const cadre = await as('demo-village_cadre').patch(`/api/groups/${id}`, { nodeId: ids.dsGrid2 });
    expect([cadre.status, cadre.body.code]).toEqual([403, 'FORBIDDEN']);
    const grid = await as('demo-grid_worker').patch(`/api/groups/${id}`, { nodeId: ids.dsGrid2 });
    expect([grid.status, grid.body.code]).toEqual([403, 'FORBIDDEN']);
    // to a node outside the admin's town
    const away = await as('demo-town_admin').patch(`/api/groups/${id}`, { nodeId: ids.county });
    expect([away.status, away.body.code]).toEqual([404, 'NOT_FOUND']);
    const moved = await as('demo-town_admin').patch(`/api/groups/${id}`, { nodeId: ids.xhGrid2, name: '西河村二组' });
    expect([moved.status, moved.body.node.id, moved.body.name]).toEqual([200, ids.xhGrid2, '西河村二组']);
    const row = await t.dataSource.getRepository(WechatGroup).findOneByOrFail({ id });
    expect(row.nodePath.endsWith(`/${ids.xhGrid2}/`)).toBe(true);
    const audit = await t.dataSource.getRepository(AuditLog).findOneByOrFail({ action: 'group.move', targetId: String(id) });
    expect(audit.detail).toMatchObject({ fromNodeId: ids.dsGrid1, toNodeId: ids.xhGrid2 });
    // now out of the grid worker's sight
    expect((await as('demo-grid_worker').patch(`/api/groups/${id}`, { name: 'x' })).status).toBe(404);
    // binding it again at the old node is a conflict
    const rebind = await as('demo-grid_worker').post('/api/groups', { nodeId: ids.dsGrid1, name: 'x', group: t.fake.encryptForUser('demo-grid_worker', { opengid: 'GB-share' }) });
    expect([rebind.status, rebind.body.code]).toEqual([409, 'GROUP_ALREADY_BOUND']);
  });

  it('removes with groups.manage; the opengid may then be bound again', async () => {
    const id = await byOpengid('GB-1');
    expect((await as('demo-grid_worker').del(`/api/groups/${id}`)).status).toBe(404);
    expect((await as('demo-police_liaison').del(`/api/groups/${id}`)).status).toBe(403);
    const res = await as('demo-village_cadre').del(`/api/groups/${id}`);
    expect([res.status, res.body]).toEqual([200, { ok: true }]);
    expect(await t.dataSource.getRepository(WechatGroup).countBy({ id })).toBe(0);
    expect(await t.dataSource.getRepository(AuditLog).countBy({ action: 'group.remove', targetId: String(id) })).toBe(1);
    expect((await as('demo-village_cadre').del(`/api/groups/${id}`)).status).toBe(404);
    const again = await as('demo-town_admin').post('/api/groups', bindBody('demo-town_admin', ids.xihe, 'GB-1', '西河村村民群'));
    expect([again.status, again.body.node.id]).toEqual([201, ids.xihe]);
  });
});
