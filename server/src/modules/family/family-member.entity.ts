import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A family member a person keeps for themselves (e.g. an elderly parent to warn); minimal data.
@Entity('family_member')
@Index('IDX_family_member_ownerUserId', ['ownerUserId'])
export class FamilyMember {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  ownerUserId: number;

  @Column({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  relationship: string;

  @Column({ type: 'int', nullable: true })
  birthYear: number | null;

  // encrypted with DataCipher; never stored in clear
  @Column({ type: 'varchar', length: 255, nullable: true })
  phoneEnc: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
