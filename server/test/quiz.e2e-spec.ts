import { QuizNodeStat } from '../src/modules/quiz/quiz-stats.entity';
import { QuizAttempt } from '../src/modules/quiz/quiz-attempt.entity';
import { QuizParticipant } from '../src/modules/quiz/quiz-participant.entity';
import { answersFor, campaignBody } from './authz/quiz.rows';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

// Campaigns and taking quizzes: editing rules, visibility, the attempt rules (window, limits per China
// day and in all, resume, time limit with grace, answers only for the paper), idempotent submits, no
// answers before submitting, versions kept by old attempts, 错题本, certificates, practice, rate limits.

jest.setTimeout(180_000);

const MIN = 60_000;
// Monday 2025-03-10 10:00 in China
const T0 = new Date('2025-03-10T02:00:00Z');

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const openids: Record<string, string> = {};
const tokens: Record<string, { token: string; at: number }> = {};
// town question ids (created through the bank API), by letter
const Q: Record<string, { id: number; versionId: number }> = {};

async function token(who: string): Promise<string> {
  const now = t.clock.now().getTime();
  const cur = tokens[who];
  // access tokens live 15 minutes on the test clock: log in again after the clock moved
  if (!cur || Math.abs(now - cur.at) > 10 * MIN) tokens[who] = { token: (await t.login(openids[who])).accessToken, at: now };
  return tokens[who].token;
}

const as = (who: string) => ({
  get: async (url: string, query: object = {}) => t.http.get(url).query(query).set(t.bearer(await token(who))),
  post: async (url: string, body: object = {}) => t.http.post(url).set(t.bearer(await token(who))).send(body),
  put: async (url: string, body: object = {}) => t.http.put(url).set(t.bearer(await token(who))).send(body),
  del: async (url: string) => t.http.delete(url).set(t.bearer(await token(who))),
});

async function invited(who: string, inviter: string, nodeId: number, role: string): Promise<void> {
  const invite = await (await as(inviter)).post('/api/invites', { nodeId, role });
  expect(invite.status).toBe(201);
  openids[who] = `e2e-quiz-${who}`;
  expect((await as(who).post(`/api/invites/code/${invite.body.code}/accept`)).status).toBe(200);
}

async function question(key: string, body: Record<string, unknown>): Promise<void> {
  const res = await as('admin').post(`/api/quiz/questions?townId=${ids.town}`, {
    explanation: `解析：${key} 题的要点`,
    fraudTypes: ['order_brushing'],
    audiences: ['students'],
    difficulty: 1,
    source: '《反电信网络诈骗法》第一条',
    ...body,
  });
  expect(res.status).toBe(201);
  Q[key] = { id: res.body.id, versionId: res.body.versionId };
}

const err = (res: { status: number; body: { code?: string } }) => `${res.status} ${res.body.code}`;

async function createCampaign(who: string, over: Record<string, unknown> = {}, owner = ids.school, audience = [ids.class71]) {
  const res = await as(who).post('/api/quiz/campaigns', campaignBody(owner, audience, over as never, t.clock.now()));
  expect(res.status).toBe(201);
  return res.body as { id: number; status: string; questionCount: number };
}
async function published(over: Record<string, unknown> = {}, owner = ids.school, audience = [ids.class71], who = 'school') {
  const c = await createCampaign(who, over, owner, audience);
  const res = await as(who).post(`/api/quiz/campaigns/${c.id}/publish`);
  expect(res.status).toBe(200);
  return res.body as { id: number; questionCount: number };
}
const fixed = (...keys: string[]) => ({ mode: 'fixed' as const, questionIds: keys.map((k) => Q[k].id) });
const start = (who: string, campaignId: number) => as(who).post(`/api/quiz/campaigns/${campaignId}/attempts`, {});
const submit = (who: string, attemptId: number, answers: unknown[], hiddenCount = 0) => as(who).post(`/api/quiz/attempts/${attemptId}/submit`, { answers, hiddenCount });

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(T0);
  ids = await demoNodeIds(t);
  Object.assign(openids, { admin: 'demo-town_admin', school: 'demo-school_admin', teacher: 'demo-teacher', student: 'demo-student', parent: 'demo-parent', cadre: 'demo-village_cadre', unit: 'demo-unit_contact', police: 'demo-police_liaison' });
  for (const who of ['s2', 's3', 's4', 's5']) await invited(who, 'teacher', ids.class71, 'student');
  await invited('s72', 'school', ids.class72, 'student');
  await question('A', { type: 'single', stem: '网上刷单给返利，最可能是什么？', options: ['正规兼职', '诈骗', '公益活动', '网购促销'], answer: [1] });
  await question('B', { type: 'multiple', stem: '哪些做法能防止被骗？', options: ['不点陌生链接', '把验证码告诉客服', '拨打96110咨询', '先垫付再返利'], answer: [0, 2], fraudTypes: ['order_brushing', 'after_scam'] });
  await question('C', { type: 'true_false', stem: '出借自己的银行卡给别人用是违法的。', options: ['正确', '错误'], answer: [0], fraudTypes: ['renting_cards'] });
  await question('D', { type: 'single', stem: '自称公安要你转账到安全账户，应该？', options: ['马上转账', '挂断并报警', '按对方说的做', '借钱转账'], answer: [1], fraudTypes: ['impersonate_officials'] });
});

