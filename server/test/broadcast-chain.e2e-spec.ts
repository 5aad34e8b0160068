// The whole three-level chain on one database: a town admin drafts, another approves, it publishes;
// 3 villages forward, their grids forward (one offline, one village's grids lag); residents open it
// from 4 bound groups (and one outside the scope); the dashboard's numbers are exact; overdue and
// reminders follow the controllable clock; subscribe messages reach the fake WeChat server and a
// refusal (43101) is not retried.
import { OutboxMessage, OutboxWorker } from '../src/modules/outbox';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(180_000);

const TEMPLATE = 'tmpl-bulletin-task';
const MIN = 60_000;

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const token: Record<string, string> = {};
// node ids by short name: villages DS (东山村), XH (西河村), NL (南岭村), BH (北湖村), and their grids DS1…NL3
const node: Record<string, number> = {};

function as(who: string) {
  const auth = { Authorization: `Bearer ${token[who]}` };
  return {
    get: (url: string) => t.http.get(url).set(auth),
    post: (url: string, body: object = {}) => t.http.post(url).set(auth).send(body),
  };
}

async function login(openid: string): Promise<string> {
  token[openid] = (await t.login(openid)).accessToken;
  return token[openid];
}

// A new person takes a role at a node through an invite from `inviter`.
async function appoint(inviter: string, openid: string, nodeId: number, role: string): Promise<void> {
  const invite = await as(inviter).post('/api/invites', { nodeId, role }).expect(201);
  await login(openid);
  await as(openid).post(`/api/invites/code/${invite.body.code}/accept`).expect(200);
}

async function bindGroup(cadre: string, nodeId: number, opengid: string, name: string): Promise<void> {
  const group = t.fake.encryptForUser(cadre, { opengid });
  await as(cadre).post('/api/groups', { nodeId, name, group }).expect(201);
}

async function openFrom(reader: string, bulletinId: number, opengid: string | null) {
  const body = opengid ? { group: t.fake.encryptForUser(reader, { opengid }) } : {};
  return as(reader).post(`/api/bulletins/${bulletinId}/open`, body).expect(200);
}

async function drainOutbox(): Promise<void> {
  const worker = t.app.get(OutboxWorker);
  while ((await worker.runOnce()) > 0);
}

beforeAll(async () => {
  // the clock moves hours ahead: keep access tokens valid for the whole story
  t = await createTestApp({ env: { WECHAT_TMPL_BULLETIN_TASK: TEMPLATE, ACCESS_TOKEN_TTL: '86400' } });
  ids = await demoNodeIds(t);
  const town = ['示范县', '和平镇'];
  for (const [key, village] of [['DS', '东山村'], ['XH', '西河村'], ['NL', '南岭村'], ['BH', '北湖村']] as const) {
    node[key] = await t.nodeId(...town, village);
    for (const [i, grid] of ['第一网格', '第二网格', '第三网格'].entries()) node[`${key}${i + 1}`] = await t.nodeId(...town, village, grid);
  }
  for (const who of ['demo-town_admin', 'demo-town_admin2', 'demo-village_cadre', 'demo-grid_worker']) await login(who);
  // cadres of 西河村, 南岭村 and 北湖村, and a grid worker for every grid of the three villages in scope
  await appoint('demo-town_admin', 'cadre-XH', node.XH, 'village_cadre');
  await appoint('demo-town_admin', 'cadre-NL', node.NL, 'village_cadre');
  await appoint('demo-town_admin', 'cadre-BH', node.BH, 'village_cadre');
  token['cadre-DS'] = token['demo-village_cadre'];
  token['grid-DS1'] = token['demo-grid_worker'];
  await appoint('cadre-DS', 'grid-DS2', node.DS2, 'grid_worker');
  await appoint('cadre-DS', 'grid-DS3', node.DS3, 'grid_worker');
  for (const v of ['XH', 'NL']) for (const g of [1, 2, 3]) await appoint(`cadre-${v}`, `grid-${v}${g}`, node[`${v}${g}`], 'grid_worker');

  // groups: the town's cadre group, 东山村's village group and its first grid's group, 西河村's group,
  // and 北湖村's group (outside the bulletin's scope)
  await bindGroup('demo-town_admin', ids.town, 'G-TOWN', '和平镇反诈工作群');
  await bindGroup('demo-village_cadre', node.DS, 'G-DS', '东山村村民群');
  await bindGroup('demo-grid_worker', node.DS1, 'G-DS1', '东山村第一网格群');
  await bindGroup('cadre-XH', node.XH, 'G-XH', '西河村村民群');
  await bindGroup('cadre-BH', node.BH, 'G-BH', '北湖村村民群');
});

