import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A question in a person's 错题本: answered wrong, not yet answered right since or removed.
@Entity('quiz_mistake')
@Index('UQ_quiz_mistake_userId_questionId', ['userId', 'questionId'], { unique: true })
@Index('IDX_quiz_mistake_userId_lastWrongAt', ['userId', 'lastWrongAt'])
export class QuizMistake {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  questionId: number;

  // the version last answered wrong (shown in the book)
  @Column({ type: 'int' })
  questionVersionId: number;

  // bank order
  @Column({ type: 'varchar', length: 32, charset: 'ascii' })
  lastChosen: string;

  @Column({ type: 'int' })
  wrongCount: number;

  @Column({ type: 'datetime' })
  lastWrongAt: Date;
}
