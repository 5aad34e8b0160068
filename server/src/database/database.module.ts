import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { createDataSource, runMigrations } from './data-source';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

// Provides the TypeORM DataSource (inject it by its class). It is connected and migrated before any
// other provider sees it, so every instance starts on the current schema.
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const ds = createDataSource(config.database);
        await ds.initialize();
        try {
          await runMigrations(ds);
        } catch (err) {
          await ds.destroy();
          throw err;
        }
        return ds;
      },
    },
    DataSourceCloser,
  ],
  exports: [DataSource],
})
export class DatabaseModule {}
