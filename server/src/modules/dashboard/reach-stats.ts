import { Inject, Injectable } from '@nestjs/common';
import { isInSubtree, LevelStats, pathIds, ReachTotals } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { BulletinScope, groupInScope, groupsInScopeWhere } from '../bulletins/bulletin-scope';
import { WechatGroup } from '../groups/wechat-group.entity';
import { subtreeWhere } from '../org/access.service';
import { ForwardTask } from '../tasks/forward-task.entity';
import { median, minutesBetween, percentile, round1 } from './stats-math';

export const TASK_LEVELS = [1, 2] as const;

export interface StatsBulletin {
  id: number;
  publishedAt: Date;
  scope: BulletinScope;
}

export interface RowStats {
  task: ForwardTask;
  overdue: boolean;
  minutesToForward: number | null;
  groupsRegistered: number;
  groupsReached: number;
  readers: number;
  confirmations: number;
}

export interface BulletinStats {
  levels: LevelStats[];
  totals: ReachTotals;
  // one per forwarding task under the node, each village followed by its grids
  rows: RowStats[];
}

type GroupRef = Pick<WechatGroup, 'id' | 'nodeId' | 'nodePath'>;
type Num = number | string;
// the bucket of counted groups above every task row (the town's own group)
const NO_ROW = -1;

// Forwarding and reach numbers of published bulletins, seen from one node (the town or a node inside
// it), in a fixed number of queries whatever the size; only aggregates leave the database.
//
// Reach is read from bulletin_open on its unique key (bulletinId, groupId, userId): a group is reached
// at its first row, its readers are its rows. A person is counted once per task row and once in the
// totals, however many of its groups they opened the bulletin from; 已阅 is carried by one row per
// person and bulletin (see reach.queries.ts), so confirmations add up across rows.
@Injectable()
export class ReachStats {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  // One bulletin with a row per forwarding task under the node.
  async bulletin(nodePath: string, b: StatsBulletin, now: Date, manager: EntityManager = this.ds.manager): Promise<BulletinStats> {
    const [tasks, groups] = await Promise.all([this.tasksUnder(manager, nodePath, [b.id]), this.groupsUnder(manager, nodePath, b.scope)]);
    const rows = toRows(b, tasks, now);
    // each counted group goes to the deepest task at or above its node: a grid's group to the grid's
    // row, a group of a building inside a grid to that grid too; the town's own group to no row
    const rowByPath = new Map(rows.map((r, i) => [r.task.nodePath, i]));
    const rowOf = new Map(groups.map((g) => [g.id, deepestRow(g.nodePath, rowByPath)]));
    for (const [, i] of rowOf) if (i !== NO_ROW) rows[i].groupsRegistered++;

    const all = (await this.allReach(manager, [b], nodePath)).get(b.id);
    const totals: ReachTotals = {
      groupsRegistered: groups.length,
      groupsReached: 0,
      readers: 0,
      confirmations: 0,
      offlineForwards: countOffline(tasks),
      allReaders: all?.readers ?? 0,
      allConfirmations: all?.confirmers ?? 0,
    };
    if (groups.length > 0) {
      const [perRow, readers] = await Promise.all([this.perRow(manager, b.id, rowOf), this.distinctReaders(manager, b.id, [...rowOf.keys()])]);
      for (const r of perRow) {
        const i = Number(r.rk);
        totals.groupsReached += Number(r.reached);
        totals.confirmations += Number(r.confirmers);
        if (i === NO_ROW) continue;
        rows[i].groupsReached = Number(r.reached);
        rows[i].readers = Number(r.readers);
        rows[i].confirmations = Number(r.confirmers);
      }
      totals.readers = readers;
    }
    return { levels: levelStats(rows), totals, rows };
  }

