import { ratio } from '@wuzha/shared';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { User } from '../src/modules/users/user.entity';
import { answersFor, campaignBody } from './authz/quiz.rows';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

// The Done-when: a campaign for one class, 30 students take it at once, 3 of them retry the
// submit while the others hand in, 3 take a second attempt; the class statistics are exact and every
// attempt rule holds. The expected figures come from a model of who answered what, not from the server.

jest.setTimeout(300_000);

const N = 30;
// Monday 2025-03-10 09:00 in China
const T0 = new Date('2025-03-10T01:00:00Z');
const MIN = 60_000;

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
let admin: string;
const students: { id: number; token: string }[] = [];
// five town questions: fraud types per question, in bank order
const TYPES = [['order_brushing'], ['order_brushing', 'after_scam'], ['renting_cards'], ['impersonate_officials'], ['fake_loan']];
const questions: { id: number; versionId: number; stem: string }[] = [];

// Student i answers the first (i % 6) questions right in the first attempt; students 3, 4 and 5 take a
// second attempt with everything right.
const firstRight = (i: number) => i % 6;
const SECOND = [3, 4, 5];

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(T0);
  ids = await demoNodeIds(t);
  admin = (await t.login('demo-town_admin')).accessToken;
  for (const [j, types] of TYPES.entries()) {
    const res = await t.http.post(`/api/quiz/questions?townId=${ids.town}`).set(t.bearer(admin)).send({
      type: 'single', stem: `第${j + 1}题：遇到这种情况怎么办？`, options: ['照做', '核实并拒绝', '转账', '告诉验证码'], answer: [1],
      explanation: '先核实，不转账，不透露验证码。', fraudTypes: types, audiences: ['students'], difficulty: 1,
    });
    expect(res.status).toBe(201);
    questions.push({ id: res.body.id, versionId: res.body.versionId, stem: res.body.stem });
  }
  // 30 students of 七年级2班 (no demo person is there)
  const cls = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.class72 });
  for (let i = 0; i < N; i++) {
    const u = await t.dataSource.getRepository(User).save({ openid: `chain-student-${i}`, unionid: null, displayName: `学生${i}`, nameSet: true, phoneEnc: null, phoneHash: null, sessionKeyEnc: null, createdAt: T0, updatedAt: T0, lastLoginAt: T0 });
    await t.dataSource.getRepository(Membership).save({ userId: u.id, nodeId: cls.id, nodePath: cls.path, role: 'student', source: 'seed', inviteId: null, createdAt: T0 });
    students.push({ id: u.id, token: (await t.login(`chain-student-${i}`)).accessToken });
  }
});

afterAll(async () => {
  await t?.close();
});

