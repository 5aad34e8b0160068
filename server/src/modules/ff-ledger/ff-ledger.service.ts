import { Inject, Injectable } from '@nestjs/common';
import {
  ActivityInput,
  ActivityListQuery,
  ActivityPage,
  ActivityView,
  CaseFigureInput,
  CaseFigureList,
  CaseFigureView,
  CaseListQuery,
  maskName,
  NodeKind,
  Permission,
} from '@wuzha/shared';
import { DataSource, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { isDuplicateKey } from '../../database/db-errors';
import { AuditService } from '../audit/audit.service';
import { FfAwardService } from '../ff-applications/ff-award-review';
import { FilesService } from '../files/files.service';
import { StoredFile } from '../files/stored-file.entity';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds, userNames } from '../org/views';
import { townOf } from '../quiz/quiz-audience';
import { FfActivity } from './ff-activity.entity';
import { FfCaseFigure } from './ff-case-figure.entity';
import {
  ACTIVITY_DELETE_WINDOW_MS,
  activityCursor,
  CASE_NODE_KINDS,
  caseReviewReason,
  checkActivityDay,
  checkCaseFigure,
  dayNumber,
} from './ff-ledger-rules';

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);

// The activity ledger (宣传活动台账) and the police liaison's monthly case figures (aggregates only).
// Both are read by the indicators and the warnings straight from their tables.
@Injectable()
export class FfLedgerService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(FilesService) private readonly files: FilesService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FfAwardService) private readonly awards: FfAwardService,
  ) {}

  // ---- activities -------------------------------------------------------------------------------

  // Logged by an activities.write holder at the node or above, for a node in a town.
  async createActivity(ctx: AuthContext, body: ActivityInput): Promise<ActivityView> {
    const scope = await this.access.scope(ctx);
    const node = await this.access.requireNode(ctx, body.nodeId, 'activities.write', { scope });
    const townId = await townOf(this.ds.manager, node);
    if (townId === null) throw invalid('body.nodeId', '请选择镇或镇以下的组织登记活动');
    const now = toDbTime(this.clock.now());
    checkActivityDay(body.day, now);
    const photoIds = [...new Set(body.photoIds)];
    const row = await this.ds.transaction(async (m) => {
      await this.files.requireOwnFiles(ctx, photoIds, 'activity', m);
      const a = m.create(FfActivity, {
        townId,
        nodeId: node.id,
        nodePath: node.path,
        day: body.day,
        place: body.place,
        kind: body.kind,
        title: body.title,
        peopleReached: body.peopleReached,
        photoIds,
        createdBy: ctx.userId,
        createdAt: now,
      });
      await m.insert(FfActivity, a);
      return a;
    });
    return (await this.activityViews(ctx, scope, [row]))[0];
  }

  // The ledger of the node's subtree (ff.read or activities.write there), newest day first, with the
  // count and people reached over the whole filter.
  async listActivities(ctx: AuthContext, q: ActivityListQuery): Promise<ActivityPage> {
    const scope = await this.access.scope(ctx);
    const node = await this.readableNode(scope, q.nodeId, ['ff.read', 'activities.write']);
    const sub = subtreeWhere('a.nodePath', [node.path], 'an');
    const qb = this.ds.getRepository(FfActivity).createQueryBuilder('a').where(sub.sql, sub.params);
    if (q.from) qb.andWhere('a.day >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.day <= :to', { to: q.to });
    if (q.kind) qb.andWhere('a.kind = :kind', { kind: q.kind });
    const totals = await qb
      .clone()
      .select('COUNT(*)', 'n')
      .addSelect('COALESCE(SUM(a.peopleReached), 0)', 'people')
      .getRawOne<{ n: number | string; people: number | string }>();
    const after = activityCursor.decode(q.cursor);
    if (after) {
      const d = String(after[0]).padStart(8, '0');
      qb.andWhere('(a.day < :cDay OR (a.day = :cDay AND a.id < :cId))', { cDay: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, cId: after[1] });
    }
    const rows = await qb.orderBy('a.day', 'DESC').addOrderBy('a.id', 'DESC').limit(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: await this.activityViews(ctx, scope, page),
      nextCursor: rows.length > q.limit && last ? activityCursor.encode(dayNumber(last.day), last.id) : null,
      total: Number(totals?.n ?? 0),
      people: Number(totals?.people ?? 0),
    };
  }

  // By its author (still holding activities.write there) within 7 days of logging it, or by a town
  // admin (ff.manage) at any time.
  async removeActivity(ctx: AuthContext, id: number): Promise<{ ok: true }> {
    const scope = await this.access.scope(ctx);
    const a = await this.ds.getRepository(FfActivity).findOneBy({ id });
    if (!a || !this.canRead(scope, a.nodePath, ['ff.read', 'activities.write'])) throw new DomainError('NOT_FOUND');
    if (!this.canDelete(ctx, scope, a)) {
      const late = a.createdBy === ctx.userId && scope.can(a.nodePath, 'activities.write');
      throw new DomainError('FORBIDDEN', late ? '登记超过7天的活动不能再删除，请联系镇里的管理员' : '只能删除自己登记的活动');
    }
    await this.ds.getRepository(FfActivity).delete({ id: a.id });
    return { ok: true };
  }

  private canDelete(ctx: AuthContext, scope: AccessScope, a: FfActivity): boolean {
    if (scope.can(a.nodePath, 'ff.manage')) return true;
    if (a.createdBy !== ctx.userId || !scope.can(a.nodePath, 'activities.write')) return false;
    return this.clock.now().getTime() - new Date(a.createdAt).getTime() < ACTIVITY_DELETE_WINDOW_MS;
  }

  private async activityViews(ctx: AuthContext, scope: AccessScope, list: FfActivity[]): Promise<ActivityView[]> {
    if (list.length === 0) return [];
    const m = this.ds.manager;
    const fileIds = [...new Set(list.flatMap((a) => a.photoIds ?? []))];
    const [nodes, names, files] = await Promise.all([
      nodesByIds(m, list.map((a) => a.nodeId)),
      userNames(m, list.map((a) => a.createdBy)),
      fileIds.length > 0 ? m.findBy(StoredFile, { id: In(fileIds) }) : Promise.resolve([]),
    ]);
    const fileOf = new Map(files.map((f) => [f.id, f]));
    return list.map((a) => ({
      id: a.id,
      node: nodeRef(nodes.get(a.nodeId) ?? { id: a.nodeId, name: '', kind: 'village' }),
      day: a.day,
      place: a.place,
      kind: a.kind as ActivityView['kind'],
      title: a.title,
      peopleReached: a.peopleReached,
      photos: (a.photoIds ?? []).flatMap((fid) => {
        const f = fileOf.get(fid);
        return f ? [this.files.view(f)] : [];
      }),
      createdBy: maskName(names.get(a.createdBy) ?? ''),
      createdAt: iso(a.createdAt),
      canDelete: this.canDelete(ctx, scope, a),
    }));
  }

  // ---- case figures -----------------------------------------------------------------------------

  // The police liaison's figures for one organisation and month: absurd ones refused; written (or
  // overwritten) with an audit entry and, when there were cases, the awarded titles at or above the
  // node put under review, all in one transaction.
  async upsertCase(ctx: AuthContext, body: CaseFigureInput): Promise<CaseFigureView> {
    const node = await this.access.requireNode(ctx, body.nodeId, 'cases.write');
    if (!CASE_NODE_KINDS.includes(node.kind as NodeKind)) throw invalid('body.nodeId', '发案数按村（社区）、学校和单位填报，不能填在网格、班级或镇上');
    const townId = await townOf(this.ds.manager, node);
    if (townId === null) throw invalid('body.nodeId', '这个组织不在任何一个镇下');
    const now = toDbTime(this.clock.now());
    checkCaseFigure(body, now, await this.registeredPeople(node.path));
    const write = () =>
      this.ds.transaction(async (m) => {
        const prev = await m.findOneBy(FfCaseFigure, { nodeId: node.id, month: body.month });
        const figures = { cases: body.cases, lossYuan: body.lossYuan, enteredBy: ctx.userId, updatedAt: now };
        const row = prev ? { ...prev, ...figures } : m.create(FfCaseFigure, { townId, nodeId: node.id, nodePath: node.path, month: body.month, createdAt: now, ...figures });
        if (prev) await m.update(FfCaseFigure, { id: prev.id }, figures);
        else await m.insert(FfCaseFigure, row);
        const reviewsOpened = body.cases > 0 ? await this.awards.openReviews(m, node.path, caseReviewReason(body.month, body.cases), { sinceMonth: body.month }) : 0;
        await this.audit.record(m, {
          actorId: ctx.userId,
          action: 'ff.cases.upsert',
          node: { id: node.id, path: node.path },
          targetType: 'ff_case_figure',
          targetId: row.id,
          detail: { month: body.month, cases: body.cases, lossYuan: body.lossYuan, previous: prev ? { cases: prev.cases, lossYuan: prev.lossYuan } : null, reviewsOpened },
        });
        return { row, reviewsOpened };
      });
    let written: { row: FfCaseFigure; reviewsOpened: number };
    try {
      written = await write();
    } catch (err) {
      // two first entries of the same node and month at once (MariaDB): the second one now updates
      if (!isDuplicateKey(err)) throw err;
      written = await write();
    }
    return this.caseView(node, written.row, written.reviewsOpened);
  }

  // Figures of the node's subtree (ff.read or cases.write there), newest month first.
  async listCases(ctx: AuthContext, q: CaseListQuery): Promise<CaseFigureList> {
    const scope = await this.access.scope(ctx);
    const node = await this.readableNode(scope, q.nodeId, ['ff.read', 'cases.write']);
    const sub = subtreeWhere('c.nodePath', [node.path], 'cn');
    const qb = this.ds.getRepository(FfCaseFigure).createQueryBuilder('c').where(sub.sql, sub.params);
    if (q.from) qb.andWhere('c.month >= :from', { from: q.from });
    if (q.to) qb.andWhere('c.month <= :to', { to: q.to });
    const rows = await qb.orderBy('c.month', 'DESC').addOrderBy('c.nodePath', 'ASC').getMany();
    const nodes = await nodesByIds(this.ds.manager, rows.map((r) => r.nodeId));
    // reviews are opened (and counted) by an upsert only; a listed figure reports none
    return { items: rows.map((r) => this.caseView(nodes.get(r.nodeId) ?? { id: r.nodeId, name: '', kind: 'village' }, r, 0)) };
  }

  private caseView(node: Pick<OrgNode, 'id' | 'name' | 'kind'>, r: FfCaseFigure, reviewsOpened: number): CaseFigureView {
    return { id: r.id, node: nodeRef(node), month: r.month, cases: r.cases, lossYuan: r.lossYuan, updatedAt: iso(r.updatedAt), reviewsOpened };
  }

  // Distinct people holding any membership in the subtree: the ceiling of plausible cases.
  private async registeredPeople(path: string): Promise<number> {
    const sub = subtreeWhere('ms.nodePath', [path], 'rp');
    const r = await this.ds
      .createQueryBuilder()
      .select('COUNT(DISTINCT ms.userId)', 'n')
      .from('membership', 'ms')
      .where(sub.sql, sub.params)
      .getRawOne<{ n: number | string }>();
    return Number(r?.n ?? 0);
  }

  // ---- access -----------------------------------------------------------------------------------

  private canRead(scope: AccessScope, path: string, permissions: Permission[]): boolean {
    return permissions.some((p) => scope.can(path, p));
  }

  // The node, if the caller holds one of the permissions there; out of sight 404, seen but not 403.
  private async readableNode(scope: AccessScope, nodeId: number, permissions: Permission[]): Promise<OrgNode> {
    const node = await this.ds.manager.findOneBy(OrgNode, { id: nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    if (!this.canRead(scope, node.path, permissions)) throw new DomainError('FORBIDDEN');
    return node;
  }
}
