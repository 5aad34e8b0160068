import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bulletin } from '../src/modules/bulletins/bulletin.entity';
import { Feedback } from '../src/modules/feedback/feedback.entity';
import { OutboxMessage } from '../src/modules/outbox/outbox-message.entity';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

// 基层反馈: sent up from a node; visible to the author and to feedback readers ABOVE the node (the
// level above, the town), never to peers or to those below; replies bump the thread and notify.

jest.setTimeout(120_000);

const TEMPLATE = 'tmpl-feedback';
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
let storageDir: string;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const tokens: Record<string, string> = {};
const openids: Record<string, string> = {};
// thread ids
const F: Record<string, number> = {};

const as = (who: string) => {
  const auth = t.bearer(tokens[who]);
  return {
    get: (url: string, query: object = {}) => t.http.get(url).query(query).set(auth),
    post: (url: string, body: object = {}) => t.http.post(url).set(auth).send(body),
  };
};

async function login(who: string, openid: string): Promise<void> {
  openids[who] = openid;
  tokens[who] = (await t.login(openid)).accessToken;
}

// A new person holding `role` at the node, through an invite by someone who may issue it.
async function invited(who: string, inviter: string, nodeId: number, role: string): Promise<void> {
  const invite = await as(inviter).post('/api/invites', { nodeId, role });
  expect(invite.status).toBe(201);
  await login(who, `e2e-fb-${who}`);
  expect((await as(who).post(`/api/invites/code/${invite.body.code}/accept`)).status).toBe(200);
}

async function upload(who: string, purpose = 'feedback'): Promise<number> {
  const res = await t.http.post(`/api/files?purpose=${purpose}`).set(t.bearer(tokens[who])).attach('file', PNG_1PX, { filename: 'a.png', contentType: 'image/png' });
  expect(res.status).toBe(201);
  return res.body.id;
}

// A bulletin of the demo town through the bulletins API: published, or only submitted.
async function bulletin(stage: 'submitted' | 'published'): Promise<number> {
  const created = await as('admin').post('/api/bulletins', {
    townId: ids.town,
    title: '警惕冒充客服退款',
    body: [{ type: 'paragraph', runs: [{ text: '退款要走官方渠道' }] }],
    category: 'warning',
    scope: { kind: 'town' },
  });
  expect(created.status).toBe(201);
  const id: number = created.body.id;
  expect((await as('admin').post(`/api/bulletins/${id}/submit`)).status).toBe(200);
  if (stage === 'submitted') return id;
  expect((await as('admin2').post(`/api/bulletins/${id}/review`, { decision: 'approve' })).status).toBe(200);
  expect((await as('admin2').post(`/api/bulletins/${id}/publish`)).body.status).toBe('published');
  return id;
}

// A published bulletin of a town the demo villages are not in (there is no second demo town: the
// row is written directly).
async function foreignBulletin(): Promise<number> {
  const now = new Date();
  const repo = t.dataSource.getRepository(Bulletin);
  const row = repo.create({
    townId: 999998, townPath: '/999998/', authorId: 1, title: '外镇信息', summary: '外镇信息',
    body: [{ type: 'paragraph', runs: [{ text: '外镇信息' }] }], category: 'warning', fraudTypes: [], urgency: 'normal',
    scopeKind: 'town', status: 'published', forwardDeadline: null, publishAt: null, reviewerId: null, returnReason: null,
    contentCheck: null, createdAt: now, updatedAt: now, submittedAt: now, reviewedAt: now, publishedAt: now,
  });
  await repo.save(row);
  return row.id;
}

const messagesTo = async (who: string, afterId = 0) =>
  (await t.dataSource.getRepository(OutboxMessage).find({ where: { topic: 'wechat.subscribe' }, order: { id: 'ASC' } })).filter(
    (m) => m.id > afterId && (m.payload as { touser: string; templateId: string }).touser === openids[who],
  );
