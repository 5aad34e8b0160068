import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One node's duty to forward one bulletin into its WeChat groups. Level 1: a village, community or
// unit (created at publish); level 2: a grid (created when its village forwards).
@Entity('forward_task')
@Index('UQ_forward_task_bulletinId_nodeId', ['bulletinId', 'nodeId'], { unique: true })
@Index('IDX_forward_task_nodeId_status', ['nodeId', 'status'])
@Index('IDX_forward_task_bulletinId_nodePath', ['bulletinId', 'nodePath'])
export class ForwardTask {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  bulletinId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'int' })
  level: number;

  @Column({ type: 'int', nullable: true })
  parentTaskId: number | null;

  // TaskStatus from @wuzha/shared
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'datetime', nullable: true })
  deadline: Date | null;

  @Column({ type: 'datetime', nullable: true })
  forwardedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  forwardedBy: number | null;

  @Column({ type: 'varchar', length: 400, nullable: true })
  offlineNote: string | null;

  @Column({ type: 'int', nullable: true })
  offlinePhotoId: number | null;

  @Column({ type: 'datetime', nullable: true })
  lastRemindedAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
