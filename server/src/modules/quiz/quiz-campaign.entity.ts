import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A quiz campaign run by a town, school or unit for some org subtrees.
@Entity('quiz_campaign')
@Index('IDX_quiz_campaign_townId_status', ['townId', 'status'])
@Index('IDX_quiz_campaign_ownerPath', ['ownerPath'])
export class QuizCampaign {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'int' })
  ownerNodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  ownerPath: string;

  // 'exam' | 'practice'
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  intro: string;

  // { nodeId, path }[]: the audience subtrees
  @Column({ type: 'simple-json', nullable: true })
  audience: { nodeId: number; path: string }[];

  @Column({ type: 'simple-json', nullable: true })
  roles: string[];

  @Column({ type: 'datetime' })
  startsAt: Date;

  @Column({ type: 'datetime' })
  endsAt: Date;

  // DrawInput from @wuzha/shared
  @Column({ type: 'simple-json', nullable: true })
  draw: unknown;

  @Column({ type: 'int' })
  questionCount: number;

  @Column({ type: 'boolean' })
  shuffleQuestions: boolean;

  @Column({ type: 'boolean' })
  shuffleOptions: boolean;

  @Column({ type: 'int', nullable: true })
  timeLimitMinutes: number | null;

  @Column({ type: 'int', nullable: true })
  attemptsPerDay: number | null;

  @Column({ type: 'int', nullable: true })
  attemptsTotal: number | null;

  @Column({ type: 'int' })
  passPercent: number;

  // 'best' | 'last'
  @Column({ type: 'varchar', length: 8 })
  counting: string;

  // 'draft' | 'published' | 'closed'
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'int' })
  createdBy: number;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'datetime', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  closedAt: Date | null;
}