  // Several bulletins (a period): levels and totals per bulletin, rows without reach numbers.
  async period(nodePath: string, bulletins: readonly StatsBulletin[], now: Date, manager: EntityManager = this.ds.manager): Promise<Map<number, BulletinStats>> {
    const result = new Map<number, BulletinStats>();
    if (bulletins.length === 0) return result;
    const [tasks, groups] = await Promise.all([this.tasksUnder(manager, nodePath, bulletins.map((b) => b.id)), this.groupsUnder(manager, nodePath, null)]);

    // bulletins counting the same groups (most are town-wide) share one GROUP BY bulletinId
    const bySet = new Map<string, { groupIds: number[]; bulletinIds: number[] }>();
    const counted = new Map<number, number>();
    for (const b of bulletins) {
      const groupIds = groups.filter((g) => groupInScope(b.scope, g)).map((g) => g.id);
      counted.set(b.id, groupIds.length);
      const key = groupIds.join(',');
      const set = bySet.get(key) ?? { groupIds, bulletinIds: [] };
      set.bulletinIds.push(b.id);
      bySet.set(key, set);
    }
    const reach = new Map<number, { reached: number; readers: number; confirmers: number }>();
    const all = await this.allReach(manager, bulletins, nodePath);
    const sets = [...bySet.values()].filter((s) => s.groupIds.length > 0);
    for (const part of await Promise.all(sets.map((s) => this.perBulletin(manager, s.bulletinIds, s.groupIds)))) {
      for (const r of part) reach.set(Number(r.bulletinId), { reached: Number(r.reached), readers: Number(r.readers), confirmers: Number(r.confirmers) });
    }

    for (const b of bulletins) {
      const own = tasks.filter((t) => t.bulletinId === b.id);
      const rows = toRows(b, own, now);
      const r = reach.get(b.id);
      result.set(b.id, {
        levels: levelStats(rows),
        totals: {
          groupsRegistered: counted.get(b.id) ?? 0,
          groupsReached: r?.reached ?? 0,
          readers: r?.readers ?? 0,
          confirmations: r?.confirmers ?? 0,
          offlineForwards: countOffline(own),
          allReaders: all.get(b.id)?.readers ?? 0,
          allConfirmations: all.get(b.id)?.confirmers ?? 0,
        },
        rows,
      });
    }
    return result;
  }

  private tasksUnder(manager: EntityManager, nodePath: string, bulletinIds: number[]): Promise<ForwardTask[]> {
    // IDX_forward_task_bulletinId_nodePath
    const under = subtreeWhere('t.nodePath', [nodePath], 'tn');
    return manager.createQueryBuilder(ForwardTask, 't').where('t.bulletinId IN (:...bulletinIds)', { bulletinIds }).andWhere(under.sql, under.params).getMany();
  }

  // Groups bound under the node (IDX_wechat_group_nodePath), narrowed to one bulletin's scope if given.
  private groupsUnder(manager: EntityManager, nodePath: string, scope: BulletinScope | null): Promise<GroupRef[]> {
    const under = subtreeWhere('g.nodePath', [nodePath], 'gn');
    const qb = manager.createQueryBuilder(WechatGroup, 'g').select(['g.id', 'g.nodeId', 'g.nodePath']).where(under.sql, under.params);
    if (scope) {
      const inScope = groupsInScopeWhere(scope, 'g');
      qb.andWhere(inScope.sql, inScope.params);
    }
    return qb.getMany();
  }

  // Per task row: groups reached, distinct readers, distinct confirmers. The group → row map goes in as
  // a VALUES list joined on the unique key's prefix (bulletinId, groupId): one index range per group,
  // one GROUP BY, a row per task row out (never a row per open).
  private perRow(manager: EntityManager, bulletinId: number, rowOf: Map<number, number>) {
    const mysql = this.ds.options.type === 'mysql';
    // MySQL 8 spells a table value constructor with ROW(); MariaDB and SQLite without
    const tuple = mysql ? 'ROW(?, ?)' : '(?, ?)';
    const values = [...rowOf.keys()].map(() => tuple).join(', ');
    const params = [...rowOf.entries()].flat();
    return manager.query<Array<{ rk: Num; reached: Num; readers: Num; confirmers: Num }>>(
      `WITH m (gid, rk) AS (VALUES ${values})
       SELECT m.rk AS rk, COUNT(DISTINCT o.groupId) AS reached, COUNT(DISTINCT o.userId) AS readers,
              COUNT(DISTINCT CASE WHEN o.confirmedAt IS NOT NULL THEN o.userId END) AS confirmers
         FROM m INNER JOIN bulletin_open o ON o.bulletinId = ? AND o.groupId = m.gid
        GROUP BY m.rk`,
      [...params, bulletinId],
    );
  }

