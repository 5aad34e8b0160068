import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A person in a campaign: which attempt counts for them (best or last), and its outcome.
@Entity('quiz_participant')
@Index('UQ_quiz_participant_campaignId_userId', ['campaignId', 'userId'], { unique: true })
export class QuizParticipant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'int' })
  countedAttemptId: number;

  @Column({ type: 'int' })
  correct: number;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int' })
  percent: number;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
