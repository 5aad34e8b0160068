// `npm run seed`: migrate the configured database and load the demo data if it has no org nodes yet.
import 'reflect-metadata';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/config';
import { createDataSource, runMigrations } from '../database/data-source';
import { DEMO_USERS } from './demo-data';
import { SeedService } from './seed.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await runMigrations(ds);
    const where = config.database.type === 'sqlite' ? `SQLite ${config.database.file}` : 'MySQL';
    const result = await new SeedService(ds, new Clock()).seedIfEmpty();
    if (!result.seeded) {
      console.log(`${where}: organisation data already present, nothing seeded.`);
      return;
    }
    console.log(`${where}: seeded ${result.nodes} org nodes, ${result.users} demo users, ${result.memberships} memberships.`);
    console.log('Demo logins (mock mode, code "mock:<openid>"):');
    for (const u of DEMO_USERS) console.log(`  ${u.openid.padEnd(22)} ${u.displayName}  ${u.nodeName}`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
