import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { isDuplicateKey } from '../../database/db-errors';
import { SubscribeMessage } from '../wechat/wechat.types';
import { OutboxMessage } from './outbox-message.entity';

export const WECHAT_SUBSCRIBE_TOPIC = 'wechat.subscribe';

export interface EnqueueOptions {
  // a second message with the same key is silently ignored (max 128 chars)
  dedupeKey?: string;
  // do not try before this many ms from now
  delayMs?: number;
}

@Injectable()
export class OutboxService {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  // Writes inside the caller's transaction, so the message exists exactly when the change does.
  // Returns false when the dedupeKey was already taken.
  async enqueue(manager: EntityManager, topic: string, payload: unknown, opts: EnqueueOptions = {}): Promise<boolean> {
    if (!topic || topic.length > 64) throw new Error(`outbox topic must be 1-64 chars: ${topic}`);
    if (opts.dedupeKey !== undefined && (opts.dedupeKey.length === 0 || opts.dedupeKey.length > 128)) {
      throw new Error('outbox dedupeKey must be 1-128 chars');
    }
    const now = this.clock.now();
    // whole seconds: MySQL may round a fractional DATETIME up, which would hide a due message for a moment
    const due = new Date(Math.floor((now.getTime() + Math.max(0, opts.delayMs ?? 0)) / 1000) * 1000);
    try {
      await manager
        .createQueryBuilder()
        .insert()
        .into(OutboxMessage)
        .values({
          topic,
          payload: payload as object,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: due,
          lockedBy: null,
          lockedAt: null,
          lastError: null,
          dedupeKey: opts.dedupeKey ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .updateEntity(false)
        .execute();
      return true;
    } catch (err) {
      // a failed single INSERT does not abort the caller's transaction on MySQL or SQLite
      if (opts.dedupeKey !== undefined && isDuplicateKey(err)) return false;
      throw err;
    }
  }

  // A WeChat subscribe message, sent by the worker after the transaction commits.
  enqueueSubscribeMessage(manager: EntityManager, msg: SubscribeMessage, opts: EnqueueOptions = {}): Promise<boolean> {
    return this.enqueue(manager, WECHAT_SUBSCRIBE_TOPIC, msg, opts);
  }
}
