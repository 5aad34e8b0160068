import { z } from 'zod';
import { ERROR_CODE_LIST } from '../errors';

// Trimmed single-line text without control characters.
export function plainText(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, { message: min > 1 ? `至少${min}个字` : '不能为空' })
    .max(max, { message: `不能超过${max}个字` })
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: '不能包含控制字符' });
}

export const idSchema = z.coerce.number().int().positive().max(2147483647);
export const IdParams = z.strictObject({ id: idSchema });
export type IdParams = z.infer<typeof IdParams>;

export const PageQuery = z.strictObject({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const FieldError = z.object({ path: z.string(), message: z.string() });
export const ErrorResponse = z.object({
  code: z.enum(ERROR_CODE_LIST as [string, ...string[]]),
  message: z.string(),
  fields: z.array(FieldError).optional(),
  correlationId: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

export const isoDateTime = z.string().describe('ISO 8601 date-time');
