import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { WechatApiError } from '../wechat/wechat.types';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { PermanentError } from './outbox.errors';

export type OutboxHandler = (payload: any, msg: OutboxMessage) => Promise<void>;

export const OUTBOX_MAX_ATTEMPTS = 8;
// a row held longer than this belongs to a crashed (or hung) instance
export const OUTBOX_LOCK_TIMEOUT_MS = 5 * 60 * 1000;
export const OUTBOX_BACKOFF_BASE_MS = 30 * 1000;
export const OUTBOX_BACKOFF_MAX_MS = 60 * 60 * 1000;

// Delay before the next try after `failures` failed tries: 30 s·2^(failures-1), ±20 % jitter so a
// burst of failures does not come back as a burst, capped at 1 h.
export function outboxBackoffMs(failures: number, random: () => number = Math.random): number {
  const base = OUTBOX_BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1);
  const jittered = Math.min(base, OUTBOX_BACKOFF_MAX_MS) * (0.8 + 0.4 * random());
  return Math.round(Math.min(jittered, OUTBOX_BACKOFF_MAX_MS));
}

export function isPermanentFailure(err: unknown): boolean {
  return err instanceof PermanentError || (err instanceof WechatApiError && err.permanent);
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 2000 ? text.slice(0, 2000) : text;
}

