import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A student on a school's class roster: the denominator of student pledges. Minimal data: name
// (encrypted), student number, optional birth year, optional guardian phone (encrypted + keyed hash).
@Entity('pledge_roster_entry')
@Index('UQ_pledge_roster_entry_schoolId_studentNo', ['schoolId', 'studentNo'], { unique: true })
@Index('IDX_pledge_roster_entry_classPath', ['classPath'])
@Index('IDX_pledge_roster_entry_classId', ['classId'])
@Index('IDX_pledge_roster_entry_guardianPhoneHash', ['guardianPhoneHash'])
export class RosterEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  schoolId: number;

  @Column({ type: 'int' })
  classId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  classPath: string;

  // DataCipher
  @Column({ type: 'varchar', length: 255 })
  nameEnc: string;

  // normalized (normalizeStudentNo)
  @Column({ type: 'varchar', length: 20 })
  studentNo: string;

  @Column({ type: 'int', nullable: true })
  birthYear: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  guardianPhoneEnc: string | null;

  // HMAC of the phone, to find a parent by their verified phone
  @Column({ type: 'varchar', length: 64, charset: 'ascii', nullable: true })
  guardianPhoneHash: string | null;

  // removed from the roster (left the school); signatures made for it stay
  @Column({ type: 'datetime', nullable: true })
  removedAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
