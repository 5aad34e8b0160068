import { keysetCursor } from '../../common/keyset-cursor';

// Keyset cursor over (lastActivityAt in ms, id), both descending: the last row of a page.
const byActivity = keysetCursor('f', [15, 10]);

export function encodeFeedbackCursor(at: Date, id: number): string {
  return byActivity.encode(at.getTime(), id);
}

export function decodeFeedbackCursor(cursor: string | undefined): { at: Date; id: number } | null {
  const v = byActivity.decode(cursor);
  return v ? { at: new Date(v[0]), id: v[1] } : null;
}