  // Everyone who opened each bulletin in the app by any route, each once (the unique key's prefix).
  // Seen from below a bulletin's town, only people holding a membership under the node count.
  private async allReach(manager: EntityManager, bulletins: readonly StatsBulletin[], nodePath: string): Promise<Map<number, { readers: number; confirmers: number }>> {
    const result = new Map<number, { readers: number; confirmers: number }>();
    const [whole, below] = [bulletins.filter((b) => isInSubtree(b.scope.townPath, nodePath)), bulletins.filter((b) => !isInSubtree(b.scope.townPath, nodePath))];
    for (const [part, narrowed] of [[whole, false], [below, true]] as const) {
      if (part.length === 0) continue;
      const qb = manager
        .createQueryBuilder()
        .select('o.bulletinId', 'bulletinId')
        .addSelect('COUNT(DISTINCT o.userId)', 'readers')
        .addSelect('COUNT(DISTINCT CASE WHEN o.confirmedAt IS NOT NULL THEN o.userId END)', 'confirmers')
        .from('bulletin_open', 'o')
        .where('o.bulletinId IN (:...ids)', { ids: part.map((b) => b.id) })
        .groupBy('o.bulletinId');
      if (narrowed) {
        const under = subtreeWhere('m.nodePath', [nodePath], 'an');
        qb.andWhere(`EXISTS (SELECT 1 FROM membership m WHERE m.userId = o.userId AND ${under.sql})`, under.params);
      }
      for (const r of await qb.getRawMany<{ bulletinId: Num; readers: Num; confirmers: Num }>()) {
        result.set(Number(r.bulletinId), { readers: Number(r.readers), confirmers: Number(r.confirmers) });
      }
    }
    return result;
  }

  // People who opened the bulletin from any of these groups, each once (index-only).
  private async distinctReaders(manager: EntityManager, bulletinId: number, groupIds: number[]): Promise<number> {
    const row = await manager
      .createQueryBuilder()
      .select('COUNT(DISTINCT o.userId)', 'readers')
      .from('bulletin_open', 'o')
      .where('o.bulletinId = :bulletinId', { bulletinId })
      .andWhere('o.groupId IN (:...groupIds)', { groupIds })
      .getRawOne<{ readers: Num }>();
    return Number(row?.readers ?? 0);
  }

  private perBulletin(manager: EntityManager, bulletinIds: number[], groupIds: number[]) {
    return manager
      .createQueryBuilder()
      .select('o.bulletinId', 'bulletinId')
      .addSelect('COUNT(DISTINCT o.groupId)', 'reached')
      .addSelect('COUNT(DISTINCT o.userId)', 'readers')
      .addSelect('COUNT(DISTINCT CASE WHEN o.confirmedAt IS NOT NULL THEN o.userId END)', 'confirmers')
      .from('bulletin_open', 'o')
      .where('o.bulletinId IN (:...bulletinIds)', { bulletinIds })
      .andWhere('o.groupId IN (:...groupIds)', { groupIds })
      .groupBy('o.bulletinId')
      .getRawMany<{ bulletinId: Num; reached: Num; readers: Num; confirmers: Num }>();
  }
}

function toRows(b: StatsBulletin, tasks: ForwardTask[], now: Date): RowStats[] {
  return [...tasks]
    .sort((x, y) => comparePaths(x.nodePath, y.nodePath))
    .map((task) => ({
      task,
      overdue: isOverdue(task, now),
      minutesToForward: task.forwardedAt ? minutesBetween(b.publishedAt, task.forwardedAt) : null,
      groupsRegistered: 0,
      groupsReached: 0,
      readers: 0,
      confirmations: 0,
    }));
}

const countOffline = (tasks: ForwardTask[]) => tasks.filter((t) => t.status === 'offline').length;

export function isOverdue(task: Pick<ForwardTask, 'status' | 'deadline'>, now: Date): boolean {
  return task.status === 'pending' && !!task.deadline && new Date(task.deadline).getTime() < now.getTime();
}

// Per level: task counts by status and minutes from publish to forward (forwarded or offline).
export function levelStats(rows: readonly RowStats[]): LevelStats[] {
  return TASK_LEVELS.map((level) => {
    const mine = rows.filter((r) => r.task.level === level);
    const minutes = mine.map((r) => r.minutesToForward).filter((m): m is number => m !== null);
    return {
      level,
      total: mine.length,
      forwarded: mine.filter((r) => r.task.status === 'forwarded').length,
      offline: mine.filter((r) => r.task.status === 'offline').length,
      pending: mine.filter((r) => r.task.status === 'pending').length,
      overdue: mine.filter((r) => r.overdue).length,
      medianMinutesToForward: round1(median(minutes)),
      p90MinutesToForward: round1(percentile(minutes, 0.9)),
    };
  });
}

// Tree order: a village, then its grids, villages by id.
export function comparePaths(a: string, b: string): number {
  const x = pathIds(a);
  const y = pathIds(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// Index of the row of the deepest task at or above `path`, or NO_ROW.
function deepestRow(path: string, rowByPath: Map<string, number>): number {
  let p = path;
  while (p.length > 1) {
    const row = rowByPath.get(p);
    if (row !== undefined) return row;
    p = p.slice(0, p.lastIndexOf('/', p.length - 2) + 1);
  }
  return NO_ROW;
}
