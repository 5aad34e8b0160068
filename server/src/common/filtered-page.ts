import { LessThan, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { keysetCursor } from './keyset-cursor';

// Keyset pages (newest first by id) of rows that are also filtered in memory, for conditions SQL
// cannot express (e.g. on JSON columns): candidates are read in batches until limit + 1 pass.
export async function filteredPage<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  keep: (row: T) => boolean,
  cursor: ReturnType<typeof keysetCursor>,
  query: { cursor?: string; limit: number },
  batchSize = 200,
): Promise<{ page: T[]; nextCursor: string | null }> {
  const after = cursor.decode(query.cursor);
  const found: T[] = [];
  let below = after ? after[0] : null;
  while (found.length <= query.limit) {
    const batchQb = qb.clone().orderBy(`${qb.alias}.id`, 'DESC').take(batchSize);
    if (below !== null) batchQb.andWhere({ id: LessThan(below) });
    const batch = await batchQb.getMany();
    found.push(...batch.filter(keep));
    if (batch.length < batchSize) break;
    below = batch[batch.length - 1].id;
  }
  const page = found.slice(0, query.limit);
  return { page, nextCursor: found.length > query.limit ? cursor.encode(page[page.length - 1].id) : null };
}
