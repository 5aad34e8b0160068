import { createCipheriv, randomBytes } from 'node:crypto';
import { DataCipher } from '../src/common/data-cipher';
import { BulletinOpen } from '../src/modules/reach/bulletin-open.entity';
import { reachByGroup } from '../src/modules/reach/reach.queries';
import { User } from '../src/modules/users/user.entity';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TEST_APPID, TestApp } from './utils/test-app';

// Reach: opens and 已阅 of published bulletins, counted per WeChat group bound inside the scope.

jest.setTimeout(180_000);

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const tokens: Record<string, string> = {};
// WeChat group ids → bound group ids
const groups: Record<string, number> = {};

async function login(openid: string): Promise<string> {
  tokens[openid] = (await t.login(openid)).accessToken;
  return openid;
}

const post = (who: string, url: string, body: object = {}) => t.http.post(url).set(t.bearer(tokens[who])).send(body);
const groupInfo = (who: string, opengid: string) => t.fake.encryptForUser(who, { opengid });
const open = (who: string, bulletinId: number, opengid?: string) =>
  post(who, `/api/bulletins/${bulletinId}/open`, opengid ? { group: groupInfo(who, opengid) } : {});
const confirm = (who: string, bulletinId: number, opengid?: string) =>
  post(who, `/api/bulletins/${bulletinId}/confirm`, opengid ? { group: groupInfo(who, opengid) } : {});

type Stage = 'draft' | 'submitted' | 'returned' | 'approved' | 'scheduled' | 'published';

// A bulletin of the demo town taken through the bulletins API up to `stage`: drafted by one town
// admin, approved (or returned) and published by the other.
async function bulletin(scope: 'town' | number[], stage: Stage = 'published'): Promise<number> {
  const admin = t.bearer(tokens['demo-town_admin']);
  const reviewer = t.bearer(tokens['demo-town_admin2']);
  const created = await t.http
    .post('/api/bulletins')
    .set(admin)
    .send({
      townId: ids.town,
      title: '警惕刷单返利诈骗',
      body: [{ type: 'paragraph', runs: [{ text: '刷单就是诈骗' }] }],
      category: 'warning',
      fraudTypes: ['order_brushing'],
      scope: scope === 'town' ? { kind: 'town' } : { kind: 'nodes', nodeIds: scope },
      ...(stage === 'scheduled' ? { publishAt: new Date(Date.now() + 86400_000).toISOString() } : {}),
    });
  expect(created.status).toBe(201);
  const id: number = created.body.id;
  const step = async (res: Promise<{ status: number; body: { status?: string } }> | { status: number; body: { status?: string } }, status: string) => {
    const r = await res;
    expect([r.status, r.body.status]).toEqual([200, status]);
  };
  if (stage === 'draft') return id;
  await step(t.http.post(`/api/bulletins/${id}/submit`).set(admin), 'submitted');
  if (stage === 'submitted') return id;
  if (stage === 'returned') {
    await step(t.http.post(`/api/bulletins/${id}/review`).set(reviewer).send({ decision: 'return', reason: '请核实数字' }), 'returned');
    return id;
  }
  await step(t.http.post(`/api/bulletins/${id}/review`).set(reviewer).send({ decision: 'approve' }), 'approved');
  if (stage === 'approved') return id;
  await step(t.http.post(`/api/bulletins/${id}/publish`).set(reviewer), stage);
  return id;
}

async function bind(who: string, nodeId: number, opengid: string, name: string): Promise<number> {
  const res = await post(who, '/api/groups', { nodeId, name, group: groupInfo(who, opengid) });
  expect(res.status).toBe(201);
  groups[opengid] = res.body.id;
  return res.body.id;
}

async function opens(bulletinId: number) {
  return t.dataSource.getRepository(BulletinOpen).find({ where: { bulletinId }, order: { id: 'ASC' } });
}

