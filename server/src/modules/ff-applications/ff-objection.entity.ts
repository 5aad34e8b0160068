import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// An objection raised against an application during its public notice (公示).
@Entity('ff_objection')
@Index('IDX_ff_objection_applicationId', ['applicationId'])
export class FfObjection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  applicationId: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 1000 })
  text: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
