// Fraud-Free indicators from live data. The data is made through the product's own routes where they
// exist (residents joining, a quiz campaign taken and submitted, pledge campaigns signed, bulletins
// published, forwarded on time, late and not at all, opened from bound groups, feedback sent, ledger
// activities and police figures) and written straight to the tables for the edges (aggregates of
// campaigns that must not count, applications, awards, warnings). Every value is checked exactly against a model of
// what was done; the batch equals the live view for every organisation; rankings share ranks on ties;
// the export parses back and is audit-logged; summaries of the town and the county; access per role.
import { IndicatorInput, IndicatorSheet, Rankings } from '@wuzha/shared';
import { Workbook } from 'exceljs';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { FfApplication } from '../src/modules/ff-applications/ff-application.entity';
import { FfAward } from '../src/modules/ff-applications/ff-award.entity';
import { FfIndicatorService } from '../src/modules/ff-indicators/ff-indicator.service';
import { FfIndicatorValue } from '../src/modules/ff-indicators/ff-indicator-value.entity';
import { FfProgram } from '../src/modules/ff-programs/ff-program.entity';
import { FfWarning } from '../src/modules/ff-warnings/ff-warning.entity';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { QuizCampaign } from '../src/modules/quiz/quiz-campaign.entity';
import { QuizNodeStat } from '../src/modules/quiz/quiz-stats.entity';
import { User } from '../src/modules/users/user.entity';
import { ffProgramBody } from './authz/ff-programs.rows';
import { builtinTemplate, pledgeCampaignBody } from './authz/pledge-campaigns.rows';
import { answersFor, campaignBody } from './authz/quiz.rows';
import { demoNodeIds } from './utils/demo-nodes';
import { signaturePng, toBase64 } from './utils/signature-png';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(300_000);

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// China 10:00 on these days
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const node: Record<string, OrgNode> = {};
let community: number; // the program under test: 东山村, 西河村, 南岭村, 北湖村, 新城社区, 滨江社区
let unit: number; // 和平纺织, 绿源合作社

// every automatic source, a manual item; weights 9 × 10 + 2 × 5
const INDICATORS: IndicatorInput[] = [
  { key: 'participation', name: '答题参与率', source: 'quiz_participation', weight: 10, target: 80, rule: 'linear' },
  { key: 'awareness', name: '知晓率', source: 'quiz_awareness', weight: 10, target: 90, rule: 'threshold' },
  { key: 'pledge', name: '承诺书签署率', source: 'pledge_rate', weight: 10, target: 90, rule: 'linear' },
  { key: 'forwarding', name: '按时转发率', source: 'forward_timeliness', weight: 10, target: 95, rule: 'linear' },
  { key: 'reach', name: '微信群覆盖率', source: 'group_reach', weight: 10, target: 90, rule: 'linear' },
  { key: 'feedback', name: '基层反馈', source: 'feedback_sent', weight: 10, target: 2, rule: 'threshold' },
  { key: 'activities', name: '宣传活动', source: 'activities', weight: 10, target: 3, rule: 'linear' },
  { key: 'people', name: '宣传覆盖人次', source: 'activity_people', weight: 5, target: 100, rule: 'linear' },
  { key: 'cases', name: '发案数', source: 'cases', weight: 10, target: 0, rule: 'threshold' },
  { key: 'loss', name: '损失金额', source: 'case_loss', weight: 5, target: 1000, rule: 'linear' },
  { key: 'meetings', name: '工作例会', source: 'manual', weight: 10, target: 4, rule: 'threshold' },
];
const UNIT_INDICATORS: IndicatorInput[] = [
  { key: 'pledge', name: '单位倡议书签署', source: 'pledge_rate', weight: 40, target: 100, rule: 'threshold' },
  { key: 'activities', name: '职工集中宣传', source: 'activities', weight: 30, target: 2, rule: 'linear' },
  { key: 'cases', name: '职工被骗案件', source: 'cases', weight: 30, target: 0, rule: 'threshold' },
];

