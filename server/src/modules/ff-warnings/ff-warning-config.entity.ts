import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WarningRules } from '@wuzha/shared';

// A town's warning rules (defaults apply until a town admin saves its own).
@Entity('ff_warning_config')
@Index('UQ_ff_warning_config_townId', ['townId'], { unique: true })
export class FfWarningConfig {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  townId: number;

  @Column({ type: 'simple-json', nullable: true })
  rules: WarningRules;

  @Column({ type: 'int' })
  updatedBy: number;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
