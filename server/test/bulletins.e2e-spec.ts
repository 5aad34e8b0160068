// Bulletins end to end: draft → content check on submit → review by another admin → publish (now or
// scheduled by the clock) → level-1 forwarding tasks and subscribe messages through the outbox →
// cadres forward (cascading to grids), offline forwards, overdue, reminders; publishing twice (also
// concurrently) gives one publication.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInSubtree, TokenResponse } from '@wuzha/shared';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { Bulletin } from '../src/modules/bulletins/bulletin.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { OutboxMessage } from '../src/modules/outbox/outbox-message.entity';
import { OutboxWorker } from '../src/modules/outbox/outbox.worker';
import { ForwardTask } from '../src/modules/tasks/forward-task.entity';
import { PNG_1PX } from './files.e2e-spec';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(180_000);

const TEMPLATE = 'tmpl-bulletin-task';
const HOUR = 3600 * 1000;
const PEOPLE = ['town_admin', 'town_admin2', 'village_cadre', 'grid_worker', 'unit_contact', 'school_admin', 'police_liaison', 'resident'] as const;
type Person = (typeof PEOPLE)[number];

let t: TestApp;
let storageDir: string;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const tok = {} as Record<Person, TokenResponse>;

// access tokens follow the test clock: log everyone in again after moving it
async function loginAll() {
  for (const p of PEOPLE) tok[p] = await t.login(`demo-${p}`);
}
const as = (p: Person) => t.bearer(tok[p]);
const iso = (msFromNow: number) => new Date(t.clock.now().getTime() + msFromNow).toISOString();
const worker = () => t.app.get(OutboxWorker);
async function drainOutbox() {
  while ((await worker().runOnce()) > 0);
}

function input(over: Record<string, unknown> = {}) {
  return {
    townId: ids.town,
    title: '警惕刷单返利诈骗',
    body: [{ type: 'paragraph', runs: [{ text: '近期我镇发生多起刷单返利诈骗，' }, { text: '凡是要求先垫付的刷单都是诈骗', highlight: true }] }],
    category: 'warning',
    fraudTypes: ['order_brushing'],
    scope: { kind: 'town' },
    ...over,
  };
}

async function create(over: Record<string, unknown> = {}, by: Person = 'town_admin') {
  const res = await t.http.post('/api/bulletins').set(as(by)).send(input(over));
  expect([res.status, res.body.code]).toEqual([201, undefined]);
  return res.body;
}
async function approved(over: Record<string, unknown> = {}) {
  const b = await create(over);
  expect((await t.http.post(`/api/bulletins/${b.id}/submit`).set(as('town_admin'))).status).toBe(200);
  const r = await t.http.post(`/api/bulletins/${b.id}/review`).set(as('town_admin2')).send({ decision: 'approve' });
  expect(r.status).toBe(200);
  return b.id as number;
}
async function published(over: Record<string, unknown> = {}) {
  const id = await approved(over);
  const res = await t.http.post(`/api/bulletins/${id}/publish`).set(as('town_admin2'));
  expect([res.status, res.body.status]).toEqual([200, 'published']);
  return id;
}
const tasksOf = (bulletinId: number) => t.dataSource.getRepository(ForwardTask).find({ where: { bulletinId }, order: { id: 'ASC' } });
async function taskAt(bulletinId: number, nodeId: number) {
  return t.dataSource.getRepository(ForwardTask).findOneByOrFail({ bulletinId, nodeId });
}

// What a town-wide bulletin must reach: villages, communities and units of the town, direct or under a village.
async function expectedLevelOne(): Promise<number[]> {
  const all = await t.dataSource.getRepository(OrgNode).find();
  const town = all.find((n) => n.id === ids.town)!;
  const areas = new Set(all.filter((n) => n.parentId === town.id && ['village', 'community'].includes(n.kind)).map((n) => n.id));
  return all
    .filter((n) => isInSubtree(n.path, town.path) && n.id !== town.id)
    .filter((n) => (n.parentId === town.id && n.kind !== 'grid') || (['school', 'enterprise', 'institution', 'building'].includes(n.kind) && areas.has(n.parentId!)))
    .map((n) => n.id)
    .sort((a, b) => a - b);
}

beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'wuzha-bulletins-'));
  t = await createTestApp({ env: { STORAGE_DIR: storageDir, WECHAT_TMPL_BULLETIN_TASK: TEMPLATE } });
  ids = await demoNodeIds(t);
  await loginAll();
  // the demo resident lives in 东山村第一网格
  expect((await t.http.post('/api/memberships/join').set(as('resident')).send({ nodeId: ids.dsGrid1 })).status).toBe(200);
});

afterAll(async () => {
  await t?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

describe('bulletins: draft, review, publish', () => {
  let bulletinId: number;

  it('a town admin drafts with an image of their own; only the author edits', async () => {
    const up = await t.http.post('/api/files?purpose=bulletin').set(as('town_admin')).attach('file', PNG_1PX, 'a.png');
    expect(up.status).toBe(201);
    const foreign = await t.http.post('/api/files?purpose=bulletin').set(as('town_admin2')).attach('file', PNG_1PX, 'b.png');
    const wrongPurpose = await t.http.post('/api/files?purpose=feedback').set(as('town_admin')).attach('file', PNG_1PX, 'c.png');
    const withImage = (fileId: number) => ({ body: [...input().body, { type: 'image', fileId, caption: '诈骗聊天截图' }] });

    for (const fileId of [foreign.body.id, wrongPurpose.body.id, 999999]) {
      const bad = await t.http.post('/api/bulletins').set(as('town_admin')).send(input(withImage(fileId)));
      expect([bad.status, bad.body.code]).toEqual([404, 'FILE_NOT_FOUND']);
    }
    const b = await create(withImage(up.body.id));
    bulletinId = b.id;
    expect(b).toMatchObject({ status: 'draft', townId: ids.town, authorName: '王建国', contentCheck: null, scope: { kind: 'town', nodes: [] } });
    // summary: the start of the text on one line
    expect(b.summary).toBe('近期我镇发生多起刷单返利诈骗，凡是要求先垫付的刷单都是诈骗');
    expect(b.body[1]).toMatchObject({ type: 'image', fileId: up.body.id, caption: '诈骗聊天截图' });
    expect((await t.http.get(b.body[1].url)).status).toBe(200);

    const long = await create({ body: [{ type: 'paragraph', runs: [{ text: '反'.repeat(300) }] }] });
    expect(Array.from(long.summary as string)).toHaveLength(61);

    const other = await t.http.put(`/api/bulletins/${bulletinId}`).set(as('town_admin2')).send(input({ title: '改' }));
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    const mine = await t.http.put(`/api/bulletins/${bulletinId}`).set(as('town_admin')).send(input({ ...withImage(up.body.id), title: '警惕刷单返利诈骗（更新）', summary: '刷单就是诈骗' }));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ title: '警惕刷单返利诈骗（更新）', summary: '刷单就是诈骗', status: 'draft' });
    const moved = await t.http.put(`/api/bulletins/${bulletinId}`).set(as('town_admin')).send(input({ townId: ids.county }));
    expect(moved.status).toBe(400);
  });

  it('scope and time rules', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ scope: { kind: 'nodes', nodeIds: [ids.dsGrid1] } }, 400, 'SCOPE_OUTSIDE_TOWN'],
      [{ scope: { kind: 'nodes', nodeIds: [ids.town] } }, 400, 'SCOPE_OUTSIDE_TOWN'],
      [{ scope: { kind: 'nodes', nodeIds: [ids.class71] } }, 400, 'SCOPE_OUTSIDE_TOWN'],
      [{ scope: { kind: 'nodes', nodeIds: [ids.county] } }, 400, 'SCOPE_OUTSIDE_TOWN'],
      [{ scope: { kind: 'nodes', nodeIds: [] } }, 400, 'VALIDATION_FAILED'],
      [{ publishAt: iso(-60_000) }, 400, 'PUBLISH_AT_IN_PAST'],
      [{ forwardDeadline: iso(-60_000) }, 400, 'DEADLINE_IN_PAST'],
      [{ publishAt: iso(2 * HOUR), forwardDeadline: iso(HOUR) }, 400, 'DEADLINE_IN_PAST'],
      [{ townId: ids.dongshan }, 400, 'VALIDATION_FAILED'],
      [{ townId: ids.county }, 404, 'NOT_FOUND'],
    ];
    for (const [over, status, code] of cases) {
      const res = await t.http.post('/api/bulletins').set(as('town_admin')).send(input(over));
      expect([JSON.stringify(over), res.status, res.body.code]).toEqual([JSON.stringify(over), status, code]);
    }
    const ok = await create({ scope: { kind: 'nodes', nodeIds: [ids.xihe, ids.dongshan, ids.textile, ids.dongshan] } });
    expect(ok.scope.nodes.map((n: { id: number }) => n.id).sort()).toEqual([ids.dongshan, ids.xihe, ids.textile].sort());
    const cadre = await t.http.post('/api/bulletins').set(as('village_cadre')).send(input());
    // the town is out of a village cadre's sight
    expect([cadre.status, cadre.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('submit runs the content check: a review verdict is shown, not a rejection; a WeChat failure stores 未检测', async () => {
    t.fake.setRiskyWords({ review: ['刷单'] });
    const res = await t.http.post(`/api/bulletins/${bulletinId}/submit`).set(as('town_admin'));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('submitted');
    expect(res.body.contentCheck).toMatchObject({ suggest: 'review', label: 20008 });
    const call = t.fake.requests.filter((r) => r.path === '/wxa/msg_sec_check').pop()!;
    expect(call.body).toMatchObject({ openid: 'demo-town_admin', scene: 1, title: '警惕刷单返利诈骗（更新）' });
    t.fake.setRiskyWords({});

    expect((await t.http.post(`/api/bulletins/${bulletinId}/submit`).set(as('town_admin'))).body.code).toBe('BULLETIN_BAD_STATE');
    const edit = await t.http.put(`/api/bulletins/${bulletinId}`).set(as('town_admin')).send(input());
    expect([edit.status, edit.body.code]).toEqual([409, 'BULLETIN_NOT_EDITABLE']);

    const other = await create({ title: '慢微信' });
    t.fake.stallNext(1);
    const slow = await t.http.post(`/api/bulletins/${other.id}/submit`).set(as('town_admin'));
    expect([slow.status, slow.body.status, slow.body.contentCheck]).toEqual([200, 'submitted', null]);
  });

  it('the author cannot review; a return needs a reason; another admin approves', async () => {
    const self = await t.http.post(`/api/bulletins/${bulletinId}/review`).set(as('town_admin')).send({ decision: 'approve' });
    expect([self.status, self.body.code]).toEqual([403, 'SELF_REVIEW']);
    const noReason = await t.http.post(`/api/bulletins/${bulletinId}/review`).set(as('town_admin2')).send({ decision: 'return', reason: '  ' });
    expect([noReason.status, noReason.body.code]).toEqual([400, 'RETURN_REASON_REQUIRED']);
    for (const p of ['police_liaison', 'village_cadre', 'resident'] as const) {
      expect([p, (await t.http.post(`/api/bulletins/${bulletinId}/review`).set(as(p)).send({ decision: 'approve' })).status]).toEqual([p, 404]);
    }
    const early = await t.http.post(`/api/bulletins/${bulletinId}/publish`).set(as('town_admin2'));
    expect(early.body.code).toBe('BULLETIN_BAD_STATE');

    // returned with a reason, edited, resubmitted, approved
    const ret = await t.http.post(`/api/bulletins/${bulletinId}/review`).set(as('town_admin2')).send({ decision: 'return', reason: '请删去受害人姓名' });
    expect(ret.body).toMatchObject({ status: 'returned', returnReason: '请删去受害人姓名', reviewerName: '李秀梅' });
    expect((await t.http.put(`/api/bulletins/${bulletinId}`).set(as('town_admin')).send(input({ title: '警惕刷单返利诈骗！' }))).status).toBe(200);
    expect((await t.http.post(`/api/bulletins/${bulletinId}/submit`).set(as('town_admin'))).status).toBe(200);
    const ok = await t.http.post(`/api/bulletins/${bulletinId}/review`).set(as('town_admin2')).send({ decision: 'approve' });
    expect(ok.body).toMatchObject({ status: 'approved', returnReason: null, reviewerName: '李秀梅' });
    expect(ok.body.reviewedAt).not.toBeNull();
  });

  it('publishing creates a task for every village, community and unit, and queues the cadres’ messages; 43101 is dropped, never retried', async () => {
    expect((await t.http.post(`/api/bulletins/${bulletinId}/publish`).set(as('resident'))).status).toBe(404);
    expect((await t.http.post(`/api/bulletins/${bulletinId}/publish`).set(as('police_liaison'))).status).toBe(404);
    t.fake.refuse('demo-unit_contact');
    const before = await t.dataSource.getRepository(OutboxMessage).count();
    // the author may publish once approved
    const res = await t.http.post(`/api/bulletins/${bulletinId}/publish`).set(as('town_admin'));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('published');
    expect(res.body.publishedAt).not.toBeNull();

    const tasks = await tasksOf(bulletinId);
    expect(tasks.map((x) => x.nodeId).sort((a, b) => a - b)).toEqual(await expectedLevelOne());
    expect(tasks.length).toBeGreaterThanOrEqual(10);
    expect(tasks.every((x) => x.level === 1 && x.status === 'pending')).toBe(true);

    // cadres with tasks.act at those nodes: 东山村's cadre, the school admin, the textile contact
    const queued = await t.dataSource.getRepository(OutboxMessage).find({ where: { topic: 'wechat.subscribe' }, order: { id: 'ASC' } });
    const mine = queued.slice(-3);
    expect(queued.length - before).toBe(3);
    expect(mine.map((m) => (m.payload as { touser: string }).touser).sort()).toEqual(['demo-school_admin', 'demo-unit_contact', 'demo-village_cadre']);

    const sentBefore = t.fake.sent.length;
    await drainOutbox();
    const sent = t.fake.sent.slice(sentBefore);
    expect(sent.map((s) => s.touser).sort()).toEqual(['demo-school_admin', 'demo-village_cadre']);
    expect(sent[0]).toMatchObject({ template_id: TEMPLATE, data: { thing1: { value: '警惕刷单返利诈骗！' }, phrase4: { value: '待转发' } } });
    const refused = await t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: mine.find((m) => (m.payload as { touser: string }).touser === 'demo-unit_contact')!.id });
    expect([refused.status, refused.attempts]).toEqual(['dropped', 1]);
    const calls = t.fake.stats.sendCalls;
    t.clock.advance(2 * HOUR);
    await drainOutbox();
    t.clock.advance(-2 * HOUR);
    expect(t.fake.stats.sendCalls).toBe(calls);

    const audit = await t.dataSource.getRepository(AuditLog).findBy({ action: 'bulletin.publish', targetId: String(bulletinId) });
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ tasks: tasks.length });
  });

  it('publishing again answers the one publication', async () => {
    const first = await t.dataSource.getRepository(Bulletin).findOneByOrFail({ id: bulletinId });
    const again = await t.http.post(`/api/bulletins/${bulletinId}/publish`).set(as('town_admin2'));
    expect(again.status).toBe(200);
    expect(again.body.publishedAt).toBe(new Date(first.publishedAt!).toISOString());
    expect(await tasksOf(bulletinId)).toHaveLength((await expectedLevelOne()).length);
  });

  it('concurrent publishes make one publication', async () => {
    const id = await approved({ title: '并发发布' });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => t.http.post(`/api/bulletins/${id}/publish`).set(as(i % 2 ? 'town_admin' : 'town_admin2'))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.publishedAt)).size).toBe(1);
    expect(await tasksOf(id)).toHaveLength((await expectedLevelOne()).length);
    expect(await t.dataSource.getRepository(AuditLog).countBy({ action: 'bulletin.publish', targetId: String(id) })).toBe(1);
  });

  it('readers: anyone reads a published bulletin, drafts only the town admins; feed and list', async () => {
    const asResident = await t.http.get(`/api/bulletins/${bulletinId}`).set(as('resident'));
    expect(asResident.status).toBe(200);
    expect(asResident.body).toMatchObject({ status: 'published', contentCheck: null, reviewerName: null, myConfirmedAt: null });
    expect(asResident.body.authorName).not.toBe('王建国');
    const outsider = await t.login('someone-from-elsewhere');
    expect((await t.http.get(`/api/bulletins/${bulletinId}`).set(t.bearer(outsider))).status).toBe(200);
    // their feed is empty: they belong to no town
    expect((await t.http.get('/api/bulletins/feed').set(t.bearer(outsider))).body.items).toEqual([]);

    const draft = await create({ title: '仍是草稿' });
    expect((await t.http.get(`/api/bulletins/${draft.id}`).set(as('resident'))).status).toBe(404);
    expect((await t.http.get(`/api/bulletins/${draft.id}`).set(as('police_liaison'))).status).toBe(404);
    expect((await t.http.get(`/api/bulletins/${draft.id}`).set(as('town_admin2'))).status).toBe(200);

    const feed = await t.http.get('/api/bulletins/feed?limit=1').set(as('resident'));
    expect(feed.status).toBe(200);
    expect(feed.body.items).toHaveLength(1);
    expect(feed.body.items[0].status).toBe('published');
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: number }>; nextCursor: string | null } } = await t.http.get(`/api/bulletins/feed?limit=1${cursor ? `&cursor=${cursor}` : ''}`).set(as('village_cadre'));
      seen.push(...page.body.items.map((b) => b.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toContain(bulletinId);
    expect(seen).not.toContain(draft.id);
    expect(new Set(seen).size).toBe(seen.length);

    const list = await t.http.get(`/api/bulletins?townId=${ids.town}&status=draft`).set(as('town_admin2'));
    expect(list.status).toBe(200);
    expect(list.body.items.every((b: { status: string }) => b.status === 'draft')).toBe(true);
    expect(list.body.items.map((b: { id: number }) => b.id)).toContain(draft.id);
    expect((await t.http.get(`/api/bulletins?townId=${ids.town}`).set(as('police_liaison'))).status).toBe(403);
    expect((await t.http.get(`/api/bulletins?townId=${ids.town}&cursor=zzz`).set(as('town_admin'))).status).toBe(400);
  });

  it('a scheduled bulletin publishes itself when the clock reaches publishAt', async () => {
    const id = await approved({ title: '反诈日志', category: 'daily_log', publishAt: iso(HOUR), forwardDeadline: iso(5 * HOUR) });
    const res = await t.http.post(`/api/bulletins/${id}/publish`).set(as('town_admin2'));
    expect([res.status, res.body.status, res.body.publishedAt]).toEqual([200, 'scheduled', null]);
    // again: still the one schedule
    expect((await t.http.post(`/api/bulletins/${id}/publish`).set(as('town_admin2'))).body.status).toBe('scheduled');
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ topic: 'bulletin.publish' })).toBe(1);
    await drainOutbox();
    expect((await t.dataSource.getRepository(Bulletin).findOneByOrFail({ id })).status).toBe('scheduled');
    expect(await tasksOf(id)).toHaveLength(0);

    t.clock.advance(HOUR + 1000);
    await drainOutbox();
    const b = await t.dataSource.getRepository(Bulletin).findOneByOrFail({ id });
    expect(b.status).toBe('published');
    expect(new Date(b.publishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(b.publishAt!).getTime());
    const tasks = await tasksOf(id);
    expect(tasks).toHaveLength((await expectedLevelOne()).length);
    expect(new Date(tasks[0].deadline!).toISOString()).toBe(new Date(b.forwardDeadline!).toISOString());
    const audit = await t.dataSource.getRepository(AuditLog).findOneByOrFail({ action: 'bulletin.publish', targetId: String(id) });
    expect(audit.actorId).toBeNull();
    await loginAll();
  });
});

