// Quiz statistics read from the aggregate tables. The aggregates, memberships, campaigns and attempts
// are written straight to the tables (not through submits), so every figure below is known exactly:
// town, village, school and class views, ranks, weakest types, the xlsx export, the attempts'
// integrity list, access per role, and no read of quiz_attempt / quiz_participant on the stats path.
import { Role } from '@wuzha/shared';
import { Workbook } from 'exceljs';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { QuestionVersion } from '../src/modules/quiz-bank/question-version.entity';
import { Question } from '../src/modules/quiz-bank/question.entity';
import { QuizAttempt } from '../src/modules/quiz/quiz-attempt.entity';
import { QuizCampaign } from '../src/modules/quiz/quiz-campaign.entity';
import { QuizNodeStat, QuizQuestionStat, QuizTypeStat, QuizWeekStat } from '../src/modules/quiz/quiz-stats.entity';
import { User } from '../src/modules/users/user.entity';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(120_000);

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const node: Record<string, OrgNode> = {};
const tokens: Partial<Record<Role | 'school_admin', string>> = {};
let c1: number; // the town's campaign for 东山村, 西河村 and 和平镇中学 (residents and students)
let c2: number; // another town campaign (西河村): its rows must never leak into c1's figures
let c3: number; // the school's own campaign for 七年级1班
const q: number[] = [];
const attempt: Record<string, number> = {};

const as = (role: Role) => ({ Authorization: `Bearer ${tokens[role]}` });
const get = (role: Role, url: string) => t.http.get(url).set(as(role));

