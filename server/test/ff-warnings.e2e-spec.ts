// Red/yellow/green warnings: the demo town's ten organisations each given one reason (or none) for
// February 2031 through rows written straight to the source tables (case figures, ledger activities,
// quiz aggregates, bulletins and forwarding tasks), with the edges that must not count (days and
// deadlines just outside the month, campaigns outside the 90 days or drafts, a stray aggregate, a draft
// bulletin, forwards by the deadline). The test clock drives the default period, the China month
// boundary and deadlines not yet past. Rules (defaults, saved, audit-logged) change the outcome; a red
// organisation's title goes under review; who sees which colours.
import { DEFAULT_WARNING_RULES, WarningList, WarningRules } from '@wuzha/shared';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { Bulletin } from '../src/modules/bulletins/bulletin.entity';
import { FfAward } from '../src/modules/ff-applications/ff-award.entity';
import { FfActivity } from '../src/modules/ff-ledger/ff-activity.entity';
import { FfCaseFigure } from '../src/modules/ff-ledger/ff-case-figure.entity';
import { FfWarning } from '../src/modules/ff-warnings/ff-warning.entity';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { QuizCampaign } from '../src/modules/quiz/quiz-campaign.entity';
import { QuizNodeStat } from '../src/modules/quiz/quiz-stats.entity';
import { ForwardTask } from '../src/modules/tasks/forward-task.entity';
import { secondTown } from './authz/pledge-campaigns.rows';
import { actors, err } from './utils/actors';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(300_000);

// a China wall-clock time
const cn = (s: string) => new Date(`${s}+08:00`);
const NOW = cn('2031-03-10T10:00:00');

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const node: Record<string, OrgNode> = {};
const { as } = actors(() => t, {});
const who = (role: string) => as(`demo-${role}`);

// ---- rows written straight to the source tables
async function caseFigure(n: OrgNode, month: string, cases: number): Promise<void> {
  const now = t.clock.now();
  await t.dataSource.getRepository(FfCaseFigure).insert({ townId: ids.town, nodeId: n.id, nodePath: n.path, month, cases, lossYuan: cases * 1000, enteredBy: 1, createdAt: now, updatedAt: now });
}
async function activity(n: OrgNode, day: string): Promise<void> {
  await t.dataSource.getRepository(FfActivity).insert({ townId: ids.town, nodeId: n.id, nodePath: n.path, day, place: '村文化礼堂', kind: 'lecture', title: '反诈宣讲', peopleReached: 20, photoIds: [], createdBy: 1, createdAt: t.clock.now() });
}
async function quiz(o: { audience: OrgNode[]; status?: string; kind?: string; startsAt: Date; endsAt: Date; stats: Array<[OrgNode, number, number]> }): Promise<void> {
  const now = t.clock.now();
  const status = o.status ?? 'published';
  const c = await t.dataSource.getRepository(QuizCampaign).save({
    townId: ids.town, ownerNodeId: ids.town, ownerPath: node.town.path, kind: o.kind ?? 'exam', title: '反诈知识测评', intro: '', audience: o.audience.map((a) => ({ nodeId: a.id, path: a.path })),
    roles: ['resident'], startsAt: o.startsAt, endsAt: o.endsAt, draw: { mode: 'random', rules: [{ count: 3 }] }, questionCount: 3, shuffleQuestions: true, shuffleOptions: true,
    timeLimitMinutes: null, attemptsPerDay: null, attemptsTotal: null, passPercent: 60, counting: 'best', status, createdBy: 1, createdAt: now, updatedAt: now,
    publishedAt: status === 'draft' ? null : now, closedAt: status === 'closed' ? now : null,
  });
  for (const [n, participants, passed] of o.stats) {
    await t.dataSource.getRepository(QuizNodeStat).insert({ campaignId: c.id, nodeId: n.id, nodePath: n.path, participants, passed, correct: 0, answered: 0, attempts: participants, flagged: 0 });
  }
}
async function bulletin(publishedAt: Date, status = 'published'): Promise<number> {
  const b = await t.dataSource.getRepository(Bulletin).save({
    townId: ids.town, townPath: node.town.path, authorId: 1, title: '反诈预警', summary: '反诈预警', body: [], category: 'warning', fraudTypes: null, urgency: 'normal', scopeKind: 'town',
    status, forwardDeadline: null, publishAt: null, reviewerId: null, returnReason: null, contentCheck: null, createdAt: publishedAt, updatedAt: publishedAt, submittedAt: null, reviewedAt: null,
    publishedAt: status === 'published' ? publishedAt : null,
  } as Partial<Bulletin>);
  return b.id;
}
// a forwarding task due at `deadline`; done: forwarded or reported offline at that time (none: pending)
async function task(bulletinId: number, n: OrgNode, deadline: Date, done?: { status: 'forwarded' | 'offline'; at: Date }): Promise<void> {
  await t.dataSource.getRepository(ForwardTask).insert({
    bulletinId, nodeId: n.id, nodePath: n.path, level: n.kind === 'grid' ? 2 : 1, parentTaskId: null, status: done?.status ?? 'pending', deadline, forwardedAt: done?.at ?? null,
    forwardedBy: done ? 1 : null, offlineNote: done?.status === 'offline' ? '村广播播放' : null, offlinePhotoId: null, lastRemindedAt: null, createdAt: deadline,
  });
}
let awardSeq = 0;
async function award(n: OrgNode, awardedAt: Date, validUntil: Date): Promise<number> {
  const a = await t.dataSource.getRepository(FfAward).save({
    programId: 1, applicationId: 900_000 + ++awardSeq, townId: ids.town, nodeId: n.id, nodePath: n.path, kind: 'community', scoreX10: 900, awardedAt, validUntil, status: 'active',
    reviewReason: null, reviewOpenedAt: null, revokeReason: null, revokedAt: null, decidedBy: 1, updatedAt: awardedAt,
  });
  return a.id;
}
const awardRow = (id: number) => t.dataSource.getRepository(FfAward).findOneByOrFail({ id });

