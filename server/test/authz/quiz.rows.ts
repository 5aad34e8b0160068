// Matrix rows and sample bodies of quiz campaigns and taking quizzes, plus the helpers the quiz e2e
// tests share (campaign bodies, town questions through the bank API, answers computed from the paper).
// Campaigns the rows act on are written straight to their table, so rows depend on no other route.
import { CampaignInput, Role } from '@wuzha/shared';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import { QuestionVersion } from '../../src/modules/quiz-bank/question-version.entity';
import { QuizAttempt } from '../../src/modules/quiz/quiz-attempt.entity';
import { QuizCampaign } from '../../src/modules/quiz/quiz-campaign.entity';
import { QuizMistake } from '../../src/modules/quiz/quiz-mistake.entity';
import type { TestApp } from '../utils/test-app';
import type { Case, DemoIds, MatrixContext, NodeKey, Rows } from './context';

// ---- shared helpers --------------------------------------------------------------------------

// A valid campaign input (override what a test needs).
export function campaignBody(ownerNodeId: number, audienceNodeIds: number[], over: Partial<CampaignInput> = {}, now = new Date()): Record<string, unknown> {
  return {
    kind: 'exam',
    ownerNodeId,
    title: '防诈骗知识测试',
    intro: '一共几道题，认真作答',
    audienceNodeIds,
    roles: ['student'],
    startsAt: new Date(now.getTime() - 3600_000).toISOString(),
    endsAt: new Date(now.getTime() + 7 * 86400_000).toISOString(),
    draw: { mode: 'random', rules: [{ count: 3 }] },
    shuffleQuestions: true,
    shuffleOptions: true,
    timeLimitMinutes: 15,
    attemptsPerDay: null,
    attemptsTotal: null,
    passPercent: 60,
    counting: 'best',
    ...over,
  };
}

// Answers for an attempt, in the display order the taker sees: right or wrong per question (by its
// position on the paper), computed from the stored paper and the versions' answers.
export async function answersFor(t: TestApp, attemptId: number, right: (no: number, versionId: number) => boolean): Promise<{ questionId: number; chosen: number[] }[]> {
  const a = await t.dataSource.getRepository(QuizAttempt).findOneByOrFail({ id: attemptId });
  const out: { questionId: number; chosen: number[] }[] = [];
  for (const [i, item] of a.paper.entries()) {
    const v = await t.dataSource.getRepository(QuestionVersion).findOneByOrFail({ id: item.v });
    const display = v.answer.map((b) => item.o.indexOf(b)).sort((x, y) => x - y);
    const wrong = [item.o.findIndex((b) => !v.answer.includes(b))];
    out.push({ questionId: item.v, chosen: right(i + 1, item.v) ? display : wrong });
  }
  return out;
}

// Writes a campaign row directly (status and window as given).
export async function campaignRow(t: TestApp, owner: Pick<OrgNode, 'id' | 'path'>, audience: Pick<OrgNode, 'id' | 'path'>[], o: { status?: string; roles?: string[]; townId?: number; kind?: string } = {}): Promise<number> {
  const now = t.clock.now();
  const row = await t.dataSource.getRepository(QuizCampaign).save({
    townId: o.townId ?? 0, ownerNodeId: owner.id, ownerPath: owner.path, kind: o.kind ?? 'exam', title: '矩阵测试答题', intro: '',
    audience: audience.map((a) => ({ nodeId: a.id, path: a.path })), roles: o.roles ?? ['student'],
    startsAt: new Date(now.getTime() - 3600_000), endsAt: new Date(now.getTime() + 86400_000),
    draw: { mode: 'random', rules: [{ count: 3 }] }, questionCount: 3, shuffleQuestions: true, shuffleOptions: true,
    timeLimitMinutes: null, attemptsPerDay: null, attemptsTotal: null, passPercent: 60, counting: 'best',
    status: o.status ?? 'draft', createdBy: 1, createdAt: now, updatedAt: now, publishedAt: o.status === 'draft' ? null : now, closedAt: null,
  });
  return row.id;
}