const lastOutboxId = async () => (await t.dataSource.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 1 }))[0]?.id ?? 0;

beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'wuzha-fb-'));
  t = await createTestApp({ env: { STORAGE_DIR: storageDir, WECHAT_TMPL_FEEDBACK: TEMPLATE } });
  ids = await demoNodeIds(t);
  for (const [who, openid] of Object.entries({
    grid: 'demo-grid_worker', // 东山村第一网格
    cadre: 'demo-village_cadre', // 东山村
    admin: 'demo-town_admin',
    admin2: 'demo-town_admin2',
    police: 'demo-police_liaison',
    resident: 'demo-resident',
  })) {
    await login(who, openid);
  }
  await as('resident').post('/api/memberships/join', { nodeId: ids.dsGrid1 });
  await invited('cadre2', 'admin', ids.dongshan, 'village_cadre'); // a peer of cadre at 东山村
  await invited('xiheCadre', 'admin', ids.xihe, 'village_cadre'); // a peer village
  await invited('grid2', 'cadre', ids.dsGrid1, 'grid_worker'); // a peer of grid at the same grid
});

afterAll(async () => {
  await t?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

describe('feedback.create', () => {
  it('a grid worker sends feedback on a bulletin with photos; those above are notified', async () => {
    const photo = await upload('grid');
    const b = await bulletin('published');
    const before = await lastOutboxId();
    const res = await as('grid').post('/api/feedback', { nodeId: ids.dsGrid1, bulletinId: b, kind: 'new_scam', body: '  有村民接到冒充客服电话  ', photoFileIds: [photo, photo] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      node: { id: ids.dsGrid1, name: '第一网格', kind: 'grid' },
      authorName: '刘*明',
      kind: 'new_scam',
      body: '有村民接到冒充客服电话',
      bulletin: { id: b, title: '警惕冒充客服退款' },
      replies: [],
    });
    expect(res.body.createdAt).toBe(res.body.lastActivityAt);
    expect(res.body.photos).toHaveLength(1);
    expect(res.body.photos[0].id).toBe(photo);
    const image = await t.http.get(res.body.photos[0].url);
    expect([image.status, image.headers['content-type']]).toEqual([200, 'image/png']);
    F.grid = res.body.id;
    // the level above (both 东山村 cadres) and the town admins; not the police liaison, not the author
    for (const who of ['cadre', 'cadre2', 'admin', 'admin2']) {
      const msgs = await messagesTo(who, before);
      expect([who, msgs.length]).toEqual([who, 1]);
      expect(msgs[0].payload).toMatchObject({ templateId: TEMPLATE, page: `pages/feedback-thread/index?id=${F.grid}`, data: { thing1: { value: '第一网格' }, phrase2: { value: '新骗局' } } });
    }
    for (const who of ['police', 'grid', 'xiheCadre', 'grid2']) expect([who, (await messagesTo(who, before)).length]).toEqual([who, 0]);
  });

  it('a village cadre sends feedback to the town; another village sends its own', async () => {
    const before = await lastOutboxId();
    const res = await as('cadre').post('/api/feedback', { nodeId: ids.dongshan, kind: 'situation', body: '本周入户宣传120户' });
    expect([res.status, res.body.bulletin, res.body.photos]).toEqual([201, null, []]);
    F.cadre = res.body.id;
    expect((await messagesTo('admin', before)).length).toBe(1);
    expect((await messagesTo('admin2', before)).length).toBe(1);
    expect((await messagesTo('cadre2', before)).length).toBe(0);
    const xihe = await as('xiheCadre').post('/api/feedback', { nodeId: ids.xihe, kind: 'concern', body: '村民关心养老金诈骗' });
    expect(xihe.status).toBe(201);
    F.xihe = xihe.body.id;
  });

  it('refuses nodes without feedback.write, bad bulletins and photos that are not the caller’s', async () => {
    const before = await t.dataSource.getRepository(Feedback).count();
    const body = { kind: 'other', body: '内容' };
    const expectRefused = async (who: string, extra: object, status: number, code: string) => {
      const res = await as(who).post('/api/feedback', { ...body, ...extra });
      expect([who, JSON.stringify(extra), res.status, res.body.code]).toEqual([who, JSON.stringify(extra), status, code]);
    };
    await expectRefused('cadre', { nodeId: ids.xihe }, 404, 'NOT_FOUND');
    await expectRefused('admin', { nodeId: ids.town }, 403, 'FORBIDDEN');
    await expectRefused('resident', { nodeId: ids.dsGrid1 }, 403, 'FORBIDDEN');
    await expectRefused('grid', { nodeId: ids.dsGrid1, bulletinId: await bulletin('submitted') }, 404, 'NOT_FOUND');
    await expectRefused('grid', { nodeId: ids.dsGrid1, bulletinId: 999999 }, 404, 'NOT_FOUND');
    await expectRefused('grid', { nodeId: ids.dsGrid1, bulletinId: await foreignBulletin() }, 404, 'NOT_FOUND');
    await expectRefused('grid', { nodeId: ids.dsGrid1, photoFileIds: [await upload('cadre')] }, 404, 'FILE_NOT_FOUND');
    await expectRefused('grid', { nodeId: ids.dsGrid1, photoFileIds: [await upload('grid', 'bulletin')] }, 404, 'FILE_NOT_FOUND');
    await expectRefused('grid', { nodeId: ids.dsGrid1, photoFileIds: [999999] }, 404, 'FILE_NOT_FOUND');
    expect(await t.dataSource.getRepository(Feedback).count()).toBe(before);
  });
});

describe('who sees a thread', () => {
  // thread → who sees it (everyone else gets 404)
  const visibility: Record<string, string[]> = {
    grid: ['grid', 'cadre', 'cadre2', 'admin', 'admin2', 'police'],
    cadre: ['cadre', 'admin', 'admin2', 'police'],
    xihe: ['xiheCadre', 'admin', 'admin2', 'police'],
  };
  const everyone = ['grid', 'grid2', 'cadre', 'cadre2', 'xiheCadre', 'admin', 'admin2', 'police', 'resident'];

  it('feedback.get: the author and readers above; a peer (same node or another village) and those below get 404', async () => {
    const failures: string[] = [];
    for (const [thread, seers] of Object.entries(visibility)) {
      for (const who of everyone) {
        const res = await as(who).get(`/api/feedback/${F[thread]}`);
        const expected = seers.includes(who) ? 200 : 404;
        if (res.status !== expected) failures.push(`${who} → ${thread}: ${res.status}, expected ${expected}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await as('admin').get('/api/feedback/999999')).status).toBe(404);
  });

  it('feedback.list: the same threads, newest activity first, filtered by node', async () => {
    const failures: string[] = [];
    for (const who of everyone) {
      const res = await as(who).get('/api/feedback');
      expect(res.status).toBe(200);
      const got = res.body.items.map((i: { id: number }) => i.id).sort();
      const expected = Object.entries(visibility)
        .filter(([, seers]) => seers.includes(who))
        .map(([thread]) => F[thread])
        .sort();
      if (JSON.stringify(got) !== JSON.stringify(expected)) failures.push(`${who}: ${got} expected ${expected}`);
    }
    expect(failures).toEqual([]);
    const dongshan = await as('admin').get('/api/feedback', { nodeId: ids.dongshan });
    expect(dongshan.body.items.map((i: { id: number }) => i.id).sort()).toEqual([F.grid, F.cadre].sort());
    expect((await as('admin').get('/api/feedback', { nodeId: ids.dsGrid1 })).body.items.map((i: { id: number }) => i.id)).toEqual([F.grid]);
    expect((await as('cadre').get('/api/feedback', { nodeId: ids.xihe })).status).toBe(404);
    const item = (await as('admin').get('/api/feedback', { nodeId: ids.dsGrid1 })).body.items[0];
    expect(item).toMatchObject({ replyCount: 0, bulletin: { title: '警惕冒充客服退款' }, photos: [expect.objectContaining({ url: expect.any(String) })] });
    expect(item.replies).toBeUndefined();
  });
});

describe('feedback.reply', () => {
  it('the town answers; the thread moves to the top; the author is notified', async () => {
    t.clock.advance(5 * 60 * 1000);
    try {
      const before = await lastOutboxId();
      const res = await as('admin').post(`/api/feedback/${F.grid}/replies`, { body: '已收到，请在群里提醒村民' });
      expect(res.status).toBe(201);
      expect(res.body.replies).toEqual([
        expect.objectContaining({ authorName: '王*国', authorNode: { id: ids.town, name: '和平镇', kind: 'town' }, body: '已收到，请在群里提醒村民' }),
      ]);
      expect(Date.parse(res.body.lastActivityAt)).toBeGreaterThan(Date.parse(res.body.createdAt));
      const toAuthor = await messagesTo('grid', before);
      expect(toAuthor).toHaveLength(1);
      expect(toAuthor[0].payload).toMatchObject({ data: { thing1: { value: '和平镇' }, phrase2: { value: '新回复' } } });
      expect((await messagesTo('cadre', before)).length).toBe(0);
      const list = await as('admin').get('/api/feedback');
      expect(list.body.items[0]).toMatchObject({ id: F.grid, replyCount: 1 });

      // the author answers back: the level above and the town hear of it
      t.clock.advance(60 * 1000);
      const back = await lastOutboxId();
      const answer = await as('grid').post(`/api/feedback/${F.grid}/replies`, { body: '好的' });
      expect(answer.status).toBe(201);
      expect(answer.body.replies.map((r: { authorNode: { id: number } }) => r.authorNode.id)).toEqual([ids.town, ids.dsGrid1]);
      for (const who of ['cadre', 'cadre2', 'admin', 'admin2']) expect([who, (await messagesTo(who, back)).length]).toEqual([who, 1]);
      expect((await messagesTo('grid', back)).length).toBe(0);

      // the village cadre answers through 东山村
      const cadre = await as('cadre').post(`/api/feedback/${F.grid}/replies`, { body: '村里已安排广播' });
      expect(cadre.body.replies.at(-1).authorNode).toEqual({ id: ids.dongshan, name: '东山村', kind: 'village' });
      expect((await as('grid').get(`/api/feedback/${F.grid}`)).body.replies).toHaveLength(3);
    } finally {
      t.clock.set(null);
    }
  });

  it('those who cannot see the thread cannot answer it (404), and nothing is written', async () => {
    // a peer at the same village, the grid below, another village, a resident
    for (const who of ['cadre2', 'grid', 'xiheCadre', 'resident']) {
      const res = await as(who).post(`/api/feedback/${F.cadre}/replies`, { body: '插话' });
      expect([who, res.status, res.body.code]).toEqual([who, 404, 'NOT_FOUND']);
    }
    expect((await as('admin').get(`/api/feedback/${F.cadre}`)).body.replies).toHaveLength(0);
  });

  it('pages through threads by last activity with a keyset cursor', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      expect((await as('grid').post('/api/feedback', { nodeId: ids.dsGrid1, kind: 'other', body: `第${i}条` })).status).toBe(201);
    }
    t.clock.set(null);
    const seen: number[] = [];
    const stamps: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await as('admin').get('/api/feedback', cursor ? { limit: 2, cursor } : { limit: 2 });
      expect(res.status).toBe(200);
      for (const item of res.body.items) {
        seen.push(item.id);
        stamps.push(item.lastActivityAt);
      }
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    const bad = await as('admin').get('/api/feedback', { cursor: 'not-a-cursor' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