// ---- people and requests (tokens live a day at most: renewed as the clock moves)
const issued = new Map<string, { token: string; at: number }>();
async function tok(openid: string): Promise<string> {
  const now = t.clock.now().getTime();
  const c = issued.get(openid);
  if (c && now >= c.at && now - c.at < 12 * HOUR) return c.token;
  const token = (await t.login(openid)).accessToken;
  issued.set(openid, { token, at: now });
  return token;
}
function as(openid: string) {
  const auth = async () => t.bearer(await tok(openid));
  return {
    get: async (url: string, query: Record<string, unknown> = {}) => t.http.get(url).query(query).set(await auth()),
    post: async (url: string, body: object = {}) => t.http.post(url).set(await auth()).send(body),
    put: async (url: string, body: object = {}) => t.http.put(url).set(await auth()).send(body),
  };
}
async function ok<T = any>(res: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body;
}
async function appoint(inviter: string, openid: string, nodeId: number, role: string): Promise<void> {
  const invite = await ok((await as(inviter)).post('/api/invites', { nodeId, role }), 201);
  await ok((await as(openid)).post(`/api/invites/code/${invite.code}/accept`));
}
async function bindGroup(cadre: string, nodeId: number, opengid: string): Promise<void> {
  await tok(cadre);
  await ok((await as(cadre)).post('/api/groups', { nodeId, name: `${opengid}群`, group: t.fake.encryptForUser(cadre, { opengid }) }), 201);
}
async function openFrom(reader: string, bulletinId: number, opengid: string): Promise<void> {
  await tok(reader);
  await ok((await as(reader)).post(`/api/bulletins/${bulletinId}/open`, { group: t.fake.encryptForUser(reader, { opengid }) }));
}
// drafted by one town admin, approved by the other, published town-wide; returns its id
async function publishBulletin(title: string, deadline: Date): Promise<number> {
  const draft = await ok(
    as('demo-town_admin').post('/api/bulletins', {
      townId: ids.town,
      title,
      body: [{ type: 'paragraph', runs: [{ text: '近期冒充客服退款诈骗高发，接到自称客服的电话要求转账，请立即挂断。' }] }],
      category: 'warning',
      urgency: 'normal',
      scope: { kind: 'town' },
      forwardDeadline: deadline.toISOString(),
    }),
    201,
  );
  await ok(as('demo-town_admin').post(`/api/bulletins/${draft.id}/submit`));
  await ok(as('demo-town_admin2').post(`/api/bulletins/${draft.id}/review`, { decision: 'approve' }));
  await ok(as('demo-town_admin').post(`/api/bulletins/${draft.id}/publish`));
  return draft.id;
}
async function taskId(bulletinId: number, nodeId: number): Promise<number> {
  const rows = await t.dataSource.query('SELECT id FROM forward_task WHERE bulletinId = ? AND nodeId = ?', [bulletinId, nodeId]);
  expect(rows).toHaveLength(1);
  return Number(rows[0].id);
}
async function quizAttempt(openid: string, campaignId: number, pass: boolean): Promise<void> {
  const attempt = await ok(as(openid).post(`/api/quiz/campaigns/${campaignId}/attempts`), 201);
  const answers = await answersFor(t, attempt.id, () => pass);
  const res = await ok(as(openid).post(`/api/quiz/attempts/${attempt.id}/submit`, { answers }));
  expect(res.result.passed).toBe(pass);
}
let pngSeed = 0;
async function sign(openid: string, campaign: { id: number; template: { textHash: string } }, extra: object = {}): Promise<void> {
  await ok(
    as(openid).post(`/api/pledge/campaigns/${campaign.id}/signatures`, {
      textHash: campaign.template.textHash,
      readToEnd: true,
      signerName: '签名人',
      signaturePng: toBase64(signaturePng({ seed: ++pngSeed }), true),
      ...extra,
    }),
    201,
  );
}
async function pledgeCampaign(audience: 'residents' | 'units', scope: number[], deadline: Date, title: string) {
  const template = await builtinTemplate(t, audience === 'units' ? 'unit' : 'resident');
  const created = await ok(as('demo-town_admin').post('/api/pledge/campaigns', pledgeCampaignBody(ids.town, scope, template.id, { audience, title, deadline: deadline.toISOString() }, t.clock.now())), 201);
  return ok(as('demo-town_admin').post(`/api/pledge/campaigns/${created.id}/publish`));
}
// a quiz campaign and its aggregate rows written directly (campaigns that must not count, or must)
async function quizRow(o: { audience: OrgNode[]; status: string; startsAt: Date; endsAt: Date; stats: Array<[OrgNode, number, number]> }): Promise<number> {
  const now = t.clock.now();
  const c = await t.dataSource.getRepository(QuizCampaign).save({
    townId: ids.town, ownerNodeId: ids.town, ownerPath: node.town.path, kind: 'exam', title: '直接写入的测评', intro: '', audience: o.audience.map((a) => ({ nodeId: a.id, path: a.path })),
    roles: ['resident'], startsAt: o.startsAt, endsAt: o.endsAt, draw: { mode: 'random', rules: [{ count: 3 }] }, questionCount: 3, shuffleQuestions: true, shuffleOptions: true,
    timeLimitMinutes: null, attemptsPerDay: null, attemptsTotal: null, passPercent: 60, counting: 'best', status: o.status, createdBy: 1, createdAt: now, updatedAt: now,
    publishedAt: o.status === 'draft' ? null : now, closedAt: o.status === 'closed' ? now : null,
  });
  for (const [n, participants, passed] of o.stats) {
    await t.dataSource.getRepository(QuizNodeStat).insert({ campaignId: c.id, nodeId: n.id, nodePath: n.path, participants, passed, correct: 0, answered: 0, attempts: participants, flagged: 0 });
  }
  return c.id;
}
// ledger activities and police figures through the ledger's routes
async function activity(who: string, n: OrgNode, day: string, people: number): Promise<void> {
  await ok(as(who).post('/api/ff/activities', { nodeId: n.id, day, place: '村文化礼堂', kind: 'lecture', title: '反诈知识宣讲', peopleReached: people }), 201);
}
async function caseFigure(n: OrgNode, month: string, cases: number, lossYuan: number): Promise<void> {
  await ok(as('demo-police_liaison').put('/api/ff/cases', { nodeId: n.id, month, cases, lossYuan }));
}
async function application(programId: number, n: OrgNode, status: string, manualScores: Record<string, number> | null): Promise<number> {
  const now = t.clock.now();
  const row = await t.dataSource.getRepository(FfApplication).save({
    programId, townId: ids.town, nodeId: n.id, nodePath: n.path, applicantId: 1, status, selfAssessment: '我们村认真开展反诈宣传工作。', evidence: [], manualScores, snapshot: null,
    scoreX10: null, reviewerId: null, reviewComment: null, submittedAt: now, reviewedAt: null, noticeEndsAt: null, decidedAt: null, createdAt: now, updatedAt: now,
  });
  return row.id;
}

