import { z } from 'zod';
import { ROLES } from '../enums';
import { idSchema, isoDateTime } from './common';
import { NodeRef } from './org';

export const CreateInviteRequest = z.strictObject({
  nodeId: idSchema,
  role: z.enum(ROLES),
  // staff invites default to one use; resident/student/parent invites to 500
  maxUses: z.number().int().min(1).max(5000).optional(),
  expiresInDays: z.number().int().min(1).max(90).default(7),
});
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

export const InviteView = z.object({
  id: z.number().int(),
  code: z.string(),
  role: z.enum(ROLES),
  node: NodeRef,
  maxUses: z.number().int(),
  uses: z.number().int(),
  expiresAt: isoDateTime,
  revoked: z.boolean(),
  // mini program page the QR code opens, with the code in its query
  path: z.string(),
  createdAt: isoDateTime,
});
export type InviteView = z.infer<typeof InviteView>;
export const InviteListQuery = z.strictObject({ nodeId: idSchema.optional() });
export type InviteListQuery = z.infer<typeof InviteListQuery>;
export const InviteListResponse = z.object({ items: z.array(InviteView) });
export type InviteListResponse = z.infer<typeof InviteListResponse>;

export const INVITE_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{8}$/;
export const InviteCodeParams = z.strictObject({ code: z.string().trim().toUpperCase().regex(INVITE_CODE_PATTERN, { message: '邀请码为8位字母数字' }) });
export type InviteCodeParams = z.infer<typeof InviteCodeParams>;

export const InvitePreview = z.object({
  code: z.string(),
  role: z.enum(ROLES),
  node: NodeRef,
  nodePath: z.array(z.string()),
  inviterName: z.string(),
  expiresAt: isoDateTime,
  // already holds this role at this node
  alreadyMember: z.boolean(),
});
export type InvitePreview = z.infer<typeof InvitePreview>;
