// Driver-specific error shapes mapped in one place, so services can react to constraint violations.

interface DriverErrorLike {
  code?: unknown;
  errno?: unknown;
  driverError?: DriverErrorLike;
}

function driverError(err: unknown): DriverErrorLike | undefined {
  if (!err || typeof err !== 'object') return undefined;
  // TypeORM wraps the driver's error in QueryFailedError.driverError
  const e = err as DriverErrorLike;
  return e.driverError && typeof e.driverError === 'object' ? e.driverError : e;
}

// A unique index or primary key rejected an insert/update.
export function isDuplicateKey(err: unknown): boolean {
  const e = driverError(err);
  if (!e) return false;
  // mysql2 (MySQL and MariaDB)
  if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062) return true;
  // better-sqlite3
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// InnoDB chose this transaction as a deadlock victim (errno 1213): retry it.
export function isDeadlock(err: unknown): boolean {
  const e = driverError(err);
  return e?.errno === 1213 || e?.code === 'ER_LOCK_DEADLOCK';
}
