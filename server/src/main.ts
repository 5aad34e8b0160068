import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { SeedService } from './seed/seed.service';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      // names every bad variable; no stack trace, this is an operator's mistake
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // migrations run while the DataSource is created
  const app = await createApp(config);
  // demo organisation and users on an empty database (a no-op once data exists)
  await app.get(SeedService).seedIfEmpty();
  await app.listen(config.port, config.host);
  new Logger('Main').log(`listening on ${await app.getUrl()} (database: ${config.database.type}, wechat: ${config.wechat.mode})`);
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
