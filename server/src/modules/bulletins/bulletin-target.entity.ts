import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A village, community or unit a bulletin with scopeKind 'nodes' is sent to.
@Entity('bulletin_target')
@Index('UQ_bulletin_target_bulletinId_nodeId', ['bulletinId', 'nodeId'], { unique: true })
export class BulletinTarget {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  bulletinId: number;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;
}
