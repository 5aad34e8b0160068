import { z } from 'zod';
import { RELATIONSHIPS } from '../enums';
import { isoDateTime, plainText } from './common';
import { MembershipView } from './org';

export const MeResponse = z.object({
  id: z.number().int(),
  displayName: z.string(),
  // the name was typed by the person (WeChat never tells it)
  nameSet: z.boolean(),
  phoneMasked: z.string().nullable(),
  memberships: z.array(MembershipView),
  createdAt: isoDateTime,
});
export type MeResponse = z.infer<typeof MeResponse>;

export const UpdateMeRequest = z.strictObject({ displayName: plainText(20) });
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

// code from <button open-type="getPhoneNumber">
export const PhoneRequest = z.strictObject({ code: z.string().trim().min(1).max(128) });
export type PhoneRequest = z.infer<typeof PhoneRequest>;

const currentYear = new Date().getFullYear();
export const FamilyMemberRequest = z.strictObject({
  name: plainText(20),
  relationship: z.enum(RELATIONSHIPS),
  birthYear: z.number().int().min(1900).max(currentYear + 1).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, { message: '请输入11位手机号' })
    .optional(),
  note: plainText(100, 0).optional(),
});
export type FamilyMemberRequest = z.infer<typeof FamilyMemberRequest>;

export const FamilyMemberView = z.object({
  id: z.number().int(),
  name: z.string(),
  relationship: z.enum(RELATIONSHIPS),
  birthYear: z.number().int().nullable(),
  // a child under 14: their data is sensitive and handled with guardian consent
  isMinor: z.boolean(),
  phoneMasked: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
});
export type FamilyMemberView = z.infer<typeof FamilyMemberView>;
export const FamilyListResponse = z.object({ items: z.array(FamilyMemberView) });
export type FamilyListResponse = z.infer<typeof FamilyListResponse>;
