import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One version of a pledge text. Locked once a published campaign uses it: an edit then makes version + 1.
@Entity('pledge_template_version')
@Index('UQ_pledge_template_version_templateId_version', ['templateId', 'version'], { unique: true })
export class PledgeTemplateVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  templateId: number;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 60 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  // sha256 hex of the canonical text (pledgeTextHash)
  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  textHash: string;

  @Column({ type: 'boolean' })
  locked: boolean;

  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
