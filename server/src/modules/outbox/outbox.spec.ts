import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { FakeWechat, startFakeWechat } from '../../../test/fake-wechat/fake-wechat.server';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig, loadConfig } from '../../config/config';
import { Outbox1732300000100 } from '../../database/migrations/1732300000100-Outbox';
import { installSqliteSerializer } from '../../database/sqlite-serializer';
import { LiveWechatClient } from '../wechat/wechat-live.client';
import { WECHAT_CLIENT, WechatApiError } from '../wechat/wechat.types';
import { OutboxMessage } from './outbox-message.entity';
import { PermanentError } from './outbox.errors';
import { OutboxModule } from './outbox.module';
import { OutboxService, WECHAT_SUBSCRIBE_TOPIC } from './outbox.service';
import { OUTBOX_LOCK_TIMEOUT_MS, OUTBOX_MAX_ATTEMPTS, OutboxWorker, outboxBackoffMs } from './outbox.worker';
import { WechatSubscribeHandler } from './wechat-subscribe.handler';

jest.setTimeout(30000);

const APP_ID = 'wxoutboxtest000001';
const SECRET = 'outbox-test-secret';

interface Backend {
  name: string;
  open(): Promise<DataSource>;
  // a second, independent connection pool to the same database (another "instance")
  openAnother?(): Promise<DataSource>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  return {
    name: 'sqlite',
    async open() {
      const ds = new DataSource({
        type: 'better-sqlite3',
        database: ':memory:',
        entities: [OutboxMessage],
        migrations: [Outbox1732300000100],
      });
      await ds.initialize();
      installSqliteSerializer(ds); // as the app does
      await ds.runMigrations();
      return ds;
    },
    async cleanup() {},
  };
}

function mysqlBackend(url: string): Backend {
  const dbName = `wuzha_outbox_test_${randomBytes(4).toString('hex')}`;
  const base = new URL(url);
  const dbUrl = () => {
    const u = new URL(url);
    u.pathname = `/${dbName}`;
    return u.toString();
  };
  const make = () =>
    new DataSource({
      type: 'mysql',
      url: dbUrl(),
      charset: 'utf8mb4',
      timezone: 'Z',
      entities: [OutboxMessage],
      migrations: [Outbox1732300000100],
    });
  const admin = async (sql: string) => {
    const ds = new DataSource({ type: 'mysql', url: `${base.protocol}//${base.username ? base.username + (base.password ? ':' + base.password : '') + '@' : ''}${base.host}/` });
    await ds.initialize();
    try {
      await ds.query(sql);
    } finally {
      await ds.destroy();
    }
  };
  let created = false;
  return {
    name: 'mysql',
    async open() {
      if (!created) {
        await admin(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
        created = true;
      }
      const ds = make();
      await ds.initialize();
      await ds.runMigrations();
      return ds;
    },
    async openAnother() {
      const ds = make();
      await ds.initialize();
      return ds;
    },
    async cleanup() {
      if (created) await admin(`DROP DATABASE IF EXISTS \`${dbName}\``);
    },
  };
}

const backends: Backend[] = [sqliteBackend()];
if (process.env.DATABASE_URL?.startsWith('mysql://')) backends.push(mysqlBackend(process.env.DATABASE_URL));

function testConfig(baseUrl = 'http://127.0.0.1:9', enabled = false, pollMs = 50): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    WECHAT_MODE: 'live',
    WECHAT_APPID: APP_ID,
    WECHAT_SECRET: SECRET,
    WECHAT_API_BASE: baseUrl,
    OUTBOX_ENABLED: String(enabled),
    OUTBOX_POLL_MS: String(pollMs),
  });
}