beforeAll(async () => {
  t = await createTestApp();
  ids = await demoNodeIds(t);
  const nodes = t.dataSource.getRepository(OrgNode);
  for (const [k, id] of Object.entries(ids)) node[k] = await nodes.findOneByOrFail({ id });
  node.nanling = await nodes.findOneByOrFail({ name: '南岭村', parentId: ids.town });
  node.nlGrid1 = await nodes.findOneByOrFail({ name: '第一网格', parentId: node.nanling.id });
  node.grade7 = await nodes.findOneByOrFail({ name: '七年级', parentId: ids.school });
  node.dsGrid3 = await nodes.findOneByOrFail({ name: '第三网格', parentId: ids.dongshan });
  for (const role of ['town_admin', 'police_liaison', 'village_cadre', 'grid_worker', 'school_admin', 'teacher', 'student', 'resident', 'unit_contact'] as Role[]) {
    tokens[role] = (await t.login(`demo-${role}`)).accessToken;
  }
  const now = t.clock.now();

  // ---- people: memberships with the campaign's roles (and some that must not count)
  const users = t.dataSource.getRepository(User);
  const members = t.dataSource.getRepository(Membership);
  let n = 0;
  const person = async (name: string, at: OrgNode[], role = 'resident') => {
    const u = await users.save({ openid: `qs-${++n}`, unionid: null, displayName: name, nameSet: true, phoneEnc: null, phoneHash: null, sessionKeyEnc: null, createdAt: now, updatedAt: now, lastLoginAt: now });
    for (const at2 of at) await members.save({ userId: u.id, nodeId: at2.id, nodePath: at2.path, role, source: 'seed', inviteId: null, createdAt: now });
    return u.id;
  };
  // 东山村: 6 people (u1 in two grids counts once for the village and the town)
  const u1 = await person('张三丰', [node.dsGrid1, node.dsGrid2]);
  const u2 = await person('李四', [node.dsGrid1]);
  await person('王五', [node.dsGrid1]);
  await person('赵六', [node.dsGrid1]);
  await person('钱七', [node.dsGrid2]);
  await person('孙八', [node.dsGrid2]);
  // 西河村: 4
  const u7 = await person('周九', [node.xhGrid1]);
  for (const name of ['吴十', '郑十一', '冯十二']) await person(name, [node.xhGrid1]);
  // 和平镇中学: 3 students in 七年级1班 (+ the demo student = 4), 2 in 七年级2班; a parent does not count
  const u11 = await person('欧阳娜娜', [node.class71], 'student');
  await person('陈小明', [node.class71], 'student');
  await person('林小红', [node.class71], 'student');
  await person('黄小刚', [node.class72], 'student');
  await person('何小丽', [node.class72], 'student');
  await person('吴家长', [node.class71], 'parent');
  // 南岭村 is not in the audience
  for (const name of ['南一', '南二', '南三']) await person(name, [node.nlGrid1]);

  // ---- campaigns
  const campaigns = t.dataSource.getRepository(QuizCampaign);
  const campaign = async (title: string, owner: OrgNode, audience: OrgNode[], roles: string[]) =>
    (
      await campaigns.save({
        townId: ids.town, ownerNodeId: owner.id, ownerPath: owner.path, kind: 'exam', title, intro: '', audience: audience.map((a) => ({ nodeId: a.id, path: a.path })),
        roles, startsAt: now, endsAt: new Date(now.getTime() + 7 * 86400_000), draw: { mode: 'random', rules: [{ count: 10 }] }, questionCount: 10,
        shuffleQuestions: true, shuffleOptions: true, timeLimitMinutes: null, attemptsPerDay: null, attemptsTotal: null, passPercent: 80, counting: 'best',
        status: 'published', createdBy: 1, createdAt: now, updatedAt: now, publishedAt: now, closedAt: null,
      })
    ).id;
  c1 = await campaign('全镇反诈知识测评', node.town, [node.dongshan, node.xihe, node.school], ['resident', 'student']);
  c2 = await campaign('西河村专项测评', node.town, [node.xihe], ['resident']);
  c3 = await campaign('七年级1班反诈小测', node.school, [node.class71], ['student']);

  // ---- questions: q1 edited once (stats show the current stem)
  for (const [code, stems] of [['QS-1', ['旧题干：接到自称公安的电话怎么办？', '新题干：接到自称公安的电话要求转账怎么办？']], ['QS-2', ['刷单返利是诈骗吗？']], ['QS-3', ['银行卡可以出租给别人吗？']]] as const) {
    const question = await t.dataSource.getRepository(Question).save({ townId: 0, code, status: 'active', currentVersionId: 0, version: stems.length, type: 'single', difficulty: 1, tagKey: ',other,', audienceKey: ',', createdBy: null, createdAt: now, updatedAt: now });
    let last = 0;
    for (let v = 0; v < stems.length; v++) {
      last = (
        await t.dataSource.getRepository(QuestionVersion).save({ questionId: question.id, version: v + 1, type: 'single', stem: stems[v], options: ['甲', '乙'], answer: [0], explanation: '解析解析', fraudTypes: ['other'], audiences: [], difficulty: 1, source: null, locked: true, createdBy: null, createdAt: now })
      ).id;
    }
    await t.dataSource.getRepository(Question).update(question.id, { currentVersionId: last });
    q.push(question.id);
  }

  // ---- aggregates, as the submits would have left them
  const nodeStat = (campaignId: number, at: OrgNode, participants: number, passed: number, correct: number, answered: number, attempts: number, flagged: number) =>
    t.dataSource.getRepository(QuizNodeStat).insert({ campaignId, nodeId: at.id, nodePath: at.path, participants, passed, correct, answered, attempts, flagged });
  await nodeStat(c1, node.dsGrid1, 3, 2, 24, 30, 5, 1);
  await nodeStat(c1, node.dsGrid2, 1, 1, 9, 10, 1, 0);
  await nodeStat(c1, node.xhGrid1, 2, 0, 8, 20, 3, 0);
  await nodeStat(c1, node.class71, 4, 4, 36, 40, 4, 0);
  await nodeStat(c1, node.class72, 1, 0, 5, 10, 2, 1);
  // a stray row outside the audience, and another campaign's rows in the same nodes
  await nodeStat(c1, node.nlGrid1, 5, 5, 50, 50, 5, 0);
  await nodeStat(c2, node.xhGrid1, 100, 90, 900, 1000, 120, 3);
  await nodeStat(c3, node.class71, 3, 3, 30, 30, 3, 0);
  const typeStat = (campaignId: number, at: OrgNode, fraudType: string, correct: number, answered: number) =>
    t.dataSource.getRepository(QuizTypeStat).insert({ campaignId, nodeId: at.id, nodePath: at.path, fraudType, correct, answered });
  await typeStat(c1, node.dsGrid1, 'order_brushing', 7, 10);
  await typeStat(c1, node.dsGrid1, 'anti_fraud_law', 3, 5);
  await typeStat(c1, node.dsGrid1, 'fake_loan', 14, 15);
  await typeStat(c1, node.dsGrid1, 'after_scam', 0, 0);
  await typeStat(c1, node.dsGrid2, 'order_brushing', 5, 5);
  await typeStat(c1, node.dsGrid2, 'impersonate_officials', 4, 5);
  await typeStat(c1, node.xhGrid1, 'order_brushing', 2, 10);
  await typeStat(c1, node.xhGrid1, 'fake_loan', 6, 10);
  await typeStat(c1, node.class71, 'game_trading', 18, 20);
  await typeStat(c1, node.class71, 'online_dating', 18, 20);
  await typeStat(c1, node.class72, 'game_trading', 1, 5);
  await typeStat(c1, node.class72, 'online_dating', 4, 5);
  await typeStat(c1, node.nlGrid1, 'order_brushing', 1, 5);
  await typeStat(c2, node.xhGrid1, 'order_brushing', 8, 10);
  const questionStat = (campaignId: number, at: OrgNode, questionId: number, correct: number, answered: number) =>
    t.dataSource.getRepository(QuizQuestionStat).insert({ campaignId, nodeId: at.id, nodePath: at.path, questionId, correct, answered });
  await questionStat(c1, node.dsGrid1, q[0], 8, 10);
  await questionStat(c1, node.dsGrid1, q[1], 9, 10);
  await questionStat(c1, node.dsGrid1, q[2], 7, 10);
  await questionStat(c1, node.xhGrid1, q[0], 2, 10);
  await questionStat(c1, node.xhGrid1, q[1], 6, 10);
  await questionStat(c1, node.class71, q[2], 20, 20);
  await questionStat(c1, node.nlGrid1, q[0], 0, 50);
  await questionStat(c2, node.xhGrid1, q[0], 0, 100);
  const weekStat = (campaignId: number, at: OrgNode, weekStart: string, attempts: number, passed: number, correct: number, answered: number) =>
    t.dataSource.getRepository(QuizWeekStat).insert({ campaignId, nodeId: at.id, nodePath: at.path, weekStart, attempts, passed, correct, answered });
  await weekStat(c1, node.dsGrid1, '2024-11-04', 3, 1, 14, 20);
  await weekStat(c1, node.dsGrid1, '2024-11-11', 2, 1, 10, 10);
  await weekStat(c1, node.class72, '2024-11-11', 2, 0, 5, 10);
  await weekStat(c2, node.xhGrid1, '2024-11-11', 50, 50, 500, 500);

  // ---- attempts (only the integrity list reads them)
  const attempts = t.dataSource.getRepository(QuizAttempt);
  const add = async (key: string, campaignId: number, userId: number, at: OrgNode, status: string, extra: Partial<QuizAttempt>) => {
    const a = await attempts.save({
      campaignId, userId, nodeId: at.id, nodePath: at.path, kind: 'exam', status, paper: [], dayKey: '2024-11-12', startedAt: now, deadlineAt: null,
      submittedAt: status === 'submitted' ? now : null, elapsedSeconds: null, correct: 9, total: 10, percent: 90, passed: true, hiddenCount: 0, flagged: false, tally: null, ...extra,
    });
    attempt[key] = a.id;
  };
  await add('a1', c1, u1, node.dsGrid1, 'submitted', { elapsedSeconds: 300, hiddenCount: 2 });
  await add('a2', c1, u2, node.dsGrid1, 'submitted', { elapsedSeconds: 12, correct: 10, percent: 100, flagged: true });
  await add('a3', c1, u7, node.xhGrid1, 'open', { correct: null, percent: null, passed: null });
  await add('a4', c1, u11, node.class71, 'expired', { elapsedSeconds: 1900 });
  await add('a5', c2, u7, node.xhGrid1, 'submitted', { elapsedSeconds: 100 });
});