// ---- matrix ----------------------------------------------------------------------------------

const MANAGERS: Role[] = ['town_admin', 'school_admin', 'unit_contact'];
// quiz.stats without quiz.manage, over the campaigns below (owner node or audience)
const STATS_ONLY: Role[] = ['police_liaison', 'village_cadre', 'teacher'];
const TAKERS: Role[] = ['student', 'parent', 'resident'];
// the organisation that runs a campaign for each role's own node
const OWNER_OF: Record<Role, NodeKey> = {
  town_admin: 'T', police_liaison: 'T', village_cadre: 'T', grid_worker: 'T', resident: 'T',
  school_admin: 'M', teacher: 'M', student: 'M', parent: 'M', unit_contact: 'E',
};

export function rows(m: MatrixContext): Rows {
  const { t, ids, own, forEveryRole, everyone } = m;
  const node = (key: NodeKey) => t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids[key] });
  const townId = () => ids.T;
  // a campaign run by the role's organisation for its own node (every member role may take it)
  // Takers are asked in their own role only; for staff the campaign asks students, a role no staff user
  // of the matrix holds (earlier rows may have made them residents somewhere, e.g. by joining a village)
  const ownCampaign = async (r: Role, status: string) =>
    campaignRow(t, await node(OWNER_OF[r]), [await node(own[r])], { status, roles: TAKERS.includes(r) ? [r] : ['student'], townId: townId() });
  // a campaign of a town nobody in the matrix belongs to
  const foreign = () => campaignRow(t, { id: 999990, path: '/999990/' }, [{ id: 999990, path: '/999990/' }], { status: 'published', townId: 999990 });
  const manageStatus = (r: Role, ok: number) => (MANAGERS.includes(r) ? ok : STATS_ONLY.includes(r) ? 403 : 404);
  const foreignCase = (r: Role, req: (id: number) => Record<string, unknown>): Case => ({ as: r, label: 'a campaign of another town', req: async () => req(await foreign()), status: 404, code: 'NOT_FOUND' });
  const inputFor = async (r: Role) => campaignBody(ids[OWNER_OF[r]], [ids[own[r]]], { roles: [...TAKERS] }, t.clock.now());

  // a practice attempt of the role (or of a fresh resident: someone else's)
  const practice = async (token: string) => {
    const res = await t.http.post('/api/quiz/practice').set(t.bearer(token)).send({ count: 3 });
    expect(res.status).toBe(201);
    return res.body as { id: number; questions: { questionId: number }[] };
  };
  const mine = (r: Role) => practice(m.tokens[r].accessToken);
  const othersAttempt = async () => practice((await m.freshResident()).token);
  // a question id of its own each time (the book holds a question once per person)
  let seq = 900_000;
  const mistakeOf = async (userId: number) => {
    const row = await t.dataSource.getRepository(QuizMistake).save({ userId, questionId: ++seq, questionVersionId: 1, lastChosen: '0', wrongCount: 1, lastWrongAt: t.clock.now() });
    return row.id;
  };

  return {
    'quiz.campaigns.create': m.scoped(
      (r) => (MANAGERS.includes(r) ? 201 : 403),
      (nodeId, r) => ({ body: campaignBody(nodeId, [nodeId], { roles: [...TAKERS] }, t.clock.now()) as never }),
    ),
    'quiz.campaigns.update': forEveryRole((r) => [
      { as: r, label: 'a draft of own organisation', req: async () => ({ params: { id: await ownCampaign(r, 'draft') }, body: await inputFor(r) }), status: manageStatus(r, 200) },
      foreignCase(r, (id) => ({ params: { id }, body: campaignBody(ids.T, [ids.T]) })),
    ]),
    'quiz.campaigns.publish': forEveryRole((r) => [
      { as: r, label: 'a draft of own organisation', req: async () => ({ params: { id: await ownCampaign(r, 'draft') } }), status: manageStatus(r, 200) },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    'quiz.campaigns.close': forEveryRole((r) => [
      { as: r, label: 'a published campaign of own organisation', req: async () => ({ params: { id: await ownCampaign(r, 'published') } }), status: manageStatus(r, 200) },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    'quiz.campaigns.list': [
      ...everyone(200, () => ({ query: { view: 'mine' } }), 'my campaigns'),
      ...everyone(200, () => ({ query: { view: 'manage' } }), 'campaigns I run or see'),
    ],
    'quiz.campaigns.get': forEveryRole((r) => [
      { as: r, label: 'a published campaign for own node', req: async () => ({ params: { id: await ownCampaign(r, 'published') } }), status: r === 'grid_worker' ? 404 : 200 },
      { as: r, label: 'a draft for own node', req: async () => ({ params: { id: await ownCampaign(r, 'draft') } }), status: MANAGERS.includes(r) || STATS_ONLY.includes(r) ? 200 : 404 },
      foreignCase(r, (id) => ({ params: { id } })),
    ]),
    'quiz.attempts.start': forEveryRole((r) => [
      {
        as: r,
        label: 'a published campaign for own node',
        req: async () => ({ params: { id: await ownCampaign(r, 'published') }, body: {} }),
        // managers and statistics readers see it but are not among its takers
        status: TAKERS.includes(r) ? 201 : r === 'grid_worker' ? 404 : 403,
      },
      foreignCase(r, (id) => ({ params: { id }, body: {} })),
    ]),
    'quiz.practice.start': everyone(201, () => ({ body: { count: 3 } }), 'practice on the open bank'),
    'quiz.attempts.get': forEveryRole((r) => [
      { as: r, label: 'own attempt', req: async () => ({ params: { id: (await mine(r)).id } }), status: 200 },
      { as: r, label: "someone else's attempt", req: async () => ({ params: { id: (await othersAttempt()).id } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'quiz.attempts.check': forEveryRole((r) => [
      { as: r, label: 'own practice', req: async () => { const a = await mine(r); return { params: { id: a.id }, body: { questionId: a.questions[0].questionId, chosen: [0] } }; }, status: 200 },
      { as: r, label: "someone else's practice", req: async () => { const a = await othersAttempt(); return { params: { id: a.id }, body: { questionId: a.questions[0].questionId, chosen: [0] } }; }, status: 404, code: 'NOT_FOUND' },
    ]),
    'quiz.attempts.submit': forEveryRole((r) => [
      { as: r, label: 'own practice', req: async () => ({ params: { id: (await mine(r)).id }, body: { answers: [], hiddenCount: 0 } }), status: 200 },
      { as: r, label: "someone else's practice", req: async () => ({ params: { id: (await othersAttempt()).id }, body: { answers: [], hiddenCount: 0 } }), status: 404, code: 'NOT_FOUND' },
    ]),
    // public (a signed link): no matrix rows; the quiz e2e checks signatures
    'quiz.certificates.get': [],
    'quiz.mistakes.list': everyone(200, () => ({ query: { limit: 10 } }), 'my 错题本'),
    'quiz.mistakes.remove': forEveryRole((r) => [
      { as: r, label: 'own entry', req: async () => ({ params: { id: await mistakeOf(m.tokens[r].userId) } }), status: 200 },
      { as: r, label: "someone else's entry", req: async () => ({ params: { id: await mistakeOf((await m.freshResident()).userId) } }), status: 404, code: 'NOT_FOUND' },
    ]),
  };
}

export function samples(ids: DemoIds) {
  return {
    'quiz.campaigns.create': campaignBody(ids.school, [ids.class71]),
    'quiz.campaigns.update': campaignBody(ids.school, [ids.class71]),
    'quiz.attempts.start': {},
    'quiz.practice.start': { count: 5 },
    'quiz.attempts.check': { questionId: 1, chosen: [0] },
    'quiz.attempts.submit': { answers: [{ questionId: 1, chosen: [0] }], hiddenCount: 0 },
  };
}
