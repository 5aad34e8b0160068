// Fraud-Free programs end to end: the demo programs and ledger seeded with the organisation; creating
// with every rule (weights summing to 100 with the sum named, unique keys, real dates, windows, percent
// targets, town only); drafts changing freely, published programs only their title, a later deadline and
// the notice length; publishing and closing; open by the China day; application and title counts; who
// sees, lists and manages which programs; the helpers other modules use (load, visible, eligibleNodes,
// townOfNode).
import { chinaDayKey, chinaMonthKey, DEFAULT_INDICATORS, ProgramInput, ProgramView } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { AuthContext } from '../src/common/auth-context';
import { FfApplication } from '../src/modules/ff-applications/ff-application.entity';
import { FfAward } from '../src/modules/ff-applications/ff-award.entity';
import { FfActivity } from '../src/modules/ff-ledger/ff-activity.entity';
import { FfCaseFigure } from '../src/modules/ff-ledger/ff-case-figure.entity';
import { FfProgram } from '../src/modules/ff-programs/ff-program.entity';
import { FfProgramService } from '../src/modules/ff-programs/ff-program.service';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { ffProgramBody, ffProgramRow } from './authz/ff-programs.rows';
import { secondTown } from './authz/pledge-campaigns.rows';
import { actors, err } from './utils/actors';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(180_000);

const DAY = 86400_000;
// Tuesday 2026-03-10 10:00 in China
const T0 = new Date('2026-03-10T02:00:00Z');
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

let t: TestApp;
let ds: DataSource;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
let town: OrgNode;
let town2: OrgNode;
const openids: Record<string, string> = {
  admin: 'demo-town_admin', admin2: 'demo-town_admin2', police: 'demo-police_liaison', cadre: 'demo-village_cadre', grid: 'demo-grid_worker',
  school: 'demo-school_admin', teacher: 'demo-teacher', student: 'demo-student', parent: 'demo-parent', unit: 'demo-unit_contact', resident: 'demo-resident',
  other: 'e2e-ff-town2-admin', county: 'e2e-ff-county-admin',
};
const { as } = actors(() => t, openids);
const body = (over: Partial<ProgramInput> = {}, townId = town.id) => ffProgramBody(townId, over, t.clock.now());
const programCount = () => ds.getRepository(FfProgram).count();
async function created(who: string, b: object): Promise<ProgramView> {
  const res = await as(who).post('/api/ff/programs', b);
  expect([res.status, res.body.code]).toEqual([201, undefined]);
  return res.body;
}
async function published(b: object = body()): Promise<ProgramView> {
  const p = await created('admin', b);
  const res = await as('admin').post(`/api/ff/programs/${p.id}/publish`);
  expect(err(res)).toBe('200 undefined');
  return res.body;
}
const ctxOf = async (who: string): Promise<AuthContext> => ({ userId: (await t.login(openids[who])).userId }) as AuthContext;

beforeAll(async () => {
  t = await createTestApp();
  ds = t.dataSource;
  ids = await demoNodeIds(t);
  town = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.town });
  town2 = (await secondTown(t, '安宁镇', openids.other)).town;
  // a county-level town admin (ff.manage over every town of the county)
  const county = await t.login(openids.county);
  await ds.getRepository(Membership).insert({ userId: county.userId, nodeId: ids.county, nodePath: `/${ids.county}/`, role: 'town_admin', source: 'seed', inviteId: null, createdAt: new Date() });
  expect((await as('resident').post('/api/memberships/join', { nodeId: ids.dsGrid1 })).status).toBe(200);
});

afterAll(async () => {
  await t?.close();
});

