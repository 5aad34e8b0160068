import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A node of the organisation tree (county → town → village/community → grid, schools, units).
@Entity('org_node')
@Index('UQ_org_node_path', ['path'], { unique: true })
@Index('IDX_org_node_parentId', ['parentId'])
export class OrgNode {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', nullable: true })
  parentId: number | null;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  // materialized path '/1/5/23/' (see shared/src/tree.ts); ASCII so the key range is byte-ordered
  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  path: string;

  @Column({ type: 'int' })
  depth: number;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
