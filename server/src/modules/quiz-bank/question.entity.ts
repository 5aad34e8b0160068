import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A question's stable identity in a bank: the built-in bank (townId 0) or a town's own.
// Its content lives in versions; attempts keep the version they were drawn with.
@Entity('question')
@Index('UQ_question_townId_code', ['townId', 'code'], { unique: true })
@Index('IDX_question_townId_status', ['townId', 'status'])
export class Question {
  @PrimaryGeneratedColumn()
  id: number;

  // 0: the built-in bank shipped with the product (read-only)
  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  // 'active' | 'retired'
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'int' })
  currentVersionId: number;

  @Column({ type: 'int' })
  version: number;

  // copies of the current version's draw keys, so a paper is drawn from this table alone
  @Column({ type: 'varchar', length: 16 })
  type: string;

  @Column({ type: 'int' })
  difficulty: number;

  // ',order_brushing,fake_loan,' (LIKE '%,x,%' matches a tag)
  @Column({ type: 'varchar', length: 200 })
  tagKey: string;

  // ',elderly,students,'
  @Column({ type: 'varchar', length: 100 })
  audienceKey: string;

  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