afterAll(async () => {
  await t?.close();
});

const metric = (population: number, participants: number, passed: number, correct: number, answered: number, attempts: number, flagged: number) => ({
  population,
  participants,
  participation: population ? Math.round((participants / population) * 10000) / 10000 : null,
  passed,
  awarenessRate: participants ? Math.round((passed / participants) * 10000) / 10000 : null,
  meanAccuracy: answered ? Math.round((correct / answered) * 10000) / 10000 : null,
  attempts,
  flagged,
});

describe('campaign statistics', () => {
  it('town view: the audience only, exact figures, ranks of organisations and their weakest types', async () => {
    const res = await get('town_admin', `/api/quiz/campaigns/${c1}/stats`).expect(200);
    const s = res.body;
    expect(s.campaign).toEqual({ id: c1, title: '全镇反诈知识测评', kind: 'exam', passPercent: 80, counting: 'best' });
    expect(s.node).toEqual({ id: ids.town, name: '和平镇', kind: 'town' });
    expect(s.trail).toEqual([{ id: ids.town, name: '和平镇', kind: 'town' }]);
    // 6 + 4 + 6 people; 南岭村 and c2 left out
    expect(s.summary).toEqual(metric(16, 11, 7, 82, 110, 15, 2));
    expect(s.summary).toMatchObject({ participation: 0.6875, awarenessRate: 0.6364, meanAccuracy: 0.7455 });
    expect(s.children.map((c: { node: { name: string } }) => c.node.name)).toEqual(['东山村', '西河村', '和平镇中学']);
    expect(s.children[0]).toEqual({ ...metric(6, 4, 3, 33, 40, 6, 1), node: { id: ids.dongshan, name: '东山村', kind: 'village' }, hasChildren: true, participationRank: 2, awarenessRank: 2 });
    expect(s.children[1]).toEqual({ ...metric(4, 2, 0, 8, 20, 3, 0), node: { id: ids.xihe, name: '西河村', kind: 'village' }, hasChildren: true, participationRank: 3, awarenessRank: 3 });
    expect(s.children[2]).toEqual({ ...metric(6, 5, 4, 41, 50, 6, 1), node: { id: ids.school, name: '和平镇中学', kind: 'school' }, hasChildren: true, participationRank: 1, awarenessRank: 1 });
    expect(s.byFraudType).toEqual([
      { fraudType: 'order_brushing', answered: 25, correct: 14, accuracy: 0.56 },
      { fraudType: 'fake_loan', answered: 25, correct: 20, accuracy: 0.8 },
      { fraudType: 'impersonate_officials', answered: 5, correct: 4, accuracy: 0.8 },
      { fraudType: 'online_dating', answered: 25, correct: 22, accuracy: 0.88 },
      { fraudType: 'game_trading', answered: 25, correct: 19, accuracy: 0.76 },
      { fraudType: 'anti_fraud_law', answered: 5, correct: 3, accuracy: 0.6 },
    ]);
    expect(s.questions).toEqual([
      { questionId: q[0], stem: '新题干：接到自称公安的电话要求转账怎么办？', answered: 20, correct: 10, correctRate: 0.5 },
      { questionId: q[1], stem: '刷单返利是诈骗吗？', answered: 20, correct: 15, correctRate: 0.75 },
      { questionId: q[2], stem: '银行卡可以出租给别人吗？', answered: 30, correct: 27, correctRate: 0.9 },
    ]);
    expect(s.weekly).toEqual([
      { weekStart: '2024-11-04', attempts: 3, passed: 1, accuracy: 0.7 },
      { weekStart: '2024-11-11', attempts: 4, passed: 1, accuracy: 0.75 },
    ]);
    const weakest = (i: number) => s.weakest[i].fraudTypes.map((x: { fraudType: string }) => x.fraudType);
    expect(s.weakest.map((w: { node: { id: number } }) => w.node.id)).toEqual([ids.dongshan, ids.xihe, ids.school]);
    // at most 3, lowest first, a tie goes to the type with more answers, types without answers never
    expect(weakest(0)).toEqual(['anti_fraud_law', 'order_brushing', 'impersonate_officials']);
    expect(s.weakest[0].fraudTypes[0]).toEqual({ fraudType: 'anti_fraud_law', answered: 5, correct: 3, accuracy: 0.6 });
    expect(weakest(1)).toEqual(['order_brushing', 'fake_loan']);
    expect(weakest(2)).toEqual(['game_trading', 'online_dating']);
    expect(typeof s.generatedAt).toBe('string');
  });

  it('village view: grids of the village, people in two grids counted in each but once in all', async () => {
    const s = (await get('town_admin', `/api/quiz/campaigns/${c1}/stats?nodeId=${ids.dongshan}`).expect(200)).body;
    expect(s.trail.map((n: { name: string }) => n.name)).toEqual(['和平镇', '东山村']);
    expect(s.summary).toEqual(metric(6, 4, 3, 33, 40, 6, 1));
    expect(s.children.map((c: { node: { id: number }; population: number; participationRank: number | null; awarenessRank: number | null; hasChildren: boolean }) => [c.node.id, c.population, c.participationRank, c.awarenessRank, c.hasChildren])).toEqual([
      [ids.dsGrid1, 4, 1, 2, false],
      [ids.dsGrid2, 3, 2, 1, false],
      // nobody expected, nobody took it: no rates, no ranks
      [node.dsGrid3.id, 0, null, null, false],
    ]);
    expect(s.children[1]).toMatchObject({ participants: 1, participation: 0.3333, awarenessRate: 1 });
    expect(s.children[2]).toMatchObject({ population: 0, participants: 0, participation: null, awarenessRate: null, meanAccuracy: null });
    expect(s.weekly).toEqual([
      { weekStart: '2024-11-04', attempts: 3, passed: 1, accuracy: 0.7 },
      { weekStart: '2024-11-11', attempts: 2, passed: 1, accuracy: 1 },
    ]);
    expect(s.weakest[2]).toEqual({ node: { id: node.dsGrid3.id, name: '第三网格', kind: 'grid' }, fraudTypes: [] });
  });

  it('school view (the school admin by default) and class view (the teacher by default)', async () => {
    const school = (await get('school_admin', `/api/quiz/campaigns/${c1}/stats`).expect(200)).body;
    expect(school.node.id).toBe(ids.school);
    expect(school.trail.map((n: { name: string }) => n.name)).toEqual(['和平镇中学']);
    expect(school.summary).toEqual(metric(6, 5, 4, 41, 50, 6, 1));
    expect(school.children.map((c: { node: { name: string } }) => c.node.name)).toEqual(['七年级', '八年级', '九年级']);
    expect(school.children[0]).toMatchObject({ population: 6, participants: 5, participationRank: 1, awarenessRank: 1, hasChildren: true });
    expect(school.children[1]).toMatchObject({ population: 0, participationRank: null });

    const cls = (await get('teacher', `/api/quiz/campaigns/${c1}/stats`).expect(200)).body;
    expect(cls.node).toEqual({ id: ids.class71, name: '七年级1班', kind: 'class' });
    // 3 students + the demo student; the parent and the teacher do not count
    expect(cls.summary).toEqual(metric(4, 4, 4, 36, 40, 4, 0));
    expect(cls.children).toEqual([]);
    expect(cls.byFraudType.map((x: { fraudType: string; accuracy: number }) => [x.fraudType, x.accuracy])).toEqual([
      ['online_dating', 0.9],
      ['game_trading', 0.9],
    ]);
    expect(cls.questions).toEqual([{ questionId: q[2], stem: '银行卡可以出租给别人吗？', answered: 20, correct: 20, correctRate: 1 }]);

    // the school's own campaign: the town admin sees it from its owner, the school
    const own = (await get('town_admin', `/api/quiz/campaigns/${c3}/stats`).expect(200)).body;
    expect(own.node.id).toBe(ids.school);
    expect(own.trail.map((n: { name: string }) => n.name)).toEqual(['和平镇', '和平镇中学']);
    expect(own.summary).toEqual(metric(4, 3, 3, 30, 30, 3, 0));
    expect(own.children.map((c: { node: { name: string } }) => c.node.name)).toEqual(['七年级']);
  });

  it('never reads attempts or participants on the statistics path', async () => {
    const spy = jest.spyOn(t.dataSource.logger, 'logQuery');
    try {
      await get('town_admin', `/api/quiz/campaigns/${c1}/stats`).expect(200);
      await get('town_admin', `/api/quiz/campaigns/${c1}/stats?nodeId=${ids.dongshan}`).expect(200);
      await get('town_admin', `/api/quiz/overview?nodeId=${ids.town}`).expect(200);
      const sql = spy.mock.calls.map((c) => String(c[0]));
      expect(sql.some((s) => s.includes('quiz_node_stat'))).toBe(true);
      expect(sql.filter((s) => /quiz_attempt|quiz_participant/.test(s))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('village cadre: their village only; another village, the town and another campaign are 404', async () => {
    const s = (await get('village_cadre', `/api/quiz/campaigns/${c1}/stats`).expect(200)).body;
    expect(s.node.id).toBe(ids.dongshan);
    expect(s.trail.map((n: { name: string }) => n.name)).toEqual(['东山村']);
    expect(s.summary).toEqual(metric(6, 4, 3, 33, 40, 6, 1));
    expect((await get('village_cadre', `/api/quiz/campaigns/${c1}/stats?nodeId=${ids.xihe}`).expect(404)).body.code).toBe('NOT_FOUND');
    await get('village_cadre', `/api/quiz/campaigns/${c1}/stats?nodeId=${ids.town}`).expect(404);
    // 西河村's campaign and the school's campaign do not reach 东山村
    await get('village_cadre', `/api/quiz/campaigns/${c2}/stats`).expect(404);
    await get('village_cadre', `/api/quiz/campaigns/${c3}/stats`).expect(404);
    await get('village_cadre', `/api/quiz/campaigns/999999/stats`).expect(404);
  });

  it('teacher: their class; the other class is 404; residents, students and grid workers see nothing', async () => {
    await get('teacher', `/api/quiz/campaigns/${c1}/stats?nodeId=${ids.class72}`).expect(404);
    await get('teacher', `/api/quiz/campaigns/${c1}/stats?nodeId=${ids.school}`).expect(404);
    for (const role of ['student', 'resident', 'grid_worker'] as Role[]) {
      expect([role, (await get(role, `/api/quiz/campaigns/${c1}/stats`)).status]).toEqual([role, 404]);
    }
    // a node in sight without quiz.stats: 403 (the overview has no campaign to hide)
    expect((await get('grid_worker', `/api/quiz/overview?nodeId=${ids.dsGrid1}`).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await get('student', `/api/quiz/overview?nodeId=${ids.class71}`).expect(403)).body.code).toBe('FORBIDDEN');
    // the unit contact's audience-less campaign view: not theirs
    await get('unit_contact', `/api/quiz/campaigns/${c1}/stats`).expect(404);
  });

  it('a node in scope that the audience does not reach is 404', async () => {
    await get('town_admin', `/api/quiz/campaigns/${c1}/stats?nodeId=${node.nanling.id}`).expect(404);
    await get('town_admin', `/api/quiz/campaigns/${c1}/stats?nodeId=${ids.county}`).expect(404);
  });
});

describe('export', () => {
  // supertest buffers unknown content types as text: collect the bytes instead
  const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
    const stream = res as unknown as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  it('writes the same figures to xlsx and audits the export', async () => {
    const res = await get('town_admin', `/api/quiz/campaigns/${c1}/stats/export`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('全镇反诈知识测评-和平镇-答题统计.xlsx')}`);
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    const values = (sheet: string, n: number) => (wb.getWorksheet(sheet)!.getRow(n).values as unknown[]).slice(1);
    const summarySheet = wb.getWorksheet('汇总')!;
    const summary = new Map<unknown, unknown>();
    summarySheet.eachRow((row) => summary.set(row.getCell(1).value, row.getCell(2).value));
    expect(summary.get('统计范围')).toBe('和平镇');
    expect(summary.get('应参与人数')).toBe(16);
    expect(summary.get('参与人数')).toBe(11);
    expect(summary.get('参与率')).toBe(0.6875);
    expect(summary.get('知晓率')).toBe(0.6364);
    expect(summary.get('平均正确率')).toBe(0.7455);
    expect(wb.getWorksheet('汇总')!.getRow(7).getCell(2).numFmt).toBe('0.0%');
    expect(values('各组织', 1)[0]).toBe('组织');
    expect(values('各组织', 2)).toEqual(['东山村', '村', 6, 4, 0.6667, 2, 3, 0.75, 2, 0.825, 6, 1, '反电信网络诈骗法、刷单返利、冒充公检法']);
    expect(values('各组织', 3).slice(0, 9)).toEqual(['西河村', '村', 4, 2, 0.5, 3, 0, 0, 3]);
    expect(values('各组织', 4).slice(0, 6)).toEqual(['和平镇中学', '学校', 6, 5, 0.8333, 1]);
    expect(wb.getWorksheet('各组织')!.rowCount).toBe(4);
    expect(values('骗局类型', 2)).toEqual(['刷单返利', 25, 14, 0.56]);
    expect(values('题目', 2)).toEqual(['新题干：接到自称公安的电话要求转账怎么办？', 20, 10, 0.5]);
    expect(values('每周', 3)).toEqual(['2024-11-11', 4, 1, 0.75]);

    const audit = await t.dataSource.getRepository(AuditLog).findBy({ action: 'export.quiz_stats' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ nodeId: ids.town, targetType: 'quiz_campaign', targetId: String(c1) });
  });

  it('refuses what the stats refuse, and audits nothing then', async () => {
    await get('village_cadre', `/api/quiz/campaigns/${c1}/stats/export?nodeId=${ids.xihe}`).expect(404);
    await get('resident', `/api/quiz/campaigns/${c1}/stats/export`).expect(404);
    expect(await t.dataSource.getRepository(AuditLog).countBy({ action: 'export.quiz_stats' })).toBe(1);
  });
});

describe('attempts list (integrity, never scores)', () => {
  it('masked names, node, elapsed, hidden count and flag, newest first, under the viewed node', async () => {
    const res = (await get('town_admin', `/api/quiz/campaigns/${c1}/attempts`).expect(200)).body;
    expect(res.items.map((a: { id: number }) => a.id)).toEqual([attempt.a4, attempt.a3, attempt.a2, attempt.a1]);
    expect(res.items[3]).toEqual({
      id: attempt.a1,
      name: '张*丰',
      node: { id: ids.dsGrid1, name: '第一网格', kind: 'grid' },
      status: 'submitted',
      startedAt: expect.any(String),
      submittedAt: expect.any(String),
      elapsedSeconds: 300,
      questionCount: 10,
      hiddenCount: 2,
      flagged: false,
    });
    expect(res.items[0]).toMatchObject({ name: '欧**娜', status: 'expired', submittedAt: null });
    for (const item of res.items) for (const key of ['correct', 'percent', 'passed', 'score', 'userId']) expect(item).not.toHaveProperty(key);
    expect(res.nextCursor).toBeNull();
  });

  it('filters by flag and node, pages with a cursor', async () => {
    const flagged = (await get('town_admin', `/api/quiz/campaigns/${c1}/attempts?flagged=true`).expect(200)).body;
    expect(flagged.items.map((a: { id: number; flagged: boolean; name: string }) => [a.id, a.flagged, a.name])).toEqual([[attempt.a2, true, '李*']]);
    const unflagged = (await get('town_admin', `/api/quiz/campaigns/${c1}/attempts?flagged=false`).expect(200)).body;
    expect(unflagged.items.map((a: { id: number }) => a.id)).toEqual([attempt.a4, attempt.a3, attempt.a1]);
    const xihe = (await get('town_admin', `/api/quiz/campaigns/${c1}/attempts?nodeId=${ids.xihe}`).expect(200)).body;
    expect(xihe.items.map((a: { id: number }) => a.id)).toEqual([attempt.a3]);

    const p1 = (await get('town_admin', `/api/quiz/campaigns/${c1}/attempts?limit=3`).expect(200)).body;
    expect(p1.items.map((a: { id: number }) => a.id)).toEqual([attempt.a4, attempt.a3, attempt.a2]);
    expect(p1.nextCursor).toEqual(expect.any(String));
    const p2 = (await get('town_admin', `/api/quiz/campaigns/${c1}/attempts?limit=3&cursor=${p1.nextCursor}`).expect(200)).body;
    expect(p2.items.map((a: { id: number }) => a.id)).toEqual([attempt.a1]);
    expect(p2.nextCursor).toBeNull();
    expect((await get('town_admin', `/api/quiz/campaigns/${c1}/attempts?cursor=bad!`).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('each role sees its own subtree only', async () => {
    const cadre = (await get('village_cadre', `/api/quiz/campaigns/${c1}/attempts`).expect(200)).body;
    expect(cadre.items.map((a: { id: number }) => a.id)).toEqual([attempt.a2, attempt.a1]);
    await get('village_cadre', `/api/quiz/campaigns/${c1}/attempts?nodeId=${ids.xihe}`).expect(404);
    const teacher = (await get('teacher', `/api/quiz/campaigns/${c1}/attempts`).expect(200)).body;
    expect(teacher.items.map((a: { id: number }) => a.id)).toEqual([attempt.a4]);
    await get('student', `/api/quiz/campaigns/${c1}/attempts`).expect(404);
  });
});

describe('overview across campaigns', () => {
  it('accuracy per fraud type for the town and each child organisation, weakest first', async () => {
    const o = (await get('town_admin', `/api/quiz/overview?nodeId=${ids.town}`).expect(200)).body;
    expect(o.node).toEqual({ id: ids.town, name: '和平镇', kind: 'town' });
    // every campaign of the town (c1, c2, c3), wherever the answers were counted
    expect(o.byFraudType).toEqual([
      { fraudType: 'order_brushing', answered: 40, correct: 23, accuracy: 0.575 },
      { fraudType: 'fake_loan', answered: 25, correct: 20, accuracy: 0.8 },
      { fraudType: 'impersonate_officials', answered: 5, correct: 4, accuracy: 0.8 },
      { fraudType: 'online_dating', answered: 25, correct: 22, accuracy: 0.88 },
      { fraudType: 'game_trading', answered: 25, correct: 19, accuracy: 0.76 },
      { fraudType: 'anti_fraud_law', answered: 5, correct: 3, accuracy: 0.6 },
    ]);
    const byName = new Map(o.children.map((c: { node: { name: string } }) => [c.node.name, c]));
    expect(o.children).toHaveLength(10);
    expect(byName.get('东山村')).toMatchObject({ answered: 40, accuracy: 0.825 });
    expect(byName.get('西河村')).toEqual({
      node: { id: ids.xihe, name: '西河村', kind: 'village' },
      answered: 30,
      accuracy: 0.5333,
      weakest: [
        { fraudType: 'order_brushing', answered: 20, correct: 10, accuracy: 0.5 },
        { fraudType: 'fake_loan', answered: 10, correct: 6, accuracy: 0.6 },
      ],
    });
    expect(byName.get('南岭村')).toMatchObject({ answered: 5, accuracy: 0.2 });
    expect(byName.get('北湖村')).toMatchObject({ answered: 0, accuracy: null, weakest: [] });
  });

  it('needs quiz.stats on the node: cadre on their village, not on another', async () => {
    const o = (await get('village_cadre', `/api/quiz/overview?nodeId=${ids.dongshan}`).expect(200)).body;
    expect(o.children.map((c: { node: { name: string }; answered: number }) => [c.node.name, c.answered])).toEqual([
      ['第一网格', 30],
      ['第二网格', 10],
      ['第三网格', 0],
    ]);
    await get('village_cadre', `/api/quiz/overview?nodeId=${ids.xihe}`).expect(404);
  });
});
