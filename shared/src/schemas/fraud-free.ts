import { z } from 'zod';
import {
  ACTIVITY_KINDS,
  APPLICATION_STATUSES,
  AWARD_STATES,
  INDICATOR_SOURCES,
  PROGRAM_KINDS,
  PROGRAM_STATUSES,
  SCORING_RULES,
  WARNING_COLOURS,
  WARNING_REASONS,
} from '../enums';
import { weightsSum } from '../fraud-free';
import { idSchema, isoDateTime, pageOf, plainText } from './common';
import { FileView } from './bulletins';
import { NodeRef } from './org';

const unique = <T>(a: readonly T[]) => new Set(a).size === a.length;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 2026-01-31' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 2026-01' });

// ---- programs ---------------------------------------------------------------------------------
export const IndicatorInput = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,23}$/, { message: '指标代码只能用小写字母、数字和下划线' }),
  name: plainText(40, 2),
  source: z.enum(INDICATOR_SOURCES),
  weight: z.number().int().min(1).max(100),
  target: z.number().min(0).max(1_000_000_000),
  rule: z.enum(SCORING_RULES),
  note: plainText(100, 0).optional(),
});
export type IndicatorInput = z.infer<typeof IndicatorInput>;

export const ProgramInput = z
  .strictObject({
    townId: idSchema,
    kind: z.enum(PROGRAM_KINDS),
    title: plainText(60, 2),
    // the period whose data the indicators count (China days, inclusive)
    periodStart: day,
    periodEnd: day,
    // the application window (China days, inclusive)
    applyFrom: day,
    applyUntil: day,
    // length of the public notice (公示) in days
    noticeDays: z.number().int().min(1).max(30).default(7),
    // how long a title is valid after the award
    validityMonths: z.number().int().min(1).max(60).default(12),
    indicators: z.array(IndicatorInput).min(1).max(20).refine((a) => unique(a.map((i) => i.key)), { message: '指标代码不能重复' }),
  })
  .refine((p) => p.periodEnd >= p.periodStart, { path: ['periodEnd'], message: '结束日期不能早于开始日期' })
  .refine((p) => p.applyUntil >= p.applyFrom, { path: ['applyUntil'], message: '申报截止不能早于开始' });
// (weights summing to 100 is checked by the server: 400 FF_WEIGHTS_SUM, with the sum in the message)
export type ProgramInput = z.infer<typeof ProgramInput>;
export { weightsSum };

export const IndicatorView = IndicatorInput.extend({ note: z.string().nullable() });
export type IndicatorView = z.infer<typeof IndicatorView>;

export const ProgramView = z.object({
  id: z.number().int(),
  town: NodeRef,
  kind: z.enum(PROGRAM_KINDS),
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  applyFrom: z.string(),
  applyUntil: z.string(),
  noticeDays: z.number().int(),
  validityMonths: z.number().int(),
  indicators: z.array(IndicatorView),
  status: z.enum(PROGRAM_STATUSES),
  // applying is possible today (published and inside the window)
  open: z.boolean(),
  counts: z.object({ applications: z.number().int(), awarded: z.number().int() }),
  canManage: z.boolean(),
  createdAt: isoDateTime,
});
export type ProgramView = z.infer<typeof ProgramView>;

export const ProgramListQuery = z.strictObject({
  // programs of the town this node lies in
  nodeId: idSchema,
  kind: z.enum(PROGRAM_KINDS).optional(),
  status: z.enum(PROGRAM_STATUSES).optional(),
});
export type ProgramListQuery = z.infer<typeof ProgramListQuery>;
export const ProgramList = z.object({ items: z.array(ProgramView) });
export type ProgramList = z.infer<typeof ProgramList>;

