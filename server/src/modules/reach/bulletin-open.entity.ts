import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A person opening a bulletin, once per (bulletin, group, person): the hottest write of the product,
// an insert-or-ignore on the unique key. groupId 0: opened outside any bound group (NULL would not be
// unique in either database).
@Entity('bulletin_open')
@Index('UQ_bulletin_open_bulletinId_groupId_userId', ['bulletinId', 'groupId', 'userId'], { unique: true })
@Index('IDX_bulletin_open_userId_bulletinId', ['userId', 'bulletinId'])
@Index('IDX_bulletin_open_bulletinId_confirmedAt', ['bulletinId', 'confirmedAt'])
export class BulletinOpen {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  bulletinId: number;

  @Column({ type: 'int' })
  groupId: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'datetime' })
  openedAt: Date;

  // 已阅: set once
  @Column({ type: 'datetime', nullable: true })
  confirmedAt: Date | null;
}