// ---- requests
const compute = async (role: string, body: Record<string, unknown> = { townId: ids.town }) => (await who(role)).post('/api/ff/warnings/compute', body);
const list = async (role: string, query: Record<string, unknown>) => (await who(role)).get('/api/ff/warnings', query);
async function okList(role: string, query: Record<string, unknown>): Promise<WarningList> {
  const res = await list(role, query);
  expect(res.status).toBe(200);
  return res.body;
}
// name → "colour: reason/colour/detail; …"
const byName = (l: WarningList) => Object.fromEntries(l.items.map((i) => [i.node.name, [i.colour, ...i.reasons.map((r) => `${r.reason}/${r.colour}/${r.detail}`)].join(' ')]));

let awards: Record<'xihe' | 'nanling' | 'textile' | 'binjiang', number>;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(NOW);
  ids = await demoNodeIds(t);
  const nodes = t.dataSource.getRepository(OrgNode);
  for (const [k, id] of Object.entries(ids)) node[k] = await nodes.findOneByOrFail({ id });
  for (const [k, name] of [['nanling', '南岭村'], ['beihu', '北湖村'], ['xincheng', '新城社区'], ['binjiang', '滨江社区']] as const) node[k] = await nodes.findOneByOrFail({ name, parentId: ids.town });
  const grid = async (parent: OrgNode, name: string) => nodes.findOneByOrFail({ name, parentId: parent.id });
  const [bhGrid1, xcGrid1, xcGrid2, bjGrid1, bjGrid2, bjGrid3] = await Promise.all([
    grid(node.beihu, '第一网格'), grid(node.xincheng, '第一网格'), grid(node.xincheng, '第二网格'), grid(node.binjiang, '第一网格'), grid(node.binjiang, '第二网格'), grid(node.binjiang, '第三网格'),
  ]);
  const grade3 = await nodes.findOneByOrFail({ name: '三年级', parentId: ids.primary });
  const primaryClass = await nodes.findOneByOrFail({ name: '三年级1班', parentId: grade3.id });

  // cases: 东山村 up from 0 to 1 (yellow); 西河村 up 50% to 3 (red); 南岭村 5, down from 6 (red: 5 or more);
  // 和平纺织 1 and 1 (not up); a figure of December does not count as the month before
  await caseFigure(node.dongshan, '2031-02', 1);
  await caseFigure(node.xihe, '2031-01', 2);
  await caseFigure(node.xihe, '2031-02', 3);
  await caseFigure(node.nanling, '2031-01', 6);
  await caseFigure(node.nanling, '2031-02', 5);
  await caseFigure(node.textile, '2030-12', 4);
  await caseFigure(node.textile, '2031-01', 1);
  await caseFigure(node.textile, '2031-02', 1);

  // activities in February under every organisation but 和平镇中学 (its are on the days around the month)
  await activity(node.dsGrid1, '2031-02-01');
  await activity(node.xihe, '2031-02-28');
  for (const k of ['nanling', 'beihu', 'xincheng', 'binjiang', 'textile', 'coop']) await activity(node[k], '2031-02-15');
  await activity(primaryClass, '2031-02-20');
  await activity(node.school, '2031-01-31');
  await activity(node.school, '2031-03-01');

  // awareness over the 90 days up to 2031-03-01 00:00 (from 2030-12-01 00:00): 北湖村 9 of 10 (yellow);
  // 绿源 19 of 20; a campaign that ended exactly when the window opens, a draft and a practice do not
  // count, nor a row of 绿源 in a campaign whose audience is 北湖村 only
  await quiz({ audience: [node.beihu], startsAt: cn('2031-01-01T00:00:00'), endsAt: cn('2031-01-31T00:00:00'), stats: [[bhGrid1, 10, 9], [node.coop, 10, 0]] });
  await quiz({ audience: [node.town], status: 'closed', startsAt: cn('2031-02-10T00:00:00'), endsAt: cn('2031-03-20T00:00:00'), stats: [[node.coop, 20, 19]] });
  await quiz({ audience: [node.town], status: 'closed', startsAt: cn('2030-11-01T00:00:00'), endsAt: cn('2030-12-01T00:00:00'), stats: [[node.beihu, 100, 100], [node.dongshan, 10, 0]] });
  await quiz({ audience: [node.town], status: 'draft', startsAt: cn('2031-02-01T00:00:00'), endsAt: cn('2031-02-20T00:00:00'), stats: [[node.beihu, 100, 100], [node.xihe, 10, 0]] });
  await quiz({ audience: [node.town], kind: 'practice', startsAt: cn('2031-02-01T00:00:00'), endsAt: cn('2031-02-20T00:00:00'), stats: [[node.beihu, 100, 100], [node.xihe, 10, 0]] });

  // forwarding, due 2031-02-02 12:00: 新城社区 itself never forwards (1 overdue), its grids forward and
  // report offline in time; 滨江社区 forwards late, its grid 1 never, grid 2 offline late, grid 3 in time (3)
  const due = cn('2031-02-02T12:00:00');
  const feb = await bulletin(cn('2031-02-01T09:00:00'));
  await task(feb, node.xincheng, due);
  await task(feb, xcGrid1, due, { status: 'forwarded', at: cn('2031-02-02T11:00:00') });
  await task(feb, xcGrid2, due, { status: 'offline', at: due });
  await task(feb, node.binjiang, due, { status: 'forwarded', at: cn('2031-02-02T13:00:00') });
  await task(feb, bjGrid1, due);
  await task(feb, bjGrid2, due, { status: 'offline', at: cn('2031-02-02T12:00:01') });
  await task(feb, bjGrid3, due, { status: 'forwarded', at: cn('2031-02-02T08:00:00') });
  // due just before and after February, and in March (counted in March once past); a draft's task never
  const jan = await bulletin(cn('2031-01-30T09:00:00'));
  await task(jan, node.dongshan, cn('2031-01-31T23:59:59'));
  await task(jan, node.textile, cn('2031-03-01T00:00:00'));
  const mar = await bulletin(cn('2031-03-05T09:00:00'));
  await task(mar, node.xincheng, cn('2031-03-20T12:00:00'));
  const draft = await bulletin(cn('2031-02-01T09:00:00'), 'draft');
  await task(draft, node.coop, due);

  // titles: 西河村's (given in December) goes under review when it turns red; 南岭村's was given after
  // February; 和平纺织 stays green; 滨江社区's has expired
  awards = {
    xihe: await award(node.xihe, cn('2030-12-15T10:00:00'), cn('2031-12-15T10:00:00')),
    nanling: await award(node.nanling, cn('2031-03-05T10:00:00'), cn('2032-03-05T10:00:00')),
    textile: await award(node.textile, cn('2030-06-01T10:00:00'), cn('2031-06-01T10:00:00')),
    binjiang: await award(node.binjiang, cn('2030-03-01T10:00:00'), cn('2031-03-01T10:00:00')),
  };
});

