import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A pledge text (范本) of a town, or built-in (townId 0, read-only). Its text lives in versions.
@Entity('pledge_template')
@Index('IDX_pledge_template_townId_kind', ['townId', 'kind'])
// a built-in text exists once per code, also when two instances boot together (towns' own have no code)
@Index('UQ_pledge_template_townId_code', ['townId', 'code'], { unique: true })
export class PledgeTemplate {
  @PrimaryGeneratedColumn()
  id: number;

  // 0: built-in
  @Column({ type: 'int' })
  townId: number;

  // stable key of a built-in text (SYS-STUDENT…); null for a town's own
  @Column({ type: 'varchar', length: 32, nullable: true })
  code: string | null;

  // PledgeKind
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'int' })
  currentVersionId: number;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