// an xlsx download as bytes
async function download(openid: string, url: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const auth = t.bearer(await tok(openid));
  return t.http
    .get(url)
    .set(auth)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }) as unknown as Promise<{ status: number; headers: Record<string, string>; body: Buffer }>;
}
const sheetOf = async (who: string, programId: number, nodeId: number) => (await as(who)).get(`/api/ff/programs/${programId}/indicators`, { nodeId });
const valuesOf = (s: IndicatorSheet) => Object.fromEntries(s.values.map((v) => [v.key, v.value]));
const scoresOf = (s: IndicatorSheet) => Object.fromEntries(s.values.map((v) => [v.key, v.score]));

beforeAll(async () => {
  // the clock moves over two months: tokens live a day (renewed by tok)
  t = await createTestApp({ env: { ACCESS_TOKEN_TTL: '86400' } });
  ids = await demoNodeIds(t);
  const nodes = t.dataSource.getRepository(OrgNode);
  for (const [k, id] of Object.entries(ids)) node[k] = await nodes.findOneByOrFail({ id });
  for (const [k, name] of [['nanling', '南岭村'], ['beihu', '北湖村'], ['xincheng', '新城社区'], ['binjiang', '滨江社区']] as const) node[k] = await nodes.findOneByOrFail({ name, parentId: ids.town });
  node.dsGrid3 = await nodes.findOneByOrFail({ name: '第三网格', parentId: ids.dongshan });
  node.nlGrid1 = await nodes.findOneByOrFail({ name: '第一网格', parentId: node.nanling.id });

  // ---------------- April 2021: before the period; nothing done now may count
  t.clock.set(at('2021-04-10'));
  // no residents in the demo town yet: every population below is the model's
  expect(await t.dataSource.getRepository(Membership).countBy({ role: 'resident' })).toBe(0);
  // residents: r1 r2 r3 in 东山村第一网格, r4 r5 in its second grid (r1 there too, invited), r6–r9 in 西河村第一网格
  const join = async (r: string, nodeId: number) => ok(as(r).post('/api/memberships/join', { nodeId }));
  for (const r of ['r1', 'r2', 'r3']) await join(r, ids.dsGrid1);
  for (const r of ['r4', 'r5']) await join(r, ids.dsGrid2);
  for (const r of ['r6', 'r7', 'r8', 'r9']) await join(r, ids.xhGrid1);
  await appoint('demo-village_cadre', 'r1', ids.dsGrid2, 'resident');
  await appoint('demo-town_admin', 'cadre-XH', ids.xihe, 'village_cadre');
  // groups: 东山村 and its first grid, 西河村, 南岭村 (北湖村 has none)
  await bindGroup('demo-village_cadre', ids.dongshan, 'G-DS');
  await bindGroup('demo-grid_worker', ids.dsGrid1, 'G-DS1');
  await bindGroup('cadre-XH', ids.xihe, 'G-XH');
  await bindGroup('demo-town_admin', node.nanling.id, 'G-NL');
  // an April bulletin (deadline the next day) forwarded on time and opened from the grid group
  const april = await publishBulletin('四月反诈提醒', new Date(at('2021-04-10').getTime() + DAY));
  await ok(as('demo-village_cadre').post(`/api/tasks/${await taskId(april, ids.dongshan)}/forward`));
  await openFrom('r2', april, 'G-DS1');
  // an April residents pledge (deadline before the period): r2 signs
  const aprilPledge = await pledgeCampaign('residents', [ids.dongshan], at('2021-04-20'), '四月居民承诺书');
  await sign('r2', aprilPledge);
  await ok(as('demo-village_cadre').post('/api/feedback', { nodeId: ids.dongshan, kind: 'situation', body: '四月村里反诈宣传情况' }), 201);

  // ---------------- May 2021: the period
  t.clock.set(at('2021-05-10'));
  const program = await ok(as('demo-town_admin').post('/api/ff/programs', ffProgramBody(ids.town, { title: '2021年5月无诈村（社区）评比', periodStart: '2021-05-01', periodEnd: '2021-05-31', indicators: INDICATORS }, t.clock.now())), 201);
  community = (await ok(as('demo-town_admin').post(`/api/ff/programs/${program.id}/publish`))).id;
  const uProgram = await ok(as('demo-town_admin').post('/api/ff/programs', ffProgramBody(ids.town, { kind: 'unit', title: '2021年5月无诈单位评比', periodStart: '2021-05-01', periodEnd: '2021-05-31', indicators: UNIT_INDICATORS }, t.clock.now())), 201);
  unit = (await ok(as('demo-town_admin').post(`/api/ff/programs/${uProgram.id}/publish`))).id;

  // quiz: the town's campaign for 东山村 and 西河村 residents, taken through the API
  const quiz = await ok(as('demo-town_admin').post('/api/quiz/campaigns', campaignBody(ids.town, [ids.dongshan, ids.xihe], { roles: ['resident'], title: '五月反诈知识测评' }, t.clock.now())), 201);
  await ok(as('demo-town_admin').post(`/api/quiz/campaigns/${quiz.id}/publish`));
  await quizAttempt('r1', quiz.id, true);
  await quizAttempt('r2', quiz.id, false);
  await quizAttempt('r4', quiz.id, true);
  await quizAttempt('r6', quiz.id, true);
  // a stray aggregate of it outside its audience (南岭村) never counts
  await t.dataSource.getRepository(QuizNodeStat).insert({ campaignId: quiz.id, nodeId: node.nlGrid1.id, nodePath: node.nlGrid1.path, participants: 7, passed: 7, correct: 0, answered: 0, attempts: 7, flagged: 0 });
  // 西河村's own campaign over the whole period counts; a draft and an April campaign do not
  await quizRow({ audience: [node.xihe], status: 'published', startsAt: at('2021-05-01'), endsAt: at('2021-05-31'), stats: [[node.xhGrid1, 2, 1]] });
  await quizRow({ audience: [node.dongshan], status: 'draft', startsAt: at('2021-05-01'), endsAt: at('2021-05-31'), stats: [[node.dsGrid1, 9, 9]] });
  await quizRow({ audience: [node.dongshan], status: 'closed', startsAt: at('2021-03-01'), endsAt: new Date('2021-05-01T00:00:00+08:00'), stats: [[node.dsGrid1, 9, 9]] });

  // pledges: 东山村 and 西河村 residents (r1, r3, r6 sign); the town's units (和平纺织 signs)
  const residents = await pledgeCampaign('residents', [ids.dongshan, ids.xihe], at('2021-05-30'), '五月居民反诈承诺书');
  for (const r of ['r1', 'r3', 'r6']) await sign(r, residents);
  const units = await pledgeCampaign('units', [ids.town], at('2021-05-30'), '五月企业防电诈倡议书');
  await sign('demo-unit_contact', units, { signerName: '郑伟', signerTitle: '总经理', unitId: ids.textile });

  // forwarding: a town-wide bulletin due at noon; 东山村 forwards at 10:30 and its first grid at 11:00,
  // 西河村 reports offline at 13:00 (late); nobody else forwards
  const may = await publishBulletin('五月反诈预警', new Date(at('2021-05-10').getTime() + 2 * HOUR));
  // before the deadline nothing is due yet: no forwarding figure
  const early = await ok(sheetOf('demo-town_admin', community, ids.dongshan));
  expect(early.values.find((v: { key: string }) => v.key === 'forwarding')).toMatchObject({ value: null, detail: { numerator: 0, denominator: 0 }, score: 0, met: false });
  t.clock.set(new Date(at('2021-05-10').getTime() + 30 * 60_000));
  await ok(as('demo-village_cadre').post(`/api/tasks/${await taskId(may, ids.dongshan)}/forward`));
  t.clock.set(new Date(at('2021-05-10').getTime() + HOUR));
  await ok(as('demo-grid_worker').post(`/api/tasks/${await taskId(may, ids.dsGrid1)}/forward`));
  t.clock.set(new Date(at('2021-05-10').getTime() + 3 * HOUR));
  await ok(as('cadre-XH').post(`/api/tasks/${await taskId(may, ids.xihe)}/offline`, { note: '村广播播放并张贴在公告栏' }));
  // opens of the May bulletin from 东山村's village group and 西河村's group
  await openFrom('r1', may, 'G-DS');
  await openFrom('r6', may, 'G-XH');
  // feedback: 东山村 twice (the village, its first grid), 西河村 once
  await ok(as('demo-village_cadre').post('/api/feedback', { nodeId: ids.dongshan, kind: 'new_scam', body: '发现冒充客服退款的新话术' }), 201);
  await ok(as('demo-grid_worker').post('/api/feedback', { nodeId: ids.dsGrid1, kind: 'concern', body: '老人担心养老保险诈骗' }), 201);
  await ok(as('cadre-XH').post('/api/feedback', { nodeId: ids.xihe, kind: 'situation', body: '西河村本月宣传情况' }), 201);

  // ---------------- June 2, 2021: the period is over, the noon deadline long past
  t.clock.set(at('2021-06-02'));
  // the ledger and police figures: the period's first and last days count, the days around them not
  await activity('demo-village_cadre', node.dongshan, '2021-04-30', 10);
  await activity('demo-village_cadre', node.dongshan, '2021-05-01', 30);
  await activity('demo-village_cadre', node.dongshan, '2021-05-31', 50);
  await activity('demo-village_cadre', node.dongshan, '2021-06-01', 60);
  await activity('demo-grid_worker', node.dsGrid1, '2021-05-15', 20);
  await activity('cadre-XH', node.xihe, '2021-05-20', 40);
  await caseFigure(node.dongshan, '2021-04', 5, 20000);
  await caseFigure(node.dongshan, '2021-05', 1, 3000);
  await caseFigure(node.xihe, '2021-05', 0, 0);
  await caseFigure(node.textile, '2021-05', 1, 500);
  await application(community, node.dongshan, 'notice', { meetings: 7 });
  const xhApp = await application(community, node.xihe, 'awarded', {});
  const textileApp = await application(unit, node.textile, 'awarded', null);
  const award = (programId: number, applicationId: number, n: OrgNode, kind: string, validUntil: Date) =>
    t.dataSource.getRepository(FfAward).insert({
      programId, applicationId, townId: ids.town, nodeId: n.id, nodePath: n.path, kind, scoreX10: 378, awardedAt: at('2021-06-01'), validUntil, status: 'active',
      reviewReason: null, reviewOpenedAt: null, revokeReason: null, revokedAt: null, decidedBy: 1, updatedAt: at('2021-06-01'),
    });
  await award(community, xhApp, node.xihe, 'community', at('2022-06-01'));
  // valid until yesterday: expired
  await award(unit, textileApp, node.textile, 'unit', at('2021-06-01'));
  const warning = (n: OrgNode, period: string, colour: string) =>
    t.dataSource.getRepository(FfWarning).insert({ townId: ids.town, nodeId: n.id, nodePath: n.path, period, colour, reasons: [], computedAt: t.clock.now() });
  await warning(node.dongshan, '2021-04', 'red');
  await warning(node.dongshan, '2021-05', 'yellow');
  await warning(node.xihe, '2021-05', 'green');
  await warning(node.nanling, '2021-05', 'green');
  await warning(node.beihu, '2021-05', 'red');
});

