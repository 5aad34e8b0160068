import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// 基层反馈: sent up by a cadre from their node; visible to them and to staff above with feedback.read.
@Entity('feedback')
@Index('IDX_feedback_nodePath_lastActivityAt', ['nodePath', 'lastActivityAt'])
@Index('IDX_feedback_authorId', ['authorId'])
export class Feedback {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'int', nullable: true })
  bulletinId: number | null;

  // FeedbackKind from @wuzha/shared
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'simple-json', nullable: true })
  photoIds: number[] | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  lastActivityAt: Date;
}
