import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A title awarded to an organisation, valid until validUntil; a case or falling indicators put it under
// review; the town keeps or revokes it.
@Entity('ff_award')
@Index('UQ_ff_award_applicationId', ['applicationId'], { unique: true })
@Index('IDX_ff_award_nodePath', ['nodePath'])
@Index('IDX_ff_award_townId_status', ['townId', 'status'])
export class FfAward {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  programId: number;

  @Column({ type: 'int' })
  applicationId: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  // ProgramKind
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'int' })
  scoreX10: number;

  @Column({ type: 'datetime' })
  awardedAt: Date;

  @Column({ type: 'datetime' })
  validUntil: Date;

  // AwardStatus: 'active' | 'review' | 'revoked'
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewReason: string | null;

  @Column({ type: 'datetime', nullable: true })
  reviewOpenedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revokeReason: string | null;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  decidedBy: number | null;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
