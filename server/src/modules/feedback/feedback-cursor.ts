import { DomainError } from '../../common/domain-error';

// Keyset cursor over (lastActivityAt, id), both descending: the last row of a page, base64url-encoded.
export function encodeFeedbackCursor(at: Date, id: number): string {
  return Buffer.from(`f${at.getTime()}.${id}`, 'utf8').toString('base64url');
}

export function decodeFeedbackCursor(cursor: string | undefined): { at: Date; id: number } | null {
  if (!cursor) return null;
  const m = /^f(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'query.cursor', message: '分页参数无效' }]);
  return { at: new Date(Number(m[1])), id: Number(m[2]) };
}