beforeAll(async () => {
  t = await createTestApp();
  ids = await demoNodeIds(t);
  for (const who of ['demo-town_admin', 'demo-town_admin2', 'demo-village_cadre', 'demo-grid_worker']) await login(who);
  // the town's cadre group, 东山村's group, two of its grids, and a group of 西河村
  await bind('demo-town_admin', ids.town, 'G-town', '和平镇反诈工作群');
  await bind('demo-village_cadre', ids.dongshan, 'G-ds', '东山村村民群');
  await bind('demo-grid_worker', ids.dsGrid1, 'G-ds1', '东山村一组');
  await bind('demo-village_cadre', ids.dsGrid2, 'G-ds2', '东山村二组');
  await bind('demo-town_admin', ids.xhGrid1, 'G-xh1', '西河村一组');
});

afterAll(async () => {
  await t?.close();
});

describe('bulletins.open', () => {
  it('an open from a group bound in scope counts there; outside scope or unbound is recorded under group 0', async () => {
    const b = await bulletin([ids.dongshan]);
    const reader = await login('reach-reader-1');
    const inScope = await open(reader, b, 'G-ds1');
    expect(inScope.status).toBe(200);
    expect(inScope.body).toEqual({ groupCounted: true, groupName: '东山村一组', confirmedAt: null });
    // the town's own group counts for every bulletin of the town
    expect((await open(reader, b, 'G-town')).body).toMatchObject({ groupCounted: true, groupName: '和平镇反诈工作群' });
    // 西河村's group is bound, but outside this bulletin's scope: read, not counted
    expect((await open(reader, b, 'G-xh1')).body).toEqual({ groupCounted: false, groupName: null, confirmedAt: null });
    // a group nobody bound, and an open outside any group
    expect((await open(reader, b, 'G-unbound')).body).toEqual({ groupCounted: false, groupName: null, confirmedAt: null });
    expect((await open(reader, b)).body).toEqual({ groupCounted: false, groupName: null, confirmedAt: null });
    const rows = await opens(b);
    expect(rows.map((r) => r.groupId).sort((x, y) => x - y)).toEqual([0, groups['G-town'], groups['G-ds1']].sort((x, y) => x - y));
  });

  it('a reader from outside the town may read; nothing counts for a group out of scope', async () => {
    const b = await bulletin([ids.xihe]);
    const stranger = await login('reach-stranger');
    const res = await open(stranger, b, 'G-ds');
    expect(res.status).toBe(200);
    expect(res.body.groupCounted).toBe(false);
    expect((await open(stranger, b, 'G-xh1')).body).toMatchObject({ groupCounted: true, groupName: '西河村一组' });
    expect(await reachByGroup(t.dataSource.manager, b)).toEqual([expect.objectContaining({ groupId: groups['G-xh1'], readers: 1, confirmations: 0 })]);
  });

  it('a whole-town bulletin counts the groups of every village', async () => {
    const b = await bulletin('town');
    const reader = await login('reach-reader-town');
    expect((await open(reader, b, 'G-xh1')).body.groupCounted).toBe(true);
    expect((await open(reader, b, 'G-ds2')).body.groupCounted).toBe(true);
  });

  it('the same person opening 1,000 times counts once (50 of them concurrently)', async () => {
    const b = await bulletin([ids.dongshan]);
    const reader = await login('reach-reader-1000');
    const info = groupInfo(reader, 'G-ds');
    const burst = await Promise.all(Array.from({ length: 50 }, () => post(reader, `/api/bulletins/${b}/open`, { group: info })));
    expect(burst.map((r) => r.status)).toEqual(Array(50).fill(200));
    for (let i = 0; i < 950; i++) {
      const res = await post(reader, `/api/bulletins/${b}/open`, { group: info });
      if (res.status !== 200) throw new Error(`open ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const rows = await opens(b);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ groupId: groups['G-ds'], confirmedAt: null });
  });

  it('opens from 4 groups are counted exactly: unique readers and confirmations per group', async () => {
    const b = await bulletin([ids.dongshan]);
    const plan: Record<string, number> = { 'G-town': 2, 'G-ds': 3, 'G-ds1': 4, 'G-ds2': 1 };
    const readers: string[] = [];
    for (let i = 0; i < 5; i++) readers.push(await login(`reach-four-${i}`));
    for (const [gid, n] of Object.entries(plan)) {
      for (let i = 0; i < n; i++) {
        // everyone opens twice: still one reader
        expect((await open(readers[i], b, gid)).body.groupCounted).toBe(true);
        expect((await open(readers[i], b, gid)).status).toBe(200);
      }
    }
    // a reader of 西河村's group and two opens outside groups: not counted for any group
    await open(readers[0], b, 'G-xh1');
    await open(readers[1], b);
    // 已阅: reader 0 in 东山村一组, reader 1 in the town's group (once each, whatever the repeats)
    expect((await confirm(readers[0], b, 'G-ds1')).status).toBe(200);
    expect((await confirm(readers[0], b, 'G-ds1')).status).toBe(200);
    expect((await confirm(readers[1], b, 'G-town')).status).toBe(200);
    const stats = await reachByGroup(t.dataSource.manager, b);
    const byGroup = Object.fromEntries(stats.map((s) => [s.groupId, { readers: s.readers, confirmations: s.confirmations }]));
    expect(byGroup).toEqual({
      [groups['G-town']]: { readers: 2, confirmations: 1 },
      [groups['G-ds']]: { readers: 3, confirmations: 0 },
      [groups['G-ds1']]: { readers: 4, confirmations: 1 },
      [groups['G-ds2']]: { readers: 1, confirmations: 0 },
    });
    expect((await opens(b)).filter((r) => r.groupId === 0)).toHaveLength(2);
  });

  it('unpublished or unknown bulletins answer 404 and record nothing', async () => {
    const reader = await login('reach-reader-404');
    for (const status of ['draft', 'submitted', 'approved', 'scheduled', 'returned'] as const) {
      const b = await bulletin('town', status);
      const res = await open(reader, b, 'G-ds');
      expect([status, res.status, res.body.code]).toEqual([status, 404, 'NOT_FOUND']);
      expect((await confirm(reader, b)).status).toBe(404);
      expect(await opens(b)).toHaveLength(0);
    }
    expect((await open(reader, 999999)).status).toBe(404);
  });

  it('a bulletin published after a first 404 is found (unknown ids are not cached)', async () => {
    const reader = await login('reach-reader-late');
    const b = await bulletin('town', 'approved');
    expect((await open(reader, b)).status).toBe(404);
    const published = await t.http.post(`/api/bulletins/${b}/publish`).set(t.bearer(tokens['demo-town_admin2']));
    expect(published.body.status).toBe('published');
    expect((await open(reader, b)).status).toBe(200);
  });

  it('forged, foreign and stale group info answer 400 and record nothing', async () => {
    const b = await bulletin('town');
    const reader = await login('reach-reader-bad');
    const other = await login('reach-reader-other');
    const good = groupInfo(reader, 'G-ds');
    const flipped = Buffer.from(good.encryptedData, 'base64');
    flipped[flipped.length - 1] ^= 0x55;
    const bad: Array<[string, object, string]> = [
      ['tampered ciphertext', { group: { ...good, encryptedData: flipped.toString('base64') } }, 'WECHAT_DECRYPT_FAILED'],
      ['wrong iv', { group: { ...good, iv: Buffer.alloc(16, 7).toString('base64') } }, 'WECHAT_DECRYPT_FAILED'],
      ["someone else's group info", { group: groupInfo(other, 'G-ds') }, 'WECHAT_DECRYPT_FAILED'],
      ['not base64', { group: { encryptedData: '!'.repeat(32), iv: good.iv } }, 'WECHAT_DECRYPT_FAILED'],
      ['no opengid inside', { group: t.fake.encryptForUser(reader, { foo: 'bar' }) }, 'WECHAT_DECRYPT_FAILED'],
    ];
    for (const [label, body, code] of bad) {
      for (const action of ['open', 'confirm']) {
        const res = await post(reader, `/api/bulletins/${b}/${action}`, body);
        expect([label, action, res.status, res.body.code]).toEqual([label, action, 400, code]);
      }
    }
    // an hour and a bit later, the same (once valid) info is stale
    t.clock.advance(61 * 60 * 1000);
    try {
      // (a fresh token: the old one expired with the clock; the fake keeps the session key)
      await login(reader);
      const res = await post(reader, `/api/bulletins/${b}/open`, { group: good });
      expect([res.status, res.body.code]).toEqual([400, 'GROUP_INFO_STALE']);
    } finally {
      t.clock.set(null);
    }
    expect(await opens(b)).toHaveLength(0);
    // still good now
    expect((await post(reader, `/api/bulletins/${b}/open`, { group: good })).body.groupCounted).toBe(true);
  });

  it('accepts getShareInfo-style data (openGId) as well as getGroupEnterInfo (opengid)', async () => {
    const b = await bulletin('town');
    const reader = await login('reach-reader-share');
    const res = await post(reader, `/api/bulletins/${b}/open`, { group: t.fake.encryptForUser(reader, { openGId: 'G-ds2' }) });
    expect(res.body).toMatchObject({ groupCounted: true, groupName: '东山村二组' });
  });

  it('a reader whose session key changed (a new login) is read with the new key, not a cached one', async () => {
    const b = await bulletin('town');
    const reader = await login('reach-relogin');
    expect((await open(reader, b, 'G-ds')).status).toBe(200);
    // as if WeChat handed out a new session_key at the next login
    const newKey = randomBytes(16);
    const user = await t.dataSource.getRepository(User).findOneByOrFail({ openid: reader });
    await t.dataSource.getRepository(User).update({ id: user.id }, { sessionKeyEnc: t.app.get(DataCipher).encrypt(newKey.toString('base64')) });
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-cbc', newKey, iv);
    const plain = JSON.stringify({ opengid: 'G-ds1', watermark: { appid: TEST_APPID, timestamp: Math.floor(Date.now() / 1000) } });
    const encryptedData = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
    const res = await post(reader, `/api/bulletins/${b}/open`, { group: { encryptedData, iv: iv.toString('base64') } });
    expect([res.status, res.body.groupCounted]).toEqual([200, true]);
    // and the old key no longer works
    expect((await open(reader, b, 'G-ds2')).body.code).toBe('WECHAT_DECRYPT_FAILED');
  });
});

describe('bulletins.confirm (已阅)', () => {
  it('sets confirmedAt once; a second confirm (from anywhere) returns the first time', async () => {
    const b = await bulletin([ids.dongshan]);
    const reader = await login('reach-confirm');
    t.clock.set(new Date('2025-03-01T02:00:00.000Z'));
    try {
      expect((await open(reader, b, 'G-ds')).body.confirmedAt).toBeNull();
      const first = await confirm(reader, b, 'G-ds');
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ groupCounted: true, groupName: '东山村村民群', confirmedAt: '2025-03-01T02:00:00.000Z' });
      t.clock.advance(10 * 60 * 1000);
      expect((await confirm(reader, b, 'G-ds')).body.confirmedAt).toBe('2025-03-01T02:00:00.000Z');
      expect((await confirm(reader, b, 'G-ds1')).body.confirmedAt).toBe('2025-03-01T02:00:00.000Z');
      expect((await confirm(reader, b)).body.confirmedAt).toBe('2025-03-01T02:00:00.000Z');
      // a repeat open tells the reader they already confirmed, and so does the bulletin itself
      expect((await open(reader, b, 'G-ds')).body.confirmedAt).toBe('2025-03-01T02:00:00.000Z');
      const view = await t.http.get(`/api/bulletins/${b}`).set(t.bearer(tokens[reader]));
      expect([view.status, view.body.myConfirmedAt]).toEqual([200, '2025-03-01T02:00:00.000Z']);
    } finally {
      t.clock.set(null);
    }
    const rows = await opens(b);
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0].confirmedAt!).toISOString()).toBe('2025-03-01T02:00:00.000Z');
  });

  it('confirming without a prior open records the open too; concurrent confirms set one time', async () => {
    const b = await bulletin('town');
    const reader = await login('reach-confirm-burst');
    const info = groupInfo(reader, 'G-xh1');
    const burst = await Promise.all(Array.from({ length: 20 }, () => post(reader, `/api/bulletins/${b}/confirm`, { group: info })));
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(burst.map((r) => r.body.confirmedAt)).size).toBe(1);
    const rows = await opens(b);
    expect(rows).toHaveLength(1);
    expect(rows[0].groupId).toBe(groups['G-xh1']);
    expect(rows[0].confirmedAt).not.toBeNull();
  });
});
