import { z } from 'zod';
import {
  ATTEMPT_STATUSES,
  AUDIENCE_TAGS,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATES,
  CAMPAIGN_STATUSES,
  COUNTING_MODES,
  FRAUD_TYPES,
  QUESTION_STATUSES,
  QUESTION_TYPES,
  ROLES,
} from '../enums';
import { ERROR_CODE_LIST } from '../errors';
import { MAX_PAPER_QUESTIONS, questionProblems } from '../quiz';
import { idSchema, isoDateTime, pageOf, plainText } from './common';
import { NodeRef } from './org';

const unique = <T>(a: readonly T[]) => new Set(a).size === a.length;
const difficulty = z.union([z.literal(1), z.literal(2), z.literal(3)]);

// ---- question bank ----------------------------------------------------------------------------
// `answer` holds indices into `options` (bank order). True/false questions have the options 正确, 错误.
export const QuestionInput = z
  .strictObject({
    type: z.enum(QUESTION_TYPES),
    stem: plainText(500, 4),
    options: z.array(plainText(200)).min(2).max(6),
    answer: z.array(z.number().int().min(0).max(5)).min(1).max(6),
    explanation: plainText(1000, 4),
    fraudTypes: z.array(z.enum(FRAUD_TYPES)).min(1, { message: '请至少选择一个类型' }).max(4).refine(unique, { message: '类型不能重复' }),
    audiences: z.array(z.enum(AUDIENCE_TAGS)).max(5).refine(unique, { message: '人群不能重复' }).default([]),
    difficulty,
    // e.g. 《反电信网络诈骗法》第三十一条
    source: plainText(200, 0).optional(),
  })
  .superRefine((q, ctx) => {
    for (const p of questionProblems(q)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });
export type QuestionInput = z.infer<typeof QuestionInput>;

export const TownQuery = z.strictObject({ townId: idSchema });
export type TownQuery = z.infer<typeof TownQuery>;

export const QuestionView = z.object({
  id: z.number().int(),
  // stable code within its bank (SYS-001 for the built-in bank); the key of xlsx round trips
  code: z.string(),
  builtin: z.boolean(),
  townId: z.number().int().nullable(),
  status: z.enum(QUESTION_STATUSES),
  version: z.number().int(),
  versionId: z.number().int(),
  type: z.enum(QUESTION_TYPES),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.number().int()),
  explanation: z.string(),
  fraudTypes: z.array(z.enum(FRAUD_TYPES)),
  audiences: z.array(z.enum(AUDIENCE_TAGS)),
  difficulty,
  source: z.string().nullable(),
  updatedAt: isoDateTime,
});
export type QuestionView = z.infer<typeof QuestionView>;

export const QuestionListQuery = z.strictObject({
  townId: idSchema,
  // all: the built-in bank and the town's own; builtin; town
  bank: z.enum(['all', 'builtin', 'town']).default('all'),
  q: plainText(50).optional(),
  type: z.enum(QUESTION_TYPES).optional(),
  fraudType: z.enum(FRAUD_TYPES).optional(),
  difficulty: z.coerce.number().pipe(difficulty).optional(),
  status: z.enum(QUESTION_STATUSES).default('active'),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type QuestionListQuery = z.infer<typeof QuestionListQuery>;
export const QuestionPage = pageOf(QuestionView).extend({ total: z.number().int() });
export type QuestionPage = z.infer<typeof QuestionPage>;

export const QuestionStatusRequest = z.strictObject({ status: z.enum(QUESTION_STATUSES) });
export type QuestionStatusRequest = z.infer<typeof QuestionStatusRequest>;

export const QuestionExportQuery = z.strictObject({ townId: idSchema, bank: z.enum(['all', 'builtin', 'town']).default('town') });
export type QuestionExportQuery = z.infer<typeof QuestionExportQuery>;

// All or nothing: on any row error the response is 400 IMPORT_INVALID with `fields` like
// { path: '第3行 答案', message } (the first 100), and nothing is written.
export const ImportResult = z.object({ rows: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type ImportResult = z.infer<typeof ImportResult>;

// ---- campaigns ---------------------------------------------------------------------------------
export const DrawRule = z.strictObject({
  fraudType: z.enum(FRAUD_TYPES).optional(),
  difficulty: difficulty.optional(),
  audience: z.enum(AUDIENCE_TAGS).optional(),
  count: z.number().int().min(1).max(MAX_PAPER_QUESTIONS),
});
export type DrawRule = z.infer<typeof DrawRule>;
export const DrawInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('random'), rules: z.array(DrawRule).min(1).max(20) }),
  // question ids (the current version of each is used when a paper is drawn)
  z.strictObject({ mode: z.literal('fixed'), questionIds: z.array(idSchema).min(1).max(MAX_PAPER_QUESTIONS).refine(unique, { message: '题目不能重复' }) }),
]);
export type DrawInput = z.infer<typeof DrawInput>;

