// Fraud-Free applications and titles end to end: drafts by the applying organisation (eligibility, the
// window by the China day, one per program, evidence files of one's own), submission, review by the
// town (never one's own unit: FF_SELF_REVIEW; manual scores within their weight; the sheet frozen),
// the public notice with objections (shown without who), the decision after the notice by the test
// clock, the title with its certificate (signed link, only while active), reviews opened by a case,
// keeping and revoking (a reason required), expiry by the clock; who sees and does what.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationView, AwardView, chinaDayKey, chinaMonthKey, DEFAULT_INDICATORS, IndicatorSheet } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { addChinaMonths } from '../src/modules/ff-applications/ff-application-rules';
import { FfApplication } from '../src/modules/ff-applications/ff-application.entity';
import { FfAward } from '../src/modules/ff-applications/ff-award.entity';
import { FfObjection } from '../src/modules/ff-applications/ff-objection.entity';
import { FfAwardService } from '../src/modules/ff-applications/ff-award-review';
import { FfProgram } from '../src/modules/ff-programs/ff-program.entity';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { ffProgramRow } from './authz/ff-programs.rows';
import { actors, err } from './utils/actors';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(180_000);

const DAY = 86400_000;
const MIN = 60_000;
// Tuesday 2026-03-10 10:00 in China
const T0 = new Date('2026-03-10T02:00:00Z');
// 1×1 transparent PNG and a minimal PDF
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

let t: TestApp;
let ds: DataSource;
let storageDir: string;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
let town: OrgNode;
// 和平镇's community program (default indicators: 8, one manual 'meetings' of weight 10) and unit program
let community: FfProgram;
let unitProgram: FfProgram;
const openids: Record<string, string> = {
  admin: 'demo-town_admin', admin2: 'demo-town_admin2', police: 'demo-police_liaison', cadre: 'demo-village_cadre', grid: 'demo-grid_worker',
  school: 'demo-school_admin', teacher: 'demo-teacher', unit: 'demo-unit_contact', resident: 'demo-resident', stranger: 'e2e-ff-app-stranger',
};
const { as } = actors(() => t, openids);

const application = (nodeId: number, over: Record<string, unknown> = {}) => ({
  nodeId,
  selfAssessment: '本村建立了三级反诈宣传网络，全年开展集中宣传二十余次，群众知晓率明显提高。',
  evidence: [],
  ...over,
});
const upload = async (who: string, purpose: string, bytes: Buffer) => {
  const res = await t.http
    .post(`/api/files?purpose=${purpose}`)
    .set(t.bearer(await loginToken(who)))
    .attach('file', bytes, { filename: 'f.bin', contentType: 'application/octet-stream' });
  return res;
};
const tokens: Record<string, { token: string; at: number }> = {};
async function loginToken(who: string) {
  const now = t.clock.now().getTime();
  if (!tokens[who] || Math.abs(now - tokens[who].at) > 10 * MIN) tokens[who] = { token: (await t.login(openids[who])).accessToken, at: now };
  return tokens[who].token;
}
const appRow = (id: number) => ds.getRepository(FfApplication).findOneByOrFail({ id });
const audits = (action: string) => ds.getRepository(AuditLog).find({ where: { action }, order: { id: 'ASC' } });

async function createApp(who: string, programId: number, b: object): Promise<ApplicationView> {
  const res = await as(who).post(`/api/ff/programs/${programId}/applications`, b);
  expect(err(res)).toBe('201 undefined');
  return res.body;
}
async function submitted(who: string, programId: number, nodeId: number): Promise<ApplicationView> {
  const a = await createApp(who, programId, application(nodeId));
  const res = await as(who).post(`/api/ff/applications/${a.id}/submit`);
  expect(err(res)).toBe('200 undefined');
  return res.body;
}
beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'wuzha-ff-apps-'));
  t = await createTestApp({ env: { STORAGE_DIR: storageDir } });
  ds = t.dataSource;
  t.clock.set(T0);
  ids = await demoNodeIds(t);
  town = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.town });
  community = await ffProgramRow(t, town, { title: '2026年度无诈社区（村）创建' });
  unitProgram = await ffProgramRow(t, town, { kind: 'unit', title: '2026年度无诈单位创建' });
  expect((await as('resident').post('/api/memberships/join', { nodeId: ids.dsGrid1 })).status).toBe(200);
});

