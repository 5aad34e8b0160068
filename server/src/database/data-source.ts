import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DriverFactory } from 'typeorm/driver/DriverFactory';
import type { DatabaseConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { installSqliteSerializer } from './sqlite-serializer';

// TypeORM options for the configured database. `synchronize` is never on: the schema comes from migrations.
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (db.type === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: db.url,
      charset: 'utf8mb4',
      // store and read datetimes as UTC whatever the server's time zone
      timezone: 'Z',
      poolSize: 20,
    };
  }
  const file = isAbsolute(db.file) ? db.file : resolve(process.cwd(), db.file);
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    enableWAL: true,
    // wait for a concurrent writer instead of failing with SQLITE_BUSY
    timeout: 5000,
    prepareDatabase: (conn: { pragma(s: string): unknown }) => {
      conn.pragma('busy_timeout = 5000');
      conn.pragma('synchronous = NORMAL');
    },
  };
}

export function createDataSource(db: DatabaseConfig): DataSource {
  if (db.type === 'sqlite') {
    const file = isAbsolute(db.file) ? db.file : resolve(process.cwd(), db.file);
    mkdirSync(dirname(file), { recursive: true });
  }
  const ds = new DataSource(dataSourceOptions(db));
  if (db.type === 'mysql') {
    // TypeORM reads MariaDB's schema differently (e.g. COLUMN_DEFAULT 'NULL'), so it must know which
    // server a mysql:// URL reaches, or it reports drift that is not there
    const initialize = ds.initialize.bind(ds);
    ds.initialize = async () => {
      if (await isMariaDb(db.url)) {
        ds.setOptions({ type: 'mariadb' } as Partial<DataSourceOptions>);
        (ds as { driver: DataSource['driver'] }).driver = new DriverFactory().create(ds);
      }
      return initialize();
    };
  }
  if (db.type === 'sqlite') {
    // serialise transactions over the single SQLite connection (see sqlite-serializer.ts)
    const initialize = ds.initialize.bind(ds);
    ds.initialize = async () => {
      await initialize();
      installSqliteSerializer(ds);
      return ds;
    };
  }
  return ds;
}

async function isMariaDb(url: string): Promise<boolean> {
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as Array<{ v: string }>)[0]?.v));
  } finally {
    await conn.end();
  }
}

const MIGRATION_LOCK = 'wuzha_migrate';

// Runs pending migrations. On MySQL a named lock serialises instances that start together over one database.
export async function runMigrations(ds: DataSource): Promise<void> {
  if (ds.options.type !== 'mysql' && ds.options.type !== 'mariadb') {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const rows = (await qr.query(`SELECT GET_LOCK('${MIGRATION_LOCK}', 60) AS l`)) as Array<{ l: number | string | null }>;
    if (Number(rows[0]?.l) !== 1) throw new Error(`could not take the migration lock '${MIGRATION_LOCK}' within 60 s`);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await qr.query(`SELECT RELEASE_LOCK('${MIGRATION_LOCK}')`);
    }
  } finally {
    await qr.release();
  }
}
