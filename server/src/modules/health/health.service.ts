import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { HealthResponse } from '@wuzha/shared';
import { DataSource } from 'typeorm';

// server/package.json: same depth from src/ and from dist/
const VERSION: string = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
const DB_TIMEOUT_MS = 3000;

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthResponse> {
    const database = (await this.databaseUp()) ? 'ok' : 'down';
    return { status: database === 'ok' ? 'ok' : 'degraded', database, version: VERSION };
  }

  private async databaseUp(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), DB_TIMEOUT_MS);
    });
    try {
      const ping = this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      );
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