afterAll(async () => {
  await t?.close();
});

const FEBRUARY = {
  东山村: 'yellow cases_up/yellow/本月发案1起，上月0起',
  西河村: 'red cases_up/red/本月发案3起，上月2起',
  南岭村: 'red cases_high/red/本月发案5起',
  北湖村: 'yellow awareness_low/yellow/知晓率90%，低于92%',
  新城社区: 'yellow forwards_overdue/yellow/1条信息逾期未转发',
  滨江社区: 'red forwards_overdue/red/3条信息逾期未转发',
  和平镇中学: 'yellow no_activity/yellow/本月没有登记宣传活动',
  和平镇中心小学: 'green',
  和平纺织有限公司: 'green',
  绿源农业专业合作社: 'green',
};

describe('rules', () => {
  it('the defaults until saved, for ff.read holders of the town (a village cadre too)', async () => {
    for (const role of ['town_admin', 'police_liaison', 'village_cadre', 'unit_contact', 'school_admin']) {
      const res = await (await who(role)).get('/api/ff/warning-rules', { townId: ids.town });
      expect([role, res.status, res.body]).toEqual([role, 200, { townId: ids.town, rules: DEFAULT_WARNING_RULES, updatedAt: null }]);
    }
    for (const role of ['grid_worker', 'teacher', 'resident']) expect([role, err(await (await who(role)).get('/api/ff/warning-rules', { townId: ids.town }))]).toEqual([role, '404 NOT_FOUND']);
    const village = await (await who('town_admin')).get('/api/ff/warning-rules', { townId: ids.dongshan });
    expect(err(village)).toBe('400 VALIDATION_FAILED');
    expect(village.body.fields).toEqual([{ path: 'query.townId', message: expect.any(String) }]);
  });
});