afterAll(async () => {
  await t?.close();
});

// The model: what was done above, counted by the definitions (README "Fraud-Free indicators: definitions").
const EXPECTED: Record<string, { values: Record<string, number | null>; detail: Record<string, [number, number]>; scores: Record<string, number>; total: number }> = {
  dongshan: {
    // quiz: 5 residents (r1 counted once over two grids), r1 r2 r4 took it, r1 r4 passed; the draft, the April campaign: no
    // pledge: 5 residents, r1 r3 signed (r2 signed April's, which ended before the period)
    // forwarding: the village on time, grid 1 on time, grids 2 and 3 never (April's task was due before the period)
    // groups: the village's was opened from for May's bulletin, grid 1's only for April's
    // feedback: 2 in May (April's not); activities: 05-01, 05-15 (grid), 05-31; cases and losses: May only
    values: { participation: 60, awareness: 66.7, pledge: 40, forwarding: 50, reach: 50, feedback: 2, activities: 3, people: 100, cases: 1, loss: 3000, meetings: 7 },
    detail: { participation: [3, 5], awareness: [2, 3], pledge: [2, 5], forwarding: [2, 4], reach: [1, 2] },
    // 10 × 60/80; threshold missed; 10 × 40/90; 10 × 50/95; 10 × 50/90; met; met; met; a case; over twice the target; the reviewer's 7
    scores: { participation: 7.5, awareness: 0, pledge: 4.4, forwarding: 5.3, reach: 5.6, feedback: 10, activities: 10, people: 5, cases: 0, loss: 0, meetings: 7 },
    total: 54.8,
  },
  xihe: {
    // quiz: the town's campaign (4 residents, r6 passed) and 西河村's own (the same 4; 2 took part, 1 passed)
    // forwarding: the village late (offline at 13:00), its three grids' tasks (made then) never
    values: { participation: 37.5, awareness: 66.7, pledge: 25, forwarding: 0, reach: 100, feedback: 1, activities: 1, people: 40, cases: 0, loss: 0, meetings: null },
    detail: { participation: [3, 8], awareness: [2, 3], pledge: [1, 4], forwarding: [0, 4], reach: [1, 1] },
    scores: { participation: 4.7, awareness: 0, pledge: 2.8, forwarding: 0, reach: 10, feedback: 0, activities: 3.3, people: 2, cases: 10, loss: 5, meetings: 0 },
    total: 37.8,
  },
  // nobody expected, no campaign reaching it: no rates; its task never forwarded; its group never opened
  nanling: {
    values: { participation: null, awareness: null, pledge: null, forwarding: 0, reach: 0, feedback: 0, activities: 0, people: 0, cases: 0, loss: 0, meetings: null },
    detail: { participation: [0, 0], awareness: [0, 0], pledge: [0, 0], forwarding: [0, 1], reach: [0, 1] },
    scores: { participation: 0, awareness: 0, pledge: 0, forwarding: 0, reach: 0, feedback: 0, activities: 0, people: 0, cases: 10, loss: 5, meetings: 0 },
    total: 15,
  },
  // no group bound: no reach figure
  beihu: {
    values: { participation: null, awareness: null, pledge: null, forwarding: 0, reach: null, feedback: 0, activities: 0, people: 0, cases: 0, loss: 0, meetings: null },
    detail: { participation: [0, 0], awareness: [0, 0], pledge: [0, 0], forwarding: [0, 1], reach: [0, 0] },
    scores: { participation: 0, awareness: 0, pledge: 0, forwarding: 0, reach: 0, feedback: 0, activities: 0, people: 0, cases: 10, loss: 5, meetings: 0 },
    total: 15,
  },
};
EXPECTED.xincheng = EXPECTED.beihu;
EXPECTED.binjiang = EXPECTED.beihu;

