import { loadConfig } from '../src/config/config';
import { createDataSource, runMigrations } from '../src/database/data-source';
import { ENTITIES } from '../src/database/entities';
import { MIGRATIONS } from '../src/database/migrations';
import { createTestApp, createTestDatabase, TestApp } from './utils/test-app';

// The migrations build exactly the schema the entities describe, on whichever database DATABASE_URL
// names (SQLite when unset). TypeORM's schema builder lists the statements `synchronize` would run:
// there must be none.
describe('schema drift', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('ran every migration on start', async () => {
    const executed = (await t.dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
    expect(executed.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('every entity is registered', () => {
    expect(t.dataSource.entityMetadatas.map((m) => m.target)).toEqual(expect.arrayContaining(ENTITIES));
    expect(t.dataSource.entityMetadatas.length).toBe(ENTITIES.length);
  });

  it('the migrated schema equals the entities', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});

const onMysql = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

// Several instances starting together over one MySQL database: the GET_LOCK around the migrations
// makes exactly one of them run each migration.
(onMysql ? describe : describe.skip)('concurrent starts (MySQL)', () => {
  it('migrate once', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: db.url });
    const sources = [0, 1, 2].map(() => createDataSource(config.database));
    try {
      await Promise.all(sources.map((ds) => ds.initialize()));
      await Promise.all(sources.map((ds) => runMigrations(ds)));
      const rows = (await sources[0].query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
      const sql = await sources[1].driver.createSchemaBuilder().log();
      expect(sql.upQueries).toEqual([]);
    } finally {
      await Promise.all(sources.map((ds) => (ds.isInitialized ? ds.destroy() : undefined)));
      await db.drop();
    }
  });
});
