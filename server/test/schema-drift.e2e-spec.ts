import { ENTITIES } from '../src/database/entities';
import { MIGRATIONS } from '../src/database/migrations';
import { createTestApp, TestApp } from './utils/test-app';

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
