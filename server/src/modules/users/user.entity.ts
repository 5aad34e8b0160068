import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A person who logged in through WeChat. Sensitive fields are encrypted at rest (DataCipher).
@Entity('user_account')
@Index('UQ_user_account_openid', ['openid'], { unique: true })
@Index('IDX_user_account_phoneHash', ['phoneHash'])
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  // typed by the person ('' until then): WeChat never gives the real name
  @Column({ type: 'varchar', length: 32 })
  displayName: string;

  @Column({ type: 'boolean' })
  nameSet: boolean;

  // AES-256-GCM `v1:<iv>:<tag>:<ct>`
  @Column({ type: 'text', nullable: true })
  phoneEnc: string | null;

  // HMAC-SHA256 of the phone number, for lookups without decrypting
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  // WeChat session_key, encrypted; never leaves the server
  @Column({ type: 'text', nullable: true })
  sessionKeyEnc: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'datetime' })
  lastLoginAt: Date;
}