describe('demo seed', () => {
  it('holds 和平镇 published community and unit programs for this China year, open from the seed day for 30 days', async () => {
    const rows = await ds.getRepository(FfProgram).find({ where: { townId: town.id }, order: { id: 'ASC' } });
    expect(rows.map((p) => p.kind)).toEqual(['community', 'unit']);
    const seededAt = rows[0].createdAt;
    const day = chinaDayKey(new Date(seededAt));
    const year = day.slice(0, 4);
    t.clock.set(new Date(seededAt));
    const res = await as('cadre').get('/api/ff/programs', { nodeId: ids.dongshan });
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: ProgramView) => p.kind)).toEqual(['unit', 'community']);
    for (const p of res.body.items as ProgramView[]) {
      expect(p).toMatchObject({
        town: { id: town.id, name: '和平镇', kind: 'town' },
        title: `和平镇${year}年度“${p.kind === 'community' ? '无诈社区（村）' : '无诈单位'}”创建评比`,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        applyFrom: day,
        applyUntil: addDays(day, 29),
        noticeDays: 7,
        validityMonths: 12,
        status: 'published',
        open: true,
        counts: { applications: 0, awarded: 0 },
        canManage: false,
      });
      expect(p.indicators).toEqual(DEFAULT_INDICATORS[p.kind].map((d) => ({ ...d, note: d.note ?? null })));
    }
    // the 30th day is still open, the 31st not
    t.clock.set(new Date(Date.parse(`${addDays(day, 29)}T15:59:00Z`)));
    expect((await as('admin').get(`/api/ff/programs/${rows[0].id}`)).body).toMatchObject({ open: true, canManage: true });
    t.clock.set(new Date(Date.parse(`${addDays(day, 29)}T16:00:00Z`)));
    expect((await as('admin').get(`/api/ff/programs/${rows[0].id}`)).body.open).toBe(false);
  });

  it('holds ledger activities of 东山村 this month and last month, and last month case figures', async () => {
    const seededAt = new Date((await ds.getRepository(FfProgram).findOneByOrFail({ townId: town.id, kind: 'community' })).createdAt);
    const month = chinaMonthKey(seededAt);
    const [y, mo] = month.split('-').map(Number);
    const last = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
    const dongshan = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.dongshan });
    const acts = (await ds.getRepository(FfActivity).find({ where: { townId: town.id } })).filter((a) => a.nodePath.startsWith(dongshan.path));
    expect(acts.filter((a) => a.day.startsWith(month)).length).toBe(2);
    expect(acts.filter((a) => a.day.startsWith(last)).length).toBe(3);
    expect(acts.every((a) => a.day <= chinaDayKey(seededAt) && a.peopleReached > 0 && a.createdBy > 0)).toBe(true);
    // one of the unit too
    expect(await ds.getRepository(FfActivity).countBy({ nodeId: ids.textile })).toBe(1);
    const figures = await ds.getRepository(FfCaseFigure).find({ order: { nodeId: 'ASC' } });
    expect(figures.map((f) => [f.nodeId, f.month, f.cases, f.lossYuan])).toEqual([
      [ids.dongshan, last, 1, 8600],
      [ids.xihe, last, 0, 0],
    ]);
  });
});

