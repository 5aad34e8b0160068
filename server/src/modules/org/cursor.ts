import { keysetCursor } from '../../common/keyset-cursor';

// Keyset cursor over ids: the last id of a page.
const byId = keysetCursor('k', [10]);

export function encodeCursor(id: number): string {
  return byId.encode(id);
}

export function decodeCursor(cursor: string | undefined): number | null {
  return byId.decode(cursor)?.[0] ?? null;
}