describe('tasks: inbox, forward, offline, overdue, reminders', () => {
  let bulletinId: number;

  beforeAll(async () => {
    bulletinId = await published({ title: '冒充客服退款诈骗预警', urgency: 'urgent', scope: { kind: 'nodes', nodeIds: [ids.dongshan, ids.xihe, ids.textile] }, forwardDeadline: iso(2 * HOUR) });
    await drainOutbox();
  });

  it('the cadre’s inbox lists the task with its bulletin and counts', async () => {
    const res = await t.http.get('/api/tasks').set(as('village_cadre'));
    expect(res.status).toBe(200);
    const task = res.body.items.find((x: { bulletin: { id: number } }) => x.bulletin.id === bulletinId);
    expect(task).toMatchObject({ level: 1, status: 'pending', overdue: false, node: { id: ids.dongshan, kind: 'village' }, groupsBound: 0, offlinePhotoUrl: null });
    expect(task.bulletin).toMatchObject({ title: '冒充客服退款诈骗预警', urgency: 'urgent', status: 'published' });
    const all = await tasksOf(bulletinId);
    expect(all.map((x) => x.nodeId).sort()).toEqual([ids.dongshan, ids.xihe, ids.textile].sort());
    const pendingAtDongshan = await t.dataSource.getRepository(ForwardTask).countBy({ nodeId: ids.dongshan, status: 'pending' });
    expect(res.body.counts.pending).toBe(pendingAtDongshan);
    // the grid worker has nothing from this bulletin until the village forwards
    const grid = await t.http.get('/api/tasks?status=all').set(as('grid_worker'));
    expect(grid.body.items.filter((x: { bulletin: { id: number } }) => x.bulletin.id === bulletinId)).toEqual([]);
    expect((await t.http.get('/api/tasks').set(as('town_admin'))).body).toMatchObject({ items: [], counts: { pending: 0, forwarded: 0, overdue: 0 } });
  });

  it('a cadre acting on a task outside their inbox gets 404', async () => {
    const xihe = await taskAt(bulletinId, ids.xihe);
    const textile = await taskAt(bulletinId, ids.textile);
    for (const p of ['village_cadre', 'grid_worker', 'town_admin', 'unit_contact', 'resident'] as const) {
      const r = await t.http.post(`/api/tasks/${xihe.id}/forward`).set(as(p));
      expect([p, r.status, r.body.code]).toEqual([p, 404, 'NOT_FOUND']);
    }
    expect((await t.http.post(`/api/tasks/${textile.id}/offline`).set(as('village_cadre')).send({ note: '公告栏' })).status).toBe(404);
    expect((await t.http.post('/api/tasks/999999/forward').set(as('village_cadre'))).status).toBe(404);
  });

  it('forwarding a village’s task opens a task for each of its grids and notifies their workers', async () => {
    const task = await taskAt(bulletinId, ids.dongshan);
    const sentBefore = t.fake.sent.length;
    const res = await t.http.post(`/api/tasks/${task.id}/forward`).set(as('village_cadre'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: task.id, status: 'forwarded', level: 1 });
    expect(res.body.forwardedAt).not.toBeNull();
    const again = await t.http.post(`/api/tasks/${task.id}/forward`).set(as('village_cadre'));
    expect([again.status, again.body.code]).toEqual([409, 'TASK_ALREADY_DONE']);

    const grids = (await tasksOf(bulletinId)).filter((x) => x.level === 2);
    const dsGrids = await t.dataSource.getRepository(OrgNode).findBy({ parentId: ids.dongshan, kind: 'grid' });
    expect(grids.map((g) => g.nodeId).sort()).toEqual(dsGrids.map((g) => g.id).sort());
    expect(grids.every((g) => g.parentTaskId === task.id && g.status === 'pending' && g.deadline !== null)).toBe(true);

    await drainOutbox();
    const sent = t.fake.sent.slice(sentBefore);
    expect(sent.map((s) => s.touser)).toEqual(['demo-grid_worker']);
    expect(sent[0].data.phrase4.value).toBe('紧急转发');

    const inbox = await t.http.get('/api/tasks').set(as('grid_worker'));
    const mine = inbox.body.items.find((x: { bulletin: { id: number } }) => x.bulletin.id === bulletinId);
    expect(mine).toMatchObject({ level: 2, node: { id: ids.dsGrid1 }, status: 'pending' });
    const gridForward = await t.http.post(`/api/tasks/${mine.id}/forward`).set(as('grid_worker'));
    expect(gridForward.body.status).toBe('forwarded');
    // grids do not cascade further
    expect((await tasksOf(bulletinId)).filter((x) => x.level === 3)).toEqual([]);
    const done = await t.http.get('/api/tasks?status=forwarded').set(as('grid_worker'));
    expect(done.body.items.map((x: { id: number }) => x.id)).toContain(mine.id);
  });

  it('an offline forward records a note and the cadre’s own photo, and is counted apart', async () => {
    const task = await taskAt(bulletinId, ids.textile);
    const photo = await t.http.post('/api/files?purpose=offline_forward').set(as('unit_contact')).attach('file', PNG_1PX, 'board.png');
    const wrong = await t.http.post('/api/files?purpose=bulletin').set(as('unit_contact')).attach('file', PNG_1PX, 'x.png');
    const notMine = await t.http.post('/api/files?purpose=offline_forward').set(as('village_cadre')).attach('file', PNG_1PX, 'y.png');
    for (const fileId of [wrong.body.id, notMine.body.id]) {
      const bad = await t.http.post(`/api/tasks/${task.id}/offline`).set(as('unit_contact')).send({ note: '厂区公告栏张贴', photoFileId: fileId });
      expect([bad.status, bad.body.code]).toEqual([404, 'FILE_NOT_FOUND']);
    }
    expect((await taskAt(bulletinId, ids.textile)).status).toBe('pending');
    const res = await t.http.post(`/api/tasks/${task.id}/offline`).set(as('unit_contact')).send({ note: '厂区公告栏张贴', photoFileId: photo.body.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'offline', offlineNote: '厂区公告栏张贴' });
    expect((await t.http.get(res.body.offlinePhotoUrl)).status).toBe(200);
    const inbox = await t.http.get('/api/tasks?status=forwarded').set(as('unit_contact'));
    expect(inbox.body.items.find((x: { id: number }) => x.id === task.id).status).toBe('offline');
    expect((await t.http.post(`/api/tasks/${task.id}/forward`).set(as('unit_contact'))).body.code).toBe('TASK_ALREADY_DONE');
  });

  it('reminders: at most one per task per two hours, to the task node’s cadres', async () => {
    const xihe = await taskAt(bulletinId, ids.xihe);
    const first = await t.http.post(`/api/tasks/${xihe.id}/remind`).set(as('town_admin'));
    expect([first.status, first.body]).toEqual([200, { reminded: 1, skipped: 0 }]);
    const second = await t.http.post(`/api/tasks/${xihe.id}/remind`).set(as('police_liaison'));
    expect([second.status, second.body.code]).toEqual([429, 'REMIND_TOO_SOON']);
    // a cadre may remind the grids below, not themselves or other villages
    const grid2 = await taskAt(bulletinId, ids.dsGrid2);
    expect((await t.http.post(`/api/tasks/${grid2.id}/remind`).set(as('village_cadre'))).status).toBe(200);
    expect((await t.http.post(`/api/tasks/${xihe.id}/remind`).set(as('village_cadre'))).status).toBe(404);
    expect((await t.http.post(`/api/tasks/${grid2.id}/remind`).set(as('grid_worker'))).status).toBe(404);
    expect((await t.http.post(`/api/tasks/${(await taskAt(bulletinId, ids.dsGrid1)).id}/remind`).set(as('grid_worker'))).status).toBe(403);
    const done = await taskAt(bulletinId, ids.dongshan);
    expect((await t.http.post(`/api/tasks/${done.id}/remind`).set(as('town_admin'))).body.code).toBe('TASK_ALREADY_DONE');

    // the whole bulletin: xihe and grid 2 were just reminded; 东山村 grid 3 is due
    const all = await t.http.post(`/api/bulletins/${bulletinId}/remind`).set(as('town_admin')).send({});
    expect(all.body).toEqual({ reminded: 1, skipped: 2 });
    const byCadre = await t.http.post(`/api/bulletins/${bulletinId}/remind`).set(as('village_cadre')).send({ nodeId: ids.dongshan });
    expect(byCadre.body).toEqual({ reminded: 0, skipped: 2 });
    expect((await t.http.post(`/api/bulletins/${bulletinId}/remind`).set(as('village_cadre')).send({ nodeId: ids.xihe })).status).toBe(404);
    expect((await t.http.post(`/api/bulletins/${bulletinId}/remind`).set(as('grid_worker')).send({})).status).toBe(403);

    const before = t.fake.sent.length;
    await drainOutbox();
    // 西河村 has no cadre in the demo data; the grid worker of 第一网格 forwarded already
    expect(t.fake.sent.slice(before).every((s) => s.data.phrase4.value === '催办')).toBe(true);

    t.clock.advance(2 * HOUR);
    await loginAll();
    const later = await t.http.post(`/api/bulletins/${bulletinId}/remind`).set(as('town_admin')).send({});
    expect(later.body).toEqual({ reminded: 3, skipped: 0 });
    expect(await t.dataSource.getRepository(AuditLog).countBy({ action: 'bulletin.remind', targetId: String(bulletinId) })).toBe(3);
  });

  it('a pending task past its deadline is overdue in the inbox', async () => {
    // the deadline was two hours after publishing; the clock has moved past it
    t.clock.advance(60_000);
    await loginAll();
    // 东山村第二、三网格 never forwarded: past the deadline they are overdue (第一网格 forwarded in time)
    const res = await t.http.get('/api/tasks?status=overdue').set(as('grid_worker'));
    expect(res.status).toBe(200);
    expect(res.body.items.filter((x: { bulletin: { id: number } }) => x.bulletin.id === bulletinId)).toEqual([]);
    const late = await t.dataSource.getRepository(ForwardTask).findOneByOrFail({ bulletinId, nodeId: ids.dsGrid2 });
    expect([late.status, new Date(late.deadline!).getTime() < t.clock.now().getTime()]).toEqual(['pending', true]);
    const cadreView = await t.http.get('/api/tasks?status=overdue').set(as('village_cadre'));
    expect(cadreView.body.items.every((x: { overdue: boolean; status: string }) => x.overdue && x.status === 'pending')).toBe(true);

    const fresh = await published({ title: '逾期测试', scope: { kind: 'nodes', nodeIds: [ids.dongshan] }, forwardDeadline: iso(HOUR) });
    const before = await t.http.get('/api/tasks').set(as('village_cadre'));
    const task = before.body.items.find((x: { bulletin: { id: number } }) => x.bulletin.id === fresh);
    expect(task.overdue).toBe(false);
    t.clock.advance(HOUR + 1000);
    await loginAll();
    const after = await t.http.get('/api/tasks?status=overdue').set(as('village_cadre'));
    expect(after.body.items.find((x: { id: number }) => x.id === task.id)).toMatchObject({ overdue: true, status: 'pending' });
    expect(after.body.counts.overdue).toBe(before.body.counts.overdue + 1);
    const pending = await t.http.get('/api/tasks?status=pending').set(as('village_cadre'));
    expect(pending.body.items.map((x: { id: number }) => x.id)).toContain(task.id);
  });
});