describe('creating', () => {
  beforeAll(() => t.clock.set(T0));

  it('a town admin writes a draft: the view carries every setting, notes null where none', async () => {
    const input = body({ title: '和平镇无诈社区创建评比（测试）', noticeDays: 5, validityMonths: 24 });
    const p = await created('admin', input);
    expect(p).toEqual({
      id: expect.any(Number),
      town: { id: town.id, name: '和平镇', kind: 'town' },
      kind: 'community',
      title: '和平镇无诈社区创建评比（测试）',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      applyFrom: '2026-03-10',
      applyUntil: '2026-04-08',
      noticeDays: 5,
      validityMonths: 24,
      indicators: DEFAULT_INDICATORS.community.map((d) => ({ ...d, note: d.note ?? null })),
      status: 'draft',
      open: false,
      counts: { applications: 0, awarded: 0 },
      canManage: true,
      createdAt: T0.toISOString(),
    });
    const row = await ds.getRepository(FfProgram).findOneByOrFail({ id: p.id });
    expect(row).toMatchObject({ townId: town.id, townPath: town.path, status: 'draft', publishedAt: null });
    // defaults of the notice and validity
    const { noticeDays: _n, validityMonths: _v, ...rest } = body();
    expect((await created('admin', rest)).noticeDays).toBe(7);
  });

  it('weights must sum to 100: 400 FF_WEIGHTS_SUM naming the sum, nothing written', async () => {
    const before = await programCount();
    const low = DEFAULT_INDICATORS.community.map((d, i) => ({ ...d, weight: i === 0 ? d.weight - 5 : d.weight }));
    const res = await as('admin').post('/api/ff/programs', body({ indicators: low }));
    expect(err(res)).toBe('400 FF_WEIGHTS_SUM');
    expect(res.body.message).toContain('95');
    const high = [...DEFAULT_INDICATORS.unit, { key: 'extra', name: '额外指标', source: 'manual' as const, weight: 10, target: 1, rule: 'threshold' as const }];
    const res2 = await as('admin').post('/api/ff/programs', body({ kind: 'unit', indicators: high }));
    expect(err(res2)).toBe('400 FF_WEIGHTS_SUM');
    expect(res2.body.message).toContain('110');
    expect(await programCount()).toBe(before);
  });

  it('refuses bad indicators and dates with the field named, writing nothing', async () => {
    const before = await programCount();
    const ind = DEFAULT_INDICATORS.community;
    const cases: Array<[string, object, string]> = [
      ['duplicate keys', { indicators: ind.map((d, i) => (i === 1 ? { ...d, key: ind[0].key } : d)) }, 'body.indicators'],
      ['a key with capitals', { indicators: ind.map((d, i) => (i === 0 ? { ...d, key: 'Awareness' } : d)) }, 'body.indicators.0.key'],
      ['a percent target over 100', { indicators: ind.map((d, i) => (i === 0 ? { ...d, target: 120 } : d)) }, 'body.indicators.0.target'],
      ['an unknown source', { indicators: ind.map((d, i) => (i === 0 ? { ...d, source: 'gossip' } : d)) }, 'body.indicators.0.source'],
      ['a zero weight', { indicators: ind.map((d, i) => (i === 0 ? { ...d, weight: 0 } : d)) }, 'body.indicators.0.weight'],
      ['no indicators', { indicators: [] }, 'body.indicators'],
      ['February 30th', { periodEnd: '2026-02-30' }, 'body.periodEnd'],
      ['month 13', { periodEnd: '2026-13-01' }, 'body.periodEnd'],
      ['April 31st', { applyUntil: '2026-04-31' }, 'body.applyUntil'],
      ['a period ending before it starts', { periodStart: '2026-06-01', periodEnd: '2026-05-31' }, 'body.periodEnd'],
      ['a window closing before it opens', { applyFrom: '2026-04-01', applyUntil: '2026-03-31' }, 'body.applyUntil'],
      ['a period of three years', { periodStart: '2024-01-01', periodEnd: '2026-12-31' }, 'body.periodEnd'],
      ['applications closing before the period starts', { periodStart: '2027-01-01', periodEnd: '2027-12-31', applyFrom: '2026-03-10', applyUntil: '2026-12-31' }, 'body.applyUntil'],
      ['an unknown kind', { kind: 'family' }, 'body.kind'],
      ['a notice of 0 days', { noticeDays: 0 }, 'body.noticeDays'],
      ['a validity of 61 months', { validityMonths: 61 }, 'body.validityMonths'],
      ['a village as the town', { townId: ids.dongshan }, 'body.townId'],
    ];
    for (const [label, over, path] of cases) {
      const res = await as('admin').post('/api/ff/programs', { ...body(), ...over });
      expect([label, err(res)]).toEqual([label, '400 VALIDATION_FAILED']);
      expect([label, res.body.fields.map((f: { path: string }) => f.path)]).toEqual([label, expect.arrayContaining([path])]);
    }
    expect(await programCount()).toBe(before);
  });

  it('only for a town the caller manages: police 403, cadre and another town 404', async () => {
    const before = await programCount();
    expect(err(await as('police').post('/api/ff/programs', body()))).toBe('403 FORBIDDEN');
    expect(err(await as('cadre').post('/api/ff/programs', body()))).toBe('404 NOT_FOUND');
    expect(err(await as('school').post('/api/ff/programs', body()))).toBe('404 NOT_FOUND');
    expect(err(await as('other').post('/api/ff/programs', body()))).toBe('404 NOT_FOUND');
    expect(err(await as('admin').post('/api/ff/programs', body({}, town2.id)))).toBe('404 NOT_FOUND');
    expect(await programCount()).toBe(before);
    expect((await created('other', body({}, town2.id))).town).toEqual({ id: town2.id, name: '安宁镇', kind: 'town' });
    expect((await created('county', body())).canManage).toBe(true);
  });
});