it('30 students at once, 3 retried submits, 3 second attempts: exact statistics, every attempt rule enforced', async () => {
  const school = (await t.login('demo-school_admin')).accessToken;
  const created = await t.http.post('/api/quiz/campaigns').set(t.bearer(school)).send(
    campaignBody(ids.school, [ids.class72], { title: '七年级2班反诈测验', draw: { mode: 'fixed', questionIds: questions.map((q) => q.id) }, attemptsTotal: 2, attemptsPerDay: 2, passPercent: 60, counting: 'best', timeLimitMinutes: 15 }, T0),
  );
  expect(created.status).toBe(201);
  const cid: number = created.body.id;
  expect((await t.http.post(`/api/quiz/campaigns/${cid}/publish`).set(t.bearer(school))).body.status).toBe('published');

  // everyone starts at once
  const starts = await Promise.all(students.map((s) => t.http.post(`/api/quiz/campaigns/${cid}/attempts`).set(t.bearer(s.token)).send({})));
  expect(starts.map((r) => r.status)).toEqual(Array(N).fill(201));
  const attemptIds: number[] = starts.map((r) => r.body.id);
  expect(new Set(attemptIds).size).toBe(N);
  for (const r of starts) expect(JSON.stringify(r.body)).not.toMatch(/explanation|"answer"/);

  // the rules, while attempts are open: a 7-1 student is not in the audience; someone else's attempt is
  // not found; answers outside the paper are refused
  const outsider = (await t.login('demo-student')).accessToken;
  expect((await t.http.post(`/api/quiz/campaigns/${cid}/attempts`).set(t.bearer(outsider)).send({})).status).toBe(404);
  expect((await t.http.post(`/api/quiz/attempts/${attemptIds[0]}/submit`).set(t.bearer(students[1].token)).send({ answers: [] })).status).toBe(404);
  const stray = await t.http.post(`/api/quiz/attempts/${attemptIds[0]}/submit`).set(t.bearer(students[0].token)).send({ answers: [{ questionId: questions[0].versionId + 1000, chosen: [0] }] });
  expect(stray.body.code).toBe('QUIZ_ANSWER_NOT_IN_PAPER');

  t.clock.advance(5 * MIN);
  const questionIndex = new Map(questions.map((q, j) => [q.versionId, j]));
  const bodies = await Promise.all(attemptIds.map((a, i) => answersFor(t, a, (_, v) => questionIndex.get(v)! < firstRight(i))));
  // the retries carry other answers (all right): they must get the first result back
  const retryBodies = await Promise.all([0, 1, 2].map((i) => answersFor(t, attemptIds[i], () => true)));
  const post = (i: number, answers: unknown) => t.http.post(`/api/quiz/attempts/${attemptIds[i]}/submit`).set(t.bearer(students[i].token)).send({ answers, hiddenCount: i % 3 });
  const [firsts, retries] = await Promise.all([
    Promise.all(students.map((_, i) => post(i, bodies[i]))),
    Promise.all([0, 1, 2].map((i) => post(i, retryBodies[i]))),
  ]);
  expect(firsts.map((r) => r.status)).toEqual(Array(N).fill(200));
  expect(retries.map((r) => r.status)).toEqual([200, 200, 200]);
  for (const [k, i] of [0, 1, 2].entries()) {
    // whichever arrived first won; both answers are the one stored result
    expect(retries[k].body.result).toEqual(firsts[i].body.result);
    expect(firsts[i].body.result.correct).toBe(firstRight(i));
  }
  firsts.forEach((r, i) => expect(r.body.result).toMatchObject({ correct: firstRight(i), total: 5, percent: firstRight(i) * 20, passed: firstRight(i) >= 3 }));

  // three second attempts, all right; a third start is over the limit
  t.clock.advance(MIN);
  const seconds = await Promise.all(SECOND.map((i) => t.http.post(`/api/quiz/campaigns/${cid}/attempts`).set(t.bearer(students[i].token)).send({})));
  expect(seconds.map((r) => r.status)).toEqual([201, 201, 201]);
  t.clock.advance(5 * MIN);
  const secondResults = await Promise.all(
    SECOND.map(async (i, k) => t.http.post(`/api/quiz/attempts/${seconds[k].body.id}/submit`).set(t.bearer(students[i].token)).send({ answers: await answersFor(t, seconds[k].body.id, () => true) })),
  );
  expect(secondResults.map((r) => r.body.result.percent)).toEqual([100, 100, 100]);
  const third = await t.http.post(`/api/quiz/campaigns/${cid}/attempts`).set(t.bearer(students[3].token)).send({});
  expect(third.body.code).toBe('QUIZ_ATTEMPT_LIMIT');

  // the model: the counting attempt (best; a tie keeps the earlier) of each student, and every submitted attempt
  const counted = students.map((_, i) => (SECOND.includes(i) ? 5 : firstRight(i)));
  const allAttempts = [...students.map((_, i) => firstRight(i)), ...SECOND.map(() => 5)];
  const passed = counted.filter((k) => k >= 3).length;
  const correct = counted.reduce((a, k) => a + k, 0);
  const stats = await t.http.get(`/api/quiz/campaigns/${cid}/stats`).query({ nodeId: ids.class72 }).set(t.bearer(school));
  expect(stats.status).toBe(200);
  expect(stats.body.summary).toEqual({
    population: N,
    participants: N,
    participation: 1,
    passed,
    awarenessRate: ratio(passed, N),
    meanAccuracy: ratio(correct, N * 5),
    attempts: N + SECOND.length,
    flagged: 0,
  });
  const perType = new Map<string, [number, number]>();
  counted.forEach((k) =>
    TYPES.forEach((types, j) =>
      types.forEach((f) => {
        const cur = perType.get(f) ?? [0, 0];
        perType.set(f, [cur[0] + (j < k ? 1 : 0), cur[1] + 1]);
      }),
    ),
  );
  const byType = new Map(stats.body.byFraudType.map((x: { fraudType: string }) => [x.fraudType, x]));
  for (const [f, [ok, n]] of perType) expect(byType.get(f)).toEqual({ fraudType: f, correct: ok, answered: n, accuracy: ratio(ok, n) });
  const perQuestion = questions.map((q, j) => ({ questionId: q.id, stem: q.stem, answered: N, correct: counted.filter((k) => k > j).length, correctRate: ratio(counted.filter((k) => k > j).length, N) }));
  expect(stats.body.questions).toEqual([...perQuestion].sort((a, b) => a.correct - b.correct));
  expect(stats.body.weekly).toEqual([
    {
      weekStart: '2025-03-10',
      attempts: allAttempts.length,
      passed: allAttempts.filter((k) => k >= 3).length,
      accuracy: ratio(allAttempts.reduce((a, k) => a + k, 0), allAttempts.length * 5),
    },
  ]);
  // the whole school's view counts the class and nobody else
  const schoolView = await t.http.get(`/api/quiz/campaigns/${cid}/stats`).set(t.bearer(school));
  expect(schoolView.status).toBe(200);
  expect(schoolView.body.summary).toMatchObject({ population: N, participants: N, passed, attempts: N + SECOND.length });
});
