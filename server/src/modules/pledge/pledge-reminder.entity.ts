import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Someone allowed reminders for a campaign (each accepted subscribe request is one credit): a guardian
// for a roster entry, or a resident/staff member for themself (rosterEntryId 0).
@Entity('pledge_reminder')
@Index('UQ_pledge_reminder_campaignId_userId_rosterEntryId', ['campaignId', 'userId', 'rosterEntryId'], { unique: true })
@Index('IDX_pledge_reminder_campaignId_rosterEntryId', ['campaignId', 'rosterEntryId'])
export class PledgeReminder {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  campaignId: number;

  @Column({ type: 'int' })
  userId: number;

  // 0: the user themself
  @Column({ type: 'int' })
  rosterEntryId: number;

  @Column({ type: 'int' })
  credits: number;

  @Column({ type: 'datetime', nullable: true })
  lastSentAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
