// Materialized paths: every node stores '/<rootId>/.../<ownId>/'. A subtree is a key range, so it is
// served by a B-tree index on `path` in both SQLite and MySQL (no LIKE, no recursion).

export function childPath(parentPath: string | null, id: number | string): string {
  return `${parentPath ?? '/'}${id}/`;
}

// Half-open range [lo, hi) covering the node and all descendants: '/' (0x2f) is followed by '0' (0x30).
export function subtreeRange(path: string): { lo: string; hi: string } {
  if (!path.endsWith('/')) throw new Error(`bad tree path: ${path}`);
  return { lo: path, hi: `${path.slice(0, -1)}0` };
}

export function isInSubtree(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => Number(s));
}

export function pathDepth(path: string): number {
  return pathIds(path).length - 1;
}