export const CampaignInput = z
  .strictObject({
    kind: z.enum(CAMPAIGN_KINDS),
    // the town, school or unit running it (the caller needs quiz.manage there)
    ownerNodeId: idSchema,
    title: plainText(60),
    intro: plainText(500, 0).optional(),
    // org subtrees inside the owner's subtree: a village, a school, some classes, a unit…
    audienceNodeIds: z.array(idSchema).min(1).max(200).refine(unique, { message: '范围不能重复' }),
    // who is expected to take it (the population of the participation rate)
    roles: z.array(z.enum(ROLES)).min(1).max(10).refine(unique, { message: '身份不能重复' }),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    draw: DrawInput,
    shuffleQuestions: z.boolean().default(true),
    shuffleOptions: z.boolean().default(true),
    // null: no time limit
    timeLimitMinutes: z.number().int().min(1).max(180).nullable().default(null),
    // null: unlimited
    attemptsPerDay: z.number().int().min(1).max(20).nullable().default(null),
    attemptsTotal: z.number().int().min(1).max(100).nullable().default(null),
    passPercent: z.number().int().min(1).max(100).default(60),
    counting: z.enum(COUNTING_MODES).default('best'),
  })
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), { path: ['endsAt'], message: '结束时间要晚于开始时间' })
  .refine((c) => c.draw.mode === 'fixed' || c.draw.rules.reduce((n, r) => n + r.count, 0) <= MAX_PAPER_QUESTIONS, {
    path: ['draw'],
    message: `一份试卷最多${MAX_PAPER_QUESTIONS}道题`,
  });
export type CampaignInput = z.infer<typeof CampaignInput>;

// The caller's own standing in a campaign (only ever shown to themselves).
export const CampaignMine = z.object({
  attemptsUsed: z.number().int(),
  attemptsToday: z.number().int(),
  // the counting attempt's percent and pass, if any
  percent: z.number().int().nullable(),
  passed: z.boolean().nullable(),
  // an attempt still open (resume it)
  openAttemptId: z.number().int().nullable(),
  // why a new attempt cannot start now, if it cannot
  blockedBy: z.enum(ERROR_CODE_LIST as [string, ...string[]]).nullable(),
});
export type CampaignMine = z.infer<typeof CampaignMine>;

