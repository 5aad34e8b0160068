import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'processing' | 'done' | 'failed' | 'dropped';

// One unit of background work (e.g. a subscribe message), written in the same transaction as the
// change that causes it and worked off by OutboxWorker on any instance.
@Entity('outbox_message')
@Index('IDX_outbox_message_status_nextAttemptAt', ['status', 'nextAttemptAt'])
@Index('UQ_outbox_message_dedupeKey', ['dedupeKey'], { unique: true })
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  topic: string;

  @Column({ type: 'simple-json', nullable: true })
  payload: unknown;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'datetime' })
  nextAttemptAt: Date;

  // instance that claimed the row; with lockedAt, lets a crashed instance's rows be reclaimed
  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  @Column({ type: 'datetime', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  // NULLs never collide, so only messages that ask for dedupe are deduped
  @Column({ type: 'varchar', length: 128, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
