import { z } from 'zod';
import {
  GUARDIAN_RELATIONSHIPS,
  NODE_KINDS,
  PLEDGE_AUDIENCES,
  PLEDGE_CAMPAIGN_STATES,
  PLEDGE_CAMPAIGN_STATUSES,
  PLEDGE_KINDS,
  SIGNER_TYPES,
} from '../enums';
import { SIGNATURE_FIELD_LIMIT } from '../pledge';
import { idSchema, isoDateTime, pageOf, plainText } from './common';
import { NodeRef } from './org';

const unique = <T>(a: readonly T[]) => new Set(a).size === a.length;

// Multi-line text: paragraphs separated by newlines, no other control characters.
function bodyText(max: number, min: number) {
  return z
    .string()
    .trim()
    .min(min, { message: `至少${min}个字` })
    .max(max, { message: `不能超过${max}个字` })
    .refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s), { message: '不能包含控制字符' });
}

const studentNo = z
  .string()
  .trim()
  .min(1, { message: '请填写学号' })
  .max(20, { message: '学号不能超过20个字符' })
  .regex(/^[0-9A-Za-z-]+$/, { message: '学号只能包含数字、字母和短横线' });
const personName = plainText(20, 2);
const mobile = z.string().trim().regex(/^1[3-9]\d{9}$/, { message: '请填写11位手机号' });

// ---- templates (范本) ------------------------------------------------------------------------
export const PledgeTemplateInput = z.strictObject({
  kind: z.enum(PLEDGE_KINDS),
  title: plainText(40, 2),
  // paragraphs separated by newlines
  body: bodyText(5000, 20),
});
export type PledgeTemplateInput = z.infer<typeof PledgeTemplateInput>;

