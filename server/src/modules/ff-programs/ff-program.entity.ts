import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { IndicatorDef } from '@wuzha/shared';

// A Fraud-Free rating program of a town: one kind (无诈社区/单位/校园/楼宇), a period whose data counts,
// an application window and an indicator set (weights sum to 100).
@Entity('ff_program')
@Index('IDX_ff_program_townId_status', ['townId', 'status'])
export class FfProgram {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  townPath: string;

  // ProgramKind
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  // China days 'YYYY-MM-DD', inclusive
  @Column({ type: 'varchar', length: 10, charset: 'ascii' })
  periodStart: string;

  @Column({ type: 'varchar', length: 10, charset: 'ascii' })
  periodEnd: string;

  @Column({ type: 'varchar', length: 10, charset: 'ascii' })
  applyFrom: string;

  @Column({ type: 'varchar', length: 10, charset: 'ascii' })
  applyUntil: string;

  @Column({ type: 'int' })
  noticeDays: number;

  @Column({ type: 'int' })
  validityMonths: number;

  @Column({ type: 'simple-json', nullable: true })
  indicators: IndicatorDef[];

  // 'draft' | 'published' | 'closed'
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'int' })
  createdBy: number;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'datetime', nullable: true })
  publishedAt: Date | null;

  // when the batch computation last ran (rankings read its rows)
  @Column({ type: 'datetime', nullable: true })
  computedAt: Date | null;
}
