// The Fraud-Free program's Done-when, end to end through the product's routes on a controllable clock:
// a program of 6 indicators for May 2021; residents join, take the town's quiz, sign the residents'
// pledge with drawn signatures; a bulletin is published and forwarded by the village cadre and the grid
// workers (one late), reported offline by another village; the ledger and the police figures are
// entered — and the indicators show exactly what was done. Then 东山村 applies, is reviewed, goes on
// public notice, receives an objection, is awarded after the notice; a June case puts the title under
// review and the town revokes it with a reason; the June warnings colour 东山村 red and 西河村 yellow
// with their reasons.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationView, AwardView, IndicatorInput, IndicatorSheet, Rankings, WarningList, WarningView } from '@wuzha/shared';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { FfAward } from '../src/modules/ff-applications/ff-award.entity';
import { WARNING_NODE_KINDS } from '../src/modules/ff-warnings/ff-warning-rules';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { ffProgramBody } from './authz/ff-programs.rows';
import { builtinTemplate, pledgeCampaignBody } from './authz/pledge-campaigns.rows';
import { answersFor, campaignBody } from './authz/quiz.rows';
import { actors, err } from './utils/actors';
import { demoNodeIds } from './utils/demo-nodes';
import { signaturePng, toBase64 } from './utils/signature-png';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(300_000);

const MIN = 60_000;
// a China wall-clock time
const cn = (s: string) => new Date(`${s}+08:00`);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

// six automatic indicators, weights 20 + 20 + 20 + 15 + 15 + 10
const INDICATORS: IndicatorInput[] = [
  { key: 'participation', name: '答题参与率', source: 'quiz_participation', weight: 20, target: 80, rule: 'linear' },
  { key: 'awareness', name: '群众反诈知晓率', source: 'quiz_awareness', weight: 20, target: 90, rule: 'linear' },
  { key: 'pledge', name: '承诺书签署率', source: 'pledge_rate', weight: 20, target: 90, rule: 'linear' },
  { key: 'forwarding', name: '信息按时转发率', source: 'forward_timeliness', weight: 15, target: 95, rule: 'linear' },
  { key: 'activities', name: '宣传活动（次）', source: 'activities', weight: 15, target: 3, rule: 'linear' },
  { key: 'cases', name: '发案数（起）', source: 'cases', weight: 10, target: 0, rule: 'threshold' },
];

let t: TestApp;
let storageDir: string;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const node: Record<string, OrgNode> = {};
const { as } = actors(() => t, {});
let programId: number;

async function ok<T = any>(res: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body;
}
async function appoint(inviter: string, openid: string, nodeId: number, role: string): Promise<void> {
  const invite = await ok(as(inviter).post('/api/invites', { nodeId, role }), 201);
  await ok(as(openid).post(`/api/invites/code/${invite.code}/accept`));
}
async function takeQuiz(openid: string, campaignId: number, pass: boolean): Promise<void> {
  const attempt = await ok(as(openid).post(`/api/quiz/campaigns/${campaignId}/attempts`, {}), 201);
  const res = await ok(as(openid).post(`/api/quiz/attempts/${attempt.id}/submit`, { answers: await answersFor(t, attempt.id, () => pass) }));
  expect(res.result.passed).toBe(pass);
}
let seed = 0;
async function signPledge(openid: string, campaign: { id: number; template: { textHash: string } }): Promise<void> {
  const res = await ok(
    as(openid).post(`/api/pledge/campaigns/${campaign.id}/signatures`, {
      textHash: campaign.template.textHash,
      readToEnd: true,
      signerName: '村民',
      signaturePng: toBase64(signaturePng({ seed: ++seed }), true),
    }),
    201,
  );
  expect(res.repeated).toBe(false);
}
async function taskOf(bulletinId: number, nodeId: number): Promise<number> {
  const rows = await t.dataSource.query('SELECT id FROM forward_task WHERE bulletinId = ? AND nodeId = ?', [bulletinId, nodeId]);
  expect(rows).toHaveLength(1);
  return Number(rows[0].id);
}
const sheet = async (who: string, nodeId: number): Promise<IndicatorSheet> => ok(as(who).get(`/api/ff/programs/${programId}/indicators`, { nodeId }));
const values = (s: Pick<IndicatorSheet, 'values'>) => Object.fromEntries(s.values.map((v) => [v.key, [v.value, v.detail ? [v.detail.numerator, v.detail.denominator] : null, v.score, v.met]]));