export const CampaignView = z.object({
  id: z.number().int(),
  kind: z.enum(CAMPAIGN_KINDS),
  owner: NodeRef,
  townId: z.number().int(),
  title: z.string(),
  intro: z.string(),
  audience: z.array(NodeRef),
  roles: z.array(z.enum(ROLES)),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  draw: z.union([
    z.object({ mode: z.literal('random'), rules: z.array(z.object({ fraudType: z.enum(FRAUD_TYPES).optional(), difficulty: difficulty.optional(), audience: z.enum(AUDIENCE_TAGS).optional(), count: z.number().int() })) }),
    z.object({ mode: z.literal('fixed'), questionIds: z.array(z.number().int()) }),
  ]),
  questionCount: z.number().int(),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  timeLimitMinutes: z.number().int().nullable(),
  attemptsPerDay: z.number().int().nullable(),
  attemptsTotal: z.number().int().nullable(),
  passPercent: z.number().int(),
  counting: z.enum(COUNTING_MODES),
  status: z.enum(CAMPAIGN_STATUSES),
  state: z.enum(CAMPAIGN_STATES),
  createdAt: isoDateTime,
  publishedAt: isoDateTime.nullable(),
  // may the caller edit, publish or close it
  canManage: z.boolean(),
  // present when the caller is in the audience
  mine: CampaignMine.nullable(),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const CampaignListQuery = z.strictObject({
  // mine: campaigns I may take; manage: campaigns in my quiz.manage / quiz.stats scope
  view: z.enum(['mine', 'manage']).default('mine'),
  state: z.enum(CAMPAIGN_STATES).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type CampaignListQuery = z.infer<typeof CampaignListQuery>;
export const CampaignPage = pageOf(CampaignView);
export type CampaignPage = z.infer<typeof CampaignPage>;

// ---- attempts ----------------------------------------------------------------------------------
// A question as the taker sees it: options in display order, never the answer.
export const PaperQuestion = z.object({
  // the question version's id: answers refer to it
  questionId: z.number().int(),
  no: z.number().int(),
  type: z.enum(QUESTION_TYPES),
  stem: z.string(),
  options: z.array(z.string()),
});
export type PaperQuestion = z.infer<typeof PaperQuestion>;

export const ResultItem = PaperQuestion.extend({
  // display indices
  chosen: z.array(z.number().int()),
  answer: z.array(z.number().int()),
  correct: z.boolean(),
  explanation: z.string(),
  source: z.string().nullable(),
  fraudTypes: z.array(z.enum(FRAUD_TYPES)),
});
export type ResultItem = z.infer<typeof ResultItem>;

export const AttemptResult = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  percent: z.number().int(),
  // null for practice
  passed: z.boolean().nullable(),
  elapsedSeconds: z.number().int(),
  items: z.array(ResultItem),
  // a signed image URL, for a passed exam
  certificateUrl: z.string().nullable(),
});
export type AttemptResult = z.infer<typeof AttemptResult>;

export const AttemptView = z.object({
  id: z.number().int(),
  kind: z.enum(CAMPAIGN_KINDS),
  campaign: z.object({ id: z.number().int(), title: z.string(), passPercent: z.number().int() }).nullable(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: isoDateTime,
  // when a submit is no longer accepted (the limit itself; the server adds a short grace)
  deadline: isoDateTime.nullable(),
  serverNow: isoDateTime,
  questions: z.array(PaperQuestion),
  result: AttemptResult.nullable(),
});
export type AttemptView = z.infer<typeof AttemptView>;

export const StartAttemptRequest = z.strictObject({});
export type StartAttemptRequest = z.infer<typeof StartAttemptRequest>;

// Practice on the open bank (no campaign): instant feedback, no score, not in statistics.
export const PracticeRequest = z.strictObject({
  fraudType: z.enum(FRAUD_TYPES).optional(),
  count: z.number().int().min(1).max(30).default(10),
  // redo my 错题本
  fromMistakes: z.boolean().default(false),
});
export type PracticeRequest = z.infer<typeof PracticeRequest>;

export const AnswerInput = z.strictObject({
  questionId: idSchema,
  // display indices; empty = left blank
  chosen: z.array(z.number().int().min(0).max(5)).max(6).refine(unique, { message: '选项不能重复' }),
});
export type AnswerInput = z.infer<typeof AnswerInput>;

export const CheckRequest = AnswerInput;
export type CheckRequest = z.infer<typeof CheckRequest>;
export const CheckResponse = z.object({ correct: z.boolean(), answer: z.array(z.number().int()), explanation: z.string(), source: z.string().nullable() });
export type CheckResponse = z.infer<typeof CheckResponse>;

export const SubmitRequest = z.strictObject({
  answers: z
    .array(AnswerInput)
    .max(MAX_PAPER_QUESTIONS)
    .refine((a) => unique(a.map((x) => x.questionId)), { message: '同一道题只能作答一次' }),
  // times the app went to the background during the attempt (wx.onAppHide); recorded, never used to fail anyone
  hiddenCount: z.number().int().min(0).max(10000).default(0),
});
export type SubmitRequest = z.infer<typeof SubmitRequest>;

export const CertificateQuery = z.strictObject({ exp: z.coerce.number().int().positive(), sig: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });
export type CertificateQuery = z.infer<typeof CertificateQuery>;

// For admins: integrity signals of attempts, never scores.
export const AttemptAuditQuery = z.strictObject({
  nodeId: idSchema.optional(),
  flagged: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type AttemptAuditQuery = z.infer<typeof AttemptAuditQuery>;
export const AttemptAuditItem = z.object({
  id: z.number().int(),
  // masked
  name: z.string(),
  node: NodeRef,
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: isoDateTime,
  submittedAt: isoDateTime.nullable(),
  elapsedSeconds: z.number().int().nullable(),
  questionCount: z.number().int(),
  hiddenCount: z.number().int(),
  // all correct in under 2 s a question
  flagged: z.boolean(),
});
export type AttemptAuditItem = z.infer<typeof AttemptAuditItem>;
export const AttemptAuditPage = pageOf(AttemptAuditItem);
export type AttemptAuditPage = z.infer<typeof AttemptAuditPage>;

// ---- 错题本 ------------------------------------------------------------------------------------
export const MistakeItem = z.object({
  id: z.number().int(),
  question: z.object({
    id: z.number().int(),
    type: z.enum(QUESTION_TYPES),
    stem: z.string(),
    options: z.array(z.string()),
    answer: z.array(z.number().int()),
    explanation: z.string(),
    source: z.string().nullable(),
    fraudTypes: z.array(z.enum(FRAUD_TYPES)),
  }),
  // my last wrong choice (bank order)
  lastChosen: z.array(z.number().int()),
  wrongCount: z.number().int(),
  lastWrongAt: isoDateTime,
});
export type MistakeItem = z.infer<typeof MistakeItem>;
export const MistakePage = pageOf(MistakeItem).extend({ total: z.number().int() });
export type MistakePage = z.infer<typeof MistakePage>;

// ---- statistics ------------------------------------------------------------------------------
// 参与率 = participants / population; 知晓率 (awarenessRate) = participants whose counting attempt
// passed / participants; 平均正确率 (meanAccuracy) = correct answers / answered questions over
// counting attempts. Shares are in [0, 1], null when there is nothing to divide by.
export const QuizMetrics = z.object({
  population: z.number().int(),
  participants: z.number().int(),
  participation: z.number().nullable(),
  passed: z.number().int(),
  awarenessRate: z.number().nullable(),
  meanAccuracy: z.number().nullable(),
  attempts: z.number().int(),
  flagged: z.number().int(),
});
export type QuizMetrics = z.infer<typeof QuizMetrics>;

export const TypeAccuracy = z.object({ fraudType: z.enum(FRAUD_TYPES), answered: z.number().int(), correct: z.number().int(), accuracy: z.number().nullable() });
export type TypeAccuracy = z.infer<typeof TypeAccuracy>;

export const StatsQuery = z.strictObject({ nodeId: idSchema.optional() });
export type StatsQuery = z.infer<typeof StatsQuery>;

export const QuizStats = z.object({
  campaign: z.object({ id: z.number().int(), title: z.string(), kind: z.enum(CAMPAIGN_KINDS), passPercent: z.number().int(), counting: z.enum(COUNTING_MODES) }),
  node: NodeRef,
  // the path from the caller's top visible node down to `node` (for a breadcrumb)
  trail: z.array(NodeRef),
  summary: QuizMetrics,
  // direct child organisations inside the audience, with their ranks (1 = best); organisations, never people
  children: z.array(
    QuizMetrics.extend({
      node: NodeRef,
      hasChildren: z.boolean(),
      participationRank: z.number().int().nullable(),
      awarenessRank: z.number().int().nullable(),
    }),
  ),
  byFraudType: z.array(TypeAccuracy),
  // weakest first
  questions: z.array(z.object({ questionId: z.number().int(), stem: z.string(), answered: z.number().int(), correct: z.number().int(), correctRate: z.number().nullable() })),
  weekly: z.array(z.object({ weekStart: z.string(), attempts: z.number().int(), passed: z.number().int(), accuracy: z.number().nullable() })),
  // per child organisation: its weakest fraud types (lowest accuracy first, at most 3)
  weakest: z.array(z.object({ node: NodeRef, fraudTypes: z.array(TypeAccuracy) })),
  generatedAt: isoDateTime,
});
export type QuizStats = z.infer<typeof QuizStats>;

// Across all campaigns: accuracy per fraud type for a node and each child organisation.
export const QuizOverview = z.object({
  node: NodeRef,
  byFraudType: z.array(TypeAccuracy),
  children: z.array(z.object({ node: NodeRef, answered: z.number().int(), accuracy: z.number().nullable(), weakest: z.array(TypeAccuracy) })),
  generatedAt: isoDateTime,
});
export type QuizOverview = z.infer<typeof QuizOverview>;
export const OverviewQuery = z.strictObject({ nodeId: idSchema });
export type OverviewQuery = z.infer<typeof OverviewQuery>;
