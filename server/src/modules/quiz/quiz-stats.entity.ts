import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Aggregates kept by every submit, one row per (campaign, node a person is counted under, …).
// Statistics sum them over a subtree's key range; attempts are never scanned on read.

@Entity('quiz_node_stat')
@Index('UQ_quiz_node_stat_campaignId_nodeId', ['campaignId', 'nodeId'], { unique: true })
@Index('IDX_quiz_node_stat_campaignId_nodePath', ['campaignId', 'nodePath'])
export class QuizNodeStat {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  // over counting attempts
  @Column({ type: 'int' })
  participants: number;

  @Column({ type: 'int' })
  passed: number;

  @Column({ type: 'int' })
  correct: number;

  @Column({ type: 'int' })
  answered: number;

  // over every submitted attempt
  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'int' })
  flagged: number;
}

@Entity('quiz_type_stat')
@Index('UQ_quiz_type_stat_campaignId_nodeId_fraudType', ['campaignId', 'nodeId', 'fraudType'], { unique: true })
// covering (the many rows of a town: nodes × types, nodes × questions): sums read from the index alone
@Index('IDX_quiz_type_stat_cover', ['campaignId', 'nodePath', 'fraudType', 'correct', 'answered'])
@Index('IDX_quiz_type_stat_nodePath_cover', ['nodePath', 'campaignId', 'fraudType', 'correct', 'answered'])
export class QuizTypeStat {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'varchar', length: 32 })
  fraudType: string;

  @Column({ type: 'int' })
  correct: number;

  @Column({ type: 'int' })
  answered: number;
}

@Entity('quiz_question_stat')
@Index('UQ_quiz_question_stat_campaignId_nodeId_questionId', ['campaignId', 'nodeId', 'questionId'], { unique: true })
@Index('IDX_quiz_question_stat_cover', ['campaignId', 'nodePath', 'questionId', 'correct', 'answered'])
export class QuizQuestionStat {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'int' })
  questionId: number;

  @Column({ type: 'int' })
  correct: number;

  @Column({ type: 'int' })
  answered: number;
}

// Every submitted attempt by the China-time week it was submitted in.
@Entity('quiz_week_stat')
@Index('UQ_quiz_week_stat_campaignId_nodeId_weekStart', ['campaignId', 'nodeId', 'weekStart'], { unique: true })
@Index('IDX_quiz_week_stat_campaignId_nodePath', ['campaignId', 'nodePath'])
export class QuizWeekStat {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'varchar', length: 10, charset: 'ascii' })
  weekStart: string;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'int' })
  passed: number;

  @Column({ type: 'int' })
  correct: number;

  @Column({ type: 'int' })
  answered: number;
}
