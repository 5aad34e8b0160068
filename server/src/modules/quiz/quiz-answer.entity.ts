import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One submitted answer (bank-order option indices), written with the submit.
@Entity('quiz_answer')
@Index('IDX_quiz_answer_attemptId', ['attemptId'])
export class QuizAnswer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  attemptId: number;

  @Column({ type: 'int' })
  questionId: number;

  @Column({ type: 'int' })
  questionVersionId: number;

  // '0,2' (bank order); '' when left blank
  @Column({ type: 'varchar', length: 32, charset: 'ascii' })
  chosen: string;

  @Column({ type: 'boolean' })
  correct: boolean;
}