export const PledgeTemplateVersionView = z.object({
  id: z.number().int(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  // sha256 (hex) of the canonical text; a signature stores it
  textHash: z.string(),
  // used by a published campaign: an edit then makes a new version
  locked: z.boolean(),
  createdAt: isoDateTime,
});
export type PledgeTemplateVersionView = z.infer<typeof PledgeTemplateVersionView>;

export const PledgeTemplateView = z.object({
  id: z.number().int(),
  // built-in texts belong to no town and are read-only
  builtin: z.boolean(),
  townId: z.number().int().nullable(),
  kind: z.enum(PLEDGE_KINDS),
  current: PledgeTemplateVersionView,
  // newest first, without bodies
  versions: z.array(PledgeTemplateVersionView.omit({ body: true })),
  updatedAt: isoDateTime,
});
export type PledgeTemplateView = z.infer<typeof PledgeTemplateView>;

export const PledgeTemplateListQuery = z.strictObject({
  townId: idSchema,
  kind: z.enum(PLEDGE_KINDS).optional(),
});
export type PledgeTemplateListQuery = z.infer<typeof PledgeTemplateListQuery>;
export const PledgeTemplateList = z.object({ items: z.array(PledgeTemplateView.omit({ versions: true })) });
export type PledgeTemplateList = z.infer<typeof PledgeTemplateList>;

// ---- rosters (花名册) -------------------------------------------------------------------------
export const RosterEntryInput = z.strictObject({
  classId: idSchema,
  name: personName,
  studentNo,
  // only the year: enough to know who is under 14, no more (children's data minimal)
  birthYear: z.number({ message: '出生年份请填四位数字，如 2012' }).int({ message: '出生年份请填四位数字，如 2012' }).min(1990, { message: '出生年份不能早于1990年' }).max(2100, { message: '出生年份不正确' }).nullable().default(null),
  // a guardian's mobile (stored encrypted, shown masked), to match a parent who verified this phone
  guardianPhone: mobile.nullable().default(null),
});
export type RosterEntryInput = z.infer<typeof RosterEntryInput>;

export const RosterEntryView = z.object({
  id: z.number().int(),
  schoolId: z.number().int(),
  class: NodeRef,
  // in full only to the class's teachers, the school's admins and town admins (the only readers)
  name: z.string(),
  studentNo: z.string(),
  birthYear: z.number().int().nullable(),
  guardianRequired: z.boolean(),
  guardianPhoneMasked: z.string().nullable(),
  updatedAt: isoDateTime,
});
export type RosterEntryView = z.infer<typeof RosterEntryView>;

export const RosterListQuery = z.strictObject({
  // a school, grade or class node
  nodeId: idSchema,
  q: plainText(20).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RosterListQuery = z.infer<typeof RosterListQuery>;
export const RosterPage = pageOf(RosterEntryView).extend({ total: z.number().int() });
export type RosterPage = z.infer<typeof RosterPage>;

export const SchoolQuery = z.strictObject({ schoolId: idSchema });
export type SchoolQuery = z.infer<typeof SchoolQuery>;

// All or nothing: on any row error the response is 400 ROSTER_IMPORT_INVALID with `fields` like
// { path: '第3行 学号', message } (the first 100), and nothing is written. Rows are matched to existing
// students by student number within the school (updated in place).
export const RosterImportResult = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  classes: z.array(z.object({ class: NodeRef, count: z.number().int() })),
});
export type RosterImportResult = z.infer<typeof RosterImportResult>;

// ---- campaigns ------------------------------------------------------------------------------
export const PledgeCampaignInput = z.strictObject({
  // the town or school running it (the caller needs pledge.manage there)
  ownerNodeId: idSchema,
  templateId: idSchema,
  audience: z.enum(PLEDGE_AUDIENCES),
  title: plainText(60, 2),
  intro: plainText(500, 0).optional(),
  // students: a school, its grades or classes (one school); residents: villages, communities, grids;
  // staff: units and schools; units: units, or villages/the town meaning every unit in them
  scopeNodeIds: z.array(idSchema).min(1).max(300).refine(unique, { message: '范围不能重复' }),
  deadline: z.iso.datetime({ offset: true }),
  // percent of the roster expected to sign by the deadline
  targetPercent: z.number().int().min(1).max(100).default(100),
  // students only: a guardian signs for every student (e.g. primary schools), not only for those under 14
  guardianSigns: z.boolean().default(false),
});
export type PledgeCampaignInput = z.infer<typeof PledgeCampaignInput>;

export const PledgeCampaignView = z.object({
  id: z.number().int(),
  owner: NodeRef,
  title: z.string(),
  intro: z.string(),
  kind: z.enum(PLEDGE_KINDS),
  audience: z.enum(PLEDGE_AUDIENCES),
  scope: z.array(NodeRef),
  template: z.object({ id: z.number().int(), versionId: z.number().int(), version: z.number().int(), title: z.string(), textHash: z.string() }),
  deadline: isoDateTime,
  targetPercent: z.number().int(),
  guardianSigns: z.boolean(),
  status: z.enum(PLEDGE_CAMPAIGN_STATUSES),
  state: z.enum(PLEDGE_CAMPAIGN_STATES),
  // denominators and counts for managers and trackers; null for signers
  signed: z.number().int().nullable(),
  total: z.number().int().nullable(),
  rate: z.number().nullable(),
  publishedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  canManage: z.boolean(),
});
export type PledgeCampaignView = z.infer<typeof PledgeCampaignView>;

export const PledgeCampaignListQuery = z.strictObject({
  // campaigns owned at or reaching into this node's subtree
  nodeId: idSchema,
  state: z.enum(PLEDGE_CAMPAIGN_STATES).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PledgeCampaignListQuery = z.infer<typeof PledgeCampaignListQuery>;
export const PledgeCampaignPage = pageOf(PledgeCampaignView);
export type PledgeCampaignPage = z.infer<typeof PledgeCampaignPage>;

// ---- signing --------------------------------------------------------------------------------
// which roster entry a student or guardian signs for
export const StudentRef = z.strictObject({ classId: idSchema, name: personName, studentNo });
export type StudentRef = z.infer<typeof StudentRef>;

export const SignPageQuery = z.strictObject({
  // from a class card: counts of that class are returned (never names)
  classId: idSchema.optional(),
});
export type SignPageQuery = z.infer<typeof SignPageQuery>;

export const SignatureView = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  campaignTitle: z.string(),
  kind: z.enum(PLEDGE_KINDS),
  signerType: z.enum(SIGNER_TYPES),
  signerName: z.string(),
  // the student signed for (masked) when the signer is a student or a guardian
  studentMasked: z.string().nullable(),
  relationship: z.enum(GUARDIAN_RELATIONSHIPS).nullable(),
  unitName: z.string().nullable(),
  signerTitle: z.string().nullable(),
  templateVersion: z.number().int(),
  textHash: z.string(),
  imageHash: z.string(),
  code: z.string(),
  signedAt: isoDateTime,
  // signed URL of the pledge image (text, signature, time, code) valid a week
  imageUrl: z.string(),
  // signed URL of the handwritten signature PNG itself, for its signer only ('' to anyone else): the
  // mini program draws the pledge as a PNG to save to the album (WeChat cannot save an SVG)
  signatureUrl: z.string(),
  // true when this call found an existing signature instead of making one
  repeated: z.boolean(),
});
export type SignatureView = z.infer<typeof SignatureView>;

// What a signer sees before signing.
export const SignPageView = z.object({
  campaign: z.object({
    id: z.number().int(),
    title: z.string(),
    intro: z.string(),
    kind: z.enum(PLEDGE_KINDS),
    audience: z.enum(PLEDGE_AUDIENCES),
    owner: NodeRef,
    deadline: isoDateTime,
    state: z.enum(PLEDGE_CAMPAIGN_STATES),
    guardianSigns: z.boolean(),
  }),
  text: z.object({ title: z.string(), body: z.string(), version: z.number().int(), textHash: z.string() }),
  // students: the classes to pick from; otherwise empty
  classes: z.array(NodeRef),
  // units: the units the caller may sign for (as their contact); otherwise empty
  units: z.array(NodeRef),
  // the caller's own signature (residents, staff, or the caller's latest as a student/guardian/unit)
  mine: z.array(SignatureView),
  // may the caller sign now? otherwise the code of the reason (e.g. PLEDGE_NOT_IN_AUDIENCE, PLEDGE_DEADLINE_PASSED)
  canSign: z.boolean(),
  reason: z.string().nullable(),
  // when classId was given: that class's counts only
  classCounts: z.object({ class: NodeRef, signed: z.number().int(), total: z.number().int() }).nullable(),
});
export type SignPageView = z.infer<typeof SignPageView>;

export const MatchRequest = z.strictObject({ student: StudentRef });
export type MatchRequest = z.infer<typeof MatchRequest>;
export const MatchView = z.object({
  class: NodeRef,
  studentMasked: z.string(),
  // the student may not sign themself: a guardian must
  guardianRequired: z.boolean(),
  // already signed (by whom is not said unless the caller signed it)
  signed: z.boolean(),
  mine: SignatureView.nullable(),
});
export type MatchView = z.infer<typeof MatchView>;

export const SignRequest = z.strictObject({
  // the text the client showed: must be the campaign's (else 409 PLEDGE_TEXT_CHANGED)
  textHash: z.string().regex(/^[0-9a-f]{64}$/, { message: '内容校验值不正确' }),
  // the client scrolled to the end of the text
  readToEnd: z.boolean(),
  signerName: personName,
  // PNG, base64 (a data: URL prefix is accepted); at most 200 KB decoded
  signaturePng: z.string().min(1, { message: '请先签名' }).max(SIGNATURE_FIELD_LIMIT),
  // students audience
  student: StudentRef.optional(),
  // a parent signing for a student
  guardian: z.strictObject({ relationship: z.enum(GUARDIAN_RELATIONSHIPS), consent: z.boolean() }).optional(),
  // units audience: which unit, and the signer's title there
  unitId: idSchema.optional(),
  signerTitle: plainText(20, 2).optional(),
});
export type SignRequest = z.infer<typeof SignRequest>;

export const SignatureImageQuery = z.strictObject({ exp: z.coerce.number().int().positive(), sig: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });
export type SignatureImageQuery = z.infer<typeof SignatureImageQuery>;

export const MyPledgesView = z.object({
  // published campaigns the caller is expected to sign and has not
  toSign: z.array(
    z.object({
      campaignId: z.number().int(),
      title: z.string(),
      kind: z.enum(PLEDGE_KINDS),
      audience: z.enum(PLEDGE_AUDIENCES),
      owner: NodeRef,
      deadline: isoDateTime,
      // e.g. 为 吴*轩 签署 (a guardian whose verified phone is on the roster)
      forStudent: z.string().nullable(),
    }),
  ),
  signed: z.array(SignatureView),
});
export type MyPledgesView = z.infer<typeof MyPledgesView>;

export const VerifyCodeParams = z.strictObject({ code: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{6,16}$/, { message: '验证码格式不正确' }) });
export type VerifyCodeParams = z.infer<typeof VerifyCodeParams>;
// Public: anyone with a code can check it. Only masked names are shown.
export const VerifyView = z.object({
  valid: z.boolean(),
  // why not valid: the record was altered, the chain is broken around it, or the image does not match
  problems: z.array(z.string()),
  code: z.string(),
  campaignTitle: z.string(),
  kind: z.enum(PLEDGE_KINDS),
  owner: z.string(),
  signerMasked: z.string(),
  signerType: z.enum(SIGNER_TYPES),
  unitName: z.string().nullable(),
  signedAt: isoDateTime,
  templateVersion: z.number().int(),
  textHash: z.string(),
  seq: z.number().int(),
});
export type VerifyView = z.infer<typeof VerifyView>;

