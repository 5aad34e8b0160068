import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One signature. Records of a campaign form a hash chain: each carries the previous record's hash
// (prevHash) and its own (recordHash over its fields and prevHash), so an altered record is detectable.
@Entity('pledge_signature')
@Index('UQ_pledge_signature_campaignId_subjectKey', ['campaignId', 'subjectKey'], { unique: true })
@Index('UQ_pledge_signature_campaignId_seq', ['campaignId', 'seq'], { unique: true })
@Index('UQ_pledge_signature_code', ['code'], { unique: true })
@Index('IDX_pledge_signature_campaignId_nodePath', ['campaignId', 'nodePath'])
// a roster entry's signature: tracking counts and lists students by their current class (a student may move)
@Index('IDX_pledge_signature_campaignId_rosterEntryId', ['campaignId', 'rosterEntryId'])
@Index('IDX_pledge_signature_signerUserId', ['signerUserId'])
export class PledgeSignature {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  campaignId: number;

  // 1, 2, 3… within the campaign
  @Column({ type: 'int' })
  seq: number;

  // one signature per subject: r:<rosterEntryId>, u:<userId>, n:<unitNodeId>
  @Column({ type: 'varchar', length: 40, charset: 'ascii' })
  subjectKey: string;

  @Column({ type: 'int', nullable: true })
  rosterEntryId: number | null;

  // where it counts: the class, the signer's village/grid, the unit
  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'int' })
  signerUserId: number;

  // SignerType
  @Column({ type: 'varchar', length: 16 })
  signerType: string;

  // DataCipher
  @Column({ type: 'varchar', length: 255 })
  signerNameEnc: string;

  // GuardianRelationship when a guardian signed
  @Column({ type: 'varchar', length: 16, nullable: true })
  relationship: string | null;

  @Column({ type: 'boolean' })
  guardianConsent: boolean;

  @Column({ type: 'varchar', length: 120, nullable: true })
  unitName: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  signerTitle: string | null;

  @Column({ type: 'int' })
  templateVersionId: number;

  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  textHash: string;

  // sha256 hex of the stored PNG
  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  imageHash: string;

  // FileStorage key of the PNG
  @Column({ type: 'varchar', length: 128, charset: 'ascii' })
  imageKey: string;

  // public verification code
  @Column({ type: 'varchar', length: 16, charset: 'ascii' })
  code: string;

  // whole seconds (hashed as ISO text)
  @Column({ type: 'datetime' })
  signedAt: Date;

  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  prevHash: string;

  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  recordHash: string;
}
