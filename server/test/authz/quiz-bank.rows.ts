// Matrix rows and sample bodies of the question bank. A town's bank is read by holders of quiz.bank or
// quiz.manage at the town or inside it (town admins, school admins, unit contacts) and written by
// town admins only; the police liaison sees the town without the permission (403); everyone else is
// out of sight (404). The built-in bank is read-only (QUESTION_READ_ONLY) for its readers.
import { QuestionInput, Role } from '@wuzha/shared';
import type { Case, DemoIds, MatrixContext, Req, Rows } from './context';

const READERS: Role[] = ['town_admin', 'school_admin', 'unit_contact'];
// seen but not allowed: the liaison sees the town; readers who are not town admins may not write
const SEES_TOWN: Role[] = ['police_liaison'];

const readStatus = (r: Role) => (READERS.includes(r) ? 200 : SEES_TOWN.includes(r) ? 403 : 404);
const writeStatus = (r: Role, ok: number) => (r === 'town_admin' ? ok : READERS.includes(r) || SEES_TOWN.includes(r) ? 403 : 404);

// A valid town question (the e2e test overrides what it needs).
export function questionBody(stem = '陌生人打电话自称公安，要求把钱转到“安全账户”，应该怎么办？', over: Partial<QuestionInput> = {}): QuestionInput {
  return {
    type: 'single',
    stem,
    options: ['挂断电话，拨打110核实', '按要求转账', '把银行卡密码告诉对方'],
    answer: [0],
    explanation: '公安机关不会通过电话办案，更没有“安全账户”。',
    fraudTypes: ['impersonate_officials'],
    audiences: ['elderly'],
    difficulty: 1,
    source: '《反电信网络诈骗法》第八条',
    ...over,
  };
}

export function rows(m: MatrixContext): Rows {
  const { t, tokens, ids, other, forEveryRole } = m;
  // a question of the demo town, made once by its admin
  let townQuestion: Promise<number> | null = null;
  const ownQuestion = () =>
    (townQuestion ??= (async () => {
      const res = await t.http.post('/api/quiz/questions').query({ townId: ids.T }).set(t.bearer(tokens.town_admin)).send(questionBody());
      expect(res.status).toBe(201);
      return res.body.id as number;
    })());
  const builtinQuestion = async () => Number((await t.dataSource.query('SELECT id FROM question WHERE townId = 0 ORDER BY id LIMIT 1'))[0].id);

  // the demo town (status by role), and each role's node of another kind (never a town: 404)
  const townRows = (status: (r: Role) => number, req: (townId: number) => Req): Case[] =>
    forEveryRole((r) => [
      { as: r, label: 'the demo town', req: () => req(ids.T), status: status(r) },
      { as: r, label: 'a node that is not its town', req: () => req(ids[other[r]]), status: 404, code: 'NOT_FOUND' },
    ]);
  // a question of the demo town (status by role) and a built-in one (read-only for readers)
  const questionRows = (status: (r: Role) => number, builtin: (r: Role) => { status: number; code?: string }, body?: () => object): Case[] =>
    forEveryRole((r) => [
      { as: r, label: 'a question of the demo town', req: async () => ({ params: { id: await ownQuestion() }, body: body?.() }), status: status(r) },
      { as: r, label: 'a built-in question', req: async () => ({ params: { id: await builtinQuestion() }, body: body?.() }), ...builtin(r) },
    ]);
  const readOnly = (r: Role) => (READERS.includes(r) ? { status: 403, code: 'QUESTION_READ_ONLY' } : { status: 404, code: 'NOT_FOUND' });

  return {
    'quiz.questions.list': townRows(readStatus, (townId) => ({ query: { townId } })),
    'quiz.questions.get': questionRows(readStatus, (r) => ({ status: READERS.includes(r) ? 200 : 404 })),
    'quiz.questions.create': townRows((r) => writeStatus(r, 201), (townId) => ({ query: { townId }, body: questionBody(`新建的题目：冒充公安的电话怎么识别？（${Math.random().toString(36).slice(2, 8)}）`) })),
    'quiz.questions.update': questionRows((r) => writeStatus(r, 200), readOnly, () => questionBody('陌生人自称公安，要求把钱转到“安全账户”，怎么办？')),
    'quiz.questions.status': questionRows((r) => writeStatus(r, 200), readOnly, () => ({ status: 'active' })),
    'quiz.questions.export': townRows(readStatus, (townId) => ({ query: { townId, bank: 'town' } })),
    // a JSON body instead of a multipart upload: the town admin gets as far as reading the file
    'quiz.questions.import': townRows((r) => writeStatus(r, 415), (townId) => ({ query: { townId }, body: { file: 'not a multipart upload' } })),
  };
}

export function samples(_ids: DemoIds) {
  return {
    'quiz.questions.create': questionBody() as unknown as Record<string, unknown>,
    'quiz.questions.update': questionBody() as unknown as Record<string, unknown>,
    'quiz.questions.status': { status: 'retired' },
  };
}
