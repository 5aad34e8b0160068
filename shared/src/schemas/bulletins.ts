import { z } from 'zod';
import {
  BULLETIN_CATEGORIES,
  BULLETIN_STATUSES,
  FEEDBACK_KINDS,
  FILE_PURPOSES,
  FRAUD_TYPES,
  TASK_STATUSES,
  URGENCIES,
} from '../enums';
import { idSchema, isoDateTime, pageOf, plainText } from './common';
import { NodeRef } from './org';

// ---- files (images) -------------------------------------------------------------------------
// Images are served from signed URLs (the mini program's <Image> cannot send an auth header).
export const FileView = z.object({
  id: z.number().int(),
  url: z.string(),
  mime: z.string(),
  size: z.number().int(),
  purpose: z.enum(FILE_PURPOSES),
});
export type FileView = z.infer<typeof FileView>;
export const UploadQuery = z.strictObject({ purpose: z.enum(FILE_PURPOSES) });
export type UploadQuery = z.infer<typeof UploadQuery>;
export const SignedFileQuery = z.strictObject({ exp: z.coerce.number().int().positive(), sig: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });
export type SignedFileQuery = z.infer<typeof SignedFileQuery>;
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

// ---- bulletin body: a small block format rendered natively (no HTML, nothing to sanitise) ----
export const TextRun = z.strictObject({
  text: z.string().min(1).max(2000),
  bold: z.boolean().optional(),
  // red emphasis, e.g. "不要转账"
  highlight: z.boolean().optional(),
});
export type TextRun = z.infer<typeof TextRun>;
export const BodyBlockInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('paragraph'), runs: z.array(TextRun).min(1).max(50) }),
  z.strictObject({ type: z.literal('image'), fileId: idSchema, caption: plainText(60, 0).optional() }),
]);
export type BodyBlockInput = z.infer<typeof BodyBlockInput>;
export const MAX_BODY_CHARS = 10000;
export const BodyInput = z
  .array(BodyBlockInput)
  .min(1, { message: '正文不能为空' })
  .max(100)
  .refine((blocks) => blocks.reduce((n, b) => n + (b.type === 'paragraph' ? b.runs.reduce((m, r) => m + r.text.length, 0) : 0), 0) <= MAX_BODY_CHARS, {
    message: `正文不能超过${MAX_BODY_CHARS}字`,
  });
export const BodyBlockView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), runs: z.array(z.object({ text: z.string(), bold: z.boolean().optional(), highlight: z.boolean().optional() })) }),
  z.object({ type: z.literal('image'), fileId: z.number().int(), url: z.string(), caption: z.string().optional() }),
]);
export type BodyBlockView = z.infer<typeof BodyBlockView>;

// Whole town, or chosen villages/communities and units of the town.
export const ScopeInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('town') }),
  z.strictObject({ kind: z.literal('nodes'), nodeIds: z.array(idSchema).min(1).max(1000) }),
]);
export type ScopeInput = z.infer<typeof ScopeInput>;

export const BulletinInput = z.strictObject({
  townId: idSchema,
  title: plainText(60),
  // the line shown on the share card and in lists; defaults to the start of the body
  summary: plainText(100, 0).optional(),
  body: BodyInput,
  category: z.enum(BULLETIN_CATEGORIES),
  fraudTypes: z
    .array(z.enum(FRAUD_TYPES))
    .max(6)
    .refine((a) => new Set(a).size === a.length, { message: '标签不能重复' })
    .default([]),
  urgency: z.enum(URGENCIES).default('normal'),
  scope: ScopeInput,
  forwardDeadline: z.iso.datetime({ offset: true }).optional(),
  // scheduled publishing; a daily log is typically set to a time of day
  publishAt: z.iso.datetime({ offset: true }).optional(),
});
export type BulletinInput = z.infer<typeof BulletinInput>;

export const ContentCheckView = z.object({ suggest: z.enum(['pass', 'review', 'risky']), label: z.number().int(), checkedAt: isoDateTime });
export type ContentCheckView = z.infer<typeof ContentCheckView>;

export const BulletinSummary = z.object({
  id: z.number().int(),
  townId: z.number().int(),
  title: z.string(),
  summary: z.string(),
  category: z.enum(BULLETIN_CATEGORIES),
  fraudTypes: z.array(z.enum(FRAUD_TYPES)),
  urgency: z.enum(URGENCIES),
  status: z.enum(BULLETIN_STATUSES),
  authorName: z.string(),
  createdAt: isoDateTime,
  publishAt: isoDateTime.nullable(),
  publishedAt: isoDateTime.nullable(),
  forwardDeadline: isoDateTime.nullable(),
});
export type BulletinSummary = z.infer<typeof BulletinSummary>;

