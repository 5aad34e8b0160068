import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { DateUtils } from 'typeorm/util/DateUtils';

// Plain parameterized statements for the hottest paths (opening a bulletin card): the SQL TypeORM
// would build, written once, without the query builder's per-call metadata walk.
export interface RawResult<R> {
  rows: R[];
  // INSERT/UPDATE/DELETE: rows changed (0 for an ignored duplicate)
  affected: number;
}

export function isSqlite(ds: DataSource): boolean {
  return ds.options.type === 'better-sqlite3';
}

// A DATETIME parameter as TypeORM binds it: SQLite has no date type (TypeORM's UTC text), mysql2 takes a Date.
export function dbTime(ds: DataSource, d: Date | null): Date | string | null {
  return d && isSqlite(ds) ? DateUtils.mixedDateToUtcDatetimeString(d) : d;
}

// Runs one statement. In a transaction: on its runner. Otherwise on MySQL/MariaDB straight on the
// mysql2 pool with the callback API (TypeORM's runner takes a connection, wraps it in a promise
// connection and captures a stack per query: a measurable share of an open); on SQLite through
// TypeORM's single runner (cached prepared statements). Errors are QueryFailedError either way.
export function rawQuery<R = Record<string, unknown>>(db: DataSource | EntityManager, sql: string, params: unknown[]): Promise<RawResult<R>> {
  const manager = db instanceof DataSource ? db.manager : db;
  const ds = manager.connection;
  const pool = manager.queryRunner || isSqlite(ds) ? undefined : (ds.driver as MysqlDriver).pool;
  if (pool) {
    return new Promise((resolve, reject) => {
      pool.query(sql, params, (err: Error | null, raw: unknown) => {
        if (err) return reject(new QueryFailedError(sql, params, err));
        resolve(Array.isArray(raw) ? { rows: raw as R[], affected: 0 } : { rows: [], affected: (raw as { affectedRows?: number }).affectedRows ?? 0 });
      });
    });
  }
  return viaRunner<R>(manager, sql, params);
}

async function viaRunner<R>(manager: EntityManager, sql: string, params: unknown[]): Promise<RawResult<R>> {
  const own = !manager.queryRunner;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const res = await runner.query(sql, params, true);
    return { rows: (res.records ?? []) as R[], affected: res.affected ?? 0 };
  } finally {
    if (own) await runner.release();
  }
}