// Works off outbox_message on every instance. Claims are exclusive: SELECT … FOR UPDATE SKIP LOCKED
// on MySQL/MariaDB; on SQLite (one instance) the same statements without the locking clause.
@Injectable()
export class OutboxWorker implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('OutboxWorker');
  readonly instanceId = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  batchSize = 20;
  // messages of one batch handled at the same time
  concurrency = 4;
  // a handler that hangs must not stall the worker; counts as a transient failure
  handlerTimeoutMs = 60 * 1000;
  // stale locks are looked for at most this often
  reclaimEveryMs = 60 * 1000;
  // finished rows are purged at most this often, this many per statement
  purgeEveryMs = 60 * 60 * 1000;
  purgeBatch = 1000;

  private readonly handlers = new Map<string, OutboxHandler>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  // batches of one instance never overlap: a poll and a test's runOnce() queue up here
  private queue: Promise<unknown> = Promise.resolve();
  private lastReclaimMs = Number.NEGATIVE_INFINITY;
  private lastPurgeMs = Number.NEGATIVE_INFINITY;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  registerHandler(topic: string, handler: OutboxHandler): void {
    if (this.handlers.has(topic)) throw new Error(`outbox handler for ${topic} already registered`);
    this.handlers.set(topic, handler);
  }

  onModuleInit(): void {
    if (!this.config.outbox.enabled) return;
    this.stopped = false;
    this.schedule(this.config.outbox.pollMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // let a batch in flight finish its bookkeeping before the DataSource goes away
    await this.queue;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    // background work never keeps the process alive
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    let processed = 0;
    try {
      processed = await this.runOnce();
    } catch (err) {
      this.log.error(`outbox batch failed: ${describe(err)}`);
    }
    // a full batch means more may be waiting: go again at once
    this.schedule(processed >= this.batchSize ? 0 : this.config.outbox.pollMs);
  }

  // Processes one batch; returns how many messages it handled.
  runOnce(): Promise<number> {
    const run = this.queue.then(() => this.processBatch());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get isMysql(): boolean {
    const type = this.ds.options.type;
    return type === 'mysql' || type === 'mariadb';
  }

  private async processBatch(): Promise<number> {
    if (!this.ds.isInitialized) return 0;
    await this.reclaimStale();
    await this.purgeFinished();
    const batch = await this.claimBatch();
    let next = 0;
    const lanes = Array.from({ length: Math.min(this.concurrency, batch.length) }, async () => {
      while (next < batch.length) await this.process(batch[next++]);
    });
    await Promise.all(lanes);
    return batch.length;
  }

  // Claims up to batchSize due messages for this instance (status → processing).
  async claimBatch(): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const qb = m
        .getRepository(OutboxMessage)
        .createQueryBuilder('o')
        .where('o.status = :status', { status: 'pending' })
        .andWhere('o.nextAttemptAt <= :now', { now })
        .orderBy('o.id', 'ASC')
        .limit(this.batchSize);
      // rows another instance holds are skipped, not waited for
      if (this.isMysql) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
      const rows = await qb.getMany();
      if (rows.length === 0) return [];
      await m
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ status: 'processing', lockedBy: this.instanceId, lockedAt: now, updatedAt: now })
        .where('id IN (:...ids)', { ids: rows.map((r) => r.id) })
        .execute();
      for (const r of rows) Object.assign(r, { status: 'processing', lockedBy: this.instanceId, lockedAt: now, updatedAt: now });
      return rows;
    });
  }

  // Rows stuck in processing past the lock timeout go back to pending (or to failed when they have
  // used their attempts: a message that crashes its worker must not loop forever).
  async reclaimStale(force = false): Promise<number> {
    const nowMs = this.clock.now().getTime();
    if (!force && nowMs - this.lastReclaimMs < this.reclaimEveryMs) return 0;
    this.lastReclaimMs = nowMs;
    const now = new Date(nowMs);
    const cutoff = new Date(nowMs - OUTBOX_LOCK_TIMEOUT_MS);
    const attempts = this.ds.driver.escape('attempts');
    let total = 0;
    for (const target of ['failed', 'pending'] as const) {
      const qb = this.ds
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({
          status: target,
          attempts: () => `${attempts} + 1`,
          lockedBy: null,
          lockedAt: null,
          nextAttemptAt: now,
          lastError: 'lock expired: the instance working on it stopped',
          updatedAt: now,
        })
        .where('status = :processing', { processing: 'processing' })
        .andWhere('lockedAt < :cutoff', { cutoff });
      if (target === 'failed') qb.andWhere(`${attempts} >= :last`, { last: OUTBOX_MAX_ATTEMPTS - 1 });
      const res = await qb.execute();
      total += res.affected ?? 0;
    }
    if (total > 0) this.log.warn(`reclaimed ${total} outbox message(s) from a stopped instance`);
    return total;
  }

  // Deletes done and dropped rows older than the retention, so the table does not grow forever; failed
  // rows stay for someone to look at. Ids first, then DELETE … IN: MariaDB refuses LIMIT in an IN
  // subquery, and short statements keep row locks brief beside the claims of other instances.
  async purgeFinished(force = false): Promise<number> {
    const nowMs = this.clock.now().getTime();
    if (!force && nowMs - this.lastPurgeMs < this.purgeEveryMs) return 0;
    this.lastPurgeMs = nowMs;
    const cutoff = new Date(nowMs - this.config.outbox.retentionDays * 24 * 3600 * 1000);
    const repo = this.ds.getRepository(OutboxMessage);
    let total = 0;
    // bounded per run: a large backlog is worked off over the following hours
    for (let round = 0; round < 20; round++) {
      const ids = await repo
        .createQueryBuilder('o')
        .select('o.id', 'id')
        .where('o.status IN (:...finished)', { finished: ['done', 'dropped'] })
        .andWhere('o.updatedAt < :cutoff', { cutoff })
        .orderBy('o.id', 'ASC')
        .limit(this.purgeBatch)
        .getRawMany<{ id: number | string }>();
      if (ids.length === 0) break;
      const res = await repo.createQueryBuilder().delete().where('id IN (:...ids)', { ids: ids.map((r) => Number(r.id)) }).execute();
      total += res.affected ?? ids.length;
      if (ids.length < this.purgeBatch) break;
    }
    if (total > 0) this.log.log(`purged ${total} finished outbox message(s) older than ${this.config.outbox.retentionDays} days`);
    return total;
  }

  private async process(msg: OutboxMessage): Promise<void> {
    const handler = this.handlers.get(msg.topic);
    const attempts = msg.attempts + 1;
    try {
      // a missing handler is transient: during a rolling deploy a newer instance may know the topic
      if (!handler) throw new Error(`no handler for topic ${msg.topic}`);
      await this.withTimeout(handler(msg.payload, msg));
    } catch (err) {
      const now = this.clock.now();
      if (isPermanentFailure(err)) {
        this.log.warn(`outbox #${msg.id} (${msg.topic}) dropped: ${describe(err)}`);
        await this.finish(msg, { status: 'dropped', attempts, lastError: describe(err) });
      } else if (attempts >= OUTBOX_MAX_ATTEMPTS) {
        this.log.error(`outbox #${msg.id} (${msg.topic}) failed after ${attempts} attempts: ${describe(err)}`);
        await this.finish(msg, { status: 'failed', attempts, lastError: describe(err) });
      } else {
        const nextAttemptAt = new Date(now.getTime() + outboxBackoffMs(attempts));
        await this.finish(msg, { status: 'pending', attempts, lastError: describe(err), nextAttemptAt });
      }
      return;
    }
    await this.finish(msg, { status: 'done', attempts, lastError: null });
  }

  private withTimeout(p: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`handler timed out after ${this.handlerTimeoutMs} ms`)), this.handlerTimeoutMs);
      timer.unref();
    });
    return Promise.race([Promise.resolve(p), timeout]).finally(() => clearTimeout(timer));
  }

  // Only while this instance still holds the row: if it was reclaimed meanwhile, the new holder decides.
  private async finish(
    msg: OutboxMessage,
    fields: { status: OutboxStatus; attempts: number; lastError: string | null; nextAttemptAt?: Date },
  ): Promise<void> {
    const now = this.clock.now();
    try {
      const res = await this.ds
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({
          status: fields.status,
          attempts: fields.attempts,
          lastError: fields.lastError,
          ...(fields.nextAttemptAt ? { nextAttemptAt: fields.nextAttemptAt } : {}),
          lockedBy: null,
          lockedAt: null,
          updatedAt: now,
        })
        .where('id = :id', { id: msg.id })
        .andWhere('status = :processing', { processing: 'processing' })
        .andWhere('lockedBy = :me', { me: this.instanceId })
        .execute();
      if (res.affected === 0) this.log.warn(`outbox #${msg.id}: lost its lock before finishing (reclaimed?)`);
    } catch (err) {
      // the row stays processing and is reclaimed after the lock timeout: at-least-once delivery
      this.log.error(`outbox #${msg.id}: could not record the outcome: ${describe(err)}`);
    }
  }
}
