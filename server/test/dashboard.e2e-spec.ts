// Dashboard, xlsx export and period stats over bulletins, tasks, groups and opens written straight to
// the tables (the numbers must be exact whatever wrote them): levels with medians and overdue on the
// controllable clock, groups reached out of groups registered in scope, each reader counted once,
// out-of-scope groups ignored, the town's and a village's views, scope 404s, the export parsed back.
import { Workbook } from 'exceljs';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { BulletinTarget } from '../src/modules/bulletins/bulletin-target.entity';
import { Bulletin } from '../src/modules/bulletins/bulletin.entity';
import { WechatGroup } from '../src/modules/groups/wechat-group.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { BulletinOpen } from '../src/modules/reach/bulletin-open.entity';
import { ForwardTask } from '../src/modules/tasks/forward-task.entity';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(120_000);

const MIN = 60_000;
// 2024-10-01 10:00 China time
const P = Date.parse('2024-10-01T02:00:00Z');

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const token: Record<string, string> = {};
const userId: Record<string, number> = {};
const nodes = new Map<number, OrgNode>();
const group: Record<string, number> = {};
// bulletins: town-wide (b1), to 东山村 and the textile company (b2), a draft, and two edge-of-period ones
const b: Record<'b1' | 'b2' | 'draft' | 'midnight' | 'before', number> = {} as never;

function as(who: string) {
  const auth = { Authorization: `Bearer ${token[who]}` };
  return { get: (url: string) => t.http.get(url).set(auth) };
}

async function addBulletin(title: string, publishedAt: number | null, scope: { kind: 'town' } | { kind: 'nodes'; nodeIds: number[] }): Promise<number> {
  const town = nodes.get(ids.town)!;
  const at = new Date(publishedAt ?? P);
  const row = await t.dataSource.getRepository(Bulletin).save({
    townId: town.id,
    townPath: town.path,
    authorId: userId.admin,
    title,
    summary: `${title}摘要`,
    body: [{ type: 'paragraph', runs: [{ text: '不要轻信陌生来电' }] }],
    category: 'warning',
    fraudTypes: [],
    urgency: 'urgent',
    scopeKind: scope.kind,
    status: publishedAt === null ? 'draft' : 'published',
    forwardDeadline: new Date(P + 120 * MIN),
    publishAt: null,
    reviewerId: null,
    returnReason: null,
    contentCheck: null,
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    reviewedAt: null,
    publishedAt: publishedAt === null ? null : at,
  });
  if (scope.kind === 'nodes') {
    await t.dataSource.getRepository(BulletinTarget).save(scope.nodeIds.map((nodeId) => ({ bulletinId: row.id, nodeId, nodePath: nodes.get(nodeId)!.path })));
  }
  return row.id;
}

async function addTask(bulletinId: number, nodeId: number, level: number, status: 'pending' | 'forwarded' | 'offline', minutes?: number): Promise<void> {
  await t.dataSource.getRepository(ForwardTask).save({
    bulletinId,
    nodeId,
    nodePath: nodes.get(nodeId)!.path,
    level,
    parentTaskId: null,
    status,
    deadline: new Date(P + 120 * MIN),
    forwardedAt: minutes === undefined ? null : new Date(P + minutes * MIN),
    forwardedBy: null,
    offlineNote: status === 'offline' ? '村广播播放三遍' : null,
    offlinePhotoId: null,
    lastRemindedAt: null,
    createdAt: new Date(P),
  });
}

async function addGroup(name: string, nodeId: number): Promise<void> {
  const g = await t.dataSource.getRepository(WechatGroup).save({
    // opengids are ASCII, like WeChat's
    opengid: `opengid-${Object.keys(group).length + 1}`,
    nodeId,
    nodePath: nodes.get(nodeId)!.path,
    name,
    boundBy: userId.admin,
    boundAt: new Date(P - 86400_000),
    updatedAt: new Date(P - 86400_000),
  });
  group[name] = g.id;
}

