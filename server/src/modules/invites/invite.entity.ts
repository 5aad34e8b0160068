import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// An invite code for a role at a node; opened from a QR code or typed in.
@Entity('invite')
@Index('UQ_invite_code', ['code'], { unique: true })
@Index('IDX_invite_nodePath', ['nodePath'])
@Index('IDX_invite_createdBy', ['createdBy'])
export class Invite {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 8, charset: 'ascii' })
  code: string;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'varchar', length: 24 })
  role: string;

  @Column({ type: 'int' })
  maxUses: number;

  @Column({ type: 'int' })
  uses: number;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'int' })
  createdBy: number;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