export const BulletinView = BulletinSummary.extend({
  body: z.array(BodyBlockView),
  scope: z.object({ kind: z.enum(['town', 'nodes']), nodes: z.array(NodeRef) }),
  authorId: z.number().int(),
  reviewerName: z.string().nullable(),
  returnReason: z.string().nullable(),
  contentCheck: ContentCheckView.nullable(),
  submittedAt: isoDateTime.nullable(),
  reviewedAt: isoDateTime.nullable(),
  // the caller's own 已阅 on this bulletin, if any
  myConfirmedAt: isoDateTime.nullable(),
});
export type BulletinView = z.infer<typeof BulletinView>;

export const BulletinListQuery = z.strictObject({
  townId: idSchema,
  status: z.enum(BULLETIN_STATUSES).optional(),
  category: z.enum(BULLETIN_CATEGORIES).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type BulletinListQuery = z.infer<typeof BulletinListQuery>;
export const BulletinPage = pageOf(BulletinSummary);
export type BulletinPage = z.infer<typeof BulletinPage>;
export const FeedQuery = z.strictObject({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) });
export type FeedQuery = z.infer<typeof FeedQuery>;

export const ReviewRequest = z.strictObject({ decision: z.enum(['approve', 'return']), reason: plainText(200, 0).optional() });
export type ReviewRequest = z.infer<typeof ReviewRequest>;

// Encrypted group info from wx.getGroupEnterInfo / wx.getShareInfo, decrypted with the caller's session key.
export const GroupInfoInput = z.strictObject({ encryptedData: z.string().min(16).max(4096), iv: z.string().min(16).max(64) });
export type GroupInfoInput = z.infer<typeof GroupInfoInput>;
export const OpenRequest = z.strictObject({ group: GroupInfoInput.optional() });
export type OpenRequest = z.infer<typeof OpenRequest>;
export const OpenResponse = z.object({
  // the open came from a WeChat group bound inside the bulletin's scope, and was counted there
  groupCounted: z.boolean(),
  groupName: z.string().nullable(),
  confirmedAt: isoDateTime.nullable(),
});
export type OpenResponse = z.infer<typeof OpenResponse>;

// ---- forwarding tasks (the cadre's inbox) ----------------------------------------------------
export const TaskView = z.object({
  id: z.number().int(),
  bulletin: BulletinSummary,
  node: NodeRef,
  // 1: village/community or unit, 2: grid
  level: z.number().int(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  deadline: isoDateTime.nullable(),
  forwardedAt: isoDateTime.nullable(),
  offlineNote: z.string().nullable(),
  offlinePhotoUrl: z.string().nullable(),
  lastRemindedAt: isoDateTime.nullable(),
  groupsBound: z.number().int(),
  createdAt: isoDateTime,
});
export type TaskView = z.infer<typeof TaskView>;
export const InboxQuery = z.strictObject({
  status: z.enum(['pending', 'forwarded', 'overdue', 'all']).default('pending'),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type InboxQuery = z.infer<typeof InboxQuery>;
export const InboxPage = pageOf(TaskView).extend({ counts: z.object({ pending: z.number().int(), forwarded: z.number().int(), overdue: z.number().int() }) });
export type InboxPage = z.infer<typeof InboxPage>;
export const OfflineForwardRequest = z.strictObject({ note: plainText(200), photoFileId: idSchema.optional() });
export type OfflineForwardRequest = z.infer<typeof OfflineForwardRequest>;
export const RemindResponse = z.object({ reminded: z.number().int(), skipped: z.number().int() });
export type RemindResponse = z.infer<typeof RemindResponse>;
export const RemindPendingRequest = z.strictObject({ nodeId: idSchema.optional() });
export type RemindPendingRequest = z.infer<typeof RemindPendingRequest>;

// ---- WeChat groups ---------------------------------------------------------------------------
export const BindGroupRequest = z.strictObject({ nodeId: idSchema, name: plainText(40), group: GroupInfoInput });
export type BindGroupRequest = z.infer<typeof BindGroupRequest>;
export const UpdateGroupRequest = z
  .strictObject({ name: plainText(40).optional(), nodeId: idSchema.optional() })
  .refine((v) => v.name !== undefined || v.nodeId !== undefined, { message: '请填写新名称或新的所属组织' });
export type UpdateGroupRequest = z.infer<typeof UpdateGroupRequest>;
export const GroupView = z.object({ id: z.number().int(), name: z.string(), node: NodeRef, boundAt: isoDateTime, boundByName: z.string() });
export type GroupView = z.infer<typeof GroupView>;
export const GroupsQuery = z.strictObject({ nodeId: idSchema });
export type GroupsQuery = z.infer<typeof GroupsQuery>;
export const GroupListResponse = z.object({ items: z.array(GroupView) });
export type GroupListResponse = z.infer<typeof GroupListResponse>;

// ---- dashboard -------------------------------------------------------------------------------
export const DashboardQuery = z.strictObject({ nodeId: idSchema.optional() });
export type DashboardQuery = z.infer<typeof DashboardQuery>;
export const LevelStats = z.object({
  level: z.number().int(),
  total: z.number().int(),
  forwarded: z.number().int(),
  offline: z.number().int(),
  pending: z.number().int(),
  overdue: z.number().int(),
  medianMinutesToForward: z.number().nullable(),
  p90MinutesToForward: z.number().nullable(),
});
export type LevelStats = z.infer<typeof LevelStats>;
export const ReachTotals = z.object({
  groupsRegistered: z.number().int(),
  groupsReached: z.number().int(),
  // distinct people who opened it from a counted group, and of those who tapped 已阅
  readers: z.number().int(),
  confirmations: z.number().int(),
  offlineForwards: z.number().int(),
  // everyone who opened it in the app by any route (home feed, a link, any group), each once; seen
  // from below the town, only people who belong under the node
  allReaders: z.number().int(),
  allConfirmations: z.number().int(),
});
export type ReachTotals = z.infer<typeof ReachTotals>;
export const DashboardRow = z.object({
  node: NodeRef,
  level: z.number().int(),
  taskId: z.number().int(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  forwardedAt: isoDateTime.nullable(),
  minutesToForward: z.number().nullable(),
  lastRemindedAt: isoDateTime.nullable(),
  groupsRegistered: z.number().int(),
  groupsReached: z.number().int(),
  readers: z.number().int(),
  confirmations: z.number().int(),
});
export type DashboardRow = z.infer<typeof DashboardRow>;
export const DashboardResponse = z.object({
  bulletin: BulletinSummary,
  node: NodeRef,
  levels: z.array(LevelStats),
  totals: ReachTotals,
  rows: z.array(DashboardRow),
});
export type DashboardResponse = z.infer<typeof DashboardResponse>;
export const PeriodStatsQuery = z.strictObject({ nodeId: idSchema, from: z.iso.date(), to: z.iso.date() });
export type PeriodStatsQuery = z.infer<typeof PeriodStatsQuery>;
export const PeriodStatsResponse = z.object({
  node: NodeRef,
  from: z.string(),
  to: z.string(),
  bulletins: z.number().int(),
  levels: z.array(LevelStats),
  totals: ReachTotals,
  perBulletin: z.array(
    z.object({ bulletin: BulletinSummary, forwardedRate: z.number(), groupsReached: z.number().int(), readers: z.number().int(), confirmations: z.number().int() }),
  ),
});
export type PeriodStatsResponse = z.infer<typeof PeriodStatsResponse>;

// ---- feedback (基层反馈) ---------------------------------------------------------------------
export const FeedbackInput = z.strictObject({
  nodeId: idSchema,
  bulletinId: idSchema.optional(),
  kind: z.enum(FEEDBACK_KINDS),
  body: plainText(1000),
  photoFileIds: z.array(idSchema).max(9).default([]),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;
export const ReplyInput = z.strictObject({ body: plainText(1000) });
export type ReplyInput = z.infer<typeof ReplyInput>;
export const FeedbackReplyView = z.object({ id: z.number().int(), authorName: z.string(), authorNode: NodeRef, body: z.string(), createdAt: isoDateTime });
export const FeedbackView = z.object({
  id: z.number().int(),
  node: NodeRef,
  authorName: z.string(),
  kind: z.enum(FEEDBACK_KINDS),
  body: z.string(),
  photos: z.array(z.object({ id: z.number().int(), url: z.string() })),
  bulletin: z.object({ id: z.number().int(), title: z.string() }).nullable(),
  replies: z.array(FeedbackReplyView),
  createdAt: isoDateTime,
  lastActivityAt: isoDateTime,
});
export type FeedbackView = z.infer<typeof FeedbackView>;
export const FeedbackListQuery = z.strictObject({
  nodeId: idSchema.optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type FeedbackListQuery = z.infer<typeof FeedbackListQuery>;
export const FeedbackPage = pageOf(FeedbackView.omit({ replies: true }).extend({ replyCount: z.number().int() }));
export type FeedbackPage = z.infer<typeof FeedbackPage>;
