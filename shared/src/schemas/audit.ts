import { z } from 'zod';
import { idSchema, isoDateTime, pageOf } from './common';

export const AuditQuery = z.strictObject({
  nodeId: idSchema,
  action: z.string().max(64).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntryView = z.object({
  id: z.number().int(),
  action: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  nodeId: z.number().int().nullable(),
  subjectUserId: z.number().int().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  createdAt: isoDateTime,
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;
export const AuditPage = pageOf(AuditEntryView);
export type AuditPage = z.infer<typeof AuditPage>;

export const HealthResponse = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'down']), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponse>;