describe('one organisation, live', () => {
  it.each(Object.keys(EXPECTED))('%s: every source exact, null on zero denominators, scores and total', async (key) => {
    const sheet: IndicatorSheet = await ok(sheetOf('demo-town_admin', community, node[key].id));
    const e = EXPECTED[key];
    expect(sheet.programId).toBe(community);
    expect(sheet.node).toEqual({ id: node[key].id, name: node[key].name, kind: node[key].kind });
    expect(valuesOf(sheet)).toEqual(e.values);
    expect(scoresOf(sheet)).toEqual(e.scores);
    expect(sheet.total).toBe(e.total);
    for (const v of sheet.values) {
      const d = e.detail[v.key];
      expect([v.key, v.detail]).toEqual([v.key, d ? { numerator: d[0], denominator: d[1] } : null]);
      const def = INDICATORS.find((i) => i.key === v.key)!;
      expect(v).toMatchObject({ name: def.name, source: def.source, weight: def.weight, target: def.target, rule: def.rule });
    }
    expect(sheet.computedAt).toBe(at('2021-06-02').toISOString());
  });

  it('met: at least the target, at most it for cases and losses, full points for manual items', async () => {
    const ds: IndicatorSheet = await ok(sheetOf('demo-town_admin', community, ids.dongshan));
    const met = Object.fromEntries(ds.values.map((v) => [v.key, v.met]));
    expect(met).toEqual({ participation: false, awareness: false, pledge: false, forwarding: false, reach: false, feedback: true, activities: true, people: true, cases: false, loss: false, meetings: false });
    const xh: IndicatorSheet = await ok(sheetOf('demo-town_admin', community, ids.xihe));
    expect(xh.values.filter((v) => v.met).map((v) => v.key)).toEqual(['reach', 'cases', 'loss']);
  });

  it('units: a units pledge counts each unit once, police figures of the unit', async () => {
    const textile: IndicatorSheet = await ok(sheetOf('demo-unit_contact', unit, ids.textile));
    expect(valuesOf(textile)).toEqual({ pledge: 100, activities: 0, cases: 1 });
    expect(textile.values[0].detail).toEqual({ numerator: 1, denominator: 1 });
    expect(textile.total).toBe(40);
    const coop: IndicatorSheet = await ok(sheetOf('demo-town_admin', unit, ids.coop));
    expect(valuesOf(coop)).toEqual({ pledge: 0, activities: 0, cases: 0 });
    expect(coop.total).toBe(30);
  });

  it('sheet(program, node, manualScores) takes the reviewer points it is given', async () => {
    const svc = t.app.get(FfIndicatorService);
    const program = await t.dataSource.getRepository(FfProgram).findOneByOrFail({ id: community });
    const s = await svc.sheet(program, node.nanling, { meetings: 12 });
    // clamped to the weight
    expect(s.values.find((v) => v.key === 'meetings')).toMatchObject({ value: 12, score: 10, met: true });
    expect(s.total).toBe(25);
    expect((await svc.sheet(program, node.nanling)).total).toBe(15);
  });
});