describe('computing a month', () => {
  it('defaults to the month before the current China month: one colour per organisation, each reason alone, green when none', async () => {
    const res = await compute('town_admin');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ period: '2031-02', nodes: 10, green: 3, yellow: 4, red: 3 });
    const rows = await t.dataSource.getRepository(FfWarning).findBy({ townId: ids.town, period: '2031-02' });
    expect(rows).toHaveLength(10);
    const l = await okList('town_admin', { nodeId: ids.town });
    expect(l.period).toBe('2031-02');
    expect(l.counts).toEqual({ green: 3, yellow: 4, red: 3 });
    expect(byName(l)).toEqual(FEBRUARY);
    // red first, then yellow, then green
    expect(l.items.map((i) => i.colour)).toEqual(['red', 'red', 'red', 'yellow', 'yellow', 'yellow', 'yellow', 'green', 'green', 'green']);
    expect(l.items[0]).toMatchObject({ node: { id: ids.xihe, name: '西河村', kind: 'village' }, period: '2031-02', computedAt: NOW.toISOString() });
  });

  it('a red organisation holding a title puts it under review, naming the colour and month; not a title given after the month, nor one of a green or expired title', async () => {
    expect(await awardRow(awards.xihe)).toMatchObject({ status: 'review', reviewReason: '2031年2月红色预警：本月发案3起，上月2起' });
    expect((await awardRow(awards.xihe)).reviewOpenedAt).not.toBeNull();
    expect(await awardRow(awards.nanling)).toMatchObject({ status: 'active', reviewReason: null });
    expect(await awardRow(awards.textile)).toMatchObject({ status: 'active', reviewReason: null });
    expect(await awardRow(awards.binjiang)).toMatchObject({ status: 'active', reviewReason: null });
  });

  it('computing the month again replaces its rows; a title kept meanwhile is not put under review again for the same red month', async () => {
    // the town kept 西河村's title
    await t.dataSource.getRepository(FfAward).update({ id: awards.xihe }, { status: 'active', reviewReason: null, reviewOpenedAt: null });
    t.clock.set(new Date(NOW.getTime() + 3600_000));
    const res = await compute('town_admin', { townId: ids.town, period: '2031-02' });
    expect(res.body).toEqual({ period: '2031-02', nodes: 10, green: 3, yellow: 4, red: 3 });
    const rows = await t.dataSource.getRepository(FfWarning).findBy({ townId: ids.town, period: '2031-02' });
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => new Date(r.computedAt).toISOString()))).toEqual(new Set([new Date(NOW.getTime() + 3600_000).toISOString()]));
    expect(await awardRow(awards.xihe)).toMatchObject({ status: 'active', reviewReason: null });
    t.clock.set(NOW);
  });

  it('the current month counts only deadlines already past; the list defaults to the latest computed month', async () => {
    const early = await compute('town_admin', { townId: ids.town, period: '2031-03' });
    expect(early.status).toBe(200);
    let l = await okList('town_admin', { nodeId: node.xincheng.id });
    expect(l.period).toBe('2031-03');
    // no activity yet in March; the task due on the 20th is not overdue on the 10th
    expect(byName(l)).toEqual({ 新城社区: 'yellow no_activity/yellow/本月没有登记宣传活动' });
    // a case of 南岭村 in March: 0 → 1
    t.clock.set(cn('2031-03-25T10:00:00'));
    const late = await compute('town_admin', { townId: ids.town, period: '2031-03' });
    expect(late.status).toBe(200);
    l = await okList('town_admin', { nodeId: node.xincheng.id });
    expect(byName(l)).toEqual({ 新城社区: 'yellow forwards_overdue/yellow/1条信息逾期未转发 no_activity/yellow/本月没有登记宣传活动' });
    // 和平纺织's task due at March 1st 00:00 counts in March, not February
    l = await okList('town_admin', { nodeId: ids.textile, period: '2031-03' });
    expect(byName(l)).toEqual({ 和平纺织有限公司: 'yellow forwards_overdue/yellow/1条信息逾期未转发 no_activity/yellow/本月没有登记宣传活动' });
    // February's colours are still there when asked for
    l = await okList('town_admin', { nodeId: ids.town, period: '2031-02' });
    expect(byName(l)).toEqual(FEBRUARY);
    t.clock.set(NOW);
  });

  it('the default period follows the China month boundary; a future month is refused and writes nothing; before 2000 a field error', async () => {
    const before = await t.dataSource.getRepository(FfWarning).count();
    // 2031-03-31 23:59:59 in China: still March
    t.clock.set(new Date('2031-03-31T15:59:59Z'));
    expect((await compute('town_admin')).body).toMatchObject({ period: '2031-02', nodes: 10 });
    // one second later it is April 1st in China (still March 31st in UTC)
    t.clock.set(new Date('2031-03-31T16:00:00Z'));
    expect((await compute('town_admin')).body).toMatchObject({ period: '2031-03', nodes: 10 });
    const future = await compute('town_admin', { townId: ids.town, period: '2031-05' });
    expect(err(future)).toBe('400 FF_MONTH_IN_FUTURE');
    expect(future.body.message).toContain('2031年5月');
    const old = await compute('town_admin', { townId: ids.town, period: '1999-12' });
    expect(err(old)).toBe('400 VALIDATION_FAILED');
    expect(err(await compute('town_admin', { townId: ids.town, period: '2031-13' }))).toBe('400 VALIDATION_FAILED');
    expect(await t.dataSource.getRepository(FfWarning).count()).toBe(before);
    // the current China month (April) is allowed
    expect((await compute('town_admin', { townId: ids.town, period: '2031-04' })).body).toMatchObject({ period: '2031-04', nodes: 10 });
    await t.dataSource.getRepository(FfWarning).delete({ period: '2031-04' });
    t.clock.set(NOW);
  });

  it('only a town admin of the town computes: the police liaison 403, a village cadre or another town 404; a village is not a town', async () => {
    expect(err(await compute('police_liaison'))).toBe('403 FORBIDDEN');
    for (const role of ['village_cadre', 'unit_contact', 'resident']) expect([role, err(await compute(role))]).toEqual([role, '404 NOT_FOUND']);
    const village = await compute('town_admin', { townId: ids.dongshan });
    expect(err(village)).toBe('400 VALIDATION_FAILED');
    expect(village.body.fields).toEqual([{ path: 'body.townId', message: expect.any(String) }]);
    expect(err(await compute('town_admin', { townId: 999_999 }))).toBe('404 NOT_FOUND');
  });
});