// The model: what is done below, counted by the definitions (README "Fraud-Free indicators: definitions").
// [value, [numerator, denominator] | null, points, met]
const EXPECTED = {
  dongshan: {
    values: {
      // 5 residents (r1–r3 in the first grid, r4 r5 in the second); r1 r2 r3 r4 took the quiz, r3 failed
      participation: [80, [4, 5], 20, true],
      awareness: [75, [3, 4], 16.7, false],
      // r1 r2 r4 r5 signed
      pledge: [80, [4, 5], 17.8, false],
      // the village, grids 1 and 2 by the deadline; grid 3 after it
      forwarding: [75, [3, 4], 11.8, false],
      // two logged by the cadre for the village, one by the grid worker for the first grid
      activities: [3, null, 15, true],
      // the police entered 0 for May
      cases: [0, null, 10, true],
    },
    total: 91.3,
  },
  xihe: {
    values: {
      // 4 residents; r6 passed, r7 failed
      participation: [50, [2, 4], 12.5, false],
      awareness: [50, [1, 2], 11.1, false],
      pledge: [25, [1, 4], 5.6, false],
      // reported offline by the deadline; its three grids never
      forwarding: [25, [1, 4], 3.9, false],
      activities: [1, null, 5, false],
      cases: [1, null, 0, false],
    },
    total: 38.1,
  },
};

beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'wuzha-ff-done-'));
  t = await createTestApp({ env: { STORAGE_DIR: storageDir } });
  ids = await demoNodeIds(t);
  const nodes = t.dataSource.getRepository(OrgNode);
  for (const [k, id] of Object.entries(ids)) node[k] = await nodes.findOneByOrFail({ id });
  node.dsGrid3 = await nodes.findOneByOrFail({ name: '第三网格', parentId: ids.dongshan });
  node.nanling = await nodes.findOneByOrFail({ name: '南岭村', parentId: ids.town });
});

