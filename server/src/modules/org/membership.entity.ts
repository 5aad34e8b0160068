import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MembershipSource = 'seed' | 'self_join' | 'invite';

// A role a person holds at an org node.
@Entity('membership')
@Index('UQ_membership_userId_nodeId_role', ['userId', 'nodeId', 'role'], { unique: true })
@Index('IDX_membership_nodePath', ['nodePath'])
@Index('IDX_membership_userId', ['userId'])
@Index('IDX_membership_nodeId_role', ['nodeId', 'role'])
// covering index of quiz populations (distinct holders of some roles in a subtree)
@Index('IDX_membership_nodePath_role_userId', ['nodePath', 'role', 'userId'])
export class Membership {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  nodeId: number;

  // copy of org_node.path (paths never change): subtree member lists are an index range scan
  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'varchar', length: 24 })
  role: string;

  @Column({ type: 'varchar', length: 16 })
  source: MembershipSource;

  @Column({ type: 'int', nullable: true })
  inviteId: number | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
