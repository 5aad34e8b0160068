import { z } from 'zod';
import { NODE_KINDS, ROLES } from '../enums';
import { idSchema, isoDateTime, pageOf, plainText } from './common';

export const NodeRef = z.object({ id: z.number().int(), name: z.string(), kind: z.enum(NODE_KINDS) });
export type NodeRef = z.infer<typeof NodeRef>;

export const NodeView = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: z.enum(NODE_KINDS),
  name: z.string(),
  // ancestors from the root down, excluding the node itself
  ancestors: z.array(NodeRef),
  childCount: z.number().int(),
});
export type NodeView = z.infer<typeof NodeView>;

export const DirectoryQuery = z.strictObject({ parentId: idSchema.optional() });
export type DirectoryQuery = z.infer<typeof DirectoryQuery>;
export const DirectoryResponse = z.object({ parent: NodeRef.nullable(), items: z.array(NodeRef.extend({ joinable: z.boolean() })) });
export type DirectoryResponse = z.infer<typeof DirectoryResponse>;

export const CreateNodeRequest = z.strictObject({ parentId: idSchema, kind: z.enum(NODE_KINDS), name: plainText(40) });
export type CreateNodeRequest = z.infer<typeof CreateNodeRequest>;
export const RenameNodeRequest = z.strictObject({ name: plainText(40) });
export type RenameNodeRequest = z.infer<typeof RenameNodeRequest>;

export const MembershipView = z.object({
  id: z.number().int(),
  role: z.enum(ROLES),
  node: NodeRef,
  // names of the ancestors, e.g. ['示范县', '和平镇']
  nodePath: z.array(z.string()),
  createdAt: isoDateTime,
});
export type MembershipView = z.infer<typeof MembershipView>;

export const MembersQuery = z.strictObject({
  role: z.enum(ROLES).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type MembersQuery = z.infer<typeof MembersQuery>;

// A member as seen in a list: name and phone masked.
export const MemberView = z.object({
  membershipId: z.number().int(),
  userId: z.number().int(),
  displayName: z.string(),
  phoneMasked: z.string().nullable(),
  role: z.enum(ROLES),
  node: NodeRef,
  joinedAt: isoDateTime,
});
export type MemberView = z.infer<typeof MemberView>;
export const MembersPage = pageOf(MemberView);
export type MembersPage = z.infer<typeof MembersPage>;

export const JoinRequest = z.strictObject({ nodeId: idSchema });
export type JoinRequest = z.infer<typeof JoinRequest>;
