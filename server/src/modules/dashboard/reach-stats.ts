import { Inject, Injectable } from '@nestjs/common';
import { LevelStats, pathIds, ReachTotals } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { BulletinScope, groupInScope, groupsInScopeWhere } from '../bulletins/bulletin-scope';
import { WechatGroup } from '../groups/wechat-group.entity';
import { subtreeWhere } from '../org/access.service';
import { BulletinOpen } from '../reach/bulletin-open.entity';
import { ForwardTask } from '../tasks/forward-task.entity';
import { median, minutesBetween, percentile, round1 } from './stats-math';

export const TASK_LEVELS = [1, 2] as const;
// Above this many groups the open queries read the bulletins' whole key range and filter in memory
// rather than sending a huge IN list.
const MAX_GROUP_IN_LIST = 2000;

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

// Forwarding and reach numbers of published bulletins, seen from one node (the town or a node inside
// it). A fixed number of queries whatever the size: the tasks and groups under the node, then three
// GROUP BY reads of bulletin_open on its unique key's prefix (bulletinId, groupId): readers per group,
// the people counted in more than one group (so each is counted once), and who confirmed. Groups are
// mapped to task rows in memory.
@Injectable()
export class ReachStats {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async compute(nodePath: string, bulletins: readonly StatsBulletin[], now: Date, manager: EntityManager = this.ds.manager): Promise<Map<number, BulletinStats>> {
    const result = new Map<number, BulletinStats>();
    if (bulletins.length === 0) return result;
    const bulletinIds = bulletins.map((b) => b.id);

    const under = subtreeWhere('t.nodePath', [nodePath], 'tn');
    const tasks = await manager
      .createQueryBuilder(ForwardTask, 't')
      .where('t.bulletinId IN (:...bulletinIds)', { bulletinIds })
      .andWhere(under.sql, under.params)
      .getMany();

    const groups = await this.groupsUnder(manager, nodePath, bulletins);
    // the groups that count for each bulletin (bound at its town node or inside its targets)
    const counted = new Map<number, GroupRef[]>(bulletins.map((b) => [b.id, groups.filter((g) => groupInScope(b.scope, g))]));
    const countedIds = [...new Set([...counted.values()].flat().map((g) => g.id))];
    const opens = await this.openAggregates(manager, bulletinIds, countedIds);

    for (const b of bulletins) {
      const own = tasks.filter((t) => t.bulletinId === b.id);
      result.set(b.id, this.assemble(b, own, counted.get(b.id) ?? [], opens, now));
    }
    return result;
  }

  private async groupsUnder(manager: EntityManager, nodePath: string, bulletins: readonly StatsBulletin[]): Promise<GroupRef[]> {
    const under = subtreeWhere('g.nodePath', [nodePath], 'gn');
    const qb = manager.createQueryBuilder(WechatGroup, 'g').select(['g.id', 'g.nodeId', 'g.nodePath']).where(under.sql, under.params);
    // one bulletin: narrow to its scope in SQL too (a bulletin to a few villages reads only their groups)
    if (bulletins.length === 1) {
      const inScope = groupsInScopeWhere(bulletins[0].scope, 'g');
      qb.andWhere(inScope.sql, inScope.params);
    }
    return qb.getMany();
  }

  private async openAggregates(manager: EntityManager, bulletinIds: number[], groupIds: number[]): Promise<OpenAggregates> {
    const agg: OpenAggregates = { readers: new Map(), multi: new Map(), confirmed: new Map() };
    if (groupIds.length === 0) return agg;
    const base = () => {
      const qb = manager.createQueryBuilder().from(BulletinOpen, 'o').where('o.bulletinId IN (:...bulletinIds)', { bulletinIds });
      if (groupIds.length <= MAX_GROUP_IN_LIST) qb.andWhere('o.groupId IN (:...groupIds)', { groupIds });
      else qb.andWhere('o.groupId > 0');
      return qb;
    };

    // index-only: (bulletinId, groupId, userId) is the unique key, so COUNT(*) per group is its readers
    const perGroup = await base()
      .select('o.bulletinId', 'bulletinId')
      .addSelect('o.groupId', 'groupId')
      .addSelect('COUNT(*)', 'readers')
      .groupBy('o.bulletinId')
      .addGroupBy('o.groupId')
      .getRawMany<{ bulletinId: number | string; groupId: number | string; readers: number | string }>();
    for (const r of perGroup) agg.readers.set(key(r.bulletinId, r.groupId), Number(r.readers));

    // people who opened from several counted groups: without them a person would count once per group
    const multi = await base()
      .select('o.bulletinId', 'bulletinId')
      .addSelect('o.userId', 'userId')
      .addSelect('GROUP_CONCAT(o.groupId)', 'groupIds')
      .groupBy('o.bulletinId')
      .addGroupBy('o.userId')
      .having('COUNT(*) > 1')
      .getRawMany<UserGroupsRaw>();
    collectUserGroups(multi, agg.multi);

    // 已阅 per person (whichever of their rows carries it), counted once per person
    const confirmed = await base()
      .andWhere('o.confirmedAt IS NOT NULL')
      .select('o.bulletinId', 'bulletinId')
      .addSelect('o.userId', 'userId')
      .addSelect('GROUP_CONCAT(o.groupId)', 'groupIds')
      .groupBy('o.bulletinId')
      .addGroupBy('o.userId')
      .getRawMany<UserGroupsRaw>();
    collectUserGroups(confirmed, agg.confirmed);
    return agg;
  }

