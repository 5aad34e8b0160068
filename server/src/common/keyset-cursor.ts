import { DomainError } from './domain-error';

// Opaque keyset cursors: a tag and the sort key of a page's last row (whole numbers, each with its
// own digit bound), base64url-encoded. A cursor that does not parse is a validation error.
export function keysetCursor(tag: string, maxDigits: readonly number[]) {
  const pattern = new RegExp(`^${tag}${maxDigits.map((n) => `(\\d{1,${n}})`).join('\\.')}$`);
  return {
    encode(...values: number[]): string {
      return Buffer.from(`${tag}${values.join('.')}`, 'utf8').toString('base64url');
    },
    decode(cursor: string | undefined): number[] | null {
      if (!cursor) return null;
      const m = pattern.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!m) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'query.cursor', message: '分页参数无效' }]);
      return m.slice(1).map(Number);
    },
  };
}