describe('access to one organisation', () => {
  it('readers at or above the organisation; managers of the town; nobody else', async () => {
    // the village cadre: their own village, not the neighbour's (out of sight)
    expect((await sheetOf('demo-village_cadre', community, ids.dongshan)).status).toBe(200);
    expect((await sheetOf('demo-village_cadre', community, ids.xihe)).body.code).toBe('NOT_FOUND');
    // the police liaison reads the whole town
    expect((await sheetOf('demo-police_liaison', community, ids.xihe)).status).toBe(200);
    // a unit contact reads their unit in the unit program, not a village
    expect((await sheetOf('demo-unit_contact', unit, ids.textile)).status).toBe(200);
    expect((await sheetOf('demo-unit_contact', community, ids.dongshan)).body.code).toBe('NOT_FOUND');
    // a grid worker sees their grid but holds none of the Fraud-Free permissions: the program is out of sight
    expect((await sheetOf('demo-grid_worker', community, ids.dsGrid1)).body.code).toBe('NOT_FOUND');
    // a teacher sees the class, not the program
    expect((await sheetOf('demo-teacher', community, ids.class71)).body.code).toBe('NOT_FOUND');
    expect((await sheetOf('demo-town_admin', 999999, ids.dongshan)).body.code).toBe('NOT_FOUND');
  });

  it('only organisations that may apply: a grid, a school, a unit in the community program → FF_NOT_ELIGIBLE', async () => {
    for (const id of [ids.dsGrid1, ids.school, ids.textile, ids.town]) {
      const res = await sheetOf('demo-town_admin', community, id);
      expect([res.status, res.body.code]).toEqual([400, 'FF_NOT_ELIGIBLE']);
    }
    // the school admin's own school in the community program: the node is theirs, the kind is not
    const school = await sheetOf('demo-school_admin', community, ids.school);
    expect(school.body.code).toBe('FF_NOT_ELIGIBLE');
  });
});

