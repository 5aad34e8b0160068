import { Inject, Injectable } from '@nestjs/common';
import {
  BulletinSummary,
  DashboardResponse,
  isInSubtree,
  LevelStats,
  PeriodStatsQuery,
  PeriodStatsResponse,
  pathIds,
  Permission,
  ReachTotals,
  TaskStatus,
} from '@wuzha/shared';
import { DataSource, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { safeFileName } from '../../common/xlsx-download';
import { AuditService } from '../audit/audit.service';
import { BulletinScope } from '../bulletins/bulletin-scope';
import { BulletinTarget } from '../bulletins/bulletin-target.entity';
import { Bulletin } from '../bulletins/bulletin.entity';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds, userNames } from '../org/views';
import { buildDashboardWorkbook } from './dashboard-export';
import { levelStats, ReachStats, StatsBulletin } from './reach-stats';
import { chinaDayRange } from './stats-math';
import { bulletinSummary } from '../bulletins/bulletin-views';

// A period covers at most a year of a town's bulletins.
const MAX_PERIOD_DAYS = 366;

export interface DashboardExport {
  filename: string;
  xlsx: Buffer;
}

@Injectable()
export class DashboardService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ReachStats) private readonly stats: ReachStats,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  // One bulletin seen from a node: the town (default) or a node inside it the caller may read.
  async dashboard(ctx: AuthContext, bulletinId: number, nodeId?: number): Promise<DashboardResponse> {
    const { bulletin, node, scope, caller } = await this.load(ctx, bulletinId, nodeId, 'dashboard.read');
    return this.build(bulletin, node, scope, caller);
  }

  async export(ctx: AuthContext, bulletinId: number, nodeId?: number): Promise<DashboardExport> {
    const { bulletin, node, scope, caller } = await this.load(ctx, bulletinId, nodeId, 'export');
    const view = await this.build(bulletin, node, scope, caller);
    const xlsx = await buildDashboardWorkbook(view, this.clock.now());
    await this.audit.record(this.ds.manager, {
      actorId: ctx.userId,
      action: 'export.bulletin_dashboard',
      node: { id: node.id, path: node.path },
      targetType: 'bulletin',
      targetId: bulletin.id,
      detail: { rows: view.rows.length },
    });
    return { filename: `${safeFileName(bulletin.title, '信息')}-${node.name}-转发统计.xlsx`, xlsx };
  }

  // Bulletins published in [from, to] (China days) by the node's town (or the towns under a county node).
  async period(ctx: AuthContext, query: PeriodStatsQuery): Promise<PeriodStatsResponse> {
    const scope = await this.access.scope(ctx);
    const node = await this.access.requireNode(ctx, query.nodeId, 'dashboard.read', { scope });
    const { start, end } = chinaDayRange(query.from, query.to);
    if (end.getTime() <= start.getTime()) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'query.to', message: '结束日期不能早于开始日期' }]);
    if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * 86400_000) {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'query.from', message: `统计时段不能超过${MAX_PERIOD_DAYS}天` }]);
    }
    const towns = subtreeWhere('b.townPath', [node.path], 'bt');
    const bulletins = await this.ds
      .getRepository(Bulletin)
      .createQueryBuilder('b')
      // the node's own town (node inside a town) or the towns below it (a county node)
      .where(`(b.townId IN (:...ancestors) OR ${towns.sql})`, { ...towns.params, ancestors: pathIds(node.path) })
      .andWhere('b.status = :published', { published: 'published' })
      .andWhere('b.publishedAt >= :start AND b.publishedAt < :end', { start, end })
      .orderBy('b.publishedAt', 'DESC')
      .addOrderBy('b.id', 'DESC')
      .getMany();
    const scopes = await this.scopes(bulletins);
    const input: StatsBulletin[] = bulletins.map((b) => ({ id: b.id, publishedAt: b.publishedAt!, scope: scopes.get(b.id)! }));
    const [perBulletin, summaries] = await Promise.all([this.stats.period(node.path, input, this.clock.now()), this.summaries(bulletins, scope)]);

    const totals: ReachTotals = { groupsRegistered: 0, groupsReached: 0, readers: 0, confirmations: 0, offlineForwards: 0, allReaders: 0, allConfirmations: 0 };
    const allRows = [];
    for (const b of bulletins) {
      const s = perBulletin.get(b.id)!;
      allRows.push(...s.rows);
      // a period adds up its bulletins: group-bulletin pairs, reader-bulletin pairs
      for (const k of Object.keys(totals) as Array<keyof ReachTotals>) totals[k] += s.totals[k];
    }
    return {
      node: nodeRef(node),
      from: query.from,
      to: query.to,
      bulletins: bulletins.length,
      levels: levelStats(allRows),
      totals,
      perBulletin: bulletins.map((b, i) => {
        const s = perBulletin.get(b.id)!;
        return {
          bulletin: summaries[i],
          forwardedRate: forwardedRate(s.levels),
          groupsReached: s.totals.groupsReached,
          readers: s.totals.readers,
          confirmations: s.totals.confirmations,
        };
      }),
    };
  }

  // The bulletin and the node the view is taken from; NOT_FOUND for what the caller cannot see.
  private async load(ctx: AuthContext, bulletinId: number, nodeId: number | undefined, permission: Permission) {
    const [bulletin, scope] = await Promise.all([this.ds.getRepository(Bulletin).findOneBy({ id: bulletinId }), this.access.scope(ctx)]);
    if (!bulletin) throw new DomainError('NOT_FOUND');
    const [found, scopes] = await Promise.all([this.ds.getRepository(OrgNode).findOneBy({ id: nodeId ?? bulletin.townId }), this.scopes([bulletin])]);
    const node = this.access.check(scope, found, permission);
    // the town or a node inside it: another town's nodes know nothing of this bulletin
    if (!isInSubtree(node.path, bulletin.townPath)) throw new DomainError('NOT_FOUND');
    if (bulletin.status !== 'published' || !bulletin.publishedAt) throw new DomainError('BULLETIN_BAD_STATE', '这条信息尚未发布，还没有转发和阅读数据');
    return { bulletin, node, scope: scopes.get(bulletin.id)!, caller: scope };
  }

  private async build(bulletin: Bulletin, node: OrgNode, scope: BulletinScope, caller: AccessScope): Promise<DashboardResponse> {
    const [s, [summary]] = await Promise.all([
      this.stats.bulletin(node.path, { id: bulletin.id, publishedAt: bulletin.publishedAt!, scope }, this.clock.now()),
      this.summaries([bulletin], caller),
    ]);
    const nodes = await nodesByIds(
      this.ds.manager,
      s.rows.map((r) => r.task.nodeId),
    );
    return {
      bulletin: summary,
      node: nodeRef(node),
      levels: s.levels,
      totals: s.totals,
      // a task whose node was deleted has nothing to show
      rows: s.rows
        .filter((r) => nodes.has(r.task.nodeId))
        .map((r) => ({
          node: nodeRef(nodes.get(r.task.nodeId)!),
          level: r.task.level,
          taskId: r.task.id,
          status: r.task.status as TaskStatus,
          overdue: r.overdue,
          forwardedAt: r.task.forwardedAt ? iso(r.task.forwardedAt) : null,
          minutesToForward: r.minutesToForward,
          lastRemindedAt: r.task.lastRemindedAt ? iso(r.task.lastRemindedAt) : null,
          groupsRegistered: r.groupsRegistered,
          groupsReached: r.groupsReached,
          readers: r.readers,
          confirmations: r.confirmations,
        })),
    };
  }

  // Where each bulletin's reach is counted (its town, or its target nodes' subtrees).
  private async scopes(bulletins: Bulletin[]): Promise<Map<number, BulletinScope>> {
    const chosen = bulletins.filter((b) => b.scopeKind === 'nodes').map((b) => b.id);
    const targets = chosen.length ? await this.ds.getRepository(BulletinTarget).findBy({ bulletinId: In(chosen) }) : [];
    return new Map(
      bulletins.map((b) => [
        b.id,
        {
          townId: b.townId,
          townPath: b.townPath,
          scopeKind: b.scopeKind === 'nodes' ? 'nodes' : 'town',
          targetPaths: targets.filter((t) => t.bulletinId === b.id).map((t) => t.nodePath),
        },
      ]),
    );
  }

  // Author names follow the bulletins' own rule: in full for the town's admins, masked otherwise.
  private async summaries(bulletins: Bulletin[], scope: AccessScope): Promise<BulletinSummary[]> {
    const names = await userNames(
      this.ds.manager,
      bulletins.map((b) => b.authorId),
    );
    return bulletins.map((b) => bulletinSummary(b, names, scope.can(b.townPath, 'bulletins.write') || scope.can(b.townPath, 'bulletins.review')));
  }
}

// Share of the tasks done (forwarded into groups or offline), 0..1 with 3 decimals.
function forwardedRate(levels: LevelStats[]): number {
  const total = levels.reduce((n, l) => n + l.total, 0);
  const done = levels.reduce((n, l) => n + l.forwarded + l.offline, 0);
  return total === 0 ? 0 : Math.round((done / total) * 1000) / 1000;
}


