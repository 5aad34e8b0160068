import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TokenResponse } from '@wuzha/shared';
import mysql from 'mysql2/promise';
import request from 'supertest';
import { DataSource, IsNull } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/config';
import { OrgNode } from '../../src/modules/org/org-node.entity';
import { SeedService } from '../../src/seed/seed.service';
import { FakeWechat, startFakeWechat } from '../fake-wechat/fake-wechat.server';

export interface TestAppOptions {
  // environment variables on top of the test defaults (DATABASE_URL is managed here)
  env?: Record<string, string>;
  // load the demo organisation and users (as `main.ts` does on boot); default true
  seed?: boolean;
}

export interface TestApp {
  app: NestFastifyApplication;
  // supertest bound to the app's server
  http: ReturnType<typeof request>;
  clock: Clock;
  // the fake WeChat server the app talks to (config.wechat.mode = 'live')
  fake: FakeWechat;
  dataSource: DataSource;
  config: AppConfig;
  // logs in as this openid through the fake WeChat server (creating the user on first login)
  login(openid: string): Promise<TokenResponse>;
  // Authorization header for a token response or access token
  bearer(t: TokenResponse | string): { Authorization: string };
  // id of the org node reached by these names from the root down, e.g. ('示范县', '和平镇', '东山村')
  nodeId(...names: string[]): Promise<number>;
  close(): Promise<void>;
}

export const TEST_APPID = 'wx00e2e0000000test';
export const TEST_SECRET = 'e2e-app-secret';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

// DATABASE_URL unset: a fresh SQLite file in a temp dir. mysql://…: a fresh database on that server.
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base || base.startsWith('sqlite:')) {
    const dir = mkdtempSync(join(tmpdir(), 'wuzha-e2e-'));
    return { url: `sqlite:${join(dir, 'wuzha.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const serverUrl = new URL(base.replace(/^mariadb:/, 'mysql:'));
  const name = `wuzha_e2e_${randomBytes(6).toString('hex')}`;
  const admin = async <T>(fn: (c: mysql.Connection) => Promise<T>): Promise<T> => {
    const conn = await mysql.createConnection(serverUrl.toString());
    try {
      return await fn(conn);
    } finally {
      await conn.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``)).then(() => undefined) };
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const fake = await startFakeWechat({ appId: TEST_APPID, secret: TEST_SECRET });
  const db = await createTestDatabase();
  let app: NestFastifyApplication | undefined;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      WECHAT_MODE: 'live',
      WECHAT_APPID: TEST_APPID,
      WECHAT_SECRET: TEST_SECRET,
      WECHAT_API_BASE: fake.baseUrl,
      // tests drive the outbox with runOnce()
      OUTBOX_ENABLED: 'false',
      LOG_LEVEL: 'error',
      ...options.env,
      DATABASE_URL: db.url,
    });
    app = await createApp(config, { logger: ['fatal', 'error'], shutdownHooks: false });
    if (options.seed ?? true) await app.get(SeedService).seedIfEmpty();
    const http = request(app.getHttpServer());
    const ready = app;
    return {
      app: ready,
      http,
      clock: app.get(Clock),
      fake,
      dataSource: app.get(DataSource),
      config,
      async login(openid: string): Promise<TokenResponse> {
        const res = await http.post('/api/auth/login').send({ code: fake.issueCode(openid) });
        if (res.status !== 200) throw new Error(`login as ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as TokenResponse;
      },
      bearer(t: TokenResponse | string) {
        return { Authorization: `Bearer ${typeof t === 'string' ? t : t.accessToken}` };
      },
      async nodeId(...names: string[]): Promise<number> {
        const repo = ready.get(DataSource).getRepository(OrgNode);
        let node: OrgNode | null = null;
        for (const name of names) {
          node = await repo.findOneBy({ name, parentId: node ? node.id : IsNull() });
          if (!node) throw new Error(`no org node ${names.join(' / ')}`);
        }
        if (!node) throw new Error('nodeId needs at least one name');
        return node.id;
      },
      async close() {
        try {
          await ready.close();
        } finally {
          await fake.close();
          await db.drop();
        }
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await fake.close();
    await db.drop();
    throw err;
  }
}
