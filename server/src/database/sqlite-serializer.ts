import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

// better-sqlite3 has one connection and TypeORM 1.x shares one QueryRunner for everything, so two
// concurrent `dataSource.transaction()` calls collide ("cannot start a transaction within a
// transaction"), and a query from another request would silently join an open transaction.
// This installs one async lock per DataSource: a transaction (or a save/remove, which TypeORM wraps
// in its own transaction) holds it for its whole duration, and every other query waits for it.
// Code inside the holder's async context (found with AsyncLocalStorage) passes straight through.
export class SqliteSerializer {
  private tail: Promise<void> = Promise.resolve();
  private holder: symbol | null = null;
  private readonly als = new AsyncLocalStorage<symbol>();

  holds(): boolean {
    return this.holder !== null && this.als.getStore() === this.holder;
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // re-entrant: nested transactions and queries of the holder itself
    if (this.holds()) return fn();
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    const token = Symbol('sqlite-lock');
    this.holder = token;
    try {
      return await this.als.run(token, fn);
    } finally {
      this.holder = null;
      release();
    }
  }
}

const WRAPPED_MANAGER_METHODS = ['transaction', 'save', 'remove', 'softRemove', 'recover'] as const;

export function installSqliteSerializer(ds: DataSource): SqliteSerializer {
  const lock = new SqliteSerializer();
  const manager = ds.manager as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of WRAPPED_MANAGER_METHODS) {
    const original = manager[name].bind(ds.manager as EntityManager);
    manager[name] = (...args: unknown[]) => lock.exclusive(() => original(...args));
  }
  // schema work also runs its own transactions
  const dsMethods = ds as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['runMigrations', 'undoLastMigration', 'synchronize', 'dropDatabase'] as const) {
    const original = dsMethods[name].bind(ds);
    dsMethods[name] = (...args: unknown[]) => lock.exclusive(() => original(...args));
  }
  // the one shared QueryRunner of the better-sqlite3 driver
  const runner = ds.driver.createQueryRunner('master') as QueryRunner & Record<string, unknown>;
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (...args: unknown[]) => lock.exclusive(() => query(...args));
  const startTransaction = runner.startTransaction.bind(runner);
  (runner as { startTransaction: unknown }).startTransaction = (...args: Parameters<QueryRunner['startTransaction']>) => {
    if (!lock.holds()) {
      // fail loudly rather than interleave two requests' statements in one transaction
      return Promise.reject(new Error('On SQLite, start transactions with dataSource.transaction() (or manager.transaction()), not queryRunner.startTransaction()'));
    }
    return startTransaction(...args);
  };
  return lock;
}
