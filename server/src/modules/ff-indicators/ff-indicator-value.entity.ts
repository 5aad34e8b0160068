import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One organisation's indicator values in a program, as the last batch computation found them.
@Entity('ff_indicator_value')
@Index('UQ_ff_indicator_value_programId_nodeId', ['programId', 'nodeId'], { unique: true })
@Index('IDX_ff_indicator_value_programId_nodePath', ['programId', 'nodePath'])
export class FfIndicatorValue {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  programId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  // { [indicatorKey]: { v: value | null, n?: numerator, d?: denominator, s: score } }
  @Column({ type: 'simple-json', nullable: true })
  vals: Record<string, { v: number | null; n?: number; d?: number; s: number }>;

  // total score × 10 (one decimal, as an integer so both databases sort it alike)
  @Column({ type: 'int' })
  totalX10: number;

  @Column({ type: 'datetime' })
  computedAt: Date;
}