afterAll(async () => {
  await t?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

describe('applying', () => {
  let draft: ApplicationView;

  it('a village cadre drafts for the village with evidence files of their own; the view shows live indicators against the targets', async () => {
    const pdf = await upload('cadre', 'evidence', PDF);
    const png = await upload('cadre', 'evidence', PNG_1PX);
    expect([pdf.status, png.status]).toEqual([201, 201]);
    draft = await createApp('cadre', community.id, application(ids.dongshan, {
      evidence: [{ indicatorKey: 'meetings', note: '四次例会记录', fileIds: [pdf.body.id, png.body.id] }],
    }));
    expect(draft).toMatchObject({
      programId: community.id,
      programTitle: '2026年度无诈社区（村）创建',
      kind: 'community',
      node: { id: ids.dongshan, name: '东山村', kind: 'village' },
      status: 'draft',
      manualScores: {},
      reviewComment: null,
      score: null,
      submittedAt: null,
      noticeEndsAt: null,
      decidedAt: null,
      objections: [],
      canEdit: true,
      canReview: false,
    });
    expect(draft.evidence).toHaveLength(1);
    expect(draft.evidence[0]).toMatchObject({ indicatorKey: 'meetings', note: '四次例会记录' });
    expect(draft.evidence[0].files.map((f) => [f.id, f.mime, f.purpose])).toEqual([
      [pdf.body.id, 'application/pdf', 'evidence'],
      [png.body.id, 'image/png', 'evidence'],
    ]);
    const file = await t.http.get(draft.evidence[0].files[0].url).buffer(true);
    expect(file.status).toBe(200);
    // live: the same sheet as the indicators route, every indicator of the program, manual unscored
    expect(draft.indicators.values.map((v) => v.key)).toEqual(DEFAULT_INDICATORS.community.map((d) => d.key));
    const live = await as('cadre').get(`/api/ff/programs/${community.id}/indicators`, { nodeId: ids.dongshan });
    expect(live.status).toBe(200);
    expect(strip(draft.indicators)).toEqual(strip(live.body));
    expect(draft.indicators.values.find((v) => v.key === 'meetings')).toMatchObject({ source: 'manual', value: null, score: 0 });
    expect(await appRow(draft.id)).toMatchObject({ applicantId: (await t.login(openids.cadre)).userId, townId: ids.town, nodePath: expect.stringMatching(/\/$/) });
  });

  it('one application per program and organisation (FF_ALREADY_APPLIED)', async () => {
    const res = await as('cadre').post(`/api/ff/programs/${community.id}/applications`, application(ids.dongshan));
    expect(err(res)).toBe('409 FF_ALREADY_APPLIED');
    expect(await ds.getRepository(FfApplication).countBy({ programId: community.id, nodeId: ids.dongshan })).toBe(1);
  });

  it('the organisation must fit the program kind (FF_NOT_ELIGIBLE), be the caller’s (404 / 403), the program visible (404)', async () => {
    const before = await ds.getRepository(FfApplication).count();
    // a grid of the village: the cadre holds ff.apply there, but grids do not apply
    expect(err(await as('cadre').post(`/api/ff/programs/${community.id}/applications`, application(ids.dsGrid1)))).toBe('400 FF_NOT_ELIGIBLE');
    // a company applying to the community program
    const unit = await as('unit').post(`/api/ff/programs/${community.id}/applications`, application(ids.textile));
    expect(err(unit)).toBe('400 FF_NOT_ELIGIBLE');
    expect(unit.body.message).toContain('和平纺织有限公司');
    // another village: not seen
    expect(err(await as('cadre').post(`/api/ff/programs/${community.id}/applications`, application(ids.xihe)))).toBe('404 NOT_FOUND');
    // the town admin sees the village but does not apply for it; a grid worker does not either
    expect(err(await as('admin').post(`/api/ff/programs/${community.id}/applications`, application(ids.xihe)))).toBe('403 FORBIDDEN');
    // a draft program is seen by its managers only
    const draftProgram = await ffProgramRow(t, town, { status: 'draft' });
    expect(err(await as('cadre').post(`/api/ff/programs/${draftProgram.id}/applications`, application(ids.dongshan)))).toBe('404 NOT_FOUND');
    expect(err(await as('resident').post(`/api/ff/programs/${community.id}/applications`, application(ids.dsGrid1)))).toBe('404 NOT_FOUND');
    expect(err(await as('cadre').post(`/api/ff/programs/999999/applications`, application(ids.dongshan)))).toBe('404 NOT_FOUND');
    expect(await ds.getRepository(FfApplication).count()).toBe(before);
  });

  it('outside the window, or the program closed: FF_WINDOW_CLOSED', async () => {
    const today = chinaDayKey(t.clock.now());
    const later = await ffProgramRow(t, town, { applyFrom: '2026-03-11', applyUntil: '2026-04-30' });
    const res = await as('cadre').post(`/api/ff/programs/${later.id}/applications`, application(ids.dongshan));
    expect(err(res)).toBe('409 FF_WINDOW_CLOSED');
    expect(res.body.message).toContain('2026-03-11至2026-04-30');
    const past = await ffProgramRow(t, town, { applyFrom: '2026-02-01', applyUntil: '2026-03-09' });
    expect(err(await as('cadre').post(`/api/ff/programs/${past.id}/applications`, application(ids.dongshan)))).toBe('409 FF_WINDOW_CLOSED');
    const closed = await ffProgramRow(t, town, { status: 'closed' });
    const c = await as('cadre').post(`/api/ff/programs/${closed.id}/applications`, application(ids.dongshan));
    expect(err(c)).toBe('409 FF_WINDOW_CLOSED');
    expect(c.body.message).toBe('评比已结束，不能再申报');
    // the last day of the window is open until China midnight
    const lastDay = await ffProgramRow(t, town, { applyFrom: '2026-03-01', applyUntil: today });
    t.clock.set(new Date('2026-03-10T15:59:00Z'));
    const ok = await as('cadre').post(`/api/ff/programs/${lastDay.id}/applications`, application(ids.dongshan));
    expect(err(ok)).toBe('201 undefined');
    t.clock.set(new Date('2026-03-10T16:00:00Z'));
    expect(err(await as('cadre').post(`/api/ff/applications/${ok.body.id}/submit`))).toBe('409 FF_WINDOW_CLOSED');
    expect(err(await as('cadre').put(`/api/ff/applications/${ok.body.id}`, application(ids.dongshan)))).toBe('409 FF_WINDOW_CLOSED');
    const view = await as('cadre').get(`/api/ff/applications/${ok.body.id}`);
    expect(view.body).toMatchObject({ status: 'draft', canEdit: false });
    t.clock.set(T0);
  });

  it('evidence: indicators of the program once each, files uploaded by the caller as evidence (else FILE_NOT_FOUND); a wrong file type is refused at upload (415)', async () => {
    const bad = await as('cadre').put(`/api/ff/applications/${draft.id}`, application(ids.dongshan, { evidence: [{ indicatorKey: 'nope', fileIds: [] }] }));
    expect(err(bad)).toBe('400 VALIDATION_FAILED');
    expect(bad.body.fields).toEqual([{ path: 'body.evidence.0.indicatorKey', message: '本次评比没有这项指标' }]);
    const twice = await as('cadre').put(`/api/ff/applications/${draft.id}`, application(ids.dongshan, { evidence: [{ indicatorKey: 'meetings' }, { indicatorKey: 'meetings' }] }));
    expect(err(twice)).toBe('400 VALIDATION_FAILED');
    expect(twice.body.fields[0].path).toBe('body.evidence.1.indicatorKey');
    const activityPhoto = await upload('cadre', 'activity', PNG_1PX);
    expect(err(await as('cadre').put(`/api/ff/applications/${draft.id}`, application(ids.dongshan, { evidence: [{ indicatorKey: 'activities', fileIds: [activityPhoto.body.id] }] })))).toBe('404 FILE_NOT_FOUND');
    const others = await upload('grid', 'evidence', PNG_1PX);
    expect(err(await as('cadre').put(`/api/ff/applications/${draft.id}`, application(ids.dongshan, { evidence: [{ indicatorKey: 'activities', fileIds: [others.body.id] }] })))).toBe('404 FILE_NOT_FOUND');
    const text = await upload('cadre', 'evidence', Buffer.from('just some text, not an image nor a PDF'));
    expect(err(text)).toBe('415 FILE_NOT_EVIDENCE');
    // nothing changed by the refused updates
    expect((await appRow(draft.id)).evidence.map((e) => e.indicatorKey)).toEqual(['meetings']);
  });

  it('updating keeps the organisation (400 on another), then submitting; a submitted application is not edited (FF_BAD_STATE)', async () => {
    const moved = await as('cadre').put(`/api/ff/applications/${draft.id}`, application(ids.xihe));
    expect(err(moved)).toBe('400 VALIDATION_FAILED');
    expect(moved.body.fields[0].path).toBe('body.nodeId');
    const upd = await as('cadre').put(`/api/ff/applications/${draft.id}`, application(ids.dongshan, { selfAssessment: '修改后的自评：全村反诈工作扎实，制度健全。', evidence: [] }));
    expect(err(upd)).toBe('200 undefined');
    expect(upd.body).toMatchObject({ selfAssessment: '修改后的自评：全村反诈工作扎实，制度健全。', evidence: [], status: 'draft' });
    const sub = await as('cadre').post(`/api/ff/applications/${draft.id}/submit`);
    expect(err(sub)).toBe('200 undefined');
    expect(sub.body).toMatchObject({ status: 'submitted', submittedAt: T0.toISOString(), canEdit: false });
    expect(err(await as('cadre').put(`/api/ff/applications/${draft.id}`, application(ids.dongshan)))).toBe('409 FF_BAD_STATE');
    expect(err(await as('cadre').post(`/api/ff/applications/${draft.id}/submit`))).toBe('409 FF_BAD_STATE');
    // the town sees it now, with canReview; the police liaison reads it
    expect((await as('admin').get(`/api/ff/applications/${draft.id}`)).body).toMatchObject({ status: 'submitted', canReview: true, canEdit: false });
    expect((await as('police').get(`/api/ff/applications/${draft.id}`)).body).toMatchObject({ canReview: false, canEdit: false });
    // the grid worker of the village (no Fraud-Free role), the school and a stranger do not see it
    for (const who of ['grid', 'school', 'resident', 'stranger']) expect(err(await as(who).get(`/api/ff/applications/${draft.id}`))).toBe('404 NOT_FOUND');
  });

  it('drafts are seen by the applying side only', async () => {
    const d = await createApp('unit', unitProgram.id, application(ids.textile));
    expect(err(await as('admin').get(`/api/ff/applications/${d.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('admin').post(`/api/ff/applications/${d.id}/review`, { decision: 'approve', manualScores: { rules: 10 } }))).toBe('404 NOT_FOUND');
    expect((await as('unit').get(`/api/ff/applications/${d.id}`)).body).toMatchObject({ status: 'draft', canEdit: true, node: { id: ids.textile } });
    // another applicant side may not touch it (not seen)
    expect(err(await as('cadre').post(`/api/ff/applications/${d.id}/submit`))).toBe('404 NOT_FOUND');
    // the police liaison reads (ff.read) but never edits a submitted one
    await as('unit').post(`/api/ff/applications/${d.id}/submit`);
    expect(err(await as('police').put(`/api/ff/applications/${d.id}`, application(ids.textile)))).toBe('403 FORBIDDEN');
  });
});

describe('review', () => {
  let app: ApplicationView;
  beforeAll(async () => {
    app = (await as('cadre').get('/api/ff/applications', { nodeId: ids.dongshan, programId: community.id })).body.items[0];
    expect(app).toMatchObject({ node: { id: ids.dongshan }, status: 'submitted' });
  });

  it('only reviewers of the town review: the applicant side and readers 403, others 404', async () => {
    expect(err(await as('cadre').post(`/api/ff/applications/${app.id}/review`, { decision: 'return', comment: '请补充' }))).toBe('403 FORBIDDEN');
    expect(err(await as('police').post(`/api/ff/applications/${app.id}/review`, { decision: 'return', comment: '请补充' }))).toBe('403 FORBIDDEN');
    expect(err(await as('school').post(`/api/ff/applications/${app.id}/review`, { decision: 'return', comment: '请补充' }))).toBe('404 NOT_FOUND');
    expect(err(await as('stranger').post(`/api/ff/applications/${app.id}/review`, { decision: 'return', comment: '请补充' }))).toBe('404 NOT_FOUND');
  });

  it('a reviewer holding any role in the applying village may not review it (FF_SELF_REVIEW)', async () => {
    const admin2 = await t.login(openids.admin2);
    const grid = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.dsGrid2 });
    const m = await ds.getRepository(Membership).save({ userId: admin2.userId, nodeId: grid.id, nodePath: grid.path, role: 'resident', source: 'seed', inviteId: null, createdAt: t.clock.now() });
    const res = await as('admin2').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve', manualScores: { meetings: 10 } });
    expect(err(res)).toBe('403 FF_SELF_REVIEW');
    expect((await as('admin2').get(`/api/ff/applications/${app.id}`)).body).toMatchObject({ canReview: false });
    expect((await appRow(app.id)).status).toBe('submitted');
    await ds.getRepository(Membership).delete({ id: m.id });
    expect((await as('admin2').get(`/api/ff/applications/${app.id}`)).body).toMatchObject({ canReview: true });
  });

  it('returning needs a comment; the returned application is edited and submitted again', async () => {
    const bare = await as('admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'return' });
    expect(err(bare)).toBe('400 VALIDATION_FAILED');
    expect(bare.body.fields[0].path).toBe('body.comment');
    const ret = await as('admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'return', comment: '请补充例会记录' });
    expect(err(ret)).toBe('200 undefined');
    expect(ret.body).toMatchObject({ status: 'returned', reviewComment: '请补充例会记录', canReview: false, indicators: { node: { id: ids.dongshan } } });
    expect(err(await as('admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'return', comment: '再退' }))).toBe('409 FF_BAD_STATE');
    expect((await as('cadre').get(`/api/ff/applications/${app.id}`)).body).toMatchObject({ status: 'returned', canEdit: true, reviewComment: '请补充例会记录' });
    const pdf = await upload('cadre', 'evidence', PDF);
    expect(err(await as('cadre').put(`/api/ff/applications/${app.id}`, application(ids.dongshan, { evidence: [{ indicatorKey: 'meetings', fileIds: [pdf.body.id] }] })))).toBe('200 undefined');
    expect((await as('cadre').post(`/api/ff/applications/${app.id}/submit`)).body.status).toBe('submitted');
  });

  it('approving needs every manual indicator scored within its weight (FF_MANUAL_SCORE_INVALID); a negative score is refused by the schema', async () => {
    const cases: [object, string][] = [
      [{}, '400 FF_MANUAL_SCORE_INVALID'],
      [{ meetings: 11 }, '400 FF_MANUAL_SCORE_INVALID'],
      [{ meetings: 5, awareness: 3 }, '400 FF_MANUAL_SCORE_INVALID'],
      [{ meetings: -1 }, '400 VALIDATION_FAILED'],
    ];
    for (const [manualScores, expected] of cases) {
      const res = await as('admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve', manualScores });
      expect([JSON.stringify(manualScores), err(res)]).toEqual([JSON.stringify(manualScores), expected]);
    }
    const over = await as('admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve', manualScores: { meetings: 11 } });
    expect(over.body.message).toBe('「每季度召开反诈工作例会」的打分要在0～10分之间，现在是11');
    expect(over.body.fields).toEqual([{ path: 'body.manualScores.meetings', message: over.body.message }]);
    const missing = await as('admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve' });
    expect(missing.body.message).toBe('请为「每季度召开反诈工作例会」打分（0～10分）');
    expect((await appRow(app.id)).status).toBe('submitted');
  });

  it('approving freezes the sheet with the manual score, stores the score and starts the notice (noticeDays); audit-logged', async () => {
    const res = await as('admin').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve', comment: '材料齐全', manualScores: { meetings: 8 } });
    expect(err(res)).toBe('200 undefined');
    const v: ApplicationView = res.body;
    const meetings = v.indicators.values.find((x) => x.key === 'meetings');
    expect(meetings).toMatchObject({ value: 8, score: 8 });
    const total = Math.round(v.indicators.values.reduce((s, x) => s + x.score, 0) * 10) / 10;
    expect(v).toMatchObject({ status: 'notice', manualScores: { meetings: 8 }, reviewComment: '材料齐全', score: total, noticeEndsAt: new Date(T0.getTime() + 7 * DAY).toISOString(), canReview: false });
    expect(v.indicators.total).toBe(total);
    const row = await appRow(app.id);
    expect(row).toMatchObject({ status: 'notice', scoreX10: Math.round(total * 10), reviewerId: (await t.login(openids.admin)).userId });
    expect(row.snapshot).toEqual(v.indicators);
    const [entry] = (await audits('ff.application.review')).filter((a) => a.targetId === String(app.id) && (a.detail as { decision: string }).decision === 'approve');
    expect(entry).toMatchObject({ nodeId: ids.dongshan, targetType: 'ff_application', detail: { decision: 'approve', programId: community.id, score: total, manualScores: { meetings: 8 } } });
    expect((await audits('ff.application.review')).filter((a) => a.targetId === String(app.id)).map((a) => (a.detail as { decision: string }).decision)).toEqual(['return', 'approve']);
    expect(err(await as('admin2').post(`/api/ff/applications/${app.id}/review`, { decision: 'approve', manualScores: { meetings: 8 } }))).toBe('409 FF_BAD_STATE');
  });

  it('after the review the sheet stays frozen while live values move', async () => {
    const liveBefore = (await as('cadre').get(`/api/ff/programs/${community.id}/indicators`, { nodeId: ids.dongshan })).body as IndicatorSheet;
    const act = await as('cadre').post('/api/ff/activities', { nodeId: ids.dongshan, day: '2026-03-09', place: '村委会', kind: 'lecture', title: '反诈讲座', peopleReached: 40, photoIds: [] });
    expect(act.status).toBe(201);
    const liveAfter = (await as('cadre').get(`/api/ff/programs/${community.id}/indicators`, { nodeId: ids.dongshan })).body as IndicatorSheet;
    const value = (s: IndicatorSheet) => s.values.find((x) => x.key === 'activities')!.value;
    expect(value(liveAfter)).toBe((value(liveBefore) ?? 0) + 1);
    const frozen = (await as('cadre').get(`/api/ff/applications/${app.id}`)).body as ApplicationView;
    expect(frozen.indicators).toEqual((await appRow(app.id)).snapshot);
    expect(value(frozen.indicators)).toBe(value(liveBefore));
  });
});

describe('notice, objections, decision', () => {
  let app: ApplicationView;
  beforeAll(async () => {
    app = (await as('admin').get('/api/ff/applications', { nodeId: ids.town, status: 'notice' })).body.items.find((a: ApplicationView) => a.node.id === ids.dongshan);
    expect(app).toBeDefined();
  });

  it('the public notice board lists the town’s applications in notice, without logging in', async () => {
    const res = await t.http.get('/api/ff/notices').query({ townId: ids.town });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { applicationId: app.id, programTitle: '2026年度无诈社区（村）创建', kind: 'community', org: '东山村', score: app.score, noticeEndsAt: app.noticeEndsAt },
    ]);
    expect(err(await t.http.get('/api/ff/notices').query({ townId: ids.dongshan }))).toBe('404 NOT_FOUND');
    expect(err(await t.http.get('/api/ff/notices').query({ townId: 999999 }))).toBe('404 NOT_FOUND');
  });

  it('anyone logged in objects while it runs; reviewers and the applicant see the text, not who; readers do not', async () => {
    const o = await as('resident').post(`/api/ff/applications/${app.id}/objections`, { text: '村里上个月还有人被冒充客服骗了，知晓率没有这么高。' });
    expect(err(o)).toBe('201 undefined');
    expect(o.body).toMatchObject({ text: '村里上个月还有人被冒充客服骗了，知晓率没有这么高。', mine: true, createdAt: T0.toISOString() });
    expect(err(await as('stranger').post(`/api/ff/applications/${app.id}/objections`, { text: '我也有意见要提。' }))).toBe('201 undefined');
    expect(err(await as('stranger').post(`/api/ff/applications/${app.id}/objections`, { text: '短' }))).toBe('400 VALIDATION_FAILED');
    const forApplicant = (await as('cadre').get(`/api/ff/applications/${app.id}`)).body as ApplicationView;
    expect(forApplicant.objections.map((x) => [x.text, x.mine])).toEqual([
      ['村里上个月还有人被冒充客服骗了，知晓率没有这么高。', false],
      ['我也有意见要提。', false],
    ]);
    expect(Object.keys(forApplicant.objections[0]).sort()).toEqual(['createdAt', 'id', 'mine', 'text']);
    expect((await as('admin').get(`/api/ff/applications/${app.id}`)).body.objections).toHaveLength(2);
    expect((await as('police').get(`/api/ff/applications/${app.id}`)).body.objections).toEqual([]);
    // an application never in notice is not public (the company's, submitted above)
    const other = (await as('admin').get('/api/ff/applications', { nodeId: ids.textile })).body.items[0];
    expect(other.status).toBe('submitted');
    expect(err(await as('resident').post(`/api/ff/applications/${other.id}/objections`, { text: '这个单位有问题。' }))).toBe('404 NOT_FOUND');
    expect(err(await as('resident').post('/api/ff/applications/999999/objections', { text: '这个单位有问题。' }))).toBe('404 NOT_FOUND');
  });

  it('objections are rate-limited per person', async () => {
    // the stranger made 1 of 5 this minute
    for (let i = 0; i < 4; i++) expect((await as('stranger').post(`/api/ff/applications/${app.id}/objections`, { text: `第${i + 2}条意见内容` })).status).toBe(201);
    expect(err(await as('stranger').post(`/api/ff/applications/${app.id}/objections`, { text: '第七条意见内容' }))).toBe('429 RATE_LIMITED');
    expect(await ds.getRepository(FfObjection).countBy({ applicationId: app.id })).toBe(6);
  });

  it('deciding waits for the notice to end (FF_NOTICE_NOT_OVER); then objections end (FF_NOTICE_OVER) and the title is awarded for validityMonths', async () => {
    t.clock.set(new Date(T0.getTime() + 7 * DAY - MIN));
    const early = await as('admin').post(`/api/ff/applications/${app.id}/decide`, { decision: 'award' });
    expect(err(early)).toBe('409 FF_NOTICE_NOT_OVER');
    expect(early.body.message).toBe('公示期到2026-03-17 10:00结束');
    expect((await as('admin').get(`/api/ff/applications/${app.id}`)).body.canReview).toBe(false);
    t.clock.set(new Date(T0.getTime() + 7 * DAY));
    expect(err(await as('resident').post(`/api/ff/applications/${app.id}/objections`, { text: '公示结束后的意见。' }))).toBe('409 FF_NOTICE_OVER');
    expect((await t.http.get('/api/ff/notices').query({ townId: ids.town })).body.items).toEqual([]);
    expect((await as('admin').get(`/api/ff/applications/${app.id}`)).body.canReview).toBe(true);
    expect(err(await as('cadre').post(`/api/ff/applications/${app.id}/decide`, { decision: 'award' }))).toBe('403 FORBIDDEN');
    const res = await as('admin').post(`/api/ff/applications/${app.id}/decide`, { decision: 'award', comment: '公示无实质异议' });
    expect(err(res)).toBe('200 undefined');
    expect(res.body).toMatchObject({ status: 'awarded', decidedAt: new Date(T0.getTime() + 7 * DAY).toISOString(), reviewComment: '公示无实质异议', canReview: false });
    const award = await ds.getRepository(FfAward).findOneByOrFail({ applicationId: app.id });
    expect(award).toMatchObject({ programId: community.id, townId: ids.town, nodeId: ids.dongshan, kind: 'community', scoreX10: Math.round(app.score! * 10), status: 'active' });
    expect(new Date(award.validUntil).toISOString()).toBe('2027-03-17T02:00:00.000Z');
    expect(err(await as('admin').post(`/api/ff/applications/${app.id}/decide`, { decision: 'reject' }))).toBe('409 FF_BAD_STATE');
    expect(err(await as('resident').post(`/api/ff/applications/${app.id}/objections`, { text: '授牌后的意见。' }))).toBe('409 FF_NOTICE_OVER');
    const [entry] = (await audits('ff.application.decide')).filter((a) => a.targetId === String(app.id));
    expect(entry.detail).toEqual({ decision: 'award', programId: community.id, awardId: award.id, objections: 6 });
  });

  it('a decision on an application not in notice is FF_BAD_STATE; rejecting awards nothing', async () => {
    const fresh = await submitted('unit', unitProgram.id, (await freshUnit('和平五金厂')).id);
    expect(err(await as('admin').post(`/api/ff/applications/${fresh.id}/decide`, { decision: 'award' }))).toBe('409 FF_BAD_STATE');
    const approved = await as('admin').post(`/api/ff/applications/${fresh.id}/review`, { decision: 'approve', manualScores: { rules: 10 } });
    expect(approved.body.status).toBe('notice');
    t.clock.advance(7 * DAY);
    const rej = await as('admin').post(`/api/ff/applications/${fresh.id}/decide`, { decision: 'reject', comment: '公示期间核实有职工被骗' });
    expect(rej.body).toMatchObject({ status: 'rejected', reviewComment: '公示期间核实有职工被骗' });
    expect(await ds.getRepository(FfAward).countBy({ applicationId: fresh.id })).toBe(0);
    t.clock.set(new Date(T0.getTime() + 7 * DAY));
  });
});

// a new enterprise in 和平镇 whose contact is the demo unit contact
async function freshUnit(name: string): Promise<OrgNode> {
  const now = t.clock.now();
  const repo = ds.getRepository(OrgNode);
  const n = await repo.save({ parentId: town.id, kind: 'enterprise', name, path: `${town.path}tmp/`, depth: town.depth + 1, createdAt: now, updatedAt: now });
  n.path = `${town.path}${n.id}/`;
  await repo.save(n);
  const unit = await t.login(openids.unit);
  await ds.getRepository(Membership).insert({ userId: unit.userId, nodeId: n.id, nodePath: n.path, role: 'unit_contact', source: 'seed', inviteId: null, createdAt: now });
  return n;
}

describe('awards', () => {
  let award: AwardView;
  const awardsOf = async (who: string, nodeId: number, state?: string) => as(who).get('/api/ff/awards', state ? { nodeId, state } : { nodeId });

  it('listed for the town and the village, with a signed certificate link while active; others do not list', async () => {
    const res = await awardsOf('admin', ids.town);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    award = res.body.items[0];
    expect(award).toMatchObject({
      programId: community.id,
      programTitle: '2026年度无诈社区（村）创建',
      kind: 'community',
      node: { id: ids.dongshan, name: '东山村', kind: 'village' },
      awardedAt: new Date(T0.getTime() + 7 * DAY).toISOString(),
      validUntil: '2027-03-17T02:00:00.000Z',
      state: 'active',
      reviewReason: null,
      revokeReason: null,
      revokedAt: null,
    });
    expect(award.certificateUrl).toMatch(new RegExp(`^/api/ff/awards/${award.id}/certificate\\?exp=\\d+&sig=[A-Za-z0-9_-]+$`));
    expect((await awardsOf('cadre', ids.dongshan)).body.items.map((a: AwardView) => a.id)).toEqual([award.id]);
    expect((await awardsOf('police', ids.town)).body.items).toHaveLength(1);
    expect((await awardsOf('school', ids.school)).body.items).toEqual([]);
    expect((await awardsOf('admin', ids.town, 'review')).body.items).toEqual([]);
    expect(err(await awardsOf('cadre', ids.xihe))).toBe('404 NOT_FOUND');
    expect(err(await awardsOf('grid', ids.dsGrid1))).toBe('403 FORBIDDEN');
    expect(err(await awardsOf('resident', ids.dsGrid1))).toBe('403 FORBIDDEN');
  });

  it('the certificate: an A4 landscape SVG with the title, the organisation, the town, the program, the dates and a serial; a changed signature or an expired link is 404', async () => {
    const res = await t.http.get(award.certificateUrl!).buffer(true).parse(text);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body as string;
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('width="297mm" height="210mm"');
    for (const s of ['无诈社区（村）', '东山村', '和平镇', '2026年度无诈社区（村）创建', '2026年3月17日', '有效期至 2027年3月17日', `证书编号 FF${String(community.id).padStart(4, '0')}-${String(award.id).padStart(6, '0')}`]) {
      expect(svg).toContain(s);
    }
    const url = new URL(award.certificateUrl!, 'http://x');
    const sig = url.searchParams.get('sig')!;
    const forged = `${url.pathname}?exp=${url.searchParams.get('exp')}&sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(err(await t.http.get(forged))).toBe('404 NOT_FOUND');
    // another award's id with this signature
    expect(err(await t.http.get(`/api/ff/awards/${award.id + 1}/certificate?exp=${url.searchParams.get('exp')}&sig=${sig}`))).toBe('404 NOT_FOUND');
    expect(err(await t.http.get(`/api/ff/awards/${award.id}/certificate`))).toBe('400 VALIDATION_FAILED');
    const exp = Number(url.searchParams.get('exp'));
    const saved = t.clock.now();
    t.clock.set(new Date(exp * 1000 + 1000));
    expect(err(await t.http.get(award.certificateUrl!))).toBe('404 NOT_FOUND');
    t.clock.set(saved);
  });

  it('a case in the village puts the title under review (no certificate); keep brings it back; only the town keeps, never with a stake in it', async () => {
    const month = chinaMonthKey(t.clock.now());
    const fig = await as('police').put('/api/ff/cases', { nodeId: ids.dongshan, month, cases: 1, lossYuan: 3000 });
    expect(err(fig)).toBe('200 undefined');
    expect(fig.body.reviewsOpened).toBe(1);
    const [under] = (await awardsOf('admin', ids.town)).body.items as AwardView[];
    expect(under).toMatchObject({ id: award.id, state: 'review', reviewReason: '2026年3月发生电诈案件1起', certificateUrl: null });
    expect(err(await t.http.get(award.certificateUrl!))).toBe('404 NOT_FOUND');
    expect((await awardsOf('admin', ids.town, 'review')).body.items).toHaveLength(1);
    // the same case again opens nothing more: the title is already under review
    expect((await as('police').put('/api/ff/cases', { nodeId: ids.dongshan, month, cases: 1, lossYuan: 3000 })).body.reviewsOpened).toBe(0);

    expect(err(await as('cadre').post(`/api/ff/awards/${award.id}/keep`, { comment: '我村整改到位' }))).toBe('403 FORBIDDEN');
    expect(err(await as('police').post(`/api/ff/awards/${award.id}/keep`, { comment: '整改到位' }))).toBe('403 FORBIDDEN');
    expect(err(await as('school').post(`/api/ff/awards/${award.id}/keep`, { comment: '整改到位' }))).toBe('404 NOT_FOUND');
    expect(err(await as('admin').post(`/api/ff/awards/${award.id}/keep`, { comment: '' }))).toBe('400 VALIDATION_FAILED');
    const admin2 = await t.login(openids.admin2);
    const village = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.dongshan });
    const stake = await ds.getRepository(Membership).save({ userId: admin2.userId, nodeId: village.id, nodePath: village.path, role: 'village_cadre', source: 'seed', inviteId: null, createdAt: t.clock.now() });
    expect(err(await as('admin2').post(`/api/ff/awards/${award.id}/keep`, { comment: '整改到位' }))).toBe('403 FF_SELF_REVIEW');
    expect(err(await as('admin2').post(`/api/ff/awards/${award.id}/revoke`, { reason: '发生案件' }))).toBe('403 FF_SELF_REVIEW');
    await ds.getRepository(Membership).delete({ id: stake.id });

    const kept = await as('admin').post(`/api/ff/awards/${award.id}/keep`, { comment: '系外地来务工人员被骗，村里宣传到位，保留称号' });
    expect(err(kept)).toBe('200 undefined');
    expect(kept.body).toMatchObject({ state: 'active', reviewReason: null });
    expect(kept.body.certificateUrl).not.toBeNull();
    const [entry] = await audits('ff.award.keep');
    expect(entry).toMatchObject({ targetId: String(award.id), nodeId: ids.dongshan, detail: { comment: '系外地来务工人员被骗，村里宣传到位，保留称号', reviewReason: '2026年3月发生电诈案件1起', wasUnderReview: true } });
  });

  it('openReviews: the node or an ancestor, active and unexpired, awarded no later than the case month', async () => {
    const svc = t.app.get(FfAwardService);
    const grid = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.dsGrid2 });
    // a case of February: known before the March award
    expect(await svc.openReviews(ds.manager, grid.path, '2026年2月发生电诈案件1起', { sinceMonth: '2026-02' })).toBe(0);
    // another village's case
    const xihe = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.xihe });
    expect(await svc.openReviews(ds.manager, xihe.path, '西河村发案')).toBe(0);
    // the town above the village: not the village's title
    expect(await svc.openReviews(ds.manager, town.path, '全镇发案')).toBe(0);
    expect((await ds.getRepository(FfAward).findOneByOrFail({ id: award.id })).status).toBe('active');
    expect(await svc.openReviews(ds.manager, grid.path, '预警为红色', { sinceMonth: '2026-03' })).toBe(1);
    const row = await ds.getRepository(FfAward).findOneByOrFail({ id: award.id });
    expect(row).toMatchObject({ status: 'review', reviewReason: '预警为红色' });
    expect(new Date(row.reviewOpenedAt!).toISOString()).toBe(t.clock.now().toISOString());
    await as('admin').post(`/api/ff/awards/${award.id}/keep`, { comment: '核实后保留' });
  });

  it('revoking needs a reason (FF_REVOKE_REASON_REQUIRED), works without a review, is audit-logged and final', async () => {
    const blank = await as('admin').post(`/api/ff/awards/${award.id}/revoke`, { reason: '   ' });
    expect(err(blank)).toBe('400 FF_REVOKE_REASON_REQUIRED');
    expect(err(await as('cadre').post(`/api/ff/awards/${award.id}/revoke`, { reason: '自己撤销' }))).toBe('403 FORBIDDEN');
    const res = await as('admin').post(`/api/ff/awards/${award.id}/revoke`, { reason: '复核发现宣传台账弄虚作假' });
    expect(err(res)).toBe('200 undefined');
    expect(res.body).toMatchObject({ state: 'revoked', revokeReason: '复核发现宣传台账弄虚作假', revokedAt: t.clock.now().toISOString(), certificateUrl: null });
    expect(err(await t.http.get(award.certificateUrl!))).toBe('404 NOT_FOUND');
    expect(err(await as('admin').post(`/api/ff/awards/${award.id}/revoke`, { reason: '再次撤销' }))).toBe('409 FF_BAD_STATE');
    expect(err(await as('admin').post(`/api/ff/awards/${award.id}/keep`, { comment: '恢复称号' }))).toBe('409 FF_BAD_STATE');
    const [entry] = await audits('ff.award.revoke');
    expect(entry).toMatchObject({ targetId: String(award.id), detail: { reason: '复核发现宣传台账弄虚作假', reviewReason: null, programId: community.id } });
    // a revoked title opens no review
    const village = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.dongshan });
    expect(await t.app.get(FfAwardService).openReviews(ds.manager, village.path, '又发案')).toBe(0);
    expect((await awardsOf('admin', ids.town, 'revoked')).body.items.map((a: AwardView) => a.id)).toEqual([award.id]);
  });

  it('a title expires by the clock: state expired, no certificate, no keep nor review', async () => {
    // the company's application, submitted above
    const submittedOne = (await as('unit').get('/api/ff/applications', { nodeId: ids.textile })).body.items[0];
    const r = await as('admin').post(`/api/ff/applications/${submittedOne.id}/review`, { decision: 'approve', manualScores: { rules: 9 } });
    expect(err(r)).toBe('200 undefined');
    const app = r.body as ApplicationView;
    t.clock.advance(7 * DAY);
    expect(err(await as('admin').post(`/api/ff/applications/${app.id}/decide`, { decision: 'award' }))).toBe('200 undefined');
    const a = await ds.getRepository(FfAward).findOneByOrFail({ applicationId: app.id });
    expect(new Date(a.validUntil).getTime()).toBe(addChinaMonths(new Date(a.awardedAt), 12).getTime());
    t.clock.set(new Date(new Date(a.validUntil).getTime() - MIN));
    expect((await awardsOf('unit', ids.textile)).body.items[0]).toMatchObject({ state: 'active' });
    t.clock.set(new Date(a.validUntil));
    const [v] = (await awardsOf('unit', ids.textile)).body.items as AwardView[];
    expect(v).toMatchObject({ id: a.id, state: 'expired', certificateUrl: null });
    expect((await awardsOf('admin', ids.town, 'expired')).body.items.map((x: AwardView) => x.id)).toEqual([a.id]);
    expect((await awardsOf('admin', ids.town, 'active')).body.items).toEqual([]);
    expect(err(await as('admin').post(`/api/ff/awards/${a.id}/keep`, { comment: '继续保留' }))).toBe('409 FF_BAD_STATE');
    const unitNode = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.textile });
    expect(await t.app.get(FfAwardService).openReviews(ds.manager, unitNode.path, '发案')).toBe(0);
    t.clock.set(T0);
  });
});

