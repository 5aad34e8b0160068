import { DomainError } from '../../common/domain-error';

// Opaque keyset cursors: the last id of a page, base64url-encoded.
export function encodeCursor(id: number): string {
  return Buffer.from(`k${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^k(\d{1,10})$/.exec(raw);
  if (!m) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'query.cursor', message: '分页参数无效' }]);
  return Number(m[1]);
}