  private assemble(b: StatsBulletin, tasks: ForwardTask[], groups: GroupRef[], opens: OpenAggregates, now: Date): BulletinStats {
    const sorted = [...tasks].sort((x, y) => comparePaths(x.nodePath, y.nodePath));
    const rows: RowStats[] = sorted.map((task) => ({
      task,
      overdue: isOverdue(task, now),
      minutesToForward: task.forwardedAt ? minutesBetween(b.publishedAt, task.forwardedAt) : null,
      groupsRegistered: 0,
      groupsReached: 0,
      readers: 0,
      confirmations: 0,
    }));
    const rowByPath = new Map(rows.map((r) => [r.task.nodePath, r]));
    // a group counts for the deepest task at or above its node (a grid's group for the grid's row,
    // a group of a building inside a grid for that grid too); groups above every task (the town's
    // own group) count only in the totals
    const rowOfGroup = new Map<number, RowStats | null>();
    for (const g of groups) rowOfGroup.set(g.id, deepestRow(g.nodePath, rowByPath));

    const totals: ReachTotals = { groupsRegistered: groups.length, groupsReached: 0, readers: 0, confirmations: 0, offlineForwards: 0 };
    for (const g of groups) {
      const readers = opens.readers.get(key(b.id, g.id)) ?? 0;
      const row = rowOfGroup.get(g.id) ?? null;
      if (row) row.groupsRegistered++;
      if (readers === 0) continue;
      totals.groupsReached++;
      totals.readers += readers;
      if (row) {
        row.groupsReached++;
        row.readers += readers;
      }
    }
    // a person counted in k groups was added k times: take back k - 1 (in the totals and per row)
    for (const gids of opens.multi.get(b.id)?.values() ?? []) {
      const mine = gids.filter((id) => rowOfGroup.has(id));
      if (mine.length > 1) totals.readers -= mine.length - 1;
      const perRow = new Map<RowStats, number>();
      for (const id of mine) {
        const row = rowOfGroup.get(id);
        if (row) perRow.set(row, (perRow.get(row) ?? 0) + 1);
      }
      for (const [row, k] of perRow) row.readers -= k - 1;
    }
    for (const gids of opens.confirmed.get(b.id)?.values() ?? []) {
      const mine = gids.filter((id) => rowOfGroup.has(id));
      if (mine.length === 0) continue;
      totals.confirmations++;
      const hit = new Set(mine.map((id) => rowOfGroup.get(id)).filter((r): r is RowStats => !!r));
      for (const row of hit) row.confirmations++;
    }
    totals.offlineForwards = tasks.filter((t) => t.status === 'offline').length;
    return { levels: levelStats(rows), totals, rows };
  }
}

interface OpenAggregates {
  // `${bulletinId}:${groupId}` → readers
  readers: Map<string, number>;
  // bulletinId → userId → counted groups the person opened from (only people with several)
  multi: Map<number, Map<number, number[]>>;
  // bulletinId → userId → groups of the person's confirmed rows
  confirmed: Map<number, Map<number, number[]>>;
}
type UserGroupsRaw = { bulletinId: number | string; userId: number | string; groupIds: string | Buffer | number };

const key = (bulletinId: number | string, groupId: number | string) => `${Number(bulletinId)}:${Number(groupId)}`;

function collectUserGroups(rows: UserGroupsRaw[], into: Map<number, Map<number, number[]>>): void {
  for (const r of rows) {
    const bid = Number(r.bulletinId);
    let users = into.get(bid);
    if (!users) into.set(bid, (users = new Map()));
    // GROUP_CONCAT comes back as a string (or a binary string from MySQL for int columns)
    users.set(Number(r.userId), String(r.groupIds).split(',').map(Number));
  }
}

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

function deepestRow(path: string, rowByPath: Map<string, RowStats>): RowStats | null {
  let p = path;
  while (p.length > 1) {
    const row = rowByPath.get(p);
    if (row) return row;
    p = p.slice(0, p.lastIndexOf('/', p.length - 2) + 1);
  }
  return null;
}
