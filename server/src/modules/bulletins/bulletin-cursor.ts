import { keysetCursor } from '../../common/keyset-cursor';

// Keyset cursor of the feed, ordered by (publishedAt in whole seconds, id) newest first.
const byPublished = keysetCursor('p', [12, 10]);

export function encodeFeedCursor(publishedAt: Date, id: number): string {
  return byPublished.encode(Math.floor(publishedAt.getTime() / 1000), id);
}

export function decodeFeedCursor(cursor: string | undefined): { publishedAt: Date; id: number } | null {
  const v = byPublished.decode(cursor);
  return v ? { publishedAt: new Date(v[0] * 1000), id: v[1] } : null;
}
