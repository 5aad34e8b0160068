import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Append-only record of who did what where; read back scoped by node subtree.
@Entity('audit_log')
@Index('IDX_audit_log_nodePath_id', ['nodePath', 'id'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'int', nullable: true })
  nodeId: number | null;

  @Column({ type: 'varchar', length: 255, charset: 'ascii', nullable: true })
  nodePath: string | null;

  @Column({ type: 'int', nullable: true })
  subjectUserId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @Column({ type: 'simple-json', nullable: true })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  detail: Record<string, any> | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