describe('editing, publishing, closing', () => {
  beforeAll(() => t.clock.set(T0));

  it('a draft changes freely; publishing opens it; then only title, a later deadline and the notice length', async () => {
    const p = await created('admin', body());
    const unit = body({ kind: 'unit', title: '和平镇无诈单位评比', periodStart: '2026-03-01', periodEnd: '2027-02-28', applyFrom: '2026-03-11', applyUntil: '2026-03-20', indicators: DEFAULT_INDICATORS.unit });
    const res = await as('admin').put(`/api/ff/programs/${p.id}`, unit);
    expect(err(res)).toBe('200 undefined');
    expect(res.body).toMatchObject({ kind: 'unit', title: '和平镇无诈单位评比', periodStart: '2026-03-01', periodEnd: '2027-02-28', applyFrom: '2026-03-11', applyUntil: '2026-03-20', status: 'draft' });
    expect(res.body.indicators.map((d: { key: string }) => d.key)).toEqual(DEFAULT_INDICATORS.unit.map((d) => d.key));
    expect((await as('admin').get(`/api/ff/programs/${p.id}`)).body).toEqual(res.body);
    // a draft is checked like a new one
    expect(err(await as('admin').put(`/api/ff/programs/${p.id}`, { ...unit, indicators: DEFAULT_INDICATORS.unit.slice(1) }))).toBe('400 FF_WEIGHTS_SUM');

    const pub = await as('admin').post(`/api/ff/programs/${p.id}/publish`);
    expect(err(pub)).toBe('200 undefined');
    // the window opens tomorrow
    expect(pub.body).toMatchObject({ status: 'published', open: false });
    expect((await ds.getRepository(FfProgram).findOneByOrFail({ id: p.id })).publishedAt).toEqual(T0);
    expect(err(await as('admin').post(`/api/ff/programs/${p.id}/publish`))).toBe('409 FF_BAD_STATE');

    const ok = await as('admin').put(`/api/ff/programs/${p.id}`, { ...unit, title: '和平镇2026年无诈单位评比', applyUntil: '2026-04-30', noticeDays: 10 });
    expect(err(ok)).toBe('200 undefined');
    expect(ok.body).toMatchObject({ title: '和平镇2026年无诈单位评比', applyUntil: '2026-04-30', noticeDays: 10, status: 'published' });
    const now = { ...unit, title: '和平镇2026年无诈单位评比', applyUntil: '2026-04-30', noticeDays: 10 };
    const swapped = DEFAULT_INDICATORS.unit.map((d, i) => (i === 0 ? { ...d, weight: d.weight - 5 } : i === 1 ? { ...d, weight: d.weight + 5 } : d));
    const fixed: Array<[string, object]> = [
      ['weights (still 100)', { indicators: swapped }],
      ['an indicator target', { indicators: DEFAULT_INDICATORS.unit.map((d, i) => (i === 0 ? { ...d, target: 95 } : d)) }],
      ['an indicator note', { indicators: DEFAULT_INDICATORS.unit.map((d, i) => (i === 0 ? { ...d, note: '新加的说明' } : d)) }],
      ['the order of the indicators', { indicators: [...DEFAULT_INDICATORS.unit].reverse() }],
      ['the period start', { periodStart: '2026-02-01' }],
      ['the period end', { periodEnd: '2027-03-31' }],
      ['the window start', { applyFrom: '2026-03-12' }],
      ['the validity', { validityMonths: 24 }],
      ['the kind', { kind: 'building', indicators: DEFAULT_INDICATORS.building }],
      ['the town', { townId: town2.id }],
    ];
    for (const [label, over] of fixed) {
      const r = await as('admin').put(`/api/ff/programs/${p.id}`, { ...now, ...over });
      expect([label, err(r)]).toEqual([label, '409 FF_PROGRAM_NOT_EDITABLE']);
    }
    const shorter = await as('admin').put(`/api/ff/programs/${p.id}`, { ...now, applyUntil: '2026-04-29' });
    expect(err(shorter)).toBe('400 VALIDATION_FAILED');
    expect(shorter.body.fields).toEqual([{ path: 'body.applyUntil', message: '已发布的评比只能延长申报截止日期' }]);
    expect(err(await as('admin').put(`/api/ff/programs/${p.id}`, { ...now, indicators: DEFAULT_INDICATORS.unit.slice(1) }))).toBe('400 FF_WEIGHTS_SUM');
    const row = await ds.getRepository(FfProgram).findOneByOrFail({ id: p.id });
    expect(row).toMatchObject({ title: '和平镇2026年无诈单位评比', applyUntil: '2026-04-30', noticeDays: 10, periodStart: '2026-03-01', validityMonths: 12, kind: 'unit' });
    expect(row.indicators).toEqual(DEFAULT_INDICATORS.unit);

    const closed = await as('admin').post(`/api/ff/programs/${p.id}/close`);
    expect(err(closed)).toBe('200 undefined');
    expect(closed.body).toMatchObject({ status: 'closed', open: false });
    expect(err(await as('admin').post(`/api/ff/programs/${p.id}/close`))).toBe('409 FF_BAD_STATE');
    expect(err(await as('admin').post(`/api/ff/programs/${p.id}/publish`))).toBe('409 FF_BAD_STATE');
    expect(err(await as('admin').put(`/api/ff/programs/${p.id}`, now))).toBe('409 FF_BAD_STATE');
  });

  it('a draft cannot be closed, nor published once its deadline passed (until the window moves)', async () => {
    const p = await created('admin', body({ applyFrom: '2026-03-01', applyUntil: '2026-03-09' }));
    expect(err(await as('admin').post(`/api/ff/programs/${p.id}/close`))).toBe('409 FF_BAD_STATE');
    const late = await as('admin').post(`/api/ff/programs/${p.id}/publish`);
    expect(err(late)).toBe('400 VALIDATION_FAILED');
    expect(late.body.fields[0].path).toBe('applyUntil');
    expect((await ds.getRepository(FfProgram).findOneByOrFail({ id: p.id })).status).toBe('draft');
    // the last day of the window is today: publishable, and open
    expect(err(await as('admin').put(`/api/ff/programs/${p.id}`, body({ applyFrom: '2026-03-01', applyUntil: '2026-03-10' })))).toBe('200 undefined');
    expect((await as('admin').post(`/api/ff/programs/${p.id}/publish`)).body).toMatchObject({ status: 'published', open: true });
  });

  it('a draft moves to another town its editor manages (a county admin), and out of the first town’s sight', async () => {
    const p = await created('admin', body());
    expect(err(await as('admin').put(`/api/ff/programs/${p.id}`, body({}, town2.id)))).toBe('404 NOT_FOUND');
    const moved = await as('county').put(`/api/ff/programs/${p.id}`, body({}, town2.id));
    expect(err(moved)).toBe('200 undefined');
    expect(moved.body.town.id).toBe(town2.id);
    expect((await ds.getRepository(FfProgram).findOneByOrFail({ id: p.id })).townPath).toBe(town2.path);
    expect(err(await as('admin').get(`/api/ff/programs/${p.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('other').get(`/api/ff/programs/${p.id}`))).toBe('200 undefined');
  });
});

describe('open by the China day', () => {
  it('opens at China midnight of the first day and closes after the last', async () => {
    t.clock.set(T0);
    // tomorrow (China) for three days
    const p = await published(body({ applyFrom: '2026-03-11', applyUntil: '2026-03-13' }));
    expect(p.open).toBe(false);
    const openAt = async (at: string) => {
      t.clock.set(new Date(at));
      return (await as('cadre').get(`/api/ff/programs/${p.id}`)).body.open;
    };
    expect(await openAt('2026-03-10T15:59:59Z')).toBe(false);
    expect(await openAt('2026-03-10T16:00:00Z')).toBe(true);
    expect(await openAt('2026-03-13T15:59:59Z')).toBe(true);
    expect(await openAt('2026-03-13T16:00:00Z')).toBe(false);
    t.clock.set(T0);
  });
});

describe('counts', () => {
  beforeAll(() => t.clock.set(T0));

  it('applications past the draft and titles not revoked, per program', async () => {
    const p = await published();
    const q = await published(body({ title: '另一个评比' }));
    const nodes = await ds.getRepository(OrgNode).find({ where: { parentId: town.id, kind: 'village' }, order: { id: 'ASC' } });
    const now = t.clock.now();
    const app = async (programId: number, node: OrgNode, status: string) =>
      (
        await ds.getRepository(FfApplication).save({
          programId, townId: town.id, nodeId: node.id, nodePath: node.path, applicantId: 1, status, selfAssessment: '我村开展了大量反诈宣传工作。', evidence: [],
          manualScores: null, snapshot: null, scoreX10: null, reviewerId: null, reviewComment: null, submittedAt: null, reviewedAt: null, noticeEndsAt: null, decidedAt: null,
          createdAt: now, updatedAt: now,
        })
      ).id;
    const award = async (programId: number, applicationId: number, node: OrgNode, status: string) =>
      ds.getRepository(FfAward).save({
        programId, applicationId, townId: town.id, nodeId: node.id, nodePath: node.path, kind: 'community', scoreX10: 900, awardedAt: now,
        validUntil: new Date(now.getTime() + 365 * DAY), status, reviewReason: null, reviewOpenedAt: null, revokeReason: null, revokedAt: null, decidedBy: null, updatedAt: now,
      });
    await app(p.id, nodes[0], 'draft');
    await app(p.id, nodes[1], 'submitted');
    await app(p.id, nodes[2], 'returned');
    await award(p.id, await app(p.id, nodes[3], 'awarded'), nodes[3], 'active');
    await award(q.id, await app(q.id, nodes[0], 'awarded'), nodes[0], 'revoked');
    await award(q.id, await app(q.id, nodes[1], 'awarded'), nodes[1], 'review');
    expect((await as('admin').get(`/api/ff/programs/${p.id}`)).body.counts).toEqual({ applications: 3, awarded: 1 });
    expect((await as('cadre').get(`/api/ff/programs/${q.id}`)).body.counts).toEqual({ applications: 2, awarded: 1 });
    const list = await as('police').get('/api/ff/programs', { nodeId: town.id });
    const byId = new Map(list.body.items.map((x: ProgramView) => [x.id, x.counts]));
    expect([byId.get(p.id), byId.get(q.id)]).toEqual([{ applications: 3, awarded: 1 }, { applications: 2, awarded: 1 }]);
  });
});

describe('who sees what', () => {
  let p: ProgramView;
  let d: ProgramView;
  let q: ProgramView;
  beforeAll(async () => {
    t.clock.set(T0);
    p = await published(body({ kind: 'campus', title: '无诈校园评比', indicators: DEFAULT_INDICATORS.campus }));
    d = await created('admin', body({ title: '草稿评比' }));
    q = await created('other', body({ title: '安宁镇评比' }, town2.id));
    expect(err(await as('other').post(`/api/ff/programs/${q.id}/publish`))).toBe('200 undefined');
  });

  it('get: Fraud-Free roles of the town read published programs (managers also drafts); others 404', async () => {
    for (const who of ['admin', 'admin2', 'county']) expect([who, (await as(who).get(`/api/ff/programs/${p.id}`)).body.canManage]).toEqual([who, true]);
    for (const who of ['police', 'cadre', 'school', 'unit']) {
      const res = await as(who).get(`/api/ff/programs/${p.id}`);
      expect([who, err(res), res.body.canManage]).toEqual([who, '200 undefined', false]);
      expect([who, err(await as(who).get(`/api/ff/programs/${d.id}`))]).toEqual([who, '404 NOT_FOUND']);
    }
    for (const who of ['grid', 'teacher', 'student', 'parent', 'resident', 'other']) {
      expect([who, err(await as(who).get(`/api/ff/programs/${p.id}`))]).toEqual([who, '404 NOT_FOUND']);
      expect([who, err(await as(who).get(`/api/ff/programs/${d.id}`))]).toEqual([who, '404 NOT_FOUND']);
    }
    expect(err(await as('admin').get(`/api/ff/programs/${d.id}`))).toBe('200 undefined');
    expect(err(await as('admin').get(`/api/ff/programs/${q.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('admin').get('/api/ff/programs/99999999'))).toBe('404 NOT_FOUND');
  });

  it('writes: readers 403, those who do not see it 404, nothing changed', async () => {
    const before = JSON.stringify(await ds.getRepository(FfProgram).find({ order: { id: 'ASC' } }));
    const input = body({ kind: 'campus', title: '改名', indicators: DEFAULT_INDICATORS.campus });
    for (const who of ['police', 'cadre', 'school', 'unit']) {
      expect([who, err(await as(who).put(`/api/ff/programs/${p.id}`, input))]).toEqual([who, '403 FORBIDDEN']);
      expect([who, err(await as(who).post(`/api/ff/programs/${p.id}/close`))]).toEqual([who, '403 FORBIDDEN']);
      expect([who, err(await as(who).post(`/api/ff/programs/${d.id}/publish`))]).toEqual([who, '404 NOT_FOUND']);
    }
    for (const who of ['teacher', 'resident', 'other']) {
      expect([who, err(await as(who).put(`/api/ff/programs/${p.id}`, input))]).toEqual([who, '404 NOT_FOUND']);
      expect([who, err(await as(who).post(`/api/ff/programs/${p.id}/close`))]).toEqual([who, '404 NOT_FOUND']);
    }
    expect(err(await as('admin').post(`/api/ff/programs/${q.id}/close`))).toBe('404 NOT_FOUND');
    expect(JSON.stringify(await ds.getRepository(FfProgram).find({ order: { id: 'ASC' } }))).toBe(before);
  });

  it('list: the programs of the node’s town, newest first, drafts to managers; filters; a county lists its towns', async () => {
    const listIds = async (who: string, nodeId: number, query: object = {}) => {
      const res = await as(who).get('/api/ff/programs', { nodeId, ...query });
      expect([who, res.status]).toEqual([who, 200]);
      return (res.body.items as ProgramView[]).map((x) => x.id);
    };
    const all = await listIds('admin', town.id);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(all).toEqual(expect.arrayContaining([p.id, d.id]));
    expect(all).not.toContain(q.id);
    for (const [who, node] of [['cadre', ids.dongshan], ['unit', ids.textile], ['school', ids.class71], ['police', town.id]] as const) {
      const seen = await listIds(who, node);
      expect([who, seen.includes(p.id), seen.includes(d.id), seen.includes(q.id)]).toEqual([who, true, false, false]);
      // the same as the managers' list without drafts
      const drafts = (await ds.getRepository(FfProgram).find({ where: { townId: town.id, status: 'draft' } })).map((x) => x.id);
      expect(seen).toEqual(all.filter((id) => !drafts.includes(id)));
    }
    expect(await listIds('admin', ids.dongshan, { kind: 'campus' })).toEqual(
      (await ds.getRepository(FfProgram).find({ where: { townId: town.id, kind: 'campus' }, order: { id: 'DESC' } })).map((x) => x.id),
    );
    expect(await listIds('admin', town.id, { status: 'draft' })).toContain(d.id);
    expect((await listIds('admin', town.id, { status: 'draft' })).every((id) => id !== p.id)).toBe(true);
    const county = await listIds('county', ids.county);
    expect(county).toEqual(expect.arrayContaining([p.id, d.id, q.id]));
    expect(county.length).toBe(await ds.getRepository(FfProgram).count());
    // readable nodes without a Fraud-Free role: 403; unreadable: 404
    for (const [who, node] of [['teacher', ids.class71], ['student', ids.class71], ['parent', ids.class71], ['grid', ids.dsGrid1], ['resident', ids.dsGrid1]] as const) {
      expect([who, err(await as(who).get('/api/ff/programs', { nodeId: node }))]).toEqual([who, '403 FORBIDDEN']);
    }
    for (const [who, node] of [['cadre', town.id], ['cadre', ids.xihe], ['other', town.id], ['admin', town2.id], ['admin', ids.county], ['admin', 99999999]] as const) {
      expect([who, node, err(await as(who).get('/api/ff/programs', { nodeId: node }))]).toEqual([who, node, '404 NOT_FOUND']);
    }
  });
});

describe('helpers for the other modules', () => {
  it('eligibleNodes: the program kind’s nodes of the town, within a subtree; townOfNode, load, visible', async () => {
    const svc = t.app.get(FfProgramService);
    const m = ds.manager;
    const program = (kind: string) => ({ kind, townPath: town.path });
    const names = async (kind: string, under?: number) => {
      const path = under === undefined ? undefined : (await m.findOneByOrFail(OrgNode, { id: under })).path;
      return (await svc.eligibleNodes(m, program(kind) as FfProgram, path)).map((n) => n.name);
    };
    expect(await names('community')).toEqual(['东山村', '西河村', '南岭村', '北湖村', '新城社区', '滨江社区']);
    expect(await names('unit')).toEqual(['和平纺织有限公司', '绿源农业专业合作社']);
    expect(await names('campus')).toEqual(['和平镇中学', '和平镇中心小学']);
    expect(await names('building')).toEqual([]);
    expect(await names('community', ids.dongshan)).toEqual(['东山村']);
    expect(await names('community', ids.dsGrid1)).toEqual([]);
    expect(await names('campus', ids.class71)).toEqual([]);
    expect(await names('community', ids.county)).toHaveLength(6);
    expect(await names('community', town2.id)).toEqual([]);
    expect(await svc.eligibleNodes(m, { kind: 'community', townPath: town2.path } as FfProgram)).toEqual([]);

    expect((await svc.townOfNode(m, await m.findOneByOrFail(OrgNode, { id: ids.class71 })))?.id).toBe(town.id);
    expect((await svc.townOfNode(m, town))?.id).toBe(town.id);
    expect(await svc.townOfNode(m, await m.findOneByOrFail(OrgNode, { id: ids.county }))).toBeNull();

    const p = await ffProgramRow(t, town);
    const d = await ffProgramRow(t, town, { status: 'draft' });
    expect((await svc.load(p.id)).id).toBe(p.id);
    await expect(svc.load(99999999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const seen = await svc.visible(await ctxOf('cadre'), p.id);
    expect(seen.program.id).toBe(p.id);
    expect(seen.scope.can(town.path, 'ff.manage')).toBe(false);
    await expect(svc.visible(await ctxOf('cadre'), d.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.visible(await ctxOf('teacher'), p.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.visible(await ctxOf('other'), p.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await svc.visible(await ctxOf('admin'), d.id)).program.status).toBe('draft');
  });
});
