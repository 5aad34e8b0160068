import { DataSource, EntityManager } from 'typeorm';
import { dbTime, isSqlite, rawQuery } from '../../common/raw-query';
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

const INSERT_OPEN = '(bulletinId, groupId, userId, openedAt, confirmedAt) VALUES (?, ?, ?, ?, ?)';
const INSERT_OPEN_SQLITE = `INSERT OR IGNORE INTO bulletin_open ${INSERT_OPEN}`;
const INSERT_OPEN_MYSQL = `INSERT IGNORE INTO bulletin_open ${INSERT_OPEN}`;

// INSERT IGNORE / INSERT OR IGNORE on the unique (bulletinId, groupId, userId): no transaction, no
// read. True when a row was added, false when it was already there.
export async function insertOpenIgnoringDuplicate(ds: DataSource, row: OpenRow): Promise<boolean> {
  const res = await rawQuery(ds, isSqlite(ds) ? INSERT_OPEN_SQLITE : INSERT_OPEN_MYSQL, [
    row.bulletinId,
    row.groupId,
    row.userId,
    dbTime(ds, row.openedAt),
    dbTime(ds, row.confirmedAt),
  ]);
  return (res.affected ?? 0) > 0;
}

// Sets confirmedAt on the row unless already set; true when this call set it.
export async function confirmOpen(ds: DataSource, key: { bulletinId: number; groupId: number; userId: number }, at: Date): Promise<boolean> {
  const res = await rawQuery(ds, 'UPDATE bulletin_open SET confirmedAt = ? WHERE bulletinId = ? AND groupId = ? AND userId = ? AND confirmedAt IS NULL', [
    dbTime(ds, at),
    key.bulletinId,
    key.groupId,
    key.userId,
  ]);
  return (res.affected ?? 0) > 0;
}

// The WeChat group an opengid is bound to, or null (one indexed row: opengid is unique).
export async function groupByOpengid(ds: DataSource, opengid: string): Promise<{ id: number; nodeId: number; nodePath: string; name: string } | null> {
  const res = await rawQuery<{ id: number; nodeId: number; nodePath: string; name: string }>(ds, 'SELECT id, nodeId, nodePath, name FROM wechat_group WHERE opengid = ? LIMIT 1', [opengid]);
  const row = res.rows[0];
  return row ? { id: Number(row.id), nodeId: Number(row.nodeId), nodePath: row.nodePath, name: row.name } : null;
}

const FIRST_CONFIRMED =
  'SELECT confirmedAt FROM bulletin_open WHERE userId = ? AND bulletinId = ? AND confirmedAt IS NOT NULL ORDER BY confirmedAt ASC LIMIT 1';

// The person's first 已阅 of the bulletin (in any group), or null. Served by IDX_bulletin_open_userId_bulletinId.
export async function firstConfirmedAt(manager: EntityManager, bulletinId: number, userId: number): Promise<Date | null> {
  const res = await rawQuery<{ confirmedAt: Date | string | null }>(manager, FIRST_CONFIRMED, [userId, bulletinId]);
  const row = res.rows[0];
  return row?.confirmedAt ? rawDate(row.confirmedAt) : null;
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
