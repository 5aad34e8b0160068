import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { BulletinOpen } from './bulletin-open.entity';

// Reads and writes of bulletin_open shared by reach and by the dashboard/bulletins modules.
//
// One row per (bulletin, group, person); groupId 0 = opened outside any group bound in the bulletin's
// scope. A group is reached at its first row; its readers are its rows; its confirmations are its
// rows with confirmedAt. A person confirms (已阅) a bulletin once: the row of the group they tapped
// it in carries the time.

export interface OpenRow {
  bulletinId: number;
  groupId: number;
  userId: number;
  openedAt: Date;
  confirmedAt: Date | null;
}

// INSERT IGNORE / ON CONFLICT DO NOTHING on the unique (bulletinId, groupId, userId): no transaction,
// no read. True when a row was added, false when it was already there.
export async function insertOpenIgnoringDuplicate(ds: DataSource, row: OpenRow): Promise<boolean> {
  const [sql, params] = ds.createQueryBuilder().insert().into(BulletinOpen).values(row).orIgnore().updateEntity(false).getQueryAndParameters();
  // through a query runner for the affected-row count (InsertResult drops it on SQLite)
  const runner = ds.createQueryRunner();
  try {
    const res = await runner.query(sql, params, true);
    return (res.affected ?? 0) > 0;
  } finally {
    await runner.release();
  }
}

// Sets confirmedAt on the row unless already set; true when this call set it.
export async function confirmOpen(ds: DataSource, key: { bulletinId: number; groupId: number; userId: number }, at: Date): Promise<boolean> {
  const res = await ds
    .createQueryBuilder()
    .update(BulletinOpen)
    .set({ confirmedAt: at })
    .where({ bulletinId: key.bulletinId, groupId: key.groupId, userId: key.userId, confirmedAt: IsNull() })
    .execute();
  return (res.affected ?? 0) > 0;
}

// The person's first 已阅 of the bulletin (in any group), or null. Served by IDX_bulletin_open_userId_bulletinId.
export async function firstConfirmedAt(manager: EntityManager, bulletinId: number, userId: number): Promise<Date | null> {
  const row = await manager.findOne(BulletinOpen, {
    where: { userId, bulletinId, confirmedAt: Not(IsNull()) },
    select: { id: true, confirmedAt: true },
    order: { confirmedAt: 'ASC' },
  });
  return row?.confirmedAt ? new Date(row.confirmedAt) : null;
}

export interface GroupReach {
  groupId: number;
  readers: number;
  confirmations: number;
  firstOpenAt: Date;
}

// Per bound group of a bulletin (groupId 0 left out): unique readers, confirmations, first open.
export async function reachByGroup(manager: EntityManager, bulletinId: number): Promise<GroupReach[]> {
  const rows = await manager
    .createQueryBuilder(BulletinOpen, 'o')
    .select('o.groupId', 'groupId')
    .addSelect('COUNT(*)', 'readers')
    .addSelect('COUNT(o.confirmedAt)', 'confirmations')
    .addSelect('MIN(o.openedAt)', 'firstOpenAt')
    .where('o.bulletinId = :bulletinId AND o.groupId > 0', { bulletinId })
    .groupBy('o.groupId')
    .getRawMany<{ groupId: number | string; readers: number | string; confirmations: number | string; firstOpenAt: Date | string }>();
  return rows.map((r) => ({
    groupId: Number(r.groupId),
    readers: Number(r.readers),
    confirmations: Number(r.confirmations),
    firstOpenAt: rawDate(r.firstOpenAt),
  }));
}

// Raw DATETIME values: mysql2 gives a Date; SQLite gives TypeORM's UTC text 'YYYY-MM-DD HH:MM:SS.SSS'.
function rawDate(v: Date | string): Date {
  if (v instanceof Date) return v;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}
