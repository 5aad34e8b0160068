import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { DateUtils } from 'typeorm/util/DateUtils';

// Plain parameterized statements for the hottest paths (opening a bulletin card): the SQL TypeORM
// would build, written once, without the query builder's per-call metadata walk.
export interface RawResult<R> {
  rows: R[];
  // INSERT/UPDATE/DELETE: rows changed (0 for an ignored duplicate)
  affected: number;
  // INSERT: the generated id of the (first) row inserted
  insertId?: number;
}

export function isSqlite(ds: DataSource): boolean {
  return ds.options.type === 'better-sqlite3';
}

// A DATETIME parameter as TypeORM binds it: SQLite has no date type (TypeORM's UTC text), mysql2 takes a Date.
export function dbTime(ds: DataSource, d: Date | null): Date | string | null {
  return d && isSqlite(ds) ? DateUtils.mixedDateToUtcDatetimeString(d) : d;
}

// An entity from a plain `SELECT t.*` row, each column converted as TypeORM's own hydration does
// (dates per driver, simple-json, booleans), without the query builder.
export function hydrate<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const meta = ds.getMetadata(target);
  const out = meta.create() as T;
  for (const col of meta.columns) {
    if (!(col.databaseName in row)) continue;
    (out as Record<string, unknown>)[col.propertyName] = ds.driver.prepareHydratedValue(row[col.databaseName], col);
  }
  return out;
}

// Runs one statement. In a transaction: on its runner. Otherwise on MySQL/MariaDB straight on the
// mysql2 pool with the callback API (TypeORM's runner takes a connection, wraps it in a promise
// connection and captures a stack per query: a measurable share of an open); on SQLite through
// TypeORM's single runner (cached prepared statements). Errors are QueryFailedError either way.
export function rawQuery<R = Record<string, unknown>>(db: DataSource | EntityManager | RawTx, sql: string, params: unknown[]): Promise<RawResult<R>> {
  if (db instanceof RawTx) return callbackQuery<R>(db.conn, sql, params);
  const manager = db instanceof DataSource ? db.manager : db;
  const ds = manager.connection;
  const pool = manager.queryRunner || isSqlite(ds) ? undefined : (ds.driver as MysqlDriver).pool;
  if (pool) return callbackQuery<R>(pool, sql, params);
  return viaRunner<R>(manager, sql, params);
}

interface CallbackQueryable {
  query(sql: string, params: unknown[], cb: (err: Error | null, raw: unknown) => void): unknown;
}
interface PooledConnection extends CallbackQueryable {
  release(): void;
}

function callbackQuery<R>(target: CallbackQueryable, sql: string, params: unknown[]): Promise<RawResult<R>> {
  return new Promise((resolve, reject) => {
    target.query(sql, params, (err, raw) => {
      if (err) return reject(new QueryFailedError(sql, params, err));
      const ok = raw as { affectedRows?: number; insertId?: number };
      resolve(Array.isArray(raw) ? { rows: raw as R[], affected: 0 } : { rows: [], affected: ok.affectedRows ?? 0, insertId: ok.insertId });
    });
  });
}

// A MySQL/MariaDB transaction on one pooled connection driven with mysql2's callback API: for the
// hottest write path (a quiz submit, a dozen statements), where TypeORM's runner (a promise wrapper
// that captures a stack per statement) was the larger part of the app's CPU.
export class RawTx {
  constructor(readonly conn: PooledConnection) {}
}

// Runs `fn` in a transaction: a RawTx on MySQL/MariaDB; TypeORM's transaction on SQLite (its one
// connection is serialised by the app's lock, see database/README.md). Only rawQuery may be used in `fn`.
export async function rawTransaction<T>(ds: DataSource, isolation: 'READ COMMITTED', fn: (tx: EntityManager | RawTx) => Promise<T>): Promise<T> {
  if (isSqlite(ds)) return ds.transaction((m) => fn(m));
  const pool = (ds.driver as MysqlDriver).pool as { getConnection(cb: (err: Error | null, conn: PooledConnection) => void): void };
  const conn = await new Promise<PooledConnection>((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c))));
  const tx = new RawTx(conn);
  try {
    await rawQuery(tx, `SET TRANSACTION ISOLATION LEVEL ${isolation}`, []);
    await rawQuery(tx, 'START TRANSACTION', []);
    const result = await fn(tx);
    await rawQuery(tx, 'COMMIT', []);
    return result;
  } catch (err) {
    await rawQuery(tx, 'ROLLBACK', []).catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

async function viaRunner<R>(manager: EntityManager, sql: string, params: unknown[]): Promise<RawResult<R>> {
  const own = !manager.queryRunner;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const res = await runner.query(sql, params, true);
    // better-sqlite3: TypeORM hands back lastInsertRowid as raw for a statement that returns no rows
    const insertId = !Array.isArray(res.raw) && (typeof res.raw === 'number' || typeof res.raw === 'bigint') ? Number(res.raw) : undefined;
    return { rows: (res.records ?? []) as R[], affected: res.affected ?? 0, insertId };
  } finally {
    if (own) await runner.release();
  }
}