afterAll(async () => {
  await t?.close();
});

describe('a bulletin down three levels and its reach back up', () => {
  let bulletinId: number;
  let publishedAt: number;

  it('is drafted by one town admin, approved by another and published to three villages', async () => {
    t.fake.setRiskyWords({ review: ['刷单'] });
    const draft = await as('demo-town_admin')
      .post('/api/bulletins', {
        townId: ids.town,
        title: '紧急预警：警惕“刷单返利”新骗局',
        body: [
          { type: 'paragraph', runs: [{ text: '近期我镇发生多起刷单返利诈骗，' }, { text: '凡是让你先垫钱的刷单都是诈骗！', highlight: true }] },
          { type: 'paragraph', runs: [{ text: '遇到可疑情况，请拨打96110。', bold: true }] },
        ],
        category: 'warning',
        fraudTypes: ['order_brushing'],
        urgency: 'urgent',
        scope: { kind: 'nodes', nodeIds: [node.DS, node.XH, node.NL] },
        forwardDeadline: new Date(t.clock.now().getTime() + 120 * MIN).toISOString(),
      })
      .expect(201);
    bulletinId = draft.body.id;
    expect(draft.body.status).toBe('draft');

    const submitted = await as('demo-town_admin').post(`/api/bulletins/${bulletinId}/submit`).expect(200);
    expect(submitted.body.status).toBe('submitted');
    // the scam script trips the content check: shown to the reviewer, not an automatic rejection
    expect(submitted.body.contentCheck?.suggest).toBe('review');

    await as('demo-town_admin').post(`/api/bulletins/${bulletinId}/review`, { decision: 'approve' }).expect(403);
    await as('demo-town_admin2').post(`/api/bulletins/${bulletinId}/review`, { decision: 'approve' }).expect(200);

    // 南岭村's cadre refused subscribe messages: WeChat answers 43101
    t.fake.refuse('cadre-NL');
    const [first, second] = await Promise.all([
      as('demo-town_admin').post(`/api/bulletins/${bulletinId}/publish`),
      as('demo-town_admin2').post(`/api/bulletins/${bulletinId}/publish`),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.status).toBe('published');
    expect(second.body.publishedAt).toBe(first.body.publishedAt);
    publishedAt = Date.parse(first.body.publishedAt);

    const tasks = await t.dataSource.query('SELECT nodeId, level, status FROM forward_task WHERE bulletinId = ? ORDER BY nodeId', [bulletinId]);
    expect(tasks.map((r: { nodeId: number }) => Number(r.nodeId)).sort()).toEqual([node.DS, node.XH, node.NL].sort());
  });

  it('notifies the village cadres; a refusal is dropped and never retried', async () => {
    await drainOutbox();
    const toCadres = t.fake.sent.filter((m) => m.template_id === TEMPLATE).map((m) => m.touser);
    expect(toCadres).toEqual(expect.arrayContaining(['demo-village_cadre', 'cadre-XH']));
    expect(toCadres).not.toContain('cadre-NL');
    const dropped = await t.dataSource.getRepository(OutboxMessage).find({ where: { status: 'dropped' } });
    expect(dropped.filter((m) => JSON.stringify(m.payload).includes('cadre-NL'))).toHaveLength(1);
    expect(dropped.every((m) => m.attempts === 1)).toBe(true);
    // time passes and the worker runs again: nothing is re-sent to the refusing cadre
    t.clock.advance(3 * 3600_000);
    await drainOutbox();
    t.clock.advance(-3 * 3600_000);
    expect(t.fake.sent.filter((m) => m.touser === 'cadre-NL')).toHaveLength(0);
  });

  it('cascades: each village that forwards gets a task per grid; grids forward or report offline', async () => {
    const taskOf = async (who: string, nodeId: number) => {
      const inbox = await as(who).get('/api/tasks?status=pending').expect(200);
      const task = inbox.body.items.find((i: { bulletin: { id: number }; node: { id: number } }) => i.bulletin.id === bulletinId && i.node.id === nodeId);
      expect(task).toBeDefined();
      return task.id as number;
    };
    t.clock.set(new Date(publishedAt + 10 * MIN));
    await as('cadre-DS').post(`/api/tasks/${await taskOf('cadre-DS', node.DS)}/forward`).expect(200);
    t.clock.set(new Date(publishedAt + 20 * MIN));
    await as('cadre-XH').post(`/api/tasks/${await taskOf('cadre-XH', node.XH)}/forward`).expect(200);
    t.clock.set(new Date(publishedAt + 30 * MIN));
    await as('cadre-NL').post(`/api/tasks/${await taskOf('cadre-NL', node.NL)}/forward`).expect(200);

    // a cadre cannot act on another village's task
    const xhTask = await taskOf('grid-XH1', node.XH1);
    await as('grid-DS1').post(`/api/tasks/${xhTask}/forward`).expect(404);

    t.clock.set(new Date(publishedAt + 40 * MIN));
    for (const g of ['DS1', 'DS2', 'DS3', 'XH1', 'XH2']) await as(`grid-${g}`).post(`/api/tasks/${await taskOf(`grid-${g}`, node[g])}/forward`).expect(200);
    await as('grid-XH3')
      .post(`/api/tasks/${await taskOf('grid-XH3', node.XH3)}/offline`, { note: '村广播播放了三遍，并张贴在公告栏' })
      .expect(200);
    // forwarding twice is refused
    const done = await t.dataSource.query('SELECT id FROM forward_task WHERE bulletinId = ? AND nodeId = ?', [bulletinId, node.DS1]);
    await as('grid-DS1').post(`/api/tasks/${done[0].id}/forward`).expect(409);

    // every grid worker of the three villages was told about their new task
    const sentBefore = t.fake.sent.length;
    await drainOutbox();
    const toGrids = t.fake.sent.slice(sentBefore).map((m) => m.touser);
    expect(toGrids.sort()).toEqual(['demo-grid_worker', 'grid-DS2', 'grid-DS3', 'grid-NL1', 'grid-NL2', 'grid-NL3', 'grid-XH1', 'grid-XH2', 'grid-XH3']);
  });

  it('records opens from bound groups once per person, and only groups in scope count', async () => {
    const readers: Array<[string, string | null]> = [
      ['res-1', 'G-TOWN'],
      ['res-2', 'G-TOWN'],
      ['res-3', 'G-DS'],
      ['res-4', 'G-DS'],
      ['res-5', 'G-DS'],
      ['res-6', 'G-DS1'],
      ['res-3', 'G-DS1'],
      ['res-7', 'G-XH'],
      ['res-8', 'G-BH'],
      ['res-9', null],
    ];
    for (const [reader, group] of readers) {
      if (!token[reader]) await login(reader);
      const res = await openFrom(reader, bulletinId, group);
      expect(res.body.groupCounted).toBe(group !== null && group !== 'G-BH');
    }
    // one person opening again and again counts once
    for (let i = 0; i < 20; i++) await openFrom('res-3', bulletinId, 'G-DS');
    await as('res-6').post(`/api/bulletins/${bulletinId}/confirm`, { group: t.fake.encryptForUser('res-6', { opengid: 'G-DS1' }) }).expect(200);
    await as('res-7').post(`/api/bulletins/${bulletinId}/confirm`, { group: t.fake.encryptForUser('res-7', { opengid: 'G-XH' }) }).expect(200);
    const again = await as('res-7').post(`/api/bulletins/${bulletinId}/confirm`, { group: t.fake.encryptForUser('res-7', { opengid: 'G-XH' }) }).expect(200);
    expect(again.body.confirmedAt).not.toBeNull();
    // group info made for someone else (another session key) is refused and records nothing
    const before = await t.dataSource.query('SELECT COUNT(*) AS n FROM bulletin_open');
    await as('res-1')
      .post(`/api/bulletins/${bulletinId}/open`, { group: t.fake.encryptForUser('res-2', { opengid: 'G-DS' }) })
      .expect(400);
    const after = await t.dataSource.query('SELECT COUNT(*) AS n FROM bulletin_open');
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('shows exact numbers on the town dashboard, with overdue after the deadline', async () => {
    t.clock.set(new Date(publishedAt + 50 * MIN));
    let dash = await as('demo-town_admin').get(`/api/bulletins/${bulletinId}/dashboard`).expect(200);
    const level = (n: number) => dash.body.levels.find((l: { level: number }) => l.level === n);
    expect(level(1)).toMatchObject({ total: 3, forwarded: 3, offline: 0, pending: 0, overdue: 0, medianMinutesToForward: 20 });
    expect(level(2)).toMatchObject({ total: 9, forwarded: 5, offline: 1, pending: 3, overdue: 0 });
    // by any route also res-8 (a group outside the scope) and res-9 (not from a group)
    expect(dash.body.totals).toEqual({ groupsRegistered: 4, groupsReached: 4, readers: 7, confirmations: 2, offlineForwards: 1, allReaders: 9, allConfirmations: 2 });
    const row = (nodeId: number) => dash.body.rows.find((r: { node: { id: number } }) => r.node.id === nodeId);
    // a row counts the groups bound at its own node; its grids have rows of their own
    expect(row(node.DS)).toMatchObject({ status: 'forwarded', minutesToForward: 10, groupsRegistered: 1, groupsReached: 1 });
    expect(row(node.DS1)).toMatchObject({ status: 'forwarded', minutesToForward: 40, groupsRegistered: 1, groupsReached: 1, readers: 2, confirmations: 1 });
    expect(row(node.DS2)).toMatchObject({ groupsRegistered: 0, groupsReached: 0, readers: 0 });
    expect(row(ids.town)).toBeUndefined();
    expect(row(node.XH3)).toMatchObject({ status: 'offline' });
    expect(row(node.BH)).toBeUndefined();

    // past the deadline, 南岭村's three grids are overdue
    t.clock.set(new Date(publishedAt + 121 * MIN));
    dash = await as('demo-town_admin').get(`/api/bulletins/${bulletinId}/dashboard`).expect(200);
    expect(level(2)).toMatchObject({ pending: 3, overdue: 3 });
    const overdue = await as('grid-NL1').get('/api/tasks?status=overdue').expect(200);
    expect(overdue.body.items.map((i: { node: { id: number } }) => i.node.id)).toEqual([node.NL1]);
  });

  it("gives a village cadre their own village's view and nothing of another village", async () => {
    const own = await as('cadre-DS').get(`/api/bulletins/${bulletinId}/dashboard?nodeId=${node.DS}`).expect(200);
    expect(own.body.rows.map((r: { node: { id: number } }) => r.node.id).sort()).toEqual([node.DS, node.DS1, node.DS2, node.DS3].sort());
    await as('cadre-DS').get(`/api/bulletins/${bulletinId}/dashboard?nodeId=${node.XH}`).expect(404);
  });

  it('reminds laggards at most once per task per two hours', async () => {
    const sentBefore = t.fake.sent.length;
    const first = await as('demo-town_admin').post(`/api/bulletins/${bulletinId}/remind`, {}).expect(200);
    expect(first.body).toEqual({ reminded: 3, skipped: 0 });
    const second = await as('demo-town_admin').post(`/api/bulletins/${bulletinId}/remind`, {}).expect(200);
    expect(second.body).toEqual({ reminded: 0, skipped: 3 });
    const nl1 = await t.dataSource.query('SELECT id FROM forward_task WHERE bulletinId = ? AND nodeId = ?', [bulletinId, node.NL1]);
    await as('demo-town_admin').post(`/api/tasks/${nl1[0].id}/remind`).expect(429);
    await drainOutbox();
    const reminded = t.fake.sent.slice(sentBefore).map((m) => m.touser);
    expect(reminded.sort()).toEqual(['grid-NL1', 'grid-NL2', 'grid-NL3']);

    t.clock.advance(121 * MIN);
    await as('demo-town_admin').post(`/api/tasks/${nl1[0].id}/remind`).expect(200);
  });
});
