import type { IndicatorSheet } from '@wuzha/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// An organisation's application for a program's title, from draft through review and notice to a decision.
@Entity('ff_application')
@Index('UQ_ff_application_programId_nodeId', ['programId', 'nodeId'], { unique: true })
@Index('IDX_ff_application_townId_status', ['townId', 'status'])
@Index('IDX_ff_application_nodePath', ['nodePath'])
export class FfApplication {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  programId: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'int' })
  applicantId: number;

  // ApplicationStatus
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'text' })
  selfAssessment: string;

  // { indicatorKey, note, fileIds }[]
  @Column({ type: 'simple-json', nullable: true })
  evidence: { indicatorKey: string; note: string | null; fileIds: number[] }[];

  // { [manual indicator key]: score }
  @Column({ type: 'simple-json', nullable: true })
  manualScores: Record<string, number> | null;

  // the indicator values at the review (IndicatorSheet), frozen for the notice and the decision
  @Column({ type: 'simple-json', nullable: true })
  snapshot: IndicatorSheet | null;

  @Column({ type: 'int', nullable: true })
  scoreX10: number | null;

  @Column({ type: 'int', nullable: true })
  reviewerId: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reviewComment: string | null;

  @Column({ type: 'datetime', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  noticeEndsAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
