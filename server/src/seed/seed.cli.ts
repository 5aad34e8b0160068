// `npm run seed`: migrate the configured database and load the demo data if it has no org nodes yet.
import 'reflect-metadata';
import { Clock } from '../common/clock';
import { DataCipher } from '../common/data-cipher';
import { loadConfig } from '../config/config';
import { createDataSource, runMigrations } from '../database/data-source';
import { DEMO_USERS } from './demo-data';
import { DEMO_PLEDGE_SELF_SIGNER, DEMO_PLEDGE_STUDENT } from './demo-pledge';
import { SeedService } from './seed.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    await runMigrations(ds);
    const where = config.database.type === 'sqlite' ? `SQLite ${config.database.file}` : 'MySQL';
    const result = await new SeedService(ds, new Clock(), new DataCipher(config)).seedIfEmpty();
    if (!result.seeded) {
      console.log(`${where}: organisation data already present, nothing seeded.`);
      return;
    }
    console.log(`${where}: seeded ${result.nodes} org nodes, ${result.users} demo users, ${result.memberships} memberships.`);
    console.log('Demo logins (mock mode, code "mock:<openid>"):');
    for (const u of DEMO_USERS) console.log(`  ${u.openid.padEnd(22)} ${u.displayName}  ${u.nodeName}`);
    const s = DEMO_PLEDGE_STUDENT;
    console.log(`Demo roster of 和平镇中学七年级1班: ${s.name} 学号 ${s.studentNo} (${s.age} this year: a guardian signs; guardian phone ${s.guardianPhone}); ${DEMO_PLEDGE_SELF_SIGNER.name} 学号 ${DEMO_PLEDGE_SELF_SIGNER.studentNo} (no birth year: signs themself).`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