describe('listing applications', () => {
  it('the town lists every application past the draft; the village its own with drafts; filters by program and status; others 403/404', async () => {
    const town = await as('admin').get('/api/ff/applications', { nodeId: ids.town });
    expect(town.status).toBe(200);
    const statuses = town.body.items.map((a: ApplicationView) => a.status);
    expect(statuses).not.toContain('draft');
    expect(await ds.getRepository(FfApplication).countBy({ status: 'draft' })).toBeGreaterThan(0);
    expect(town.body.items.map((a: ApplicationView) => a.id)).toEqual([...town.body.items.map((a: ApplicationView) => a.id)].sort((x, y) => y - x));
    const village = await as('cadre').get('/api/ff/applications', { nodeId: ids.dongshan });
    expect(village.body.items.map((a: ApplicationView) => a.node.id).every((id: number) => id === ids.dongshan)).toBe(true);
    expect(village.body.items.map((a: ApplicationView) => a.status)).toContain('draft');
    const awarded = await as('admin').get('/api/ff/applications', { nodeId: ids.town, status: 'awarded', programId: community.id });
    expect(awarded.body.items).toEqual([expect.objectContaining({ node: { id: ids.dongshan, name: '东山村', kind: 'village' }, status: 'awarded', programTitle: '2026年度无诈社区（村）创建', kind: 'community' })]);
    expect(Object.keys(awarded.body.items[0]).sort()).toEqual(['id', 'kind', 'node', 'noticeEndsAt', 'programId', 'programTitle', 'score', 'status', 'submittedAt']);
    expect(err(await as('cadre').get('/api/ff/applications', { nodeId: ids.xihe }))).toBe('404 NOT_FOUND');
    expect(err(await as('grid').get('/api/ff/applications', { nodeId: ids.dsGrid1 }))).toBe('403 FORBIDDEN');
    expect(err(await as('teacher').get('/api/ff/applications', { nodeId: ids.class71 }))).toBe('403 FORBIDDEN');
  });
});

// a response body read as text
function text(r: import('superagent').Response, cb: (err: Error | null, body: unknown) => void) {
  const stream = r as unknown as NodeJS.ReadableStream;
  let s = '';
  stream.setEncoding('utf8');
  stream.on('data', (c: string) => (s += c));
  stream.on('end', () => cb(null, s));
}

// an IndicatorSheet without its computing time (two reads a moment apart)
function strip(s: IndicatorSheet) {
  const { computedAt: _, ...rest } = s;
  return rest;
}