describe('batch', () => {
  let computed: { nodes: number; millis: number; computedAt: string };

  it('only town managers compute; the rankings are empty before the first computation', async () => {
    expect((await as('demo-village_cadre').post(`/api/ff/programs/${community}/compute`)).body.code).toBe('FORBIDDEN');
    expect((await as('demo-police_liaison').post(`/api/ff/programs/${community}/compute`)).body.code).toBe('FORBIDDEN');
    expect((await as('demo-teacher').post(`/api/ff/programs/${community}/compute`)).body.code).toBe('NOT_FOUND');
    const before: Rankings = await ok(as('demo-town_admin').get(`/api/ff/programs/${community}/rankings`));
    expect([before.computedAt, before.rows]).toEqual([null, []]);
  });

  it('computes every eligible organisation of the town and stores their values', async () => {
    computed = await ok(as('demo-town_admin').post(`/api/ff/programs/${community}/compute`));
    expect(computed).toMatchObject({ nodes: 6, computedAt: at('2021-06-02').toISOString() });
    expect(computed.millis).toBeGreaterThanOrEqual(0);
    const rows = await t.dataSource.getRepository(FfIndicatorValue).findBy({ programId: community });
    expect(rows.map((r) => r.nodeId).sort((a, b) => a - b)).toEqual(Object.keys(EXPECTED).map((k) => node[k].id).sort((a, b) => a - b));
    const ds = rows.find((r) => r.nodeId === ids.dongshan)!;
    expect([ds.nodePath, ds.totalX10]).toEqual([node.dongshan.path, 548]);
    expect(ds.vals.participation).toEqual({ v: 60, n: 3, d: 5, s: 7.5 });
    expect(ds.vals.meetings).toEqual({ v: 7, s: 7 });
    expect((await t.dataSource.getRepository(FfProgram).findOneByOrFail({ id: community })).computedAt?.toISOString()).toBe(computed.computedAt);
    // computing again replaces the rows
    await ok(as('demo-town_admin').post(`/api/ff/programs/${community}/compute`));
    expect(await t.dataSource.getRepository(FfIndicatorValue).countBy({ programId: community })).toBe(6);
    await ok(as('demo-town_admin').post(`/api/ff/programs/${unit}/compute`));
  });

  it('the batch equals the live view for every organisation of both programs', async () => {
    for (const [programId, keys] of [
      [community, Object.keys(EXPECTED)],
      [unit, ['textile', 'coop']],
    ] as const) {
      const ranked: Rankings = await ok(as('demo-town_admin').get(`/api/ff/programs/${programId}/rankings`));
      expect(ranked.rows).toHaveLength(keys.length);
      for (const key of keys) {
        const live: IndicatorSheet = await ok(sheetOf('demo-town_admin', programId, node[key].id));
        const row = ranked.rows.find((r) => r.node.id === node[key].id)!;
        expect([key, row.total, row.values]).toEqual([key, live.total, live.values.map((v) => ({ key: v.key, value: v.value, score: v.score, met: v.met }))]);
      }
    }
  });
});

describe('rankings', () => {
  it('ranked by total, ties share a rank, with the breakdown, the application and the title', async () => {
    const r: Rankings = await ok(as('demo-town_admin').get(`/api/ff/programs/${community}/rankings`));
    expect(r.program).toMatchObject({ id: community, kind: 'community', title: '2021年5月无诈村（社区）评比' });
    expect(r.computedAt).toBe(at('2021-06-02').toISOString());
    expect(r.rows.map((x) => [x.node.name, x.rank, x.total])).toEqual([
      ['东山村', 1, 54.8],
      ['西河村', 2, 37.8],
      // four at 15 share the third place, in tree order
      ...['南岭村', '北湖村', '新城社区', '滨江社区'].map((n) => [n, 3, 15]),
    ]);
    expect(r.rows[0]).toMatchObject({ applicationStatus: 'notice', awardState: null });
    expect(r.rows[1]).toMatchObject({ applicationStatus: 'awarded', awardState: 'active' });
    expect(r.rows[2]).toMatchObject({ applicationStatus: null, awardState: null });
    expect(r.rows[0].values.find((v) => v.key === 'participation')).toEqual({ key: 'participation', value: 60, score: 7.5, met: false });
    const u: Rankings = await ok(as('demo-town_admin').get(`/api/ff/programs/${unit}/rankings`));
    expect(u.rows.map((x) => [x.node.name, x.rank, x.total, x.awardState])).toEqual([
      ['和平纺织有限公司', 1, 40, 'expired'],
      ['绿源农业专业合作社', 2, 30, null],
    ]);
  });

  it('nodeId narrows to a subtree; a village cadre lists their own row with its town-wide rank', async () => {
    const narrowed: Rankings = await ok(as('demo-town_admin').get(`/api/ff/programs/${community}/rankings`, { nodeId: ids.xihe }));
    expect(narrowed.rows.map((x) => [x.node.name, x.rank])).toEqual([['西河村', 2]]);
    const cadre: Rankings = await ok(as('cadre-XH').get(`/api/ff/programs/${community}/rankings`));
    expect(cadre.rows.map((x) => [x.node.name, x.rank])).toEqual([['西河村', 2]]);
    const police: Rankings = await ok(as('demo-police_liaison').get(`/api/ff/programs/${community}/rankings`));
    expect(police.rows).toHaveLength(6);
    // the unit contact in the community program: nothing of theirs is ranked
    const contact: Rankings = await ok(as('demo-unit_contact').get(`/api/ff/programs/${community}/rankings`));
    expect(contact.rows).toEqual([]);
    // a node out of sight → 404; a teacher does not see the program
    expect((await as('demo-village_cadre').get(`/api/ff/programs/${community}/rankings`, { nodeId: ids.xihe })).body.code).toBe('NOT_FOUND');
    expect((await as('demo-teacher').get(`/api/ff/programs/${community}/rankings`)).body.code).toBe('NOT_FOUND');
  });

  it('the xlsx export parses back to the same rows and is audit-logged', async () => {
    const res = await download('demo-town_admin', `/api/ff/programs/${community}/rankings/export`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain('2021年5月无诈村（社区）评比-和平镇-排名.xlsx');
    const wb = new Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet('排名')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['排名', '组织', '类型', '总分', '答题参与率（%）', '答题参与率得分']);
    expect(header.slice(-2)).toEqual(['申报状态', '称号状态']);
    const row = (i: number) => (ws.getRow(i).values as unknown[]).slice(1);
    expect(row(2).slice(0, 6)).toEqual([1, '东山村', '村', 54.8, 60, 7.5]);
    const cell = (r: number, c: number) => ws.getRow(r).getCell(c).value;
    expect([cell(2, header.length - 1), cell(2, header.length)]).toEqual(['公示中', null]);
    expect([cell(3, header.length - 1), cell(3, header.length)]).toEqual(['已授牌', '有效']);
    expect([cell(4, header.length - 1), cell(4, header.length)]).toEqual(['未申报', null]);
    expect(row(4).slice(0, 4)).toEqual([3, '南岭村', '村', 15]);
    // no data: an empty cell
    expect(ws.getRow(4).getCell(5).value).toBeNull();
    expect(ws.rowCount).toBe(7);
    expect(wb.getWorksheet('说明')).toBeDefined();
    const audit = await t.dataSource.getRepository(AuditLog).findOneByOrFail({ action: 'export.ff_rankings', targetId: String(community) });
    expect(audit).toMatchObject({ targetType: 'ff_program', nodeId: ids.town });
    expect(audit.detail).toMatchObject({ rows: 6 });
    // a village cadre's export: their row only
    const cadre = await download('cadre-XH', `/api/ff/programs/${community}/rankings/export`);
    const wb2 = new Workbook();
    await wb2.xlsx.load(cadre.body as never);
    expect(wb2.getWorksheet('排名')!.rowCount).toBe(2);
  });
});

