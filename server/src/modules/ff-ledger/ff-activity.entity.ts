import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A propaganda activity in the ledger (宣传活动台账) of a village, school, unit…
@Entity('ff_activity')
@Index('IDX_ff_activity_nodePath_day', ['nodePath', 'day'])
@Index('IDX_ff_activity_townId_day', ['townId', 'day'])
export class FfActivity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  // China day 'YYYY-MM-DD'
  @Column({ type: 'varchar', length: 10, charset: 'ascii' })
  day: string;

  @Column({ type: 'varchar', length: 120 })
  place: string;

  // ActivityKind
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'int' })
  peopleReached: number;

  @Column({ type: 'simple-json', nullable: true })
  photoIds: number[];

  @Column({ type: 'int' })
  createdBy: number;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
