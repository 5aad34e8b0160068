import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One issued refresh token. Only its sha256 is stored. Tokens rotated from one login share a family,
// so a replayed (used or revoked) token can revoke every token of that login.
@Entity('refresh_token')
@Index('UQ_refresh_token_tokenHash', ['tokenHash'], { unique: true })
@Index('IDX_refresh_token_familyId', ['familyId'])
@Index('IDX_refresh_token_userId', ['userId'])
export class RefreshToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 32, charset: 'ascii' })
  familyId: string;

  // sha256 hex of the opaque token
  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  tokenHash: string;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  // set when this token was exchanged for the next one
  @Column({ type: 'datetime', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
