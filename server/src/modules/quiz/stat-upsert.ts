import { EntityManager } from 'typeorm';
import { RawTx, rawQuery } from '../../common/raw-query';

// Adds deltas to counter rows in one multi-row statement, creating missing rows:
// MySQL/MariaDB `INSERT … ON DUPLICATE KEY UPDATE c = c + VALUES(c)`, SQLite `INSERT … ON CONFLICT(keys)
// DO UPDATE SET c = c + excluded.c`. Rows are sorted by key so concurrent submits take row locks in the
// same order (fewer deadlocks on InnoDB).
export interface CounterUpsert {
  table: string;
  // the unique key's columns, in the unique index's order
  keys: readonly string[];
  // written on insert only (e.g. nodePath)
  extra?: readonly string[];
  counters: readonly string[];
}

export type CounterRow = Record<string, string | number>;

export async function addCounters(m: EntityManager | RawTx, spec: CounterUpsert, rows: CounterRow[]): Promise<void> {
  const live = rows.filter((r) => spec.counters.some((c) => Number(r[c]) !== 0));
  if (live.length === 0) return;
  live.sort((a, b) => compareKeys(a, b, spec.keys));
  const cols = [...spec.keys, ...(spec.extra ?? []), ...spec.counters];
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const params: unknown[] = [];
  for (const r of live) for (const c of cols) params.push(r[c]);
  // a RawTx only exists on MySQL/MariaDB
  const sqlite = !(m instanceof RawTx) && m.connection.options.type === 'better-sqlite3';
  const set = spec.counters.map((c) => (sqlite ? `${c} = ${c} + excluded.${c}` : `${c} = ${c} + VALUES(${c})`)).join(', ');
  const tail = sqlite ? `ON CONFLICT(${spec.keys.join(', ')}) DO UPDATE SET ${set}` : `ON DUPLICATE KEY UPDATE ${set}`;
  await rawQuery(m, `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES ${live.map(() => tuple).join(', ')} ${tail}`, params);
}

function compareKeys(a: CounterRow, b: CounterRow, keys: readonly string[]): number {
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export const NODE_STAT: CounterUpsert = {
  table: 'quiz_node_stat',
  keys: ['campaignId', 'nodeId'],
  extra: ['nodePath'],
  counters: ['participants', 'passed', 'correct', 'answered', 'attempts', 'flagged'],
};
export const TYPE_STAT: CounterUpsert = { table: 'quiz_type_stat', keys: ['campaignId', 'nodeId', 'fraudType'], extra: ['nodePath'], counters: ['correct', 'answered'] };
export const QUESTION_STAT: CounterUpsert = { table: 'quiz_question_stat', keys: ['campaignId', 'nodeId', 'questionId'], extra: ['nodePath'], counters: ['correct', 'answered'] };
export const WEEK_STAT: CounterUpsert = {
  table: 'quiz_week_stat',
  keys: ['campaignId', 'nodeId', 'weekStart'],
  extra: ['nodePath'],
  counters: ['attempts', 'passed', 'correct', 'answered'],
};