describe('summaries', () => {
  it('the town: programs, eligible organisations, applications and titles per kind, the latest warning month, this year', async () => {
    const s = await ok(as('demo-town_admin').get('/api/ff/summary', { nodeId: ids.town }));
    expect(s.node).toEqual({ id: ids.town, name: '和平镇', kind: 'town' });
    const kind = (k: string) => s.programs.find((p: { kind: string }) => p.kind === k);
    const zeros = { draft: 0, submitted: 0, returned: 0, notice: 0, awarded: 0, rejected: 0 };
    const noAwards = { active: 0, review: 0, revoked: 0, expired: 0 };
    // the demo's two programs of the seed year and this test's two
    expect(kind('community')).toEqual({ kind: 'community', programs: 2, eligible: 6, applications: { ...zeros, notice: 1, awarded: 1 }, awards: { ...noAwards, active: 1 } });
    expect(kind('unit')).toEqual({ kind: 'unit', programs: 2, eligible: 2, applications: { ...zeros, awarded: 1 }, awards: { ...noAwards, expired: 1 } });
    expect(kind('campus')).toEqual({ kind: 'campus', programs: 0, eligible: 2, applications: zeros, awards: noAwards });
    expect(kind('building')).toEqual({ kind: 'building', programs: 0, eligible: 0, applications: zeros, awards: noAwards });
    expect(s.warnings).toEqual({ period: '2021-05', green: 2, yellow: 1, red: 1 });
    // 2021: six activities (April 30 to June 1), cases of April and May
    expect(s.activities).toEqual({ count: 6, people: 210 });
    expect(s.cases).toEqual({ cases: 7, lossYuan: 23500 });
    expect(s.towns).toEqual([]);
    // asked from a village of the town: the town's summary
    expect((await ok(as('demo-town_admin').get('/api/ff/summary', { nodeId: ids.dongshan }))).node.id).toBe(ids.town);
  });

  it('the county: every town, one line each; county admins only', async () => {
    const user = await t.dataSource.getRepository(User).save({ openid: 'county-admin', unionid: null, displayName: '县管理员', nameSet: true, phoneEnc: null, phoneHash: null, sessionKeyEnc: null, createdAt: t.clock.now(), updatedAt: t.clock.now(), lastLoginAt: t.clock.now() });
    await t.dataSource.getRepository(Membership).save({ userId: user.id, nodeId: ids.county, nodePath: node.county.path, role: 'town_admin', source: 'seed', inviteId: null, createdAt: t.clock.now() });
    const s = await ok(as('county-admin').get('/api/ff/summary', { nodeId: ids.county }));
    expect(s.node).toEqual({ id: ids.county, name: '示范县', kind: 'county' });
    expect(s.towns).toEqual([{ town: { id: ids.town, name: '和平镇', kind: 'town' }, awards: 1, red: 1, yellow: 1, cases: 7 }]);
    expect(s.cases).toEqual({ cases: 7, lossYuan: 23500 });
    // a town admin does not see the county; a village cadre does not see the town
    expect((await as('demo-town_admin').get('/api/ff/summary', { nodeId: ids.county })).body.code).toBe('NOT_FOUND');
    expect((await as('demo-village_cadre').get('/api/ff/summary', { nodeId: ids.dongshan })).body.code).toBe('NOT_FOUND');
    // the police liaison reads the town
    expect((await as('demo-police_liaison').get('/api/ff/summary', { nodeId: ids.town })).status).toBe(200);
    // a grid worker sees the grid but may not read the summary of its town
    expect((await as('demo-grid_worker').get('/api/ff/summary', { nodeId: ids.dsGrid1 })).body.code).toBe('NOT_FOUND');
  });
});