afterAll(async () => {
  await t?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

describe('Done when: live data → indicators → application → review → notice → award → a case → revocation; warnings', () => {
  it('May 2021: people, a program, a quiz, a pledge, a bulletin forwarded, the ledger and the police figures', async () => {
    t.clock.set(cn('2021-05-06T10:00:00'));
    // no residents in the demo town: every population is the model's
    expect(await t.dataSource.getRepository(Membership).countBy({ role: 'resident' })).toBe(0);
    for (const r of ['r1', 'r2', 'r3']) await ok(as(r).post('/api/memberships/join', { nodeId: ids.dsGrid1 }));
    for (const r of ['r4', 'r5']) await ok(as(r).post('/api/memberships/join', { nodeId: ids.dsGrid2 }));
    for (const r of ['r6', 'r7', 'r8', 'r9']) await ok(as(r).post('/api/memberships/join', { nodeId: ids.xhGrid1 }));
    await appoint('demo-village_cadre', 'g2', ids.dsGrid2, 'grid_worker');
    await appoint('demo-village_cadre', 'g3', node.dsGrid3.id, 'grid_worker');
    await appoint('demo-town_admin', 'cadre-XH', ids.xihe, 'village_cadre');

    // the program: May 2021, applications from today to the end of June, 7 days of notice, a year's title
    const draft = await ok(
      as('demo-town_admin').post('/api/ff/programs', ffProgramBody(ids.town, {
        title: '和平镇2021年5月“无诈村（社区）”创建评比',
        periodStart: '2021-05-01',
        periodEnd: '2021-05-31',
        applyFrom: '2021-05-06',
        applyUntil: '2021-06-30',
        noticeDays: 7,
        validityMonths: 12,
        indicators: INDICATORS,
      }, t.clock.now())),
      201,
    );
    programId = (await ok(as('demo-town_admin').post(`/api/ff/programs/${draft.id}/publish`))).id;

    // the town's quiz for the residents of 东山村 and 西河村
    const quiz = await ok(as('demo-town_admin').post('/api/quiz/campaigns', campaignBody(ids.town, [ids.dongshan, ids.xihe], { roles: ['resident'], title: '五月反诈知识测评' }, t.clock.now())), 201);
    await ok(as('demo-town_admin').post(`/api/quiz/campaigns/${quiz.id}/publish`));
    for (const [r, pass] of [['r1', true], ['r2', true], ['r3', false], ['r4', true], ['r6', true], ['r7', false]] as const) await takeQuiz(r, quiz.id, pass);

    // the residents' pledge of both villages, signed with drawn signatures
    const template = await builtinTemplate(t, 'resident');
    const created = await ok(as('demo-town_admin').post('/api/pledge/campaigns', pledgeCampaignBody(ids.town, [ids.dongshan, ids.xihe], template.id, { audience: 'residents', title: '五月居民反诈承诺书', deadline: cn('2021-05-30T18:00:00').toISOString() }, t.clock.now())), 201);
    const pledge = await ok(as('demo-town_admin').post(`/api/pledge/campaigns/${created.id}/publish`));
    for (const r of ['r1', 'r2', 'r4', 'r5', 'r6']) await signPledge(r, pledge);

    // a bulletin due at noon: written by one town admin, approved by the other, published
    const b = await ok(
      as('demo-town_admin').post('/api/bulletins', {
        townId: ids.town,
        title: '五月反诈预警：冒充客服退款',
        body: [{ type: 'paragraph', runs: [{ text: '近期冒充客服退款诈骗高发，接到自称客服的电话要求转账，请立即挂断。' }] }],
        category: 'warning',
        urgency: 'normal',
        scope: { kind: 'town' },
        forwardDeadline: cn('2021-05-06T12:00:00').toISOString(),
      }),
      201,
    );
    await ok(as('demo-town_admin').post(`/api/bulletins/${b.id}/submit`));
    await ok(as('demo-town_admin2').post(`/api/bulletins/${b.id}/review`, { decision: 'approve' }));
    await ok(as('demo-town_admin').post(`/api/bulletins/${b.id}/publish`));
    // the village cadre forwards at 10:30 (the grids' tasks appear), the grids at 11:00, 11:30 and 13:00
    t.clock.set(cn('2021-05-06T10:30:00'));
    await ok(as('demo-village_cadre').post(`/api/tasks/${await taskOf(b.id, ids.dongshan)}/forward`));
    t.clock.set(cn('2021-05-06T11:00:00'));
    await ok(as('demo-grid_worker').post(`/api/tasks/${await taskOf(b.id, ids.dsGrid1)}/forward`));
    await ok(as('cadre-XH').post(`/api/tasks/${await taskOf(b.id, ids.xihe)}/offline`, { note: '村广播播放并张贴在公告栏' }));
    t.clock.set(cn('2021-05-06T11:30:00'));
    await ok(as('g2').post(`/api/tasks/${await taskOf(b.id, ids.dsGrid2)}/forward`));
    t.clock.set(cn('2021-05-06T13:00:00'));
    await ok(as('g3').post(`/api/tasks/${await taskOf(b.id, node.dsGrid3.id)}/forward`));

    // the ledger: 东山村 twice and its first grid once, 西河村 once
    t.clock.set(cn('2021-05-20T16:00:00'));
    const activity = (nodeId: number, day: string, people: number) => ({ nodeId, day, place: '村文化礼堂', kind: 'lecture', title: '反诈知识宣讲', peopleReached: people, photoIds: [] });
    await ok(as('demo-village_cadre').post('/api/ff/activities', activity(ids.dongshan, '2021-05-03', 60)), 201);
    await ok(as('demo-village_cadre').post('/api/ff/activities', activity(ids.dongshan, '2021-05-12', 45)), 201);
    await ok(as('demo-grid_worker').post('/api/ff/activities', activity(ids.dsGrid1, '2021-05-20', 25)), 201);
    await ok(as('cadre-XH').post('/api/ff/activities', activity(ids.xihe, '2021-05-15', 80)), 201);

    // the police figures for May, entered on June 1
    t.clock.set(cn('2021-06-01T09:00:00'));
    expect((await ok(as('demo-police_liaison').put('/api/ff/cases', { nodeId: ids.dongshan, month: '2021-05', cases: 0, lossYuan: 0 }))).reviewsOpened).toBe(0);
    await ok(as('demo-police_liaison').put('/api/ff/cases', { nodeId: ids.xihe, month: '2021-05', cases: 1, lossYuan: 2000 }));
  });

  it('the indicators show exactly what was done, live and in the batch; the rankings follow', async () => {
    t.clock.set(cn('2021-06-01T10:00:00'));
    const ds = await sheet('demo-village_cadre', ids.dongshan);
    expect(values(ds)).toEqual(EXPECTED.dongshan.values);
    expect(ds.total).toBe(EXPECTED.dongshan.total);
    expect(ds.node).toEqual({ id: ids.dongshan, name: '东山村', kind: 'village' });
    const xh = await sheet('cadre-XH', ids.xihe);
    expect(values(xh)).toEqual(EXPECTED.xihe.values);
    expect(xh.total).toBe(EXPECTED.xihe.total);
    // the town sees both
    expect(values(await sheet('demo-town_admin', ids.xihe))).toEqual(EXPECTED.xihe.values);

    await ok(as('demo-town_admin').post(`/api/ff/programs/${programId}/compute`));
    const ranks: Rankings = await ok(as('demo-town_admin').get(`/api/ff/programs/${programId}/rankings`));
    const villages = ranks.rows.map((r) => [r.node.name, r.rank, r.total]);
    expect(villages.slice(0, 2)).toEqual([
      ['东山村', 1, 91.3],
      ['西河村', 2, 38.1],
    ]);
    // the other four: no quiz, pledge or activity; their village tasks never forwarded; no case (full points)
    expect(villages.slice(2).map(([, rank, total]) => [rank, total])).toEqual([[3, 10], [3, 10], [3, 10], [3, 10]]);
    // the batch holds the same values, points and met as the live view
    const batch = (i: number) => ranks.rows[i].values.map((v) => [v.key, v.value, v.score, v.met]);
    const model = (e: typeof EXPECTED.dongshan) => Object.entries(e.values).map(([k, v]) => [k, v[0], v[2], v[3]]);
    expect(batch(0)).toEqual(model(EXPECTED.dongshan));
    expect(batch(1)).toEqual(model(EXPECTED.xihe));
  });

  let app: ApplicationView;

  it('东山村 applies with evidence, sees its live indicators, submits', async () => {
    const file = await t.http
      .post('/api/files?purpose=evidence')
      .set(t.bearer((await t.login('demo-village_cadre')).accessToken))
      .attach('file', PDF, { filename: '例会记录.pdf', contentType: 'application/pdf' });
    expect(file.status).toBe(201);
    const created: ApplicationView = await ok(
      as('demo-village_cadre').post(`/api/ff/programs/${programId}/applications`, {
        nodeId: ids.dongshan,
        selfAssessment: '东山村建立村、网格两级反诈宣传网络，五月开展集中宣讲三次，全村居民参加知识测评并签署承诺书。',
        evidence: [{ indicatorKey: 'activities', note: '宣讲签到表', fileIds: [file.body.id] }],
      }),
      201,
    );
    expect(created).toMatchObject({ status: 'draft', canEdit: true, score: null });
    expect(values(created.indicators)).toEqual(EXPECTED.dongshan.values);
    expect(created.indicators.total).toBe(EXPECTED.dongshan.total);
    app = await ok(as('demo-village_cadre').post(`/api/ff/applications/${created.id}/submit`));
    expect(app).toMatchObject({ status: 'submitted', submittedAt: cn('2021-06-01T10:00:00').toISOString() });
  });

  it('the town reviews it: the sheet frozen with the score, the notice until June 9; an objection meanwhile', async () => {
    t.clock.set(cn('2021-06-02T10:00:00'));
    // the reviewer may not be someone of 东山村: the village cadre is refused
    expect(err(await as('demo-village_cadre').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve' }))).toBe('403 FORBIDDEN');
    app = await ok(as('demo-town_admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve', comment: '材料齐全，指标达标' }));
    expect(app).toMatchObject({ status: 'notice', score: EXPECTED.dongshan.total, noticeEndsAt: cn('2021-06-09T10:00:00').toISOString(), reviewComment: '材料齐全，指标达标' });
    expect(values(app.indicators)).toEqual(EXPECTED.dongshan.values);
    const board = await t.http.get('/api/ff/notices').query({ townId: ids.town });
    expect(board.body.items).toEqual([
      { applicationId: app.id, programTitle: '和平镇2021年5月“无诈村（社区）”创建评比', kind: 'community', org: '东山村', score: 91.3, noticeEndsAt: cn('2021-06-09T10:00:00').toISOString() },
    ]);

    t.clock.set(cn('2021-06-05T20:00:00'));
    await ok(as('r3').post(`/api/ff/applications/${app.id}/objections`, { text: '五月的宣讲我们网格没有人通知，希望核实。' }), 201);
    // new data after the review does not change what the decision is made on
    await ok(as('demo-village_cadre').post('/api/ff/activities', { nodeId: ids.dongshan, day: '2021-05-28', place: '村委会', kind: 'meeting', title: '补登的反诈例会', peopleReached: 12, photoIds: [] }), 201);
    expect((await sheet('demo-village_cadre', ids.dongshan)).values.find((v) => v.key === 'activities')!.value).toBe(4);
    const seen: ApplicationView = await ok(as('demo-village_cadre').get(`/api/ff/applications/${app.id}`));
    expect(values(seen.indicators)).toEqual(EXPECTED.dongshan.values);
    expect(seen.objections.map((o) => [o.text, o.mine])).toEqual([['五月的宣讲我们网格没有人通知，希望核实。', false]]);
  });

  let award: AwardView;

  it('after the notice (by the test clock) the town awards the title, valid a year, with a printable certificate', async () => {
    t.clock.set(cn('2021-06-09T09:59:00'));
    expect(err(await as('demo-town_admin').post(`/api/ff/applications/${app.id}/decide`, { decision: 'award' }))).toBe('409 FF_NOTICE_NOT_OVER');
    t.clock.set(cn('2021-06-09T10:00:00'));
    expect(err(await as('r3').post(`/api/ff/applications/${app.id}/objections`, { text: '公示期结束后的意见。' }))).toBe('409 FF_NOTICE_OVER');
    app = await ok(as('demo-town_admin').post(`/api/ff/applications/${app.id}/decide`, { decision: 'award', comment: '异议经核实已整改' }));
    expect(app.status).toBe('awarded');
    const list = await ok(as('demo-village_cadre').get('/api/ff/awards', { nodeId: ids.dongshan }));
    expect(list.items).toHaveLength(1);
    award = list.items[0];
    expect(award).toMatchObject({
      programId,
      kind: 'community',
      node: { id: ids.dongshan, name: '东山村', kind: 'village' },
      score: 91.3,
      awardedAt: cn('2021-06-09T10:00:00').toISOString(),
      validUntil: cn('2022-06-09T10:00:00').toISOString(),
      state: 'active',
    });
    const cert = await t.http.get(award.certificateUrl!).buffer(true).parse((r, cb) => {
      let s = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (s += c));
      r.on('end', () => cb(null, s));
    });
    expect(cert.status).toBe(200);
    for (const s of ['无诈社区（村）', '东山村', '和平镇', '2021年6月9日', '有效期至 2022年6月9日']) expect(cert.body).toContain(s);
    expect((await ok(as('demo-town_admin').get(`/api/ff/programs/${programId}`))).counts).toEqual({ applications: 1, awarded: 1 });
  });

  it('a case in June puts the title under review; the town revokes it with a reason', async () => {
    t.clock.set(cn('2021-07-02T10:00:00'));
    const fig = await ok(as('demo-police_liaison').put('/api/ff/cases', { nodeId: ids.dongshan, month: '2021-06', cases: 2, lossYuan: 5800 }));
    expect(fig.reviewsOpened).toBe(1);
    const [under]: AwardView[] = (await ok(as('demo-town_admin').get('/api/ff/awards', { nodeId: ids.town, state: 'review' }))).items;
    expect(under).toMatchObject({ id: award.id, state: 'review', reviewReason: '2021年6月发生电诈案件2起', certificateUrl: null });
    expect(err(await t.http.get(award.certificateUrl!))).toBe('404 NOT_FOUND');

    expect(err(await as('demo-town_admin').post(`/api/ff/awards/${award.id}/revoke`, { reason: '' }))).toBe('400 FF_REVOKE_REASON_REQUIRED');
    const revoked: AwardView = await ok(as('demo-town_admin').post(`/api/ff/awards/${award.id}/revoke`, { reason: '6月辖区内发生电诈案件2起，损失5800元，经复核撤销称号' }));
    expect(revoked).toMatchObject({ state: 'revoked', revokeReason: '6月辖区内发生电诈案件2起，损失5800元，经复核撤销称号', revokedAt: cn('2021-07-02T10:00:00').toISOString(), reviewReason: '2021年6月发生电诈案件2起' });
    expect((await t.dataSource.getRepository(FfAward).findOneByOrFail({ id: award.id })).status).toBe('revoked');
    const actions = (await t.dataSource.getRepository(AuditLog).find({ where: { nodeId: ids.dongshan }, order: { id: 'ASC' } })).map((a) => a.action).filter((a) => a.startsWith('ff.'));
    expect(actions).toEqual(['ff.cases.upsert', 'ff.application.review', 'ff.application.decide', 'ff.cases.upsert', 'ff.award.revoke']);
    expect((await ok(as('demo-town_admin').get(`/api/ff/programs/${programId}`))).counts).toEqual({ applications: 1, awarded: 0 });
  });

  it('June warnings by the clock: 东山村 red (cases up), 西河村 yellow (awareness), 南岭村 green, the rest yellow (no activity)', async () => {
    // June's ledger: 西河村 and 南岭村 log an activity
    t.clock.set(cn('2021-06-20T10:00:00'));
    await ok(as('cadre-XH').post('/api/ff/activities', { nodeId: ids.xihe, day: '2021-06-18', place: '西河村广场', kind: 'stall', title: '赶集日摆摊宣传', peopleReached: 150, photoIds: [] }), 201);
    await ok(as('demo-town_admin').post('/api/ff/activities', { nodeId: node.nanling.id, day: '2021-06-19', place: '南岭村礼堂', kind: 'lecture', title: '民警进村宣讲', peopleReached: 70, photoIds: [] }), 201);

    // computed on July 2: the default period is the month before, June
    t.clock.set(cn('2021-07-02T11:00:00'));
    const total = (await t.dataSource.query(`SELECT COUNT(*) AS n FROM org_node WHERE path LIKE ? AND kind IN (${WARNING_NODE_KINDS.map(() => '?').join(',')})`, [`${node.town.path}%`, ...WARNING_NODE_KINDS]))[0].n;
    const res = await ok(as('demo-town_admin').post('/api/ff/warnings/compute', { townId: ids.town }));
    expect(res).toEqual({ period: '2021-06', nodes: Number(total), green: 1, yellow: Number(total) - 2, red: 1 });

    const list: WarningList = await ok(as('demo-town_admin').get('/api/ff/warnings', { nodeId: ids.town }));
    expect(list.period).toBe('2021-06');
    expect(list.counts).toEqual({ green: 1, yellow: Number(total) - 2, red: 1 });
    const byName = new Map(list.items.map((w) => [w.node.name, w]));
    const reasons = (w: WarningView | undefined) => w && [w.colour, w.reasons.map((r) => [r.reason, r.colour, r.detail])];
    expect(reasons(byName.get('东山村'))).toEqual([
      'red',
      [
        ['cases_up', 'red', '本月发案2起，上月0起'],
        ['awareness_low', 'yellow', '知晓率75%，低于92%'],
        ['no_activity', 'yellow', '本月没有登记宣传活动'],
      ],
    ]);
    expect(reasons(byName.get('西河村'))).toEqual(['yellow', [['awareness_low', 'yellow', '知晓率50%，低于92%']]]);
    expect(reasons(byName.get('南岭村'))).toEqual(['green', []]);
    const rest = list.items.filter((w) => !['东山村', '西河村', '南岭村'].includes(w.node.name));
    expect(rest).toHaveLength(Number(total) - 3);
    for (const w of rest) expect([w.node.name, ...reasons(w)!]).toEqual([w.node.name, 'yellow', [['no_activity', 'yellow', '本月没有登记宣传活动']]]);

    // the village sees its own colour and reasons
    const own: WarningList = await ok(as('demo-village_cadre').get('/api/ff/warnings', { nodeId: ids.dongshan }));
    expect(own.items.map((w) => [w.node.name, w.colour, w.reasons.length])).toEqual([['东山村', 'red', 3]]);
    // the revoked title stays revoked (a red warning reviews active titles only)
    expect((await t.dataSource.getRepository(FfAward).findOneByOrFail({ id: award.id })).status).toBe('revoked');
  });
});
