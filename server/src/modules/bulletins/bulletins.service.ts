import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BulletinInput,
  BulletinListQuery,
  BulletinPage,
  BulletinView,
  ContentCheckView,
  FeedQuery,
  pathIds,
  ReviewRequest,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { FilesService } from '../files/files.service';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { decodeCursor, encodeCursor } from '../org/cursor';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds, userNames } from '../org/views';
import { OutboxService } from '../outbox/outbox.service';
import { PermanentError } from '../outbox/outbox.errors';
import { OutboxWorker } from '../outbox/outbox.worker';
import { TaskCascade } from '../tasks/task-cascade';
import { WECHAT_CLIENT, WechatClient } from '../wechat/wechat.types';
import { decodeFeedCursor, encodeFeedCursor } from './bulletin-cursor';
import { BulletinTarget } from './bulletin-target.entity';
import { bodyBlocks, bodyText, bodyView, bulletinSummary, defaultSummary } from './bulletin-views';
import { Bulletin } from './bulletin.entity';
import { levelOneNodes } from './level-one-nodes';
import { firstConfirmedAt } from '../reach/reach.queries';

// Outbox topic of scheduled publications: the message comes due at publishAt.
export const BULLETIN_PUBLISH_TOPIC = 'bulletin.publish';

const EDITABLE = ['draft', 'returned'];
const SUGGESTS = ['pass', 'review', 'risky'] as const;

interface Prepared {
  targets: OrgNode[];
  summary: string;
  publishAt: Date | null;
  forwardDeadline: Date | null;
}