describe('custom rules', () => {
  const put = async (role: string, rules: unknown, townId = ids.town) => (await who(role)).put('/api/ff/warning-rules', rules as object, { townId });
  const custom: WarningRules = { casesUpRedPercent: 100, casesRed: 10, awarenessBelow: 80, overdueYellow: 2, overdueRed: 5, noActivityYellow: false };

  it('a town admin saves them (audit-logged); others may not; nonsense refused', async () => {
    expect(err(await put('police_liaison', custom))).toBe('403 FORBIDDEN');
    expect(err(await put('village_cadre', custom))).toBe('404 NOT_FOUND');
    const bad = await put('town_admin', { ...custom, overdueYellow: 4, overdueRed: 3 });
    expect(err(bad)).toBe('400 VALIDATION_FAILED');
    expect(bad.body.fields).toEqual([{ path: 'body.overdueRed', message: '红色的逾期条数不能少于黄色' }]);
    expect(err(await put('town_admin', { ...custom, awarenessBelow: 101 }))).toBe('400 VALIDATION_FAILED');
    expect(await t.dataSource.getRepository(AuditLog).countBy({ action: 'ff.warnings.rules' })).toBe(0);

    const res = await put('town_admin', custom);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ townId: ids.town, rules: custom, updatedAt: NOW.toISOString() });
    const read = await (await who('village_cadre')).get('/api/ff/warning-rules', { townId: ids.town });
    expect(read.body).toEqual(res.body);
    const audit = await t.dataSource.getRepository(AuditLog).findBy({ action: 'ff.warnings.rules' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ nodeId: ids.town, targetType: 'ff_warning_config', detail: { rules: custom, previous: null } });
  });

  it('change the colours of the month', async () => {
    const res = await compute('town_admin', { townId: ids.town, period: '2031-02' });
    // 东山村 0 → 1 (+∞%, but 1 case): yellow; 西河村 2 → 3 (+50% < 100%): yellow; 南岭村 5 < 10 and down: green;
    // 北湖村 90% ≥ 80%: green; 新城社区 1 overdue < 2: green; 滨江社区 3: yellow; no activity: no reason
    expect(res.body).toEqual({ period: '2031-02', nodes: 10, green: 7, yellow: 3, red: 0 });
    const l = await okList('police_liaison', { nodeId: ids.town, period: '2031-02', colour: 'yellow' });
    expect(l.counts).toEqual({ green: 7, yellow: 3, red: 0 });
    expect(byName(l)).toEqual({
      东山村: 'yellow cases_up/yellow/本月发案1起，上月0起',
      西河村: 'yellow cases_up/yellow/本月发案3起，上月2起',
      滨江社区: 'yellow forwards_overdue/yellow/3条信息逾期未转发',
    });
    // back to the defaults: February as first computed
    const again = await put('town_admin', DEFAULT_WARNING_RULES);
    expect(again.body.rules).toEqual(DEFAULT_WARNING_RULES);
    const audit = await t.dataSource.getRepository(AuditLog).findBy({ action: 'ff.warnings.rules' });
    expect(audit.map((a) => (a.detail as { previous: unknown }).previous)).toEqual(expect.arrayContaining([null, custom]));
    expect((await compute('town_admin', { townId: ids.town, period: '2031-02' })).body).toEqual({ period: '2031-02', nodes: 10, green: 3, yellow: 4, red: 3 });
    expect(byName(await okList('town_admin', { nodeId: ids.town, period: '2031-02' }))).toEqual(FEBRUARY);
  });
});

