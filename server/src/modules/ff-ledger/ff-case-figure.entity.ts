import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Monthly fraud cases and losses of a village or unit, entered by the police liaison. Aggregates only.
@Entity('ff_case_figure')
@Index('UQ_ff_case_figure_nodeId_month', ['nodeId', 'month'], { unique: true })
@Index('IDX_ff_case_figure_nodePath_month', ['nodePath', 'month'])
export class FfCaseFigure {
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
  month: string;

  @Column({ type: 'int' })
  cases: number;

  @Column({ type: 'int' })
  lossYuan: number;

  @Column({ type: 'int' })
  enteredBy: number;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
