import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// The colour of a village or unit for a month, with its reasons (recomputed on demand).
@Entity('ff_warning')
@Index('UQ_ff_warning_nodeId_period', ['nodeId', 'period'], { unique: true })
@Index('IDX_ff_warning_townId_period', ['townId', 'period'])
export class FfWarning {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  // 'YYYY-MM'
  @Column({ type: 'varchar', length: 7, charset: 'ascii' })
  period: string;

  // WarningColour
  @Column({ type: 'varchar', length: 8 })
  colour: string;

  // WarningReasonView[]
  @Column({ type: 'simple-json', nullable: true })
  reasons: { reason: string; colour: string; detail: string }[];

  @Column({ type: 'datetime' })
  computedAt: Date;
}