afterAll(async () => {
  await t?.close();
});

describe('campaigns', () => {
  let draftId: number;

  it('school admins create drafts for their school; the audience must lie inside the owner', async () => {
    const c = await createCampaign('school', { title: '七年级测试', draw: fixed('A', 'B', 'C', 'D') });
    expect(c).toMatchObject({ status: 'draft', questionCount: 4 });
    draftId = c.id;
    const outside = await as('school').post('/api/quiz/campaigns', campaignBody(ids.school, [ids.primary]));
    expect(err(outside)).toBe('400 QUIZ_AUDIENCE_OUTSIDE');
    const villageForSchool = await as('admin').post('/api/quiz/campaigns', campaignBody(ids.school, [ids.dongshan]));
    expect(err(villageForSchool)).toBe('400 QUIZ_AUDIENCE_OUTSIDE');
    // teachers see statistics, they do not run campaigns; another school is out of sight
    expect(err(await as('teacher').post('/api/quiz/campaigns', campaignBody(ids.class71, [ids.class71])))).toBe('403 FORBIDDEN');
    expect(err(await as('teacher').post('/api/quiz/campaigns', campaignBody(ids.school, [ids.class71])))).toBe('404 NOT_FOUND');
    expect(err(await as('school').post('/api/quiz/campaigns', campaignBody(ids.primary, [ids.primary])))).toBe('404 NOT_FOUND');
    // a village is not an organisation that runs campaigns
    const village = await as('admin').post('/api/quiz/campaigns', campaignBody(ids.dongshan, [ids.dongshan]));
    expect(err(village)).toBe('400 VALIDATION_FAILED');
    // units run their own
    expect((await as('unit').post('/api/quiz/campaigns', campaignBody(ids.textile, [ids.textile], { roles: ['resident'] }))).status).toBe(201);
  });

  it('a draft changes freely; publishing checks the draw and fixes the question count; published ones change only title, intro and end', async () => {
    const edited = await as('school').put(`/api/quiz/campaigns/${draftId}`, campaignBody(ids.school, [ids.class71, ids.class72], { title: '七年级测试（改）', passPercent: 80, draw: fixed('A', 'B', 'C') }, t.clock.now()));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: '七年级测试（改）', passPercent: 80, questionCount: 3, canManage: true, state: 'draft' });
    expect(edited.body.audience.map((a: { id: number }) => a.id)).toEqual([ids.class71, ids.class72]);

    const tooMany = await createCampaign('school', { draw: { mode: 'random', rules: [{ fraudType: 'renting_cards', difficulty: 3, audience: 'students', count: 100 }] } });
    expect(err(await as('school').post(`/api/quiz/campaigns/${tooMany.id}/publish`))).toBe('400 QUIZ_NOT_ENOUGH_QUESTIONS');
    const unknownQuestion = await createCampaign('school', { draw: { mode: 'fixed', questionIds: [Q.A.id, 99999] } });
    expect(err(await as('school').post(`/api/quiz/campaigns/${unknownQuestion.id}/publish`))).toBe('400 QUIZ_NOT_ENOUGH_QUESTIONS');
    // random rules sample without repeats: the town's 2 order_brushing questions plus the built-in ones
    const random = await createCampaign('school', { draw: { mode: 'random', rules: [{ fraudType: 'renting_cards', count: 2 }, { count: 5 }] } });
    const pub = await as('school').post(`/api/quiz/campaigns/${random.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published', questionCount: 7, state: 'open' });
    expect(err(await as('school').post(`/api/quiz/campaigns/${random.id}/publish`))).toBe('409 QUIZ_BAD_STATE');

    const published = await as('school').post(`/api/quiz/campaigns/${draftId}/publish`);
    expect(published.body.status).toBe('published');
    const body = campaignBody(ids.school, [ids.class71, ids.class72], { title: '七年级测试（改）', passPercent: 80, draw: fixed('A', 'B', 'C') }, T0);
    expect(err(await as('school').put(`/api/quiz/campaigns/${draftId}`, { ...body, passPercent: 50 }))).toBe('409 QUIZ_NOT_EDITABLE');
    expect(err(await as('school').put(`/api/quiz/campaigns/${draftId}`, { ...body, audienceNodeIds: [ids.class71] }))).toBe('409 QUIZ_NOT_EDITABLE');
    const endsAt = new Date(T0.getTime() + 3 * 86400_000).toISOString();
    const ok = await as('school').put(`/api/quiz/campaigns/${draftId}`, { ...body, title: '七年级期中测试', intro: '新的说明', endsAt });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ title: '七年级期中测试', intro: '新的说明', endsAt, passPercent: 80 });

    // close ends it early; closing again or closing a draft is a bad state
    expect(err(await as('school').post(`/api/quiz/campaigns/${tooMany.id}/close`))).toBe('409 QUIZ_BAD_STATE');
    const closed = await as('school').post(`/api/quiz/campaigns/${random.id}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', state: 'ended' });
    expect(err(await as('school').post(`/api/quiz/campaigns/${random.id}/close`))).toBe('409 QUIZ_BAD_STATE');
    expect(err(await as('school').put(`/api/quiz/campaigns/${random.id}`, campaignBody(ids.school, [ids.class71])))).toBe('409 QUIZ_BAD_STATE');
    // statistics readers see but do not manage
    expect(err(await as('teacher').post(`/api/quiz/campaigns/${tooMany.id}/publish`))).toBe('403 FORBIDDEN');
    expect(err(await as('cadre').post(`/api/quiz/campaigns/${tooMany.id}/publish`))).toBe('404 NOT_FOUND');
  });

  it('takers see published campaigns of their audience with their standing; managers see theirs with canManage', async () => {
    const c = await published({ title: '可见性测试', draw: fixed('A', 'B') });
    const mine = await as('student').get('/api/quiz/campaigns', { view: 'mine' });
    expect(mine.status).toBe(200);
    const item = mine.body.items.find((x: { id: number }) => x.id === c.id);
    expect(item).toMatchObject({ canManage: false, mine: { attemptsUsed: 0, attemptsToday: 0, percent: null, passed: null, openAttemptId: null, blockedBy: null } });
    // drafts never show to takers; a campaign for 7-1 is not for 7-2 nor for parents (role)
    expect(mine.body.items.some((x: { id: number }) => x.id === draftId + 1)).toBe(false);
    expect((await as('s72').get('/api/quiz/campaigns', { view: 'mine' })).body.items.some((x: { id: number }) => x.id === c.id)).toBe(false);
    expect(err(await as('s72').get(`/api/quiz/campaigns/${c.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('parent').get(`/api/quiz/campaigns/${c.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('cadre').get(`/api/quiz/campaigns/${c.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('student').get(`/api/quiz/campaigns/${draftId + 1}`))).toBe('404 NOT_FOUND');

    const teacher = await as('teacher').get(`/api/quiz/campaigns/${c.id}`);
    expect(teacher.body).toMatchObject({ canManage: false, mine: null });
    const manage = await as('school').get('/api/quiz/campaigns', { view: 'manage', limit: 2 });
    expect(manage.body.items).toHaveLength(2);
    expect(manage.body.items.every((x: { canManage: boolean }) => x.canManage)).toBe(true);
    // keyset pages: all of them, newest first, no repeats
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await as('school').get('/api/quiz/campaigns', { view: 'manage', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.body.items.map((x) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(c.id);
    expect(seen).toContain(draftId);
    expect((await as('teacher').get('/api/quiz/campaigns', { view: 'manage' })).body.items.map((x: { id: number }) => x.id)).toContain(c.id);
    expect((await as('cadre').get('/api/quiz/campaigns', { view: 'manage' })).body.items.map((x: { id: number }) => x.id)).not.toContain(c.id);
    expect((await as('school').get('/api/quiz/campaigns', { view: 'manage', state: 'draft' })).body.items.every((x: { state: string }) => x.state === 'draft')).toBe(true);
  });
});

describe('taking an exam', () => {
  let cid: number;
  let first: number;

  it('starts with a server-drawn paper and no answers; a second start resumes it', async () => {
    const c = await published({ title: '七年级<1班>防诈&测试', draw: fixed('A', 'B', 'C', 'D'), attemptsPerDay: 2, attemptsTotal: 3, passPercent: 60 });
    cid = c.id;
    const res = await start('student', cid);
    expect(res.status).toBe(201);
    first = res.body.id;
    expect(res.body).toMatchObject({ kind: 'exam', status: 'open', campaign: { id: cid, passPercent: 60 }, result: null });
    expect(res.body.deadline).toBe(new Date(T0.getTime() + 15 * MIN).toISOString());
    expect(res.body.questions).toHaveLength(4);
    const json = JSON.stringify(res.body);
    expect(json).not.toMatch(/explanation|"answer"|解析|"source"|"correct"/);
    // options are the bank's, in display order; true/false never shuffled
    const tf = res.body.questions.find((q: { type: string }) => q.type === 'true_false');
    expect(tf.options).toEqual(['正确', '错误']);
    expect(res.body.questions.find((q: { questionId: number }) => q.questionId === Q.A.versionId).options.sort()).toEqual(['诈骗', '公益活动', '正规兼职', '网购促销'].sort());

    const again = await start('student', cid);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first);
    const view = await as('student').get(`/api/quiz/campaigns/${cid}`);
    expect(view.body.mine).toMatchObject({ attemptsUsed: 1, attemptsToday: 1, openAttemptId: first, blockedBy: null });
  });

  it("someone else's attempt is not found; answers must belong to the paper; options must not repeat; exams have no instant check", async () => {
    expect(err(await as('s2').get(`/api/quiz/attempts/${first}`))).toBe('404 NOT_FOUND');
    expect(err(await submit('s2', first, []))).toBe('404 NOT_FOUND');
    expect(err(await submit('student', first, [{ questionId: 999999, chosen: [0] }]))).toBe('400 QUIZ_ANSWER_NOT_IN_PAPER');
    expect(err(await submit('student', first, [{ questionId: Q.C.versionId, chosen: [3] }]))).toBe('400 QUIZ_ANSWER_NOT_IN_PAPER');
    const dup = await submit('student', first, [{ questionId: Q.A.versionId, chosen: [1, 1] }]);
    expect(err(dup)).toBe('400 VALIDATION_FAILED');
    const twice = await submit('student', first, [{ questionId: Q.A.versionId, chosen: [1] }, { questionId: Q.A.versionId, chosen: [2] }]);
    expect(err(twice)).toBe('400 VALIDATION_FAILED');
    expect(err(await as('student').post(`/api/quiz/attempts/${first}/check`, { questionId: Q.A.versionId, chosen: [0] }))).toBe('409 QUIZ_NO_INSTANT_CHECK');
    // nothing was stored by the refused submits
    expect((await t.dataSource.getRepository(QuizAttempt).findOneByOrFail({ id: first })).status).toBe('open');
  });

  let certificateUrl: string;
  it('grades on the server; a retry with other answers returns the first result', async () => {
    t.clock.advance(2 * MIN);
    const right = await answersFor(t, first, () => true);
    const res = await submit('student', first, right, 3);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('submitted');
    expect(res.body.result).toMatchObject({ correct: 4, total: 4, percent: 100, passed: true, elapsedSeconds: 120 });
    const itemA = res.body.result.items.find((i: { questionId: number }) => i.questionId === Q.A.versionId);
    expect(itemA.options[itemA.answer[0]]).toBe('诈骗');
    expect(itemA).toMatchObject({ correct: true, explanation: '解析：A 题的要点', source: '《反电信网络诈骗法》第一条', fraudTypes: ['order_brushing'] });
    expect(itemA.chosen).toEqual(itemA.answer);
    certificateUrl = res.body.result.certificateUrl;
    expect(certificateUrl).toMatch(new RegExp(`^/api/quiz/certificates/${first}\\?exp=\\d+&sig=[A-Za-z0-9_-]+$`));

    const wrong = await answersFor(t, first, () => false);
    const retry = await submit('student', first, wrong, 9);
    expect(retry.status).toBe(200);
    expect(retry.body.result).toEqual(res.body.result);
    const row = await t.dataSource.getRepository(QuizAttempt).findOneByOrFail({ id: first });
    expect(row).toMatchObject({ hiddenCount: 3, correct: 4, percent: 100, flagged: false });
    // the result stays readable
    expect((await as('student').get(`/api/quiz/attempts/${first}`)).body.result).toEqual(res.body.result);
  });

  it('the certificate is a signed SVG with the name, title (escaped), organisation, date and serial', async () => {
    const res = await t.http.get(certificateUrl).buffer(true).parse((r, cb) => {
      let s = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (s += c));
      r.on('end', () => cb(null, s));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body as string;
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('吴梓轩');
    expect(svg).toContain('七年级&lt;1班&gt;防诈&amp;测试');
    expect(svg).not.toContain('<1班>');
    expect(svg).toContain('和平镇中学');
    expect(svg).toContain('2025年3月10日');
    expect(svg).toContain(`-${String(first).padStart(7, '0')}`);
    const u = new URL(certificateUrl, 'http://x');
    const sig = u.searchParams.get('sig')!;
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(err(await t.http.get(`/api/quiz/certificates/${first}?exp=${u.searchParams.get('exp')}&sig=${flipped}`))).toBe('404 NOT_FOUND');
    expect(err(await t.http.get(`/api/quiz/certificates/${first}?exp=${Number(u.searchParams.get('exp')) + 3600}&sig=${sig}`))).toBe('404 NOT_FOUND');
    expect(err(await t.http.get(`/api/quiz/certificates/${first + 1}?exp=${u.searchParams.get('exp')}&sig=${sig}`))).toBe('404 NOT_FOUND');
    expect((await t.http.get(`/api/quiz/certificates/${first}`)).status).toBe(400);
  });

  it('best counting keeps the better attempt; wrong answers go to the 错题本 and a right one removes them', async () => {
    const second = (await start('student', cid)).body.id;
    expect(second).not.toBe(first);
    t.clock.advance(MIN);
    const res = await submit('student', second, await answersFor(t, second, () => false));
    expect(res.body.result).toMatchObject({ correct: 0, percent: 0, passed: false, certificateUrl: null });
    const p = await t.dataSource.getRepository(QuizParticipant).findOneByOrFail({ campaignId: cid });
    expect(p).toMatchObject({ countedAttemptId: first, percent: 100, passed: true, attempts: 2 });
    const stat = await t.dataSource.getRepository(QuizNodeStat).findOneByOrFail({ campaignId: cid, nodeId: ids.class71 });
    expect(stat).toMatchObject({ participants: 1, passed: 1, correct: 4, answered: 4, attempts: 2, flagged: 0 });

    const book = await as('student').get('/api/quiz/mistakes');
    expect(book.body.total).toBe(4);
    const a = book.body.items.find((i: { question: { id: number } }) => i.question.id === Q.A.id);
    expect(a).toMatchObject({ wrongCount: 1, question: { stem: '网上刷单给返利，最可能是什么？', answer: [1] } });
    expect(a.lastChosen).toHaveLength(1);
    expect(a.lastChosen[0]).not.toBe(1);
    // the certificate of a failed attempt does not exist, whatever the signature
    const u = new URL(certificateUrl, 'http://x');
    expect(err(await t.http.get(`/api/quiz/certificates/${second}?${u.searchParams.toString()}`))).toBe('404 NOT_FOUND');

    // 已掌握: removed by the owner only
    expect(err(await as('s2').del(`/api/quiz/mistakes/${a.id}`))).toBe('404 NOT_FOUND');
    expect((await as('student').del(`/api/quiz/mistakes/${a.id}`)).body).toEqual({ ok: true });
    expect((await as('student').get('/api/quiz/mistakes')).body.total).toBe(3);
  });

  it('limits attempts per China day (across China midnight, not UTC) and in all; expired attempts count', async () => {
    // two used today: blocked until China midnight
    expect(err(await start('student', cid))).toBe('409 QUIZ_DAILY_LIMIT');
    expect((await as('student').get(`/api/quiz/campaigns/${cid}`)).body.mine).toMatchObject({ attemptsUsed: 2, attemptsToday: 2, blockedBy: 'QUIZ_DAILY_LIMIT', percent: 100, passed: true });
    // 23:59 China (15:59 UTC): still the same China day
    t.clock.set(new Date('2025-03-10T15:59:00Z'));
    expect(err(await start('student', cid))).toBe('409 QUIZ_DAILY_LIMIT');
    // 00:01 China on the 11th, still the 10th in UTC
    t.clock.set(new Date('2025-03-10T16:01:00Z'));
    const third = await start('student', cid);
    expect(third.status).toBe(201);
    // left to expire: it still used up the last attempt
    t.clock.advance(16 * MIN);
    expect(err(await submit('student', third.body.id, []))).toBe('409 QUIZ_TIME_UP');
    t.clock.set(new Date('2025-03-12T02:00:00Z'));
    expect(err(await start('student', cid))).toBe('409 QUIZ_ATTEMPT_LIMIT');
    expect((await as('student').get(`/api/quiz/campaigns/${cid}`)).body.mine).toMatchObject({ attemptsUsed: 3, attemptsToday: 0, blockedBy: 'QUIZ_ATTEMPT_LIMIT', openAttemptId: null });
    t.clock.set(T0);
  });

  it('refuses a submit after the time limit plus 30 s (the attempt expires and stays expired); accepts one within the grace', async () => {
    const c = await published({ title: '限时测试', draw: fixed('A', 'C'), timeLimitMinutes: 1 });
    const a = (await start('s2', c.id)).body.id;
    t.clock.advance(MIN + 29_000);
    const ok = await submit('s2', a, await answersFor(t, a, () => true));
    expect(ok.status).toBe(200);
    expect(ok.body.result.elapsedSeconds).toBe(89);
    const b = (await start('s2', c.id)).body.id;
    t.clock.advance(MIN + 31_000);
    const late = await submit('s2', b, await answersFor(t, b, () => true));
    expect(err(late)).toBe('409 QUIZ_TIME_UP');
    expect((await t.dataSource.getRepository(QuizAttempt).findOneByOrFail({ id: b })).status).toBe('expired');
    expect(err(await submit('s2', b, []))).toBe('409 QUIZ_TIME_UP');
    expect((await as('s2').get(`/api/quiz/attempts/${b}`)).body).toMatchObject({ status: 'expired', result: null });
    // an open attempt past its deadline is not resumed: a new one starts
    const c2 = (await start('s2', c.id)).body.id;
    t.clock.advance(2 * MIN);
    const d = await start('s2', c.id);
    expect(d.status).toBe(201);
    expect(d.body.id).not.toBe(c2);
    expect((await t.dataSource.getRepository(QuizAttempt).findOneByOrFail({ id: c2 })).status).toBe('expired');
    // one participant, counted once; every submitted attempt counted in attempts (expired ones never)
    const stat = await t.dataSource.getRepository(QuizNodeStat).findOneByOrFail({ campaignId: c.id });
    expect(stat).toMatchObject({ participants: 1, passed: 1, correct: 2, answered: 2, attempts: 1 });
    t.clock.set(T0);
  });

  it('refuses starts outside the window: not started, ended, closed', async () => {
    const later = await published({ title: '未开始', startsAt: new Date(T0.getTime() + 86400_000).toISOString(), draw: fixed('A') });
    expect(err(await start('s3', later.id))).toBe('409 QUIZ_NOT_STARTED');
    expect((await as('s3').get(`/api/quiz/campaigns/${later.id}`)).body).toMatchObject({ state: 'upcoming', mine: { blockedBy: 'QUIZ_NOT_STARTED' } });
    const ending = await published({ title: '快结束', endsAt: new Date(T0.getTime() + 10 * MIN).toISOString(), draw: fixed('A') });
    const open = (await start('s3', ending.id)).body.id;
    t.clock.advance(11 * MIN);
    expect(err(await start('s4', ending.id))).toBe('409 QUIZ_ENDED');
    // an attempt already open may still be handed in within its own time
    expect((await submit('s3', open, [])).status).toBe(200);
    t.clock.set(T0);
    const closing = await published({ title: '提前结束', draw: fixed('A') });
    expect((await as('school').post(`/api/quiz/campaigns/${closing.id}/close`)).status).toBe(200);
    expect(err(await start('s3', closing.id))).toBe('409 QUIZ_ENDED');
    // managers see it but do not take it; people outside the audience do not see it
    expect(err(await start('teacher', closing.id))).toBe('403 FORBIDDEN');
    expect(err(await start('s72', closing.id))).toBe('404 NOT_FOUND');
    const draft = await createCampaign('school', { draw: fixed('A') });
    expect(err(await start('student', draft.id))).toBe('404 NOT_FOUND');
  });

  it('flags all-correct attempts under 2 s a question, for admins only; hiddenCount is stored', async () => {
    const c = await published({ title: '标记测试', draw: fixed('A', 'B', 'C', 'D') });
    const a = (await start('s4', c.id)).body.id;
    t.clock.advance(7_000);
    const res = await submit('s4', a, await answersFor(t, a, () => true), 5);
    expect(res.body.result).toMatchObject({ percent: 100, passed: true });
    expect(JSON.stringify(res.body)).not.toContain('flagged');
    expect(await t.dataSource.getRepository(QuizAttempt).findOneByOrFail({ id: a })).toMatchObject({ flagged: true, hiddenCount: 5 });
    expect(await t.dataSource.getRepository(QuizNodeStat).findOneByOrFail({ campaignId: c.id })).toMatchObject({ flagged: 1, attempts: 1, participants: 1 });
    t.clock.set(T0);
  });

  it('last counting: the newest attempt replaces the earlier one in the aggregates', async () => {
    const c = await published({ title: '最后一次', draw: fixed('A', 'B', 'C', 'D'), counting: 'last' });
    const a = (await start('s5', c.id)).body.id;
    t.clock.advance(MIN);
    await submit('s5', a, await answersFor(t, a, () => true));
    const b = (await start('s5', c.id)).body.id;
    t.clock.advance(MIN);
    await submit('s5', b, await answersFor(t, b, (_, v) => v === Q.A.versionId));
    expect(await t.dataSource.getRepository(QuizNodeStat).findOneByOrFail({ campaignId: c.id })).toMatchObject({ participants: 1, passed: 0, correct: 1, answered: 4, attempts: 2 });
    const types: { fraudType: string; correct: number; answered: number }[] = await t.dataSource.query(
      'SELECT fraudType, correct, answered FROM quiz_type_stat WHERE campaignId = ? ORDER BY fraudType',
      [c.id],
    );
    expect(types.map((r) => [r.fraudType, Number(r.correct), Number(r.answered)])).toEqual([
      ['after_scam', 0, 1],
      ['impersonate_officials', 0, 1],
      ['order_brushing', 1, 2],
      ['renting_cards', 0, 1],
    ]);
    const qs: { questionId: number; correct: number; answered: number }[] = await t.dataSource.query('SELECT questionId, correct, answered FROM quiz_question_stat WHERE campaignId = ? ORDER BY questionId', [c.id]);
    expect(qs.map((r) => [Number(r.questionId), Number(r.correct), Number(r.answered)])).toEqual([
      [Q.A.id, 1, 1],
      [Q.B.id, 0, 1],
      [Q.C.id, 0, 1],
      [Q.D.id, 0, 1],
    ]);
    const weeks: { weekStart: string; attempts: number; passed: number; correct: number; answered: number }[] = await t.dataSource.query(
      'SELECT weekStart, attempts, passed, correct, answered FROM quiz_week_stat WHERE campaignId = ?',
      [c.id],
    );
    expect(weeks.map((w) => [w.weekStart, Number(w.attempts), Number(w.passed), Number(w.correct), Number(w.answered)])).toEqual([['2025-03-10', 2, 1, 5, 8]]);
    t.clock.set(T0);
  });

  it('an edited question keeps its old version in old attempts; new attempts draw the new one', async () => {
    const c = await published({ title: '版本测试', draw: fixed('D'), shuffleOptions: false });
    const old = (await start('s3', c.id)).body;
    expect(old.questions[0]).toMatchObject({ questionId: Q.D.versionId, stem: '自称公安要你转账到安全账户，应该？' });
    const edit = await as('admin').put(`/api/quiz/questions/${Q.D.id}`, {
      type: 'single', stem: '自称警察要求转账到“安全账户”，正确做法是？', options: ['马上转账', '挂断并拨打110核实', '按对方说的做', '借钱转账'], answer: [1],
      explanation: '公安机关没有安全账户。', fraudTypes: ['impersonate_officials'], audiences: ['students'], difficulty: 1,
    });
    expect(edit.status).toBe(200);
    expect(edit.body.versionId).not.toBe(Q.D.versionId);
    t.clock.advance(MIN);
    const res = await submit('s3', old.id, [{ questionId: Q.D.versionId, chosen: [1] }]);
    expect(res.body.result.items[0]).toMatchObject({ stem: '自称公安要你转账到安全账户，应该？', explanation: '解析：D 题的要点', correct: true, options: ['马上转账', '挂断并报警', '按对方说的做', '借钱转账'] });
    const next = await start('s3', c.id);
    expect(next.body.questions[0]).toMatchObject({ questionId: edit.body.versionId, stem: '自称警察要求转账到“安全账户”，正确做法是？' });
    // the old version's answer is no answer to the new paper
    expect(err(await submit('s3', next.body.id, [{ questionId: Q.D.versionId, chosen: [1] }]))).toBe('400 QUIZ_ANSWER_NOT_IN_PAPER');
    t.clock.set(T0);
  });
});

describe('practice', () => {
  it('practice campaigns check one answer at a time, grade without pass or statistics, and feed the 错题本', async () => {
    const c = await published({ kind: 'practice', title: '练习活动', draw: fixed('A', 'B'), shuffleOptions: false });
    const a = (await start('s4', c.id)).body;
    expect(a.kind).toBe('practice');
    const check = await as('s4').post(`/api/quiz/attempts/${a.id}/check`, { questionId: Q.A.versionId, chosen: [0] });
    expect(check.body).toEqual({ correct: false, answer: [1], explanation: '解析：A 题的要点', source: '《反电信网络诈骗法》第一条' });
    expect((await as('s4').post(`/api/quiz/attempts/${a.id}/check`, { questionId: Q.B.versionId, chosen: [2, 0] })).body.correct).toBe(true);
    expect(err(await as('s4').post(`/api/quiz/attempts/${a.id}/check`, { questionId: Q.C.versionId, chosen: [0] }))).toBe('400 QUIZ_ANSWER_NOT_IN_PAPER');
    expect(err(await as('s2').post(`/api/quiz/attempts/${a.id}/check`, { questionId: Q.A.versionId, chosen: [0] }))).toBe('404 NOT_FOUND');
    t.clock.advance(MIN);
    const res = await submit('s4', a.id, [{ questionId: Q.A.versionId, chosen: [0] }, { questionId: Q.B.versionId, chosen: [0, 2] }]);
    expect(res.body.result).toMatchObject({ correct: 1, total: 2, percent: 50, passed: null, certificateUrl: null });
    expect(await t.dataSource.getRepository(QuizParticipant).countBy({ campaignId: c.id })).toBe(0);
    expect(await t.dataSource.getRepository(QuizNodeStat).countBy({ campaignId: c.id })).toBe(0);
    const book = await as('s4').get('/api/quiz/mistakes');
    expect(book.body.items.map((i: { question: { id: number } }) => i.question.id)).toContain(Q.A.id);
    t.clock.set(T0);
  });

  it('open-bank practice: a fresh paper, instant checks, redo from the 错题本', async () => {
    const p = await as('s4').post('/api/quiz/practice', { count: 5, fraudType: 'renting_cards' });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ kind: 'practice', campaign: null, deadline: null });
    expect(p.body.questions).toHaveLength(5);
    expect(JSON.stringify(p.body)).not.toMatch(/explanation|"answer"/);
    const q = p.body.questions[0];
    const check = await as('s4').post(`/api/quiz/attempts/${p.body.id}/check`, { questionId: q.questionId, chosen: [0] });
    expect(check.status).toBe(200);
    expect(check.body.explanation.length).toBeGreaterThan(3);
    const redo = await as('s4').post('/api/quiz/practice', { fromMistakes: true });
    expect(redo.status).toBe(201);
    expect(redo.body.questions.map((x: { questionId: number }) => x.questionId)).toContain(Q.A.versionId);
    const right = await answersFor(t, redo.body.id, () => true);
    t.clock.advance(MIN);
    expect((await submit('s4', redo.body.id, right)).body.result.passed).toBeNull();
    // answered right: gone from the book
    expect((await as('s4').get('/api/quiz/mistakes')).body.total).toBe(0);
    // nothing in the book: nothing to redo
    expect(err(await as('s72').post('/api/quiz/practice', { fromMistakes: true, count: 3 }))).toBe('400 QUIZ_NOT_ENOUGH_QUESTIONS');
    t.clock.set(T0);
  });
});

describe('rate limits', () => {
  it('at most 10 starts a minute per person (resumes included) → 429 RATE_LIMITED; free again a minute later', async () => {
    await invited('rl', 'teacher', ids.class71, 'student');
    const c = await published({ title: '频率测试', draw: fixed('A') });
    for (let i = 0; i < 10; i++) expect((await start('rl', c.id)).status).toBe(201);
    expect(err(await start('rl', c.id))).toBe('429 RATE_LIMITED');
    expect(err(await as('rl').post('/api/quiz/practice', { count: 2 }))).toBe('429 RATE_LIMITED');
    // someone else is not affected
    expect((await start('s5', c.id)).status).toBe(201);
    t.clock.advance(61_000);
    expect((await start('rl', c.id)).status).toBe(201);
    t.clock.set(T0);
  });
});

describe('demo campaigns', () => {
  it('are seeded published and can be taken: the town exam by village residents, the class exam by 7-1 students, practice by all', async () => {
    // seeded at the real time, open from then on
    t.clock.set(null);
    openids.resident = 'demo-resident';
    expect((await as('resident').post('/api/memberships/join', { nodeId: ids.dsGrid1 })).status).toBe(200);
    const mine = await as('resident').get('/api/quiz/campaigns', { view: 'mine' });
    const titles = mine.body.items.map((c: { title: string }) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['和平镇全民反诈知识测试', '反诈知识天天练']));
    expect(titles).not.toContain('七年级1班防诈骗小测验');
    const town = mine.body.items.find((c: { title: string }) => c.title === '和平镇全民反诈知识测试');
    const a = await start('resident', town.id);
    expect(a.status).toBe(201);
    expect(a.body.questions).toHaveLength(10);
    const cls = (await as('student').get('/api/quiz/campaigns', { view: 'mine' })).body.items.find((c: { title: string }) => c.title === '七年级1班防诈骗小测验');
    expect(cls).toMatchObject({ kind: 'exam', questionCount: 10, timeLimitMinutes: 15, attemptsTotal: 3, passPercent: 60, counting: 'best', state: 'open', owner: { name: '和平镇中学' } });
    const b = await start('student', cls.id);
    expect(b.status).toBe(201);
    expect(b.body.questions).toHaveLength(10);
    expect(new Date(b.body.deadline).getTime() - new Date(b.body.startedAt).getTime()).toBe(15 * MIN);
  });
});