describe.each(backends.map((b) => [b.name, b] as const))('outbox on %s', (_name, backend) => {
  let ds: DataSource;
  let clock: Clock;
  let service: OutboxService;
  let worker: OutboxWorker;
  const extra: DataSource[] = [];

  beforeAll(async () => {
    ds = await backend.open();
  });
  afterAll(async () => {
    for (const d of extra) if (d.isInitialized) await d.destroy();
    if (ds?.isInitialized) await ds.destroy();
    await backend.cleanup();
  });

  beforeEach(async () => {
    await ds.getRepository(OutboxMessage).clear();
    clock = new Clock();
    clock.set(new Date('2024-10-01T07:00:00.250Z'));
    service = new OutboxService(clock);
    worker = new OutboxWorker(ds, testConfig(), clock);
  });

  const rows = () => ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
  const one = async () => {
    const all = await rows();
    expect(all).toHaveLength(1);
    return all[0];
  };

  it('enqueue inside a rolled-back transaction leaves nothing; a committed one leaves a pending row', async () => {
    await expect(
      ds.transaction(async (m) => {
        await service.enqueue(m, 'test.topic', { n: 1 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rows()).toHaveLength(0);

    await ds.transaction((m) => service.enqueue(m, 'test.topic', { n: 2, text: '你好' }));
    const row = await one();
    expect(row).toMatchObject({ topic: 'test.topic', payload: { n: 2, text: '你好' }, status: 'pending', attempts: 0, lockedBy: null });
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
  });

  it('a duplicate dedupeKey is ignored without spoiling the transaction', async () => {
    await ds.transaction(async (m) => {
      expect(await service.enqueue(m, 't', { a: 1 }, { dedupeKey: 'k1' })).toBe(true);
      expect(await service.enqueue(m, 't', { a: 2 }, { dedupeKey: 'k1' })).toBe(false);
      expect(await service.enqueue(m, 't', { a: 3 })).toBe(true);
      expect(await service.enqueue(m, 't', { a: 4 })).toBe(true);
    });
    expect((await rows()).map((r) => r.payload)).toEqual([{ a: 1 }, { a: 3 }, { a: 4 }]);
  });

  it('purges done and dropped rows past the retention, in batches; keeps failed, pending and recent ones', async () => {
    const repo = ds.getRepository(OutboxMessage);
    const day = 24 * 3600 * 1000;
    const at = (daysAgo: number) => new Date(clock.now().getTime() - daysAgo * day);
    const row = (status: OutboxMessage['status'], daysAgo: number) =>
      repo.create({ topic: 't', payload: {}, status, attempts: 1, nextAttemptAt: at(daysAgo), lockedBy: null, lockedAt: null, lastError: null, dedupeKey: null, createdAt: at(daysAgo), updatedAt: at(daysAgo) });
    await repo.save([
      row('done', 20),
      row('done', 15),
      row('dropped', 30),
      row('done', 13),
      row('dropped', 1),
      row('failed', 40),
      row('pending', 40),
    ]);
    worker.purgeBatch = 2;
    expect(await worker.purgeFinished(true)).toBe(3);
    expect((await rows()).map((r) => `${r.status}`)).toEqual(['done', 'dropped', 'failed', 'pending']);
    // at most once an hour unless forced
    await repo.save(row('done', 60));
    expect(await worker.purgeFinished()).toBe(0);
    clock.advance(3600 * 1000);
    expect(await worker.purgeFinished()).toBe(1);
  });

  it('success → done, one attempt, lock released', async () => {
    const seen: unknown[] = [];
    worker.registerHandler('t', async (payload, msg) => {
      seen.push(payload);
      expect(msg.status).toBe('processing');
      expect(msg.lockedBy).toBe(worker.instanceId);
    });
    await ds.transaction((m) => service.enqueue(m, 't', { hello: 'world' }));
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual([{ hello: 'world' }]);
    expect(await one()).toMatchObject({ status: 'done', attempts: 1, lockedBy: null, lockedAt: null, lastError: null });
    expect(await worker.runOnce()).toBe(0);
  });

  it('delayMs holds a message back until it is due', async () => {
    worker.registerHandler('t', async () => undefined);
    await service.enqueue(ds.manager, 't', {}, { delayMs: 60_000 });
    expect(await worker.runOnce()).toBe(0);
    clock.advance(61_000);
    expect(await worker.runOnce()).toBe(1);
  });

  it('transient failure → backoff, then success', async () => {
    let calls = 0;
    worker.registerHandler('t', async () => {
      if (++calls === 1) throw new Error('WeChat busy');
    });
    await service.enqueue(ds.manager, 't', {});
    const failedAt = clock.now().getTime();
    expect(await worker.runOnce()).toBe(1);
    const row = await one();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lockedBy: null });
    expect(row.lastError).toContain('WeChat busy');
    // 30 s ± 20 %, stored at whole seconds on MySQL
    const delay = row.nextAttemptAt.getTime() - failedAt;
    expect(delay).toBeGreaterThanOrEqual(24_000 - 1000);
    expect(delay).toBeLessThanOrEqual(36_000);
    // not due yet
    expect(await worker.runOnce()).toBe(0);
    clock.advance(37_000);
    expect(await worker.runOnce()).toBe(1);
    expect(await one()).toMatchObject({ status: 'done', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('PermanentError → dropped after one attempt, never retried', async () => {
    let calls = 0;
    worker.registerHandler('t', async () => {
      calls++;
      throw new PermanentError('recipient gone');
    });
    await service.enqueue(ds.manager, 't', {});
    expect(await worker.runOnce()).toBe(1);
    clock.advance(3 * 3600_000);
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toBe(1);
    const row = await one();
    expect(row).toMatchObject({ status: 'dropped', attempts: 1 });
    expect(row.lastError).toContain('recipient gone');
  });

  it('a permanent WechatApiError is dropped; a transient one is retried', async () => {
    worker.registerHandler('perm', async () => {
      throw new WechatApiError(43101, 'user refuse to accept the msg');
    });
    worker.registerHandler('temp', async () => {
      throw new WechatApiError(-1, 'system error');
    });
    await service.enqueue(ds.manager, 'perm', {});
    await service.enqueue(ds.manager, 'temp', {});
    expect(await worker.runOnce()).toBe(2);
    const [perm, temp] = await rows();
    expect(perm).toMatchObject({ status: 'dropped', attempts: 1 });
    expect(temp).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it(`${OUTBOX_MAX_ATTEMPTS} failures → failed`, async () => {
    let calls = 0;
    worker.registerHandler('t', async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    await service.enqueue(ds.manager, 't', {});
    for (let i = 1; i <= OUTBOX_MAX_ATTEMPTS; i++) {
      expect(await worker.runOnce()).toBe(1);
      const row = await one();
      expect(row.attempts).toBe(i);
      expect(row.status).toBe(i < OUTBOX_MAX_ATTEMPTS ? 'pending' : 'failed');
      clock.advance(2 * 3600_000);
    }
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toBe(OUTBOX_MAX_ATTEMPTS);
    expect((await one()).lastError).toContain(`boom ${OUTBOX_MAX_ATTEMPTS}`);
  });

  it('an unknown topic is retried later (another instance may know it)', async () => {
    await service.enqueue(ds.manager, 'nobody.handles', {});
    expect(await worker.runOnce()).toBe(1);
    expect(await one()).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('rows of a crashed instance are reclaimed after the lock timeout', async () => {
    const crashed = new OutboxWorker(ds, testConfig(), clock);
    await service.enqueue(ds.manager, 't', { x: 1 });
    expect(await crashed.claimBatch()).toHaveLength(1); // claims, then "dies"
    expect(await one()).toMatchObject({ status: 'processing', lockedBy: crashed.instanceId });

    const handled: string[] = [];
    worker.registerHandler('t', async () => {
      handled.push(worker.instanceId);
    });
    expect(await worker.runOnce()).toBe(0);
    clock.advance(OUTBOX_LOCK_TIMEOUT_MS - 10_000);
    expect(await worker.runOnce()).toBe(0);
    // past the timeout, and past the reclaim throttle (a minute)
    clock.advance(70_000);
    expect(await worker.runOnce()).toBe(1);
    expect(handled).toEqual([worker.instanceId]);
    const row = await one();
    // the crashed try counts as an attempt
    expect(row).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
  });

  it('a reclaimed row that has used its attempts becomes failed', async () => {
    const crashed = new OutboxWorker(ds, testConfig(), clock);
    await service.enqueue(ds.manager, 't', {});
    await ds.getRepository(OutboxMessage).update({ topic: 't' }, { attempts: OUTBOX_MAX_ATTEMPTS - 1 });
    await crashed.claimBatch();
    clock.advance(OUTBOX_LOCK_TIMEOUT_MS + 1000);
    expect(await worker.reclaimStale(true)).toBe(1);
    expect(await one()).toMatchObject({ status: 'failed', attempts: OUTBOX_MAX_ATTEMPTS, lockedBy: null });
  });

  it('a reclaimed row is not finished by the instance that lost it', async () => {
    const slow = new OutboxWorker(ds, testConfig(), clock);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    slow.registerHandler('t', async () => {
      await gate;
      throw new Error('late failure');
    });
    worker.registerHandler('t', async () => undefined);
    await service.enqueue(ds.manager, 't', {});
    const slowRun = slow.runOnce();
    await sleep(50); // slow holds the row
    clock.advance(OUTBOX_LOCK_TIMEOUT_MS + 1000);
    expect(await worker.runOnce()).toBe(1);
    release();
    expect(await slowRun).toBe(1);
    // the late failure did not overwrite the new holder's outcome
    expect(await one()).toMatchObject({ status: 'done' });
  });

  it('the wechat.subscribe handler sends through the WeChat client; 43101 is dropped, never retried', async () => {
    const fake: FakeWechat = await startFakeWechat({ appId: APP_ID, secret: SECRET });
    try {
      const client = new LiveWechatClient(testConfig(fake.baseUrl), clock, { timeoutMs: 2000 });
      new WechatSubscribeHandler(worker, client);
      fake.refuse('o_refuser');
      const msg = (touser: string) => ({ touser, templateId: 'TMPL', page: 'pages/index/index', data: { thing1: { value: '邀请已被接受，请及时查看新成员的情况' } } });
      await service.enqueueSubscribeMessage(ds.manager, msg('o_happy'));
      await service.enqueue(ds.manager, WECHAT_SUBSCRIBE_TOPIC, msg('o_refuser'));
      await service.enqueue(ds.manager, WECHAT_SUBSCRIBE_TOPIC, { not: 'a message' });
      fake.failNext(0);
      expect(await worker.runOnce()).toBe(3);
      const [happy, refused, junk] = await rows();
      expect(happy).toMatchObject({ status: 'done', attempts: 1 });
      expect(refused).toMatchObject({ status: 'dropped', attempts: 1 });
      expect(refused.lastError).toContain('43101');
      expect(junk).toMatchObject({ status: 'dropped' });
      expect(fake.sent.map((s) => s.touser)).toEqual(['o_happy']);
      expect(fake.stats.sendCalls).toBe(2);
      clock.advance(2 * 3600_000);
      expect(await worker.runOnce()).toBe(0);
      expect(fake.stats.sendCalls).toBe(2);

      // busy WeChat: retried with backoff
      fake.failNext(1);
      await service.enqueueSubscribeMessage(ds.manager, msg('o_later'));
      expect(await worker.runOnce()).toBe(1);
      expect((await rows())[3]).toMatchObject({ status: 'pending', attempts: 1 });
      clock.advance(60_000);
      expect(await worker.runOnce()).toBe(1);
      expect((await rows())[3]).toMatchObject({ status: 'done', attempts: 2 });
      expect(fake.sent.map((s) => s.touser)).toEqual(['o_happy', 'o_later']);
    } finally {
      await fake.close();
    }
  });

  it('polls by itself when enabled, and stops on destroy', async () => {
    const polling = new OutboxWorker(ds, testConfig(undefined, true, 50), clock);
    const done: number[] = [];
    polling.registerHandler('t', async (p) => {
      done.push(p.n);
    });
    polling.batchSize = 3;
    for (let n = 0; n < 7; n++) await service.enqueue(ds.manager, 't', { n });
    polling.onModuleInit();
    try {
      for (let i = 0; i < 100 && done.length < 7; i++) await sleep(20);
      expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    } finally {
      await polling.onModuleDestroy();
    }
    await service.enqueue(ds.manager, 't', { n: 99 });
    await sleep(200);
    expect(done).not.toContain(99);
  });

  it('a disabled worker does not poll', async () => {
    const idle = new OutboxWorker(ds, testConfig(undefined, false, 50), clock);
    const done: unknown[] = [];
    idle.registerHandler('t', async (p) => {
      done.push(p);
    });
    await service.enqueue(ds.manager, 't', {});
    idle.onModuleInit();
    await sleep(200);
    await idle.onModuleDestroy();
    expect(done).toHaveLength(0);
  });

  if (backend.openAnother) {
    it('two instances claiming at the same time never get the same row', async () => {
      const ds2 = await backend.openAnother!();
      extra.push(ds2);
      const a = new OutboxWorker(ds, testConfig(), clock);
      const b = new OutboxWorker(ds2, testConfig(), clock);
      a.batchSize = 5;
      b.batchSize = 5;
      const total = 60;
      await ds.transaction(async (m) => {
        for (let n = 0; n < total; n++) await service.enqueue(m, 't', { n });
      });

      // raw claims, all at once from both pools
      const claims = await Promise.all([a.claimBatch(), b.claimBatch(), a.claimBatch(), b.claimBatch(), a.claimBatch(), b.claimBatch()]);
      const claimedIds = claims.flat().map((r) => r.id);
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      const processing = await ds.getRepository(OutboxMessage).find({ where: { status: 'processing' } });
      expect(processing.map((r) => r.id).sort((x, y) => x - y)).toEqual([...claimedIds].sort((x, y) => x - y));
      for (const [i, batch] of claims.entries()) {
        const owner = i % 2 === 0 ? a.instanceId : b.instanceId;
        for (const r of batch) expect(processing.find((p) => p.id === r.id)!.lockedBy).toBe(owner);
      }
      // give the claimed rows back
      await ds.getRepository(OutboxMessage).update({ status: 'processing' }, { status: 'pending', lockedBy: null, lockedAt: null });

      // full processing, both instances racing
      const handledBy = new Map<number, string[]>();
      const handler = (who: string) => async (_p: unknown, msg: OutboxMessage) => {
        handledBy.set(msg.id, [...(handledBy.get(msg.id) ?? []), who]);
        await sleep(2);
      };
      a.registerHandler('t', handler('a'));
      b.registerHandler('t', handler('b'));
      for (let round = 0; round < 100; round++) {
        const [na, nb] = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
        if (na === 0 && nb === 0 && (await ds.getRepository(OutboxMessage).countBy({ status: 'pending' })) === 0) break;
      }
      expect(handledBy.size).toBe(total);
      for (const who of handledBy.values()) expect(who).toHaveLength(1);
      expect(await ds.getRepository(OutboxMessage).countBy({ status: 'done' })).toBe(total);
    });
  }

  it('OutboxModule wires the service, the worker and the wechat.subscribe handler', async () => {
    const fake = await startFakeWechat({ appId: APP_ID, secret: SECRET });
    try {
      const cfg = testConfig(fake.baseUrl);
      @Global()
      @Module({
        providers: [
          { provide: DataSource, useValue: ds },
          { provide: APP_CONFIG, useValue: cfg },
          { provide: Clock, useValue: clock },
          { provide: WECHAT_CLIENT, useValue: new LiveWechatClient(cfg, clock) },
        ],
        exports: [DataSource, APP_CONFIG, Clock, WECHAT_CLIENT],
      })
      class TestGlobals {}
      const app = await Test.createTestingModule({ imports: [TestGlobals, OutboxModule] }).compile();
      await app.init();
      try {
        const svc = app.get(OutboxService);
        const w = app.get(OutboxWorker);
        await ds.transaction((m) => svc.enqueueSubscribeMessage(m, { touser: 'o_mod', templateId: 'T', data: { thing1: { value: 'hi' } } }));
        expect(await w.runOnce()).toBe(1);
        expect(fake.sent.map((s) => s.touser)).toEqual(['o_mod']);
      } finally {
        await app.close();
      }
    } finally {
      await fake.close();
    }
  });
});

describe('outboxBackoffMs', () => {
  it('doubles from 30 s, with ±20 % jitter, capped at 1 h', () => {
    expect(outboxBackoffMs(1, () => 0.5)).toBe(30_000);
    expect(outboxBackoffMs(2, () => 0.5)).toBe(60_000);
    expect(outboxBackoffMs(3, () => 0.5)).toBe(120_000);
    expect(outboxBackoffMs(1, () => 0)).toBe(24_000);
    expect(outboxBackoffMs(1, () => 0.999999)).toBeCloseTo(36_000, -1);
    expect(outboxBackoffMs(8, () => 0.5)).toBe(3_600_000);
    expect(outboxBackoffMs(20, () => 0.999)).toBe(3_600_000);
    expect(outboxBackoffMs(20, () => 0)).toBe(2_880_000);
  });
});