// Ask to be reminded (the client called requestSubscribeMessage and the user accepted).
export const SubscribeRequest = z.strictObject({ student: StudentRef.optional() });
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;
export const SubscribeResponse = z.object({ credits: z.number().int() });
export type SubscribeResponse = z.infer<typeof SubscribeResponse>;

// ---- tracking -------------------------------------------------------------------------------
export const ProgressQuery = z.strictObject({
  // the node to look at (defaults to the caller's widest node in the campaign's scope)
  nodeId: idSchema.optional(),
});
export type ProgressQuery = z.infer<typeof ProgressQuery>;

export const ProgressRow = z.object({
  node: NodeRef,
  signed: z.number().int(),
  total: z.number().int(),
  rate: z.number().nullable(),
  // students: how many were signed by guardians
  byGuardian: z.number().int(),
});
export type ProgressRow = z.infer<typeof ProgressRow>;

export const PledgeProgress = z.object({
  campaign: PledgeCampaignView,
  node: NodeRef,
  trail: z.array(NodeRef),
  summary: ProgressRow,
  // the node's children in the scope (classes of a school, villages of a town, units…)
  children: z.array(ProgressRow),
  // signatures per China day, oldest first
  daily: z.array(z.object({ day: z.string(), signed: z.number().int() })),
  reachedTarget: z.boolean(),
});
export type PledgeProgress = z.infer<typeof PledgeProgress>;