describe('who sees which colours', () => {
  it('the town admin and the police liaison see every organisation, narrowed by colour or subtree; counts of the subtree', async () => {
    const police = await okList('police_liaison', { nodeId: ids.town, period: '2031-02' });
    expect(byName(police)).toEqual(FEBRUARY);
    const red = await okList('town_admin', { nodeId: ids.town, period: '2031-02', colour: 'red' });
    expect(red.counts).toEqual({ green: 3, yellow: 4, red: 3 });
    expect(red.items.map((i) => i.node.name).sort()).toEqual(['南岭村', '滨江社区', '西河村'].sort());
    const green = await okList('town_admin', { nodeId: ids.town, period: '2031-02', colour: 'green' });
    expect(green.items.map((i) => i.node.name)).toEqual(['和平镇中心小学', '和平纺织有限公司', '绿源农业专业合作社']);
    const village = await okList('town_admin', { nodeId: ids.dongshan, period: '2031-02' });
    expect(village.counts).toEqual({ green: 0, yellow: 1, red: 0 });
    expect(byName(village)).toEqual({ 东山村: FEBRUARY.东山村 });
  });

  it('a village cadre, a unit contact and a school admin see their own with the reasons; others 403 or 404', async () => {
    expect(byName(await okList('village_cadre', { nodeId: ids.dongshan, period: '2031-02' }))).toEqual({ 东山村: FEBRUARY.东山村 });
    expect(byName(await okList('unit_contact', { nodeId: ids.textile, period: '2031-02' }))).toEqual({ 和平纺织有限公司: 'green' });
    expect(byName(await okList('school_admin', { nodeId: ids.school, period: '2031-02' }))).toEqual({ 和平镇中学: FEBRUARY.和平镇中学 });
    // a grid of the village: nothing coloured there
    expect((await okList('village_cadre', { nodeId: ids.dsGrid1, period: '2031-02' })).items).toEqual([]);
    expect(err(await list('village_cadre', { nodeId: ids.xihe }))).toBe('404 NOT_FOUND');
    expect(err(await list('village_cadre', { nodeId: ids.town }))).toBe('404 NOT_FOUND');
    expect(err(await list('unit_contact', { nodeId: ids.coop }))).toBe('404 NOT_FOUND');
    expect(err(await list('grid_worker', { nodeId: ids.dsGrid1 }))).toBe('403 FORBIDDEN');
    expect(err(await list('teacher', { nodeId: ids.class71 }))).toBe('403 FORBIDDEN');
    // a resident: nothing before joining, 403 once a member of the grid
    expect(err(await list('resident', { nodeId: ids.dsGrid1 }))).toBe('404 NOT_FOUND');
    expect((await (await who('resident')).post('/api/memberships/join', { nodeId: ids.dsGrid1 })).status).toBe(200);
    expect(err(await list('resident', { nodeId: ids.dsGrid1 }))).toBe('403 FORBIDDEN');
  });

  it('a month never computed lists nothing; another town computes its own organisations only', async () => {
    const none = await okList('town_admin', { nodeId: ids.town, period: '2030-01' });
    expect(none).toEqual({ period: '2030-01', counts: { green: 0, yellow: 0, red: 0 }, items: [] });
    const { town: other, admin } = await secondTown(t, '预警测试镇', 'ff-warnings-other-admin');
    const now = t.clock.now();
    const v = await t.dataSource.getRepository(OrgNode).save({ parentId: other.id, kind: 'village', name: '外镇村', path: `${other.path}tmp/`, depth: other.depth + 1, createdAt: now, updatedAt: now });
    v.path = `${other.path}${v.id}/`;
    await t.dataSource.getRepository(OrgNode).save(v);
    const asOther = as('ff-warnings-other-admin');
    expect(admin.userId).toBeGreaterThan(0);
    const res = await (await asOther).post('/api/ff/warnings/compute', { townId: other.id });
    expect(res.body).toEqual({ period: '2031-02', nodes: 1, green: 0, yellow: 1, red: 0 });
    expect(err(await (await asOther).post('/api/ff/warnings/compute', { townId: ids.town }))).toBe('404 NOT_FOUND');
    expect(err(await (await asOther).get('/api/ff/warnings', { nodeId: ids.town }))).toBe('404 NOT_FOUND');
    expect(byName(await okList('town_admin', { nodeId: ids.town, period: '2031-02' }))).toEqual(FEBRUARY);
    const own = await (await asOther).get('/api/ff/warnings', { nodeId: other.id });
    expect(byName(own.body)).toEqual({ 外镇村: 'yellow no_activity/yellow/本月没有登记宣传活动' });
    // a town admin at the county sees both towns; the default period is the latest of either
    const countyAdmin = await t.login('ff-warnings-county-admin');
    await t.dataSource.getRepository(Membership).insert({ userId: countyAdmin.userId, nodeId: ids.county, nodePath: node.county.path, role: 'town_admin', source: 'seed', inviteId: null, createdAt: now });
    const county = await (await as('ff-warnings-county-admin')).get('/api/ff/warnings', { nodeId: ids.county, period: '2031-02' });
    expect(county.body.counts).toEqual({ green: 3, yellow: 5, red: 3 });
    expect(county.body.items).toHaveLength(11);
    const latest = await (await as('ff-warnings-county-admin')).get('/api/ff/warnings', { nodeId: ids.county });
    expect(latest.body.period).toBe('2031-03');
  });
});