async function open(bulletinId: number, reader: number, groupName: string | null, confirmed = false): Promise<void> {
  await t.dataSource.getRepository(BulletinOpen).insert({
    bulletinId,
    groupId: groupName === null ? 0 : group[groupName],
    userId: reader,
    openedAt: new Date(P + 60 * MIN),
    confirmedAt: confirmed ? new Date(P + 61 * MIN) : null,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  ids = await demoNodeIds(t);
  for (const n of await t.dataSource.getRepository(OrgNode).find()) nodes.set(n.id, n);
  for (const [who, openid] of [
    ['admin', 'demo-town_admin'],
    ['cadre', 'demo-village_cadre'],
    ['police', 'demo-police_liaison'],
    ['grid', 'demo-grid_worker'],
    ['resident', 'demo-resident'],
  ]) {
    const login = await t.login(openid);
    token[who] = login.accessToken;
    userId[who] = login.userId;
  }

  b.b1 = await addBulletin('冒充客服退款诈骗预警', P, { kind: 'town' });
  b.b2 = await addBulletin('刷单返利诈骗提醒', P + 5 * MIN, { kind: 'nodes', nodeIds: [ids.dongshan, ids.textile] });
  b.draft = await addBulletin('草稿', null, { kind: 'town' });
  // 2024-10-01 00:00 China time: inside a period starting that day; one second earlier: outside
  b.midnight = await addBulletin('国庆反诈日志', Date.parse('2024-09-30T16:00:00Z'), { kind: 'town' });
  b.before = await addBulletin('九月反诈日志', Date.parse('2024-09-30T15:59:59Z'), { kind: 'town' });

  // b1: villages and units (level 1), grids (level 2); minutes after publishing
  await addTask(b.b1, ids.dongshan, 1, 'forwarded', 10);
  await addTask(b.b1, ids.xihe, 1, 'forwarded', 30);
  await addTask(b.b1, ids.textile, 1, 'offline', 50);
  await addTask(b.b1, ids.coop, 1, 'pending');
  await addTask(b.b1, ids.dsGrid1, 2, 'forwarded', 40);
  await addTask(b.b1, ids.dsGrid2, 2, 'pending');
  await addTask(b.b1, ids.xhGrid1, 2, 'forwarded', 70);
  await addTask(b.b1, ids.xhGrid2, 2, 'pending');
  // b2: its two targets, not yet forwarded
  await addTask(b.b2, ids.dongshan, 1, 'pending');
  await addTask(b.b2, ids.textile, 1, 'pending');

  await addGroup('镇反诈群', ids.town);
  await addGroup('东山村民群1', ids.dongshan);
  await addGroup('东山村民群2', ids.dongshan);
  await addGroup('东山一网格群', ids.dsGrid1);
  await addGroup('东山二网格群', ids.dsGrid2);
  await addGroup('西河村民群', ids.xihe);
  await addGroup('西河一网格群', ids.xhGrid1);
  // bound above the town: never in a bulletin's scope
  await addGroup('县里的群', ids.county);

  // b1 opens: reader 1 from three groups (已阅 in one: reach keeps one confirmation per person), 2 and 3
  // once, 4 from two 西河 groups, 5 only outside the scope, 6 not from a group, 7 from the town's group
  await open(b.b1, 1, '东山村民群1');
  await open(b.b1, 1, '东山村民群2');
  await open(b.b1, 1, '东山一网格群', true);
  await open(b.b1, 2, '东山村民群1', true);
  await open(b.b1, 3, '东山一网格群');
  await open(b.b1, 4, '西河村民群');
  await open(b.b1, 4, '西河一网格群');
  await open(b.b1, 5, '县里的群', true);
  await open(b.b1, 6, null, true);
  await open(b.b1, 7, '镇反诈群');
  // b2: 西河 is outside its scope
  await open(b.b2, 2, '东山村民群1');
  await open(b.b2, 4, '西河村民群', true);
});

afterAll(async () => {
  await t?.close();
});

type Row = { node: { id: number }; level: number; status: string; overdue: boolean; minutesToForward: number | null } & Record<string, unknown>;
const rowOf = (body: { rows: Row[] }, nodeId: number) => body.rows.find((r) => r.node.id === nodeId);
const levelOf = (body: { levels: Array<{ level: number }> }, level: number) => body.levels.find((l) => l.level === level);

describe('bulletin dashboard', () => {
  it("the town's view: levels, medians, reach counted once per person and only in scope", async () => {
    t.clock.set(new Date(P + 90 * MIN));
    const res = await as('admin').get(`/api/bulletins/${b.b1}/dashboard`).expect(200);
    expect(res.body.node.id).toBe(ids.town);
    expect(res.body.bulletin).toMatchObject({ id: b.b1, title: '冒充客服退款诈骗预警', status: 'published', authorName: '王建国' });
    expect(levelOf(res.body, 1)).toEqual({ level: 1, total: 4, forwarded: 2, offline: 1, pending: 1, overdue: 0, medianMinutesToForward: 30, p90MinutesToForward: 50 });
    expect(levelOf(res.body, 2)).toEqual({ level: 2, total: 4, forwarded: 2, offline: 0, pending: 2, overdue: 0, medianMinutesToForward: 55, p90MinutesToForward: 70 });
    // 7 groups in scope (the county's is not); readers 1, 2, 3, 4, 7; confirmations 1 and 2;
    // by any route: readers 1-7, 已阅 1, 2, 5 (from outside the scope) and 6 (not from a group)
    expect(res.body.totals).toEqual({ groupsRegistered: 7, groupsReached: 6, readers: 5, confirmations: 2, offlineForwards: 1, allReaders: 7, allConfirmations: 4 });

    expect(res.body.rows).toHaveLength(8);
    expect(rowOf(res.body, ids.dongshan)).toMatchObject({ level: 1, status: 'forwarded', minutesToForward: 10, groupsRegistered: 2, groupsReached: 2, readers: 2, confirmations: 1 });
    expect(rowOf(res.body, ids.dsGrid1)).toMatchObject({ level: 2, groupsRegistered: 1, groupsReached: 1, readers: 2, confirmations: 1 });
    expect(rowOf(res.body, ids.dsGrid2)).toMatchObject({ status: 'pending', overdue: false, groupsRegistered: 1, groupsReached: 0, readers: 0 });
    expect(rowOf(res.body, ids.xihe)).toMatchObject({ minutesToForward: 30, groupsRegistered: 1, groupsReached: 1, readers: 1, confirmations: 0 });
    expect(rowOf(res.body, ids.xhGrid2)).toMatchObject({ groupsRegistered: 0, readers: 0 });
    expect(rowOf(res.body, ids.textile)).toMatchObject({ status: 'offline', minutesToForward: 50 });
    // each village is followed by its grids
    const order = res.body.rows.map((r: Row) => r.node.id);
    expect(order.indexOf(ids.dsGrid1)).toBe(order.indexOf(ids.dongshan) + 1);
    expect(order.indexOf(ids.xhGrid1)).toBe(order.indexOf(ids.xihe) + 1);
  });

  it('counts pending tasks past the deadline as overdue on the controllable clock', async () => {
    t.clock.set(new Date(P + 121 * MIN));
    const res = await as('admin').get(`/api/bulletins/${b.b1}/dashboard`).expect(200);
    expect(levelOf(res.body, 1)).toMatchObject({ pending: 1, overdue: 1 });
    expect(levelOf(res.body, 2)).toMatchObject({ pending: 2, overdue: 2 });
    expect(rowOf(res.body, ids.coop)).toMatchObject({ status: 'pending', overdue: true });
    expect(rowOf(res.body, ids.dsGrid1)).toMatchObject({ status: 'forwarded', overdue: false });
  });

  it("a village cadre sees the village and its grids, not the town's or another village's", async () => {
    const res = await as('cadre').get(`/api/bulletins/${b.b1}/dashboard?nodeId=${ids.dongshan}`).expect(200);
    expect(res.body.rows.map((r: Row) => r.node.id)).toEqual([ids.dongshan, ids.dsGrid1, ids.dsGrid2]);
    expect(levelOf(res.body, 1)).toMatchObject({ total: 1, forwarded: 1, medianMinutesToForward: 10, p90MinutesToForward: 10 });
    expect(levelOf(res.body, 2)).toMatchObject({ total: 2, forwarded: 1, pending: 1, overdue: 1, medianMinutesToForward: 40 });
    // 东山's four groups; readers 1, 2, 3 (reader 1 once across three groups)
    expect(res.body.totals).toEqual({ groupsRegistered: 4, groupsReached: 3, readers: 3, confirmations: 2, offlineForwards: 0, allReaders: 2, allConfirmations: 1 });

    await as('cadre').get(`/api/bulletins/${b.b1}/dashboard?nodeId=${ids.xihe}`).expect(404);
    // the default view is the town's, which a village cadre cannot see
    await as('cadre').get(`/api/bulletins/${b.b1}/dashboard`).expect(404);
    await as('police').get(`/api/bulletins/${b.b1}/dashboard`).expect(200);
    const grid = await as('grid').get(`/api/bulletins/${b.b1}/dashboard?nodeId=${ids.dsGrid1}`).expect(403);
    expect(grid.body.code).toBe('FORBIDDEN');
  });

  it('counts only the groups of the targets (and the town) for a bulletin to chosen nodes', async () => {
    const res = await as('admin').get(`/api/bulletins/${b.b2}/dashboard`).expect(200);
    // 镇反诈群 + 东山's four; 西河's groups are outside the scope, so reader 4 does not count
    expect(res.body.totals).toEqual({ groupsRegistered: 5, groupsReached: 1, readers: 1, confirmations: 0, offlineForwards: 0, allReaders: 2, allConfirmations: 1 });
    expect(res.body.rows.map((r: Row) => r.node.id).sort()).toEqual([ids.dongshan, ids.textile].sort());
    expect(levelOf(res.body, 1)).toMatchObject({ total: 2, pending: 2, overdue: 2, medianMinutesToForward: null });
    expect(levelOf(res.body, 2)).toMatchObject({ total: 0 });
  });

  it('refuses unknown, unpublished and out-of-town requests', async () => {
    expect((await as('admin').get('/api/bulletins/999999/dashboard').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await as('admin').get(`/api/bulletins/${b.draft}/dashboard`).expect(409)).body.code).toBe('BULLETIN_BAD_STATE');
    // the county node is above the town (and out of the admin's sight)
    await as('admin').get(`/api/bulletins/${b.b1}/dashboard?nodeId=${ids.county}`).expect(404);
    await as('resident').get(`/api/bulletins/${b.b1}/dashboard`).expect(404);
    await as('admin').get(`/api/bulletins/${b.b1}/dashboard?nodeId=abc`).expect(400);
  });
});

describe('dashboard export', () => {
  // supertest buffers unknown content types as text: collect the bytes instead
  const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
    const stream = res as unknown as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  it('exports the summary and the rows as xlsx with Chinese headers, and audits it', async () => {
    t.clock.set(new Date(P + 121 * MIN));
    const res = await as('cadre').get(`/api/bulletins/${b.b1}/export?nodeId=${ids.dongshan}`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('冒充客服退款诈骗预警-东山村-转发统计.xlsx')}`);

    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    const rows = wb.getWorksheet('明细')!;
    const values = (n: number) => (rows.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['组织', '类型', '级别', '状态', '是否超时', '转发时间', '用时（分钟）', '登记群数', '触达群数', '阅读人数', '已阅确认']);
    expect(rows.rowCount).toBe(4);
    expect(values(2)).toEqual(['东山村', '村', '村（社区）/单位', '已转发', '否', '2024-10-01 10:10', 10, 2, 2, 2, 1]);
    expect(values(3)).toEqual(['第一网格', '网格', '网格', '已转发', '否', '2024-10-01 10:40', 40, 1, 1, 2, 1]);
    expect(values(4).slice(0, 6)).toEqual(['第二网格', '网格', '网格', '未转发', '是', undefined]);
    const summary = wb.getWorksheet('汇总')!;
    const cells = summary.getSheetValues().flat().filter((v) => v !== undefined && v !== null);
    expect(cells).toEqual(expect.arrayContaining(['冒充客服退款诈骗预警', '东山村', '2024-10-01 10:00', '群内阅读人数', '全部阅读人数']));

    const audit = await t.dataSource.getRepository(AuditLog).findBy({ action: 'export.bulletin_dashboard' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: userId.cadre, nodeId: ids.dongshan, targetType: 'bulletin', targetId: String(b.b1) });
  });

  it('needs the export permission in scope', async () => {
    expect((await as('police').get(`/api/bulletins/${b.b1}/export`).expect(403)).body.code).toBe('FORBIDDEN');
    await as('cadre').get(`/api/bulletins/${b.b1}/export?nodeId=${ids.xihe}`).expect(404);
    expect(await t.dataSource.getRepository(AuditLog).countBy({ action: 'export.bulletin_dashboard' })).toBe(1);
  });
});

describe('period stats', () => {
  it('adds up the bulletins published on the China-time days of the period', async () => {
    t.clock.set(new Date(P + 121 * MIN));
    const res = await as('admin').get(`/api/bulletin-stats?nodeId=${ids.town}&from=2024-10-01&to=2024-10-01`).expect(200);
    expect(res.body).toMatchObject({ node: { id: ids.town }, from: '2024-10-01', to: '2024-10-01', bulletins: 3 });
    // newest first; 九月反诈日志 (23:59:59 on 30 September, China time) is outside, the draft too
    expect(res.body.perBulletin.map((p: { bulletin: { id: number } }) => p.bulletin.id)).toEqual([b.b2, b.b1, b.midnight]);
    expect(res.body.perBulletin[1]).toMatchObject({ forwardedRate: 0.625, groupsReached: 6, readers: 5, confirmations: 2 });
    expect(res.body.perBulletin[0]).toMatchObject({ forwardedRate: 0, groupsReached: 1, readers: 1, confirmations: 0 });
    // b1 + b2 + the town-wide daily log (7 groups, no opens)
    expect(res.body.totals).toEqual({ groupsRegistered: 19, groupsReached: 7, readers: 6, confirmations: 2, offlineForwards: 1, allReaders: 9, allConfirmations: 5 });
    expect(levelOf(res.body, 1)).toMatchObject({ total: 6, forwarded: 2, offline: 1, pending: 3, overdue: 3, medianMinutesToForward: 30 });
    expect(levelOf(res.body, 2)).toMatchObject({ total: 4, forwarded: 2, pending: 2 });

    const wider = await as('admin').get(`/api/bulletin-stats?nodeId=${ids.town}&from=2024-09-30&to=2024-10-01`).expect(200);
    expect(wider.body.bulletins).toBe(4);
  });

  it("a village cadre's period view covers the village only; bad ranges are refused", async () => {
    const res = await as('cadre').get(`/api/bulletin-stats?nodeId=${ids.dongshan}&from=2024-10-01&to=2024-10-02`).expect(200);
    expect(res.body.bulletins).toBe(3);
    // b1: 东山's 4 groups, readers 1-3; b2: 东山's 4 groups, reader 2; the daily log: 4 groups
    expect(res.body.totals).toEqual({ groupsRegistered: 12, groupsReached: 4, readers: 4, confirmations: 2, offlineForwards: 0, allReaders: 3, allConfirmations: 2 });
    expect(levelOf(res.body, 1)).toMatchObject({ total: 2 });
    await as('cadre').get(`/api/bulletin-stats?nodeId=${ids.xihe}&from=2024-10-01&to=2024-10-02`).expect(404);
    const reversed = await as('admin').get(`/api/bulletin-stats?nodeId=${ids.town}&from=2024-10-02&to=2024-10-01`).expect(400);
    expect(reversed.body.code).toBe('VALIDATION_FAILED');
    await as('admin').get(`/api/bulletin-stats?nodeId=${ids.town}&from=2023-01-01&to=2024-10-01`).expect(400);
  });
});
