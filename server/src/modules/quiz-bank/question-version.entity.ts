import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One version of a question's content. Once drawn into a paper it is locked: an edit makes a new version.
@Entity('question_version')
@Index('UQ_question_version_questionId_version', ['questionId', 'version'], { unique: true })
export class QuestionVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  questionId: number;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  type: string;

  @Column({ type: 'varchar', length: 1000 })
  stem: string;

  // string[] in bank order
  @Column({ type: 'simple-json', nullable: true })
  options: string[];

  // indices into options
  @Column({ type: 'simple-json', nullable: true })
  answer: number[];

  @Column({ type: 'text' })
  explanation: string;

  @Column({ type: 'simple-json', nullable: true })
  fraudTypes: string[];

  @Column({ type: 'simple-json', nullable: true })
  audiences: string[];

  @Column({ type: 'int' })
  difficulty: number;

  @Column({ type: 'varchar', length: 400, nullable: true })
  source: string | null;

  // drawn into at least one paper
  @Column({ type: 'boolean' })
  locked: boolean;

  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