export const SignerListQuery = z.strictObject({
  nodeId: idSchema.optional(),
  status: z.enum(['signed', 'unsigned']).default('unsigned'),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SignerListQuery = z.infer<typeof SignerListQuery>;
export const SignerRow = z.object({
  // roster entry, person or unit
  key: z.string(),
  node: NodeRef,
  nameMasked: z.string(),
  studentNo: z.string().nullable(),
  signed: z.boolean(),
  signerType: z.enum(SIGNER_TYPES).nullable(),
  relationship: z.enum(GUARDIAN_RELATIONSHIPS).nullable(),
  signedAt: isoDateTime.nullable(),
  code: z.string().nullable(),
  // a guardian or the person asked to be reminded and can still be
  remindable: z.boolean(),
});
export type SignerRow = z.infer<typeof SignerRow>;
export const SignerPage = pageOf(SignerRow).extend({ total: z.number().int() });
export type SignerPage = z.infer<typeof SignerPage>;

export const RemindRequest = z.strictObject({ nodeId: idSchema });
export type RemindRequest = z.infer<typeof RemindRequest>;
export const PledgeRemindResponse = z.object({
  // messages queued
  sent: z.number().int(),
  // unsigned without a reminder allowed (share the class card instead)
  noConsent: z.number().int(),
  // reminded within the last day
  recent: z.number().int(),
  // the subscribe template is not configured
  disabled: z.boolean(),
});
export type PledgeRemindResponse = z.infer<typeof PledgeRemindResponse>;

export const ExportQuery = z.strictObject({ nodeId: idSchema.optional() });
export type ExportQuery = z.infer<typeof ExportQuery>;

export const ChainCheck = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  // the first record that fails (by its sequence number), if any
  brokenAt: z.number().int().nullable(),
  problems: z.array(z.object({ seq: z.number().int(), code: z.string(), problem: z.string() })),
});
export type ChainCheck = z.infer<typeof ChainCheck>;

// node kinds a students campaign's scope may name
export const STUDENT_SCOPE_KINDS = ['school', 'grade', 'class'] as const satisfies readonly (typeof NODE_KINDS)[number][];
