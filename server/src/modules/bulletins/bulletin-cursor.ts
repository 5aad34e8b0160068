import { DomainError } from '../../common/domain-error';

// Keyset cursor of the feed, ordered by (publishedAt, id) newest first: the last row's values.
export function encodeFeedCursor(publishedAt: Date, id: number): string {
  return Buffer.from(`p${Math.floor(publishedAt.getTime() / 1000)}.${id}`, 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string | undefined): { publishedAt: Date; id: number } | null {
  if (!cursor) return null;
  const m = /^p(\d{1,12})\.(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'query.cursor', message: '分页参数无效' }]);
  return { publishedAt: new Date(Number(m[1]) * 1000), id: Number(m[2]) };
}