@Injectable()
export class BulletinsService {
  private readonly log = new Logger('BulletinsService');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FilesService) private readonly files: FilesService,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(TaskCascade) private readonly cascade: TaskCascade,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    @Inject(OutboxWorker) worker: OutboxWorker,
  ) {
    worker.registerHandler(BULLETIN_PUBLISH_TOPIC, (payload) => this.publishDue(payload));
  }

  // ---- drafting -----------------------------------------------------------------------------

  async create(ctx: AuthContext, input: BulletinInput): Promise<BulletinView> {
    const scope = await this.access.scope(ctx);
    const town = await this.requireTown(ctx, input.townId, scope);
    const p = await this.prepare(ctx, town, input);
    const now = toDbTime(this.clock.now());
    const bulletin = await this.ds.transaction(async (m) => {
      const row = m.create(Bulletin, {
        townId: town.id,
        townPath: town.path,
        authorId: ctx.userId,
        ...this.contentFields(input, p),
        status: 'draft',
        reviewerId: null,
        returnReason: null,
        contentCheck: null,
        createdAt: now,
        updatedAt: now,
        submittedAt: null,
        reviewedAt: null,
        publishedAt: null,
      });
      // body is JSON typed `unknown` in the entity; insert fills row.id
      await m.insert(Bulletin, row as never);
      await this.insertTargets(m, row.id, p.targets);
      await this.audit.record(m, { actorId: ctx.userId, action: 'bulletin.create', node: town, targetType: 'bulletin', targetId: row.id, detail: { scope: input.scope.kind, targets: p.targets.length } });
      return row;
    });
    return this.view(bulletin, scope);
  }

  // Only the author edits, and only a draft or a returned bulletin.
  async update(ctx: AuthContext, id: number, input: BulletinInput): Promise<BulletinView> {
    const scope = await this.access.scope(ctx);
    const b = await this.ownBulletin(ctx, id, scope);
    if (!EDITABLE.includes(b.status)) throw new DomainError('BULLETIN_NOT_EDITABLE');
    if (input.townId !== b.townId) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.townId', message: '不能更换所属的镇' }]);
    const town = await this.requireTown(ctx, b.townId, scope);
    const p = await this.prepare(ctx, town, input);
    const now = toDbTime(this.clock.now());
    const fields = { ...this.contentFields(input, p), contentCheck: null, updatedAt: now };
    await this.ds.transaction(async (m) => {
      const res = await m
        .createQueryBuilder()
        .update(Bulletin)
        .set(fields)
        .where('id = :id AND status IN (:...editable)', { id, editable: EDITABLE })
        .execute();
      if (!res.affected) throw new DomainError('BULLETIN_NOT_EDITABLE');
      await m.delete(BulletinTarget, { bulletinId: id });
      await this.insertTargets(m, id, p.targets);
      await this.audit.record(m, { actorId: ctx.userId, action: 'bulletin.update', node: town, targetType: 'bulletin', targetId: id, detail: { scope: input.scope.kind, targets: p.targets.length } });
    });
    return this.view(Object.assign(b, fields), scope);
  }

  // Runs WeChat's content check and hands the bulletin to a reviewer. The verdict is advice for the
  // reviewer (anti-fraud texts quote scam scripts); WeChat failing leaves it unchecked, never blocks.
  async submit(ctx: AuthContext, id: number): Promise<BulletinView> {
    const scope = await this.access.scope(ctx);
    const b = await this.ownBulletin(ctx, id, scope);
    if (!EDITABLE.includes(b.status)) throw new DomainError('BULLETIN_BAD_STATE');
    const contentCheck = await this.checkContent(ctx, b);
    const now = toDbTime(this.clock.now());
    const fields = { status: 'submitted', contentCheck, submittedAt: now, updatedAt: now };
    await this.ds.transaction(async (m) => {
      const res = await m.createQueryBuilder().update(Bulletin).set(fields).where('id = :id AND status IN (:...editable)', { id, editable: EDITABLE }).execute();
      if (!res.affected) throw new DomainError('BULLETIN_BAD_STATE');
      await this.audit.record(m, { actorId: ctx.userId, action: 'bulletin.submit', node: { id: b.townId, path: b.townPath }, targetType: 'bulletin', targetId: id, detail: { contentCheck: contentCheck?.suggest ?? null } });
    });
    return this.view(Object.assign(b, fields), scope);
  }

  async review(ctx: AuthContext, id: number, body: ReviewRequest): Promise<BulletinView> {
    const scope = await this.access.scope(ctx);
    const b = await this.visibleBulletin(id, scope);
    if (!scope.can(b.townPath, 'bulletins.review')) throw new DomainError('FORBIDDEN');
    if (b.authorId === ctx.userId) throw new DomainError('SELF_REVIEW');
    if (b.status !== 'submitted') throw new DomainError('BULLETIN_BAD_STATE');
    const reason = body.reason?.trim() ?? '';
    if (body.decision === 'return' && !reason) throw new DomainError('RETURN_REASON_REQUIRED');
    const now = toDbTime(this.clock.now());
    const fields =
      body.decision === 'approve'
        ? { status: 'approved', reviewerId: ctx.userId, reviewedAt: now, returnReason: null, updatedAt: now }
        : { status: 'returned', reviewerId: ctx.userId, reviewedAt: now, returnReason: reason, updatedAt: now };
    await this.ds.transaction(async (m) => {
      const res = await m.createQueryBuilder().update(Bulletin).set(fields).where('id = :id AND status = :submitted', { id, submitted: 'submitted' }).execute();
      if (!res.affected) throw new DomainError('BULLETIN_BAD_STATE');
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: body.decision === 'approve' ? 'bulletin.approve' : 'bulletin.return',
        node: { id: b.townId, path: b.townPath },
        subjectUserId: b.authorId,
        targetType: 'bulletin',
        targetId: id,
        detail: body.decision === 'return' ? { reasonLength: reason.length } : null,
      });
    });
    return this.view(Object.assign(b, fields), scope);
  }

  // ---- publishing ---------------------------------------------------------------------------

  // A reviewer, or the author once approved. A future publishAt schedules it; publishing again (or
  // concurrently) answers the one publication.
  async publish(ctx: AuthContext, id: number): Promise<BulletinView> {
    const scope = await this.access.scope(ctx);
    const b = await this.visibleBulletin(id, scope);
    const isAuthor = b.authorId === ctx.userId && scope.can(b.townPath, 'bulletins.write');
    if (!isAuthor && !scope.can(b.townPath, 'bulletins.review')) throw new DomainError('FORBIDDEN');
    if (b.status === 'published' || b.status === 'scheduled') return this.view(b, scope);
    if (b.status !== 'approved') throw new DomainError('BULLETIN_BAD_STATE');
    const now = toDbTime(this.clock.now());
    if (b.forwardDeadline && new Date(b.forwardDeadline) <= now) throw new DomainError('DEADLINE_IN_PAST');
    if (b.publishAt && new Date(b.publishAt) > now) await this.schedule(ctx, b, now);
    else await this.publishNow(b.id, ctx.userId);
    return this.view(await this.ds.getRepository(Bulletin).findOneByOrFail({ id }), scope);
  }

  private async schedule(ctx: AuthContext, b: Bulletin, now: Date): Promise<void> {
    await this.ds.transaction(async (m) => {
      const res = await m
        .createQueryBuilder()
        .update(Bulletin)
        .set({ status: 'scheduled', updatedAt: now })
        .where('id = :id AND status = :approved', { id: b.id, approved: 'approved' })
        .execute();
      // a concurrent publish got there first: its outcome stands
      if (!res.affected) return;
      const delayMs = new Date(b.publishAt!).getTime() - now.getTime();
      await this.outbox.enqueue(m, BULLETIN_PUBLISH_TOPIC, { bulletinId: b.id }, { delayMs, dedupeKey: `bulletin.publish:${b.id}` });
      await this.audit.record(m, { actorId: ctx.userId, action: 'bulletin.schedule', node: { id: b.townId, path: b.townPath }, targetType: 'bulletin', targetId: b.id, detail: { publishAt: iso(b.publishAt!) } });
    });
  }

  // Publishes in one transaction: status, level-1 tasks (batched), their notifications, the audit
  // entry. The conditional UPDATE makes it happen once. Returns false when it was already published.
  async publishNow(id: number, actorId: number | null): Promise<boolean> {
    const now = toDbTime(this.clock.now());
    return this.ds.transaction(async (m) => {
      const res = await m
        .createQueryBuilder()
        .update(Bulletin)
        .set({ status: 'published', publishedAt: now, updatedAt: now })
        .where('id = :id AND status IN (:...ready)', { id, ready: ['approved', 'scheduled'] })
        .execute();
      if (!res.affected) return false;
      const b = await m.findOneByOrFail(Bulletin, { id });
      const town = await m.findOneByOrFail(OrgNode, { id: b.townId });
      const nodes = b.scopeKind === 'town' ? await levelOneNodes(m, town) : await this.targetNodes(m, b.id);
      const tasks = await this.cascade.createLevelOne(m, b, nodes, now);
      await this.audit.record(m, { actorId, action: 'bulletin.publish', node: town, targetType: 'bulletin', targetId: b.id, detail: { tasks, scheduled: actorId === null } });
      return true;
    });
  }

  // Outbox handler of scheduled publications (idempotent: a redelivery finds it published).
  private async publishDue(payload: unknown): Promise<void> {
    const bulletinId = (payload as { bulletinId?: unknown } | null)?.bulletinId;
    if (typeof bulletinId !== 'number') throw new PermanentError('bulletin.publish payload has no bulletinId');
    const b = await this.ds.getRepository(Bulletin).findOneBy({ id: bulletinId });
    if (!b || b.status !== 'scheduled') return;
    // due by construction; a clock skew between instances retries later rather than publishing early
    if (b.publishAt && new Date(b.publishAt).getTime() > this.clock.now().getTime() + 1000) throw new Error(`bulletin ${b.id} is not due yet`);
    await this.publishNow(b.id, null);
  }

  // ---- reading ------------------------------------------------------------------------------

  // The town's bulletins in every status, for its admins; newest first.
  async list(ctx: AuthContext, q: BulletinListQuery): Promise<BulletinPage> {
    const scope = await this.access.scope(ctx);
    await this.requireTown(ctx, q.townId, scope);
    const qb = this.ds.getRepository(Bulletin).createQueryBuilder('b').where('b.townId = :townId', { townId: q.townId });
    if (q.status) qb.andWhere('b.status = :status', { status: q.status });
    if (q.category) qb.andWhere('b.category = :category', { category: q.category });
    const before = decodeCursor(q.cursor);
    if (before !== null) qb.andWhere('b.id < :before', { before });
    const rows = await qb.orderBy('b.id', 'DESC').limit(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    const names = await userNames(this.ds.manager, page.map((b) => b.authorId));
    return { items: page.map((b) => bulletinSummary(b, names, true)), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1].id) : null };
  }

  // Published bulletins of every town the caller belongs to (at the town or below it; a county
  // membership covers its towns), newest publication first.
  async feed(ctx: AuthContext, q: FeedQuery): Promise<BulletinPage> {
    const scope = await this.access.scope(ctx);
    const townIds = await this.memberTowns(scope);
    if (townIds.length === 0) return { items: [], nextCursor: null };
    const qb = this.ds
      .getRepository(Bulletin)
      .createQueryBuilder('b')
      .where('b.townId IN (:...townIds)', { townIds })
      .andWhere('b.status = :published', { published: 'published' });
    const after = decodeFeedCursor(q.cursor);
    if (after) qb.andWhere('(b.publishedAt < :at OR (b.publishedAt = :at AND b.id < :id))', { at: after.publishedAt, id: after.id });
    const rows = await qb.orderBy('b.publishedAt', 'DESC').addOrderBy('b.id', 'DESC').limit(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    const names = await userNames(this.ds.manager, page.map((b) => b.authorId));
    const last = page[page.length - 1];
    return {
      items: page.map((b) => bulletinSummary(b, names, scope.can(b.townPath, 'bulletins.write'))),
      nextCursor: rows.length > q.limit ? encodeFeedCursor(new Date(last.publishedAt!), last.id) : null,
    };
  }

  // Published: any logged-in reader (reach counts only in scope, but anyone may read). Otherwise
  // only the town's admins.
  async get(ctx: AuthContext, id: number): Promise<BulletinView> {
    const scope = await this.access.scope(ctx);
    return this.view(await this.visibleBulletin(id, scope), scope);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async requireTown(ctx: AuthContext, townId: number, scope: AccessScope): Promise<OrgNode> {
    const town = await this.access.requireNode(ctx, townId, 'bulletins.write', { scope });
    if (town.kind !== 'town') throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'townId', message: '请选择一个镇' }]);
    return town;
  }

  // Visible to the caller: published, or any status for the town's admins; else NOT_FOUND.
  private async visibleBulletin(id: number, scope: AccessScope): Promise<Bulletin> {
    const b = await this.ds.getRepository(Bulletin).findOneBy({ id });
    if (!b) throw new DomainError('NOT_FOUND');
    if (b.status === 'published') return b;
    if (!scope.can(b.townPath, 'bulletins.write') && !scope.can(b.townPath, 'bulletins.review')) throw new DomainError('NOT_FOUND');
    return b;
  }

  // Drafts belong to their author (while still a town admin there).
  private async ownBulletin(ctx: AuthContext, id: number, scope: AccessScope): Promise<Bulletin> {
    const b = await this.ds.getRepository(Bulletin).findOneBy({ id });
    if (!b || b.authorId !== ctx.userId || !scope.can(b.townPath, 'bulletins.write')) throw new DomainError('NOT_FOUND');
    return b;
  }

  private async prepare(ctx: AuthContext, town: OrgNode, input: BulletinInput): Promise<Prepared> {
    const now = this.clock.now();
    const publishAt = input.publishAt ? toDbTime(new Date(input.publishAt)) : null;
    if (publishAt && publishAt.getTime() <= now.getTime()) throw new DomainError('PUBLISH_AT_IN_PAST');
    const forwardDeadline = input.forwardDeadline ? toDbTime(new Date(input.forwardDeadline)) : null;
    if (forwardDeadline && forwardDeadline.getTime() <= (publishAt ?? now).getTime()) throw new DomainError('DEADLINE_IN_PAST');

    const eligible = await levelOneNodes(this.ds.manager, town);
    let targets: OrgNode[] = [];
    if (input.scope.kind === 'nodes') {
      const byId = new Map(eligible.map((n) => [n.id, n]));
      for (const nodeId of new Set(input.scope.nodeIds)) {
        const node = byId.get(nodeId);
        if (!node) throw new DomainError('SCOPE_OUTSIDE_TOWN');
        targets.push(node);
      }
      targets = targets.sort((a, b) => a.path.localeCompare(b.path));
    }
    if ((input.scope.kind === 'town' ? eligible.length : targets.length) === 0) throw new DomainError('SCOPE_EMPTY');

    const imageIds = input.body.flatMap((block) => (block.type === 'image' ? [block.fileId] : []));
    await this.files.requireOwnFiles(ctx, imageIds, 'bulletin');
    const summary = input.summary?.trim() || defaultSummary(input.body, input.title);
    return { targets, summary, publishAt, forwardDeadline };
  }

  private contentFields(input: BulletinInput, p: Prepared) {
    return {
      title: input.title,
      summary: p.summary,
      body: input.body,
      category: input.category,
      fraudTypes: input.fraudTypes,
      urgency: input.urgency,
      scopeKind: input.scope.kind,
      forwardDeadline: p.forwardDeadline,
      publishAt: p.publishAt,
    };
  }

  private async insertTargets(m: EntityManager, bulletinId: number, nodes: readonly OrgNode[]): Promise<void> {
    for (let i = 0; i < nodes.length; i += 500) {
      await m
        .createQueryBuilder()
        .insert()
        .into(BulletinTarget)
        .values(nodes.slice(i, i + 500).map((n) => ({ bulletinId, nodeId: n.id, nodePath: n.path })))
        .updateEntity(false)
        .execute();
    }
  }

  // Target nodes as they are now (a node's path is stable, but read it fresh anyway).
  private async targetNodes(m: EntityManager, bulletinId: number): Promise<OrgNode[]> {
    const targets = await m.find(BulletinTarget, { where: { bulletinId }, select: { nodeId: true } });
    if (targets.length === 0) return [];
    const nodes: OrgNode[] = [];
    const ids = targets.map((t) => t.nodeId);
    for (let i = 0; i < ids.length; i += 500) nodes.push(...(await m.findBy(OrgNode, { id: In(ids.slice(i, i + 500)) })));
    return nodes.sort((a, b) => a.path.localeCompare(b.path));
  }

  private async checkContent(ctx: AuthContext, b: Bulletin): Promise<ContentCheckView | null> {
    try {
      const rows = await this.ds
        .createQueryBuilder()
        .select('u.openid', 'openid')
        .from('user_account', 'u')
        .where('u.id = :id', { id: ctx.userId })
        .getRawMany<{ openid: string | null }>();
      const openid = rows[0]?.openid;
      if (!openid) return null;
      const r = await this.wechat.msgSecCheck({ openid, scene: 1, title: b.title, content: bodyText(bodyBlocks(b)) || b.title });
      if (!SUGGESTS.includes(r.suggest)) return null;
      return { suggest: r.suggest, label: r.label, checkedAt: iso(toDbTime(this.clock.now())) };
    } catch (err) {
      // shown to the reviewer as 未检测
      this.log.warn(`content check of bulletin ${b.id} failed: ${(err as Error).message}`);
      return null;
    }
  }

  private async memberTowns(scope: AccessScope): Promise<number[]> {
    if (scope.grants.length === 0) return [];
    const ancestorIds = [...new Set(scope.grants.flatMap((g) => pathIds(g.path)))];
    const below = subtreeWhere('n.path', [...new Set(scope.grants.map((g) => g.path))], 'mt');
    const rows = await this.ds
      .getRepository(OrgNode)
      .createQueryBuilder('n')
      .select('n.id', 'id')
      .where('n.kind = :town', { town: 'town' })
      .andWhere(`(n.id IN (:...ancestorIds) OR ${below.sql})`, { ancestorIds, ...below.params })
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  private async view(b: Bulletin, scope: AccessScope): Promise<BulletinView> {
    const admin = scope.can(b.townPath, 'bulletins.write') || scope.can(b.townPath, 'bulletins.review');
    const names = await userNames(this.ds.manager, [b.authorId, b.reviewerId]);
    const targets = b.scopeKind === 'nodes' ? await this.ds.getRepository(BulletinTarget).find({ where: { bulletinId: b.id }, select: { nodeId: true } }) : [];
    const nodes = await nodesByIds(this.ds.manager, targets.map((t) => t.nodeId));
    // through the entity so both drivers hand back a Date (a raw MIN() is UTC text on SQLite)
    const confirmedAt = await firstConfirmedAt(this.ds.manager, b.id, scope.userId);
    const check = b.contentCheck;
    return {
      ...bulletinSummary(b, names, admin),
      body: bodyView(bodyBlocks(b), (fileId) => this.files.signedUrl(fileId)),
      scope: {
        kind: b.scopeKind === 'nodes' ? 'nodes' : 'town',
        nodes: [...nodes.values()].sort((x, y) => x.path.localeCompare(y.path)).map(nodeRef),
      },
      authorId: b.authorId,
      // review details are the town's business
      reviewerName: admin && b.reviewerId !== null ? (names.get(b.reviewerId) ?? null) : null,
      returnReason: admin ? b.returnReason : null,
      contentCheck: admin && check && SUGGESTS.includes(check.suggest as never) ? { suggest: check.suggest as ContentCheckView['suggest'], label: check.label, checkedAt: check.checkedAt } : null,
      submittedAt: b.submittedAt ? iso(b.submittedAt) : null,
      reviewedAt: b.reviewedAt ? iso(b.reviewedAt) : null,
      myConfirmedAt: confirmedAt ? iso(confirmedAt) : null,
    };
  }
}
