import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// An anti-fraud bulletin of a town: drafted, reviewed by another town admin, published down the
// three levels of WeChat groups.
@Entity('bulletin')
@Index('IDX_bulletin_townId_status', ['townId', 'status'])
@Index('IDX_bulletin_townId_publishedAt', ['townId', 'publishedAt'])
export class Bulletin {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  townPath: string;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 200 })
  summary: string;

  // BodyBlockInput[] from @wuzha/shared (image blocks hold file ids, never URLs)
  @Column({ type: 'simple-json', nullable: true })
  body: unknown;

  @Column({ type: 'varchar', length: 24 })
  category: string;

  @Column({ type: 'simple-json', nullable: true })
  fraudTypes: string[] | null;

  @Column({ type: 'varchar', length: 16 })
  urgency: string;

  // 'town' (every village, community and unit of the town) or 'nodes' (bulletin_target rows)
  @Column({ type: 'varchar', length: 8 })
  scopeKind: string;

  // BulletinStatus from @wuzha/shared
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'datetime', nullable: true })
  forwardDeadline: Date | null;

  @Column({ type: 'datetime', nullable: true })
  publishAt: Date | null;

  @Column({ type: 'int', nullable: true })
  reviewerId: number | null;

  @Column({ type: 'varchar', length: 400, nullable: true })
  returnReason: string | null;

  // msgSecCheck verdict at submit: shown to the human reviewer, never an automatic rejection
  @Column({ type: 'simple-json', nullable: true })
  contentCheck: { suggest: string; label: number; checkedAt: string } | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'datetime', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  publishedAt: Date | null;
}
