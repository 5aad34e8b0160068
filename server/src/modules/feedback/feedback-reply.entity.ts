import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('feedback_reply')
@Index('IDX_feedback_reply_feedbackId', ['feedbackId'])
export class FeedbackReply {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  feedbackId: number;

  @Column({ type: 'int' })
  authorId: number;

  // the node through which the author answers (their role's node above the sender)
  @Column({ type: 'int' })
  authorNodeId: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