// ---- indicators -------------------------------------------------------------------------------
export const IndicatorValue = z.object({
  key: z.string(),
  name: z.string(),
  source: z.enum(INDICATOR_SOURCES),
  weight: z.number().int(),
  target: z.number(),
  rule: z.enum(SCORING_RULES),
  // null: no data yet (e.g. nobody took a quiz), or a manual item not yet scored
  value: z.number().nullable(),
  // e.g. { numerator: 45, denominator: 50 } for rates
  detail: z.object({ numerator: z.number(), denominator: z.number() }).nullable(),
  score: z.number(),
  met: z.boolean(),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

export const NodeQuery = z.strictObject({ nodeId: idSchema });
export type NodeQuery = z.infer<typeof NodeQuery>;

export const IndicatorSheet = z.object({
  programId: z.number().int(),
  node: NodeRef,
  values: z.array(IndicatorValue),
  // sum of scores (manual items count once scored)
  total: z.number(),
  computedAt: isoDateTime,
});
export type IndicatorSheet = z.infer<typeof IndicatorSheet>;

export const ComputeResponse = z.object({ nodes: z.number().int(), millis: z.number().int(), computedAt: isoDateTime });
export type ComputeResponse = z.infer<typeof ComputeResponse>;

// ---- rankings and summaries -------------------------------------------------------------------
export const RankingQuery = z.strictObject({ nodeId: idSchema.optional() });
export type RankingQuery = z.infer<typeof RankingQuery>;
export const RankingRow = z.object({
  rank: z.number().int(),
  node: NodeRef,
  total: z.number(),
  values: z.array(IndicatorValue.pick({ key: true, value: true, score: true, met: true })),
  applicationStatus: z.enum(APPLICATION_STATUSES).nullable(),
  awardState: z.enum(AWARD_STATES).nullable(),
});
export type RankingRow = z.infer<typeof RankingRow>;
export const Rankings = z.object({
  program: ProgramView,
  // null before the first batch computation
  computedAt: isoDateTime.nullable(),
  rows: z.array(RankingRow),
});
export type Rankings = z.infer<typeof Rankings>;

export const FfSummary = z.object({
  node: NodeRef,
  // per program kind: applications by status, titles by state
  programs: z.array(
    z.object({
      kind: z.enum(PROGRAM_KINDS),
      programs: z.number().int(),
      eligible: z.number().int(),
      applications: z.record(z.string(), z.number().int()),
      awards: z.record(z.string(), z.number().int()),
    }),
  ),
  // the latest computed month's warning colours of the villages and units below
  warnings: z.object({ period: z.string().nullable(), green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
  activities: z.object({ count: z.number().int(), people: z.number().int() }),
  cases: z.object({ cases: z.number().int(), lossYuan: z.number().int() }),
  // per town when the node is a county
  towns: z.array(z.object({ town: NodeRef, awards: z.number().int(), red: z.number().int(), yellow: z.number().int(), cases: z.number().int() })),
});
export type FfSummary = z.infer<typeof FfSummary>;

// ---- activity ledger (宣传活动台账) ---------------------------------------------------------------
export const ActivityInput = z.strictObject({
  nodeId: idSchema,
  day,
  place: plainText(60, 2),
  kind: z.enum(ACTIVITY_KINDS),
  title: plainText(60, 2),
  peopleReached: z.number().int().min(0).max(100_000),
  // uploaded with purpose activity, by the caller
  photoIds: z.array(idSchema).max(9).refine(unique, { message: '照片不能重复' }).default([]),
});
export type ActivityInput = z.infer<typeof ActivityInput>;
export const ActivityView = z.object({
  id: z.number().int(),
  node: NodeRef,
  day: z.string(),
  place: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string(),
  peopleReached: z.number().int(),
  photos: z.array(FileView),
  createdBy: z.string(),
  createdAt: isoDateTime,
  canDelete: z.boolean(),
});
export type ActivityView = z.infer<typeof ActivityView>;
export const ActivityListQuery = z.strictObject({
  nodeId: idSchema,
  from: day.optional(),
  to: day.optional(),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;
export const ActivityPage = pageOf(ActivityView).extend({ total: z.number().int(), people: z.number().int() });
export type ActivityPage = z.infer<typeof ActivityPage>;

// ---- case figures (police liaison; aggregates only, never victim data) --------------------------
export const CaseFigureInput = z.strictObject({
  nodeId: idSchema,
  month,
  cases: z.number().int().min(0).max(100_000),
  lossYuan: z.number().int().min(0).max(1_000_000_000),
});
export type CaseFigureInput = z.infer<typeof CaseFigureInput>;
export const CaseFigureView = z.object({
  id: z.number().int(),
  node: NodeRef,
  month: z.string(),
  cases: z.number().int(),
  lossYuan: z.number().int(),
  updatedAt: isoDateTime,
  // titles put under review because of this figure
  reviewsOpened: z.number().int(),
});
export type CaseFigureView = z.infer<typeof CaseFigureView>;
export const CaseListQuery = z.strictObject({ nodeId: idSchema, from: month.optional(), to: month.optional() });
export type CaseListQuery = z.infer<typeof CaseListQuery>;
export const CaseFigureList = z.object({ items: z.array(CaseFigureView) });
export type CaseFigureList = z.infer<typeof CaseFigureList>;

// ---- applications -----------------------------------------------------------------------------
export const EvidenceItem = z.strictObject({
  indicatorKey: z.string().max(24),
  note: plainText(300, 0).optional(),
  // uploaded with purpose evidence, by the caller
  fileIds: z.array(idSchema).max(9).refine(unique, { message: '文件不能重复' }).default([]),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;
export const ApplicationInput = z.strictObject({
  nodeId: idSchema,
  selfAssessment: plainText(2000, 10),
  evidence: z.array(EvidenceItem).max(20).default([]),
});
export type ApplicationInput = z.infer<typeof ApplicationInput>;

export const ObjectionView = z.object({ id: z.number().int(), text: z.string(), createdAt: isoDateTime, mine: z.boolean() });
export type ObjectionView = z.infer<typeof ObjectionView>;

export const ApplicationView = z.object({
  id: z.number().int(),
  programId: z.number().int(),
  programTitle: z.string(),
  kind: z.enum(PROGRAM_KINDS),
  node: NodeRef,
  status: z.enum(APPLICATION_STATUSES),
  selfAssessment: z.string(),
  evidence: z.array(z.object({ indicatorKey: z.string(), note: z.string().nullable(), files: z.array(FileView) })),
  // live while submitted/returned; frozen at review (the values the decision was made on)
  indicators: IndicatorSheet,
  manualScores: z.record(z.string(), z.number()),
  reviewComment: z.string().nullable(),
  score: z.number().nullable(),
  submittedAt: isoDateTime.nullable(),
  noticeEndsAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
  objections: z.array(ObjectionView),
  canEdit: z.boolean(),
  canReview: z.boolean(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;
export const ApplicationListQuery = z.strictObject({
  // applications of this node's subtree (reviewers: the town; applicants: their node)
  nodeId: idSchema,
  programId: idSchema.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
});
export type ApplicationListQuery = z.infer<typeof ApplicationListQuery>;
export const ApplicationSummary = ApplicationView.pick({ id: true, programId: true, programTitle: true, kind: true, node: true, status: true, score: true, submittedAt: true, noticeEndsAt: true });
export const ApplicationList = z.object({ items: z.array(ApplicationSummary) });
export type ApplicationList = z.infer<typeof ApplicationList>;

export const ApplicationReviewRequest = z.strictObject({
  decision: z.enum(['approve', 'return']),
  comment: plainText(1000, 0).optional(),
  // scores of the manual indicators (0…weight), required to approve
  manualScores: z.record(z.string().max(24), z.number().min(0).max(100)).default({}),
});
export type ApplicationReviewRequest = z.infer<typeof ApplicationReviewRequest>;
export const DecideRequest = z.strictObject({ decision: z.enum(['award', 'reject']), comment: plainText(1000, 0).optional() });
export type DecideRequest = z.infer<typeof DecideRequest>;
export const ObjectionInput = z.strictObject({ text: plainText(500, 5) });
export type ObjectionInput = z.infer<typeof ObjectionInput>;

// public notice board (公示): applications in their notice period
export const NoticeQuery = z.strictObject({ townId: idSchema });
export type NoticeQuery = z.infer<typeof NoticeQuery>;
export const NoticeList = z.object({
  items: z.array(z.object({ applicationId: z.number().int(), programTitle: z.string(), kind: z.enum(PROGRAM_KINDS), org: z.string(), score: z.number(), noticeEndsAt: isoDateTime })),
});
export type NoticeList = z.infer<typeof NoticeList>;

// ---- awards -----------------------------------------------------------------------------------
export const AwardView = z.object({
  id: z.number().int(),
  programId: z.number().int(),
  programTitle: z.string(),
  kind: z.enum(PROGRAM_KINDS),
  node: NodeRef,
  score: z.number(),
  awardedAt: isoDateTime,
  validUntil: isoDateTime,
  state: z.enum(AWARD_STATES),
  reviewReason: z.string().nullable(),
  revokeReason: z.string().nullable(),
  revokedAt: isoDateTime.nullable(),
  // signed URL of the printable certificate (SVG), while active
  certificateUrl: z.string().nullable(),
});
export type AwardView = z.infer<typeof AwardView>;
export const AwardListQuery = z.strictObject({ nodeId: idSchema, state: z.enum(AWARD_STATES).optional() });
export type AwardListQuery = z.infer<typeof AwardListQuery>;
export const AwardList = z.object({ items: z.array(AwardView) });
export type AwardList = z.infer<typeof AwardList>;
export const RevokeRequest = z.strictObject({ reason: plainText(500, 0) });
export type RevokeRequest = z.infer<typeof RevokeRequest>;
export const KeepRequest = z.strictObject({ comment: plainText(500, 2) });
export type KeepRequest = z.infer<typeof KeepRequest>;
export const AwardCertificateQuery = z.strictObject({ exp: z.coerce.number().int().positive(), sig: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });
export type AwardCertificateQuery = z.infer<typeof AwardCertificateQuery>;

// ---- warnings ---------------------------------------------------------------------------------
export const WarningRulesInput = z.strictObject({
  casesUpRedPercent: z.number().int().min(1).max(1000),
  casesRed: z.number().int().min(1).max(1000),
  awarenessBelow: z.number().int().min(0).max(100),
  overdueYellow: z.number().int().min(1).max(100),
  overdueRed: z.number().int().min(1).max(100),
  noActivityYellow: z.boolean(),
}).refine((r) => r.overdueRed >= r.overdueYellow, { path: ['overdueRed'], message: '红色的逾期条数不能少于黄色' });
export type WarningRulesInput = z.infer<typeof WarningRulesInput>;
export const TownQueryFf = z.strictObject({ townId: idSchema });
export const WarningRulesView = z.object({ townId: z.number().int(), rules: z.object(WarningRulesInput.shape), updatedAt: isoDateTime.nullable() });
export type WarningRulesView = z.infer<typeof WarningRulesView>;

export const WarningComputeRequest = z.strictObject({
  townId: idSchema,
  // default: the month before the current one (China time); the current month is allowed (figures so far)
  period: month.optional(),
});
export type WarningComputeRequest = z.infer<typeof WarningComputeRequest>;
export const WarningView = z.object({
  node: NodeRef,
  period: z.string(),
  colour: z.enum(WARNING_COLOURS),
  reasons: z.array(z.object({ reason: z.enum(WARNING_REASONS), colour: z.enum(['yellow', 'red']), detail: z.string() })),
  computedAt: isoDateTime,
});
export type WarningView = z.infer<typeof WarningView>;
export const WarningListQuery = z.strictObject({ nodeId: idSchema, period: month.optional(), colour: z.enum(WARNING_COLOURS).optional() });
export type WarningListQuery = z.infer<typeof WarningListQuery>;
export const WarningList = z.object({
  // the period shown (the latest computed one when not asked)
  period: z.string().nullable(),
  counts: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
  items: z.array(WarningView),
});
export type WarningList = z.infer<typeof WarningList>;
export const WarningComputeResponse = z.object({ period: z.string(), nodes: z.number().int(), green: z.number().int(), yellow: z.number().int(), red: z.number().int() });
export type WarningComputeResponse = z.infer<typeof WarningComputeResponse>;
