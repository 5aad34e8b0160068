import { Inject, Injectable } from '@nestjs/common';
import { InboxPage, InboxQuery, isInSubtree, OfflineForwardRequest, RemindResponse, roleHas, TaskView } from '@wuzha/shared';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { Bulletin } from '../bulletins/bulletin.entity';
import { FilesService } from '../files/files.service';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { decodeCursor, encodeCursor } from '../org/cursor';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { ForwardTask } from './forward-task.entity';
import { TaskCascade } from './task-cascade';
import { chunks, TaskNotifier } from './task-notifier';
import { taskViews } from './task-views';

// 催办: at most one reminder per task in this window.
export const REMIND_INTERVAL_MS = 2 * 60 * 60 * 1000;

// May the caller remind this task's cadres: dashboard.read on a node above it (not the node itself:
// nobody reminds themselves), or an admin of the bulletin's town.
function canRemind(scope: AccessScope, task: Pick<ForwardTask, 'nodePath'>, townPath: string): boolean {
  if (scope.can(townPath, 'bulletins.write')) return true;
  return scope.grants.some((g) => roleHas(g.role, 'dashboard.read') && g.path !== task.nodePath && isInSubtree(task.nodePath, g.path));
}

@Injectable()
export class TasksService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FilesService) private readonly files: FilesService,
    @Inject(TaskCascade) private readonly cascade: TaskCascade,
    @Inject(TaskNotifier) private readonly notifier: TaskNotifier,
  ) {}

  // Tasks at the nodes where the caller forwards (tasks.act held at that very node), newest first.
  // 'pending' lists every pending task (overdue ones flagged); 'overdue' only those past the deadline;
  // 'forwarded' both forwarded and offline.
  async inbox(ctx: AuthContext, q: InboxQuery): Promise<InboxPage> {
    const scope = await this.access.scope(ctx);
    const nodeIds = [...new Set(scope.grants.filter((g) => roleHas(g.role, 'tasks.act')).map((g) => g.nodeId))];
    if (nodeIds.length === 0) return { items: [], nextCursor: null, counts: { pending: 0, forwarded: 0, overdue: 0 } };
    const now = toDbTime(this.clock.now());
    const repo = this.ds.getRepository(ForwardTask);
    const countRows = await repo
      .createQueryBuilder('t')
      .select('t.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN t.deadline IS NOT NULL AND t.deadline < :now THEN 1 ELSE 0 END)', 'late')
      .where('t.nodeId IN (:...nodeIds)', { nodeIds, now })
      .groupBy('t.status')
      .getRawMany<{ status: string; n: number | string; late: number | string | null }>();
    const counts = { pending: 0, forwarded: 0, overdue: 0 };
    for (const r of countRows) {
      if (r.status === 'pending') {
        counts.pending += Number(r.n);
        counts.overdue += Number(r.late ?? 0);
      } else counts.forwarded += Number(r.n);
    }

    const qb = repo.createQueryBuilder('t').where('t.nodeId IN (:...nodeIds)', { nodeIds });
    if (q.status === 'pending') qb.andWhere('t.status = :pending', { pending: 'pending' });
    if (q.status === 'forwarded') qb.andWhere('t.status IN (:...done)', { done: ['forwarded', 'offline'] });
    if (q.status === 'overdue') qb.andWhere('t.status = :pending AND t.deadline IS NOT NULL AND t.deadline < :now', { pending: 'pending', now });
    const before = decodeCursor(q.cursor);
    if (before !== null) qb.andWhere('t.id < :before', { before });
    const rows = await qb.orderBy('t.id', 'DESC').limit(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    return {
      items: await taskViews(this.ds.manager, page, now, (id) => this.files.signedUrl(id)),
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].id) : null,
      counts,
    };
  }

  // 已转发到群: a village's or community's forwarding opens its grids' tasks in the same transaction.
  async forward(ctx: AuthContext, id: number): Promise<TaskView> {
    return this.complete(ctx, id, { status: 'forwarded' });
  }

  // Forwarded offline (notice board, loudspeaker): a note and optionally a photo; counted apart.
  async offline(ctx: AuthContext, id: number, body: OfflineForwardRequest): Promise<TaskView> {
    return this.complete(ctx, id, { status: 'offline', note: body.note, photoFileId: body.photoFileId });
  }

  private async complete(ctx: AuthContext, id: number, how: { status: 'forwarded' | 'offline'; note?: string; photoFileId?: number }): Promise<TaskView> {
    const scope = await this.access.scope(ctx);
    const task = await this.ds.getRepository(ForwardTask).findOneBy({ id });
    // only the task's own cadres see it: anyone else gets NOT_FOUND
    if (!task || !scope.grants.some((g) => g.nodeId === task.nodeId && roleHas(g.role, 'tasks.act'))) throw new DomainError('NOT_FOUND');
    if (task.status !== 'pending') throw new DomainError('TASK_ALREADY_DONE');
    const now = toDbTime(this.clock.now());
    const fields = {
      status: how.status,
      forwardedAt: now,
      forwardedBy: ctx.userId,
      offlineNote: how.status === 'offline' ? (how.note ?? null) : null,
      offlinePhotoId: how.photoFileId ?? null,
    };
    await this.ds.transaction(async (m) => {
      if (how.photoFileId !== undefined) await this.files.requireOwnFiles(ctx, [how.photoFileId], 'offline_forward', m);
      const res = await m.createQueryBuilder().update(ForwardTask).set(fields).where('id = :id AND status = :pending', { id, pending: 'pending' }).execute();
      if (!res.affected) throw new DomainError('TASK_ALREADY_DONE');
      const node = await m.findOneByOrFail(OrgNode, { id: task.nodeId });
      const bulletin = await m.findOneByOrFail(Bulletin, { id: task.bulletinId });
      const grids = await this.cascade.cascadeToGrids(m, task, node, bulletin, now);
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: how.status === 'offline' ? 'task.offline' : 'task.forward',
        node,
        targetType: 'forward_task',
        targetId: id,
        detail: { bulletinId: task.bulletinId, level: task.level, grids, photo: how.photoFileId !== undefined },
      });
    });
    Object.assign(task, fields);
    return (await taskViews(this.ds.manager, [task], now, (fid) => this.files.signedUrl(fid)))[0];
  }

  // 催办 one task: 429 within two hours of the last reminder.
  async remindTask(ctx: AuthContext, id: number): Promise<RemindResponse> {
    const scope = await this.access.scope(ctx);
    const task = await this.ds.getRepository(ForwardTask).findOneBy({ id });
    const bulletin = task ? await this.ds.getRepository(Bulletin).findOneBy({ id: task.bulletinId }) : null;
    if (!task || !bulletin) throw new DomainError('NOT_FOUND');
    if (!canRemind(scope, task, bulletin.townPath)) throw new DomainError(scope.can(task.nodePath, 'node.read') ? 'FORBIDDEN' : 'NOT_FOUND');
    if (task.status !== 'pending') throw new DomainError('TASK_ALREADY_DONE');
    const now = toDbTime(this.clock.now());
    const cutoff = new Date(now.getTime() - REMIND_INTERVAL_MS);
    await this.ds.transaction(async (m) => {
      const res = await m
        .createQueryBuilder()
        .update(ForwardTask)
        .set({ lastRemindedAt: now })
        .where('id = :id AND status = :pending', { id, pending: 'pending' })
        .andWhere(new Brackets((w) => w.where('lastRemindedAt IS NULL').orWhere('lastRemindedAt <= :cutoff', { cutoff })))
        .execute();
      if (!res.affected) {
        const fresh = await m.findOneByOrFail(ForwardTask, { id });
        throw new DomainError(fresh.status !== 'pending' ? 'TASK_ALREADY_DONE' : 'REMIND_TOO_SOON');
      }
      await this.remindNotices(m, [task], bulletin);
      await this.audit.record(m, { actorId: ctx.userId, action: 'task.remind', node: { id: task.nodeId, path: task.nodePath }, targetType: 'forward_task', targetId: id, detail: { bulletinId: bulletin.id } });
    });
    return { reminded: 1, skipped: 0 };
  }

  // 催办 every pending task of a bulletin the caller may remind (optionally under one node); tasks
  // reminded in the last two hours are skipped and counted.
  async remindPending(ctx: AuthContext, bulletinId: number, nodeId: number | undefined): Promise<RemindResponse> {
    const scope = await this.access.scope(ctx);
    const bulletin = await this.ds.getRepository(Bulletin).findOneBy({ id: bulletinId });
    const admin = !!bulletin && (scope.can(bulletin.townPath, 'bulletins.write') || scope.can(bulletin.townPath, 'bulletins.review'));
    if (!bulletin || (bulletin.status !== 'published' && !admin)) throw new DomainError('NOT_FOUND');
    let roots: string[];
    if (nodeId !== undefined) {
      const node = await this.access.requireNode(ctx, nodeId, 'dashboard.read', { scope });
      roots = [node.path];
    } else {
      roots = [...new Set([...scope.subtrees('dashboard.read'), ...scope.subtrees('bulletins.write')])];
      if (roots.length === 0) throw new DomainError('FORBIDDEN');
    }
    if (bulletin.status !== 'published') throw new DomainError('BULLETIN_BAD_STATE');
    const now = toDbTime(this.clock.now());
    const cutoff = new Date(now.getTime() - REMIND_INTERVAL_MS).getTime();
    return this.ds.transaction(async (m) => {
      const where = subtreeWhere('t.nodePath', roots, 'rm');
      const qb = m
        .getRepository(ForwardTask)
        .createQueryBuilder('t')
        .where('t.bulletinId = :bulletinId AND t.status = :pending', { bulletinId, pending: 'pending' })
        .andWhere(where.sql, where.params);
      // concurrent reminders of the same tasks queue behind this one (SQLite serialises transactions)
      if (['mysql', 'mariadb'].includes(m.connection.options.type)) qb.setLock('pessimistic_write');
      const pending = (await qb.getMany()).filter((t) => canRemind(scope, t, bulletin.townPath));
      const due = pending.filter((t) => !t.lastRemindedAt || new Date(t.lastRemindedAt).getTime() <= cutoff);
      for (const part of chunks(due.map((t) => t.id))) {
        await m.createQueryBuilder().update(ForwardTask).set({ lastRemindedAt: now }).where({ id: In(part) }).execute();
      }
      await this.remindNotices(m, due, bulletin);
      const result = { reminded: due.length, skipped: pending.length - due.length };
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'bulletin.remind',
        node: { id: bulletin.townId, path: bulletin.townPath },
        targetType: 'bulletin',
        targetId: bulletin.id,
        detail: { ...result, nodeId: nodeId ?? null },
      });
      return result;
    });
  }

  private async remindNotices(m: EntityManager, tasks: readonly ForwardTask[], bulletin: Bulletin): Promise<void> {
    if (tasks.length === 0) return;
    const nodes: OrgNode[] = [];
    for (const ids of chunks([...new Set(tasks.map((t) => t.nodeId))])) nodes.push(...(await m.findBy(OrgNode, { id: In(ids) })));
    const names = new Map(nodes.map((n) => [n.id, n.name]));
    await this.notifier.notify(
      m,
      tasks.map((t) => ({
        nodeId: t.nodeId,
        nodeName: names.get(t.nodeId) ?? '',
        bulletinTitle: bulletin.title,
        urgent: bulletin.urgency === 'urgent',
        deadline: t.deadline,
        kind: 'remind' as const,
      })),
    );
  }
}
