import { Inject, Injectable } from '@nestjs/common';
import {
  FeedbackInput,
  FeedbackKind,
  FeedbackListQuery,
  FeedbackPage,
  FeedbackView,
  isInSubtree,
  maskName,
  pathIds,
  ReplyInput,
  Role,
  roleHas,
  subtreeRange,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Bulletin } from '../bulletins/bulletin.entity';
import { FilesService } from '../files/files.service';
import { AccessScope, AccessService, Grant } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { Membership } from '../org/membership.entity';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds, userNames } from '../org/views';
import { OutboxService } from '../outbox/outbox.service';
import { decodeFeedbackCursor, encodeFeedbackCursor } from './feedback-cursor';
import { feedbackMessage } from './feedback-message';
import { FeedbackReply } from './feedback-reply.entity';
import { Feedback } from './feedback.entity';

type FeedbackItem = FeedbackPage['items'][number];

// 基层反馈: sent up from a node by someone holding feedback.write there. A thread is visible to its
// author and to holders of feedback.read strictly ABOVE its node (the level above, the town): not to
// peers at the same node, nor to anyone below.
@Injectable()
export class FeedbackService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(FilesService) private readonly files: FilesService,
  ) {}

  async create(ctx: AuthContext, body: FeedbackInput): Promise<FeedbackView> {
    const node = await this.access.requireNode(ctx, body.nodeId, 'feedback.write');
    if (body.bulletinId !== undefined) await this.requireBulletinOf(node, body.bulletinId);
    const photoIds = [...new Set(body.photoFileIds)];
    const now = toDbTime(this.clock.now());
    const feedback = await this.ds.transaction(async (m) => {
      await this.files.requireOwnFiles(ctx, photoIds, 'feedback', m);
      const row = m.create(Feedback, {
        authorId: ctx.userId,
        nodeId: node.id,
        nodePath: node.path,
        bulletinId: body.bulletinId ?? null,
        kind: body.kind,
        body: body.body,
        photoIds: photoIds.length > 0 ? photoIds : null,
        createdAt: now,
        lastActivityAt: now,
      });
      await m.insert(Feedback, row);
      const recipients = await this.recipientsAbove(m, node.path, ctx.userId);
      await this.notify(m, recipients, { feedback: row, fromNodeName: node.name, text: row.body, isReply: false, at: now, dedupe: `feedback:${row.id}` });
      return row;
    });
    return this.thread(feedback);
  }

  // Threads the caller sees, newest activity first; with nodeId, only those sent from its subtree.
  async list(ctx: AuthContext, query: FeedbackListQuery): Promise<FeedbackPage> {
    const scope = await this.access.scope(ctx);
    const qb = this.ds.getRepository(Feedback).createQueryBuilder('f');
    const visible = ['f.authorId = :me'];
    const params: Record<string, unknown> = { me: ctx.userId };
    scope.subtrees('feedback.read').forEach((p, i) => {
      const { lo, hi } = subtreeRange(p);
      // strictly below the grant's node: its own path (the range's low end) is left out
      visible.push(`(f.nodePath > :fbLo${i} AND f.nodePath < :fbHi${i})`);
      Object.assign(params, { [`fbLo${i}`]: lo, [`fbHi${i}`]: hi });
    });
    qb.where(`(${visible.join(' OR ')})`, params);
    if (query.nodeId !== undefined) {
      const node = await this.access.requireNode(ctx, query.nodeId, 'node.read', { scope });
      const { lo, hi } = subtreeRange(node.path);
      qb.andWhere('f.nodePath >= :nodeLo AND f.nodePath < :nodeHi', { nodeLo: lo, nodeHi: hi });
    }
    const after = decodeFeedbackCursor(query.cursor);
    if (after) {
      qb.andWhere('(f.lastActivityAt < :curAt OR (f.lastActivityAt = :curAt AND f.id < :curId))', { curAt: after.at, curId: after.id });
    }
    const rows = await qb.orderBy('f.lastActivityAt', 'DESC').addOrderBy('f.id', 'DESC').limit(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.items(page),
      nextCursor: rows.length > query.limit && last ? encodeFeedbackCursor(new Date(last.lastActivityAt), last.id) : null,
    };
  }

  async get(ctx: AuthContext, id: number): Promise<FeedbackView> {
    const { feedback } = await this.visible(ctx, id);
    return this.thread(feedback);
  }

  // The author, or a holder of feedback.read above the node, answers; the other side is notified.
  async reply(ctx: AuthContext, id: number, body: ReplyInput): Promise<FeedbackView> {
    const { feedback, grant } = await this.visible(ctx, id);
    const now = toDbTime(this.clock.now());
    const nodes = await nodesByIds(this.ds.manager, [feedback.nodeId, ...(grant ? [grant.nodeId] : [])]);
    await this.ds.transaction(async (m) => {
      const reply = m.create(FeedbackReply, {
        feedbackId: feedback.id,
        authorId: ctx.userId,
        // the author speaks from the thread's node, a reader from their own node above it
        authorNodeId: grant ? grant.nodeId : feedback.nodeId,
        body: body.body,
        createdAt: now,
      });
      await m.insert(FeedbackReply, reply);
      await m.update(Feedback, { id: feedback.id }, { lastActivityAt: now });
      const recipients = grant ? [feedback.authorId].filter((u) => u !== ctx.userId) : await this.recipientsAbove(m, feedback.nodePath, ctx.userId);
      const fromNode = nodes.get(grant ? grant.nodeId : feedback.nodeId);
      await this.notify(m, recipients, {
        feedback,
        fromNodeName: fromNode?.name ?? '',
        text: reply.body,
        isReply: true,
        at: now,
        dedupe: `feedback-reply:${reply.id}`,
      });
    });
    feedback.lastActivityAt = now;
    return this.thread(feedback);
  }

  // The thread, if the caller wrote it or reads feedback above its node; otherwise NOT_FOUND.
  // `grant` is the reader grant the caller answers through (null for the author).
  private async visible(ctx: AuthContext, id: number): Promise<{ feedback: Feedback; grant: Grant | null; scope: AccessScope }> {
    const feedback = await this.ds.getRepository(Feedback).findOneBy({ id });
    if (!feedback) throw new DomainError('NOT_FOUND');
    const scope = await this.access.scope(ctx);
    if (feedback.authorId === ctx.userId) return { feedback, grant: null, scope };
    const grant = readerGrant(scope, feedback.nodePath);
    if (!grant) throw new DomainError('NOT_FOUND');
    return { feedback, grant, scope };
  }

  // A published bulletin of a town the node lies in.
  private async requireBulletinOf(node: OrgNode, bulletinId: number): Promise<void> {
    const b = await this.ds.getRepository(Bulletin).findOne({ where: { id: bulletinId, status: 'published' }, select: { id: true, townPath: true } });
    if (!b || !isInSubtree(node.path, b.townPath)) throw new DomainError('NOT_FOUND');
  }

  // Who hears of a thread from below: those reading feedback at the nearest level above the node
  // (below the town), and the town admins.
  private async recipientsAbove(m: EntityManager, path: string, exceptUserId: number): Promise<number[]> {
    const ids = pathIds(path);
    const ancestorPaths = ids.slice(0, -1).map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
    if (ancestorPaths.length === 0) return [];
    const nodes = await nodesByIds(m, ids.slice(0, -1));
    const members = await m.find(Membership, { where: { nodePath: In(ancestorPaths) }, select: { id: true, userId: true, role: true, nodePath: true } });
    const townPath = ancestorPaths.find((_, i) => nodes.get(ids[i])?.kind === 'town');
    const users = new Set<number>();
    for (const p of [...ancestorPaths].reverse()) {
      if (p === townPath) break;
      const readers = members.filter((x) => x.nodePath === p && roleHas(x.role as Role, 'feedback.read'));
      if (readers.length > 0) {
        readers.forEach((x) => users.add(x.userId));
        break;
      }
    }
    if (townPath) members.filter((x) => x.nodePath === townPath && x.role === 'town_admin').forEach((x) => users.add(x.userId));
    users.delete(exceptUserId);
    return [...users];
  }

  private async notify(
    m: EntityManager,
    userIds: number[],
    msg: { feedback: Feedback; fromNodeName: string; text: string; isReply: boolean; at: Date; dedupe: string },
  ): Promise<void> {
    const templateId = this.config.wechat.templates.feedback;
    if (!templateId || userIds.length === 0) return;
    const people = await m
      .createQueryBuilder()
      .select('u.id', 'id')
      .addSelect('u.openid', 'openid')
      .from('user_account', 'u')
      .where('u.id IN (:...ids)', { ids: userIds })
      .getRawMany<{ id: number | string; openid: string | null }>();
    for (const p of people) {
      if (!p.openid) continue;
      const payload = feedbackMessage({
        touser: p.openid,
        templateId,
        feedbackId: msg.feedback.id,
        nodeName: msg.fromNodeName,
        kind: msg.feedback.kind as FeedbackKind,
        text: msg.text,
        isReply: msg.isReply,
        at: msg.at,
      });
      await this.outbox.enqueueSubscribeMessage(m, payload, { dedupeKey: `${msg.dedupe}:${Number(p.id)}` });
    }
  }

  private async thread(f: Feedback): Promise<FeedbackView> {
    const replies = await this.ds.getRepository(FeedbackReply).find({ where: { feedbackId: f.id }, order: { id: 'ASC' } });
    const ctx = await this.lookups([f], replies);
    return {
      ...this.base(f, ctx),
      replies: replies
        .filter((r) => ctx.nodes.has(r.authorNodeId))
        .map((r) => ({
          id: r.id,
          authorName: maskName(ctx.names.get(r.authorId) ?? ''),
          authorNode: nodeRef(ctx.nodes.get(r.authorNodeId)!),
          body: r.body,
          createdAt: iso(r.createdAt),
        })),
    };
  }

  private async items(rows: Feedback[]): Promise<FeedbackItem[]> {
    if (rows.length === 0) return [];
    const counts = await this.ds
      .getRepository(FeedbackReply)
      .createQueryBuilder('r')
      .select('r.feedbackId', 'feedbackId')
      .addSelect('COUNT(*)', 'cnt')
      .where('r.feedbackId IN (:...ids)', { ids: rows.map((f) => f.id) })
      .groupBy('r.feedbackId')
      .getRawMany<{ feedbackId: number | string; cnt: number | string }>();
    const countOf = new Map(counts.map((c) => [Number(c.feedbackId), Number(c.cnt)]));
    const ctx = await this.lookups(rows, []);
    return rows.filter((f) => ctx.nodes.has(f.nodeId)).map((f) => ({ ...this.base(f, ctx), replyCount: countOf.get(f.id) ?? 0 }));
  }

  private async lookups(rows: Feedback[], replies: FeedbackReply[]) {
    const m = this.ds.manager;
    const nodes = await nodesByIds(m, [...rows.map((f) => f.nodeId), ...replies.map((r) => r.authorNodeId)]);
    const names = await userNames(m, [...rows.map((f) => f.authorId), ...replies.map((r) => r.authorId)]);
    const bulletinIds = [...new Set(rows.map((f) => f.bulletinId).filter((id): id is number => id !== null))];
    const bulletins =
      bulletinIds.length > 0 ? await m.find(Bulletin, { where: { id: In(bulletinIds) }, select: { id: true, title: true } }) : [];
    return { nodes, names, bulletins: new Map(bulletins.map((b) => [b.id, b.title])) };
  }

  private base(f: Feedback, ctx: Awaited<ReturnType<FeedbackService['lookups']>>): Omit<FeedbackView, 'replies'> {
    const title = f.bulletinId !== null ? ctx.bulletins.get(f.bulletinId) : undefined;
    return {
      id: f.id,
      node: nodeRef(ctx.nodes.get(f.nodeId)!),
      authorName: maskName(ctx.names.get(f.authorId) ?? ''),
      kind: f.kind as FeedbackKind,
      body: f.body,
      photos: (f.photoIds ?? []).map((id) => ({ id, url: this.files.signedUrl(id) })),
      bulletin: f.bulletinId !== null && title !== undefined ? { id: f.bulletinId, title } : null,
      createdAt: iso(f.createdAt),
      lastActivityAt: iso(f.lastActivityAt),
    };
  }
}

// The deepest feedback.read grant strictly above the node at `path`, if any.
function readerGrant(scope: AccessScope, path: string): Grant | null {
  const above = scope.grants.filter((g) => g.path !== path && isInSubtree(path, g.path) && roleHas(g.role, 'feedback.read'));
  return above.sort((a, b) => b.path.length - a.path.length)[0] ?? null;
}
