import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One item of a drawn paper: the version, its question, and the display order of its options
// (o[displayIndex] = bank index).
export interface PaperItem {
  v: number;
  q: number;
  o: number[];
}

// What an attempt contributed to the aggregates, kept so that a later counting attempt can replace it.
export interface AttemptTally {
  // fraudType -> [correct, answered]
  t: Record<string, [number, number]>;
  // questionId -> 1 correct / 0 wrong
  q: Record<string, number>;
}

// One person's attempt at a campaign's paper (or a practice paper without a campaign).
@Entity('quiz_attempt')
@Index('IDX_quiz_attempt_userId_campaignId', ['userId', 'campaignId'])
@Index('IDX_quiz_attempt_campaignId_nodePath', ['campaignId', 'nodePath'])
export class QuizAttempt {
  @PrimaryGeneratedColumn()
  id: number;

  // 0: practice on the open bank
  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'int' })
  userId: number;

  // the node the person is counted under (0 for practice)
  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  // 'exam' | 'practice'
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  // 'open' | 'submitted' | 'expired'
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'simple-json', nullable: true })
  paper: PaperItem[];

  // China calendar day of the start (per-day limits)
  @Column({ type: 'varchar', length: 10, charset: 'ascii' })
  dayKey: string;

  @Column({ type: 'datetime' })
  startedAt: Date;

  @Column({ type: 'datetime', nullable: true })
  deadlineAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  elapsedSeconds: number | null;

  @Column({ type: 'int', nullable: true })
  correct: number | null;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int', nullable: true })
  percent: number | null;

  @Column({ type: 'boolean', nullable: true })
  passed: boolean | null;

  @Column({ type: 'int' })
  hiddenCount: number;

  @Column({ type: 'boolean' })
  flagged: boolean;

  @Column({ type: 'simple-json', nullable: true })
  tally: AttemptTally | null;
}
