import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A pledge campaign: one text version, an audience and scope, a deadline. Also the head of the
// campaign's signature chain (chainSeq, chainHead), updated in the signing transaction.
@Entity('pledge_campaign')
@Index('IDX_pledge_campaign_townId_status', ['townId', 'status'])
@Index('IDX_pledge_campaign_ownerPath', ['ownerPath'])
export class PledgeCampaign {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'int' })
  ownerNodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  ownerPath: string;

  @Column({ type: 'int' })
  templateId: number;

  @Column({ type: 'int' })
  templateVersionId: number;

  // PledgeKind (of the template)
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  // PledgeAudience
  @Column({ type: 'varchar', length: 16 })
  audience: string;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  intro: string;

  // { nodeId, path }[]
  @Column({ type: 'simple-json', nullable: true })
  scope: { nodeId: number; path: string }[];

  @Column({ type: 'datetime' })
  deadline: Date;

  @Column({ type: 'int' })
  targetPercent: number;

  @Column({ type: 'boolean' })
  guardianSigns: boolean;

  // 'draft' | 'published' | 'closed'
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'int' })
  chainSeq: number;

  @Column({ type: 'varchar', length: 64, charset: 'ascii', nullable: true })
  chainHead: string | null;

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
