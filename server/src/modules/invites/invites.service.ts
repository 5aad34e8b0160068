import { Inject, Injectable } from '@nestjs/common';
import {
  CreateInviteRequest,
  InviteListResponse,
  InvitePreview,
  InviteView,
  isStaffRole,
  maskName,
  MembershipView,
  NodeKind,
  pathIds,
  Role,
  roleAllowedAt,
} from '@wuzha/shared';
import * as QRCode from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { isDuplicateKey } from '../../database/db-errors';
import { AuditService } from '../audit/audit.service';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { Membership } from '../org/membership.entity';
import { OrgNode } from '../org/org-node.entity';
import { ancestorsOf, iso, membershipViews, nodeRef, nodesByIds, userNames } from '../org/views';
import { OutboxService } from '../outbox/outbox.service';
import { generateInviteCode, invitePagePath, inviteQrText } from './invite-code';
import { Invite } from './invite.entity';
import { inviteAcceptedMessage } from './invite-message';
import { toDbTime } from '../org/db-time';

const DAY_MS = 24 * 60 * 60 * 1000;
const LIST_LIMIT = 200;

@Injectable()
export class InvitesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(OutboxService) private readonly outbox: OutboxService,
  ) {}

  async create(ctx: AuthContext, body: CreateInviteRequest): Promise<InviteView> {
    const scope = await this.access.scope(ctx);
    const node = await this.access.requireNode(ctx, body.nodeId, 'node.read', { scope });
    if (!scope.canManageRole(node.path, body.role)) throw new DomainError('ROLE_NOT_INVITABLE');
    if (!roleAllowedAt(body.role, node.kind as NodeKind)) {
      throw new DomainError('ROLE_NOT_ALLOWED_AT_NODE');
    }
    const now = toDbTime(this.clock.now());
    const invite = await this.ds.transaction(async (m) => {
      const row = m.create(Invite, {
        code: generateInviteCode(),
        nodeId: node.id,
        nodePath: node.path,
        role: body.role,
        maxUses: body.maxUses ?? (isStaffRole(body.role) ? 1 : 500),
        uses: 0,
        expiresAt: new Date(now.getTime() + body.expiresInDays * DAY_MS),
        revokedAt: null,
        createdBy: ctx.userId,
        createdAt: now,
      });
      await this.insertWithFreeCode(m, row);
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'invite.create',
        node,
        targetType: 'invite',
        targetId: row.id,
        detail: { role: row.role, maxUses: row.maxUses, expiresAt: iso(row.expiresAt) },
      });
      return row;
    });
    return this.view(invite, node);
  }

  // Without nodeId: the caller's own invites. With nodeId: invites in that subtree for roles the caller manages.
  async list(ctx: AuthContext, nodeId: number | undefined): Promise<InviteListResponse> {
    const repo = this.ds.getRepository(Invite);
    let rows: Invite[];
    if (nodeId === undefined) {
      rows = await repo.find({ where: { createdBy: ctx.userId }, order: { id: 'DESC' }, take: LIST_LIMIT });
    } else {
      const scope = await this.access.scope(ctx);
      const node = await this.access.requireNode(ctx, nodeId, 'invites.create', { scope });
      const where = subtreeWhere('i.nodePath', [node.path]);
      const candidates = await repo.createQueryBuilder('i').where(where.sql, where.params).orderBy('i.id', 'DESC').limit(LIST_LIMIT).getMany();
      rows = candidates.filter((i) => i.createdBy === ctx.userId || scope.canManageRole(i.nodePath, i.role as Role));
    }
    const nodes = await nodesByIds(
      this.ds.manager,
      rows.map((i) => i.nodeId),
    );
    return { items: rows.filter((i) => nodes.has(i.nodeId)).map((i) => this.view(i, nodes.get(i.nodeId)!)) };
  }

  async revoke(ctx: AuthContext, id: number): Promise<InviteView> {
    const { invite, node } = await this.manageable(ctx, id);
    if (!invite.revokedAt) {
      invite.revokedAt = toDbTime(this.clock.now());
      await this.ds.transaction(async (m) => {
        await m.update(Invite, { id: invite.id }, { revokedAt: invite.revokedAt });
        await this.audit.record(m, {
          actorId: ctx.userId,
          action: 'invite.revoke',
          node,
          targetType: 'invite',
          targetId: invite.id,
          detail: { role: invite.role, uses: invite.uses },
        });
      });
    }
    return this.view(invite, node);
  }

  async qrPng(ctx: AuthContext, id: number): Promise<Buffer> {
    const { invite } = await this.manageable(ctx, id);
    return QRCode.toBuffer(inviteQrText(invite.code), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 });
  }

  async preview(ctx: AuthContext, code: string): Promise<InvitePreview> {
    const invite = await this.ds.getRepository(Invite).findOneBy({ code });
    this.assertUsable(invite);
    const nodes = await nodesByIds(this.ds.manager, pathIds(invite.nodePath));
    const node = nodes.get(invite.nodeId);
    if (!node) throw new DomainError('INVITE_NOT_FOUND');
    const names = await userNames(this.ds.manager, [invite.createdBy]);
    const alreadyMember = await this.ds.getRepository(Membership).exists({ where: { userId: ctx.userId, nodeId: node.id, role: invite.role } });
    return {
      code: invite.code,
      role: invite.role as Role,
      node: nodeRef(node),
      nodePath: ancestorsOf(node.path, nodes).map((n) => n.name),
      // the code may be shared widely: the inviter's name is shown masked
      inviterName: maskName(names.get(invite.createdBy) ?? ''),
      expiresAt: iso(invite.expiresAt),
      alreadyMember,
    };
  }

  async accept(ctx: AuthContext, code: string): Promise<MembershipView> {
    const membership = await this.ds.transaction(async (m) => {
      const invite = await m.findOneBy(Invite, { code });
      this.assertUsable(invite);
      const node = await m.findOneBy(OrgNode, { id: invite.nodeId });
      if (!node) throw new DomainError('INVITE_NOT_FOUND');
      if (await m.exists(Membership, { where: { userId: ctx.userId, nodeId: node.id, role: invite.role } })) {
        throw new DomainError('ALREADY_MEMBER');
      }
      const now = this.clock.now();
      // conditional increment: concurrent accepts can never push uses past maxUses
      const e = (c: string) => m.connection.driver.escape(c);
      const res = await m
        .createQueryBuilder()
        .update(Invite)
        .set({ uses: () => `${e('uses')} + 1` })
        .where(`id = :id AND ${e('uses')} < ${e('maxUses')} AND ${e('revokedAt')} IS NULL AND ${e('expiresAt')} > :now`, { id: invite.id, now })
        .execute();
      if (!res.affected) {
        this.assertUsable(await m.findOneBy(Invite, { id: invite.id }));
        throw new DomainError('INVITE_EXHAUSTED');
      }
      const row = m.create(Membership, {
        userId: ctx.userId,
        nodeId: node.id,
        nodePath: node.path,
        role: invite.role,
        source: 'invite',
        inviteId: invite.id,
        createdAt: toDbTime(now),
      });
      try {
        await m.insert(Membership, row);
      } catch (err) {
        // a concurrent accept by the same person won the unique (userId, nodeId, role) race
        if (isDuplicateKey(err)) throw new DomainError('ALREADY_MEMBER');
        throw err;
      }
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'invite.accept',
        node,
        subjectUserId: ctx.userId,
        targetType: 'invite',
        targetId: invite.id,
        detail: { role: invite.role, membershipId: row.id, inviterId: invite.createdBy },
      });
      await this.notifyInviter(m, invite, node, row, now);
      return row;
    });
    return (await membershipViews(this.ds.manager, [membership]))[0];
  }

  private async notifyInviter(m: EntityManager, invite: Invite, node: OrgNode, membership: Membership, now: Date): Promise<void> {
    const accepterId = membership.userId;
    const templateId = this.config.wechat.templates.inviteAccepted;
    if (!templateId) return;
    const people = await m
      .createQueryBuilder()
      .select('u.id', 'id')
      .addSelect('u.openid', 'openid')
      .addSelect('u.displayName', 'displayName')
      .from('user_account', 'u')
      .where('u.id IN (:...ids)', { ids: [invite.createdBy, accepterId] })
      .getRawMany<{ id: number | string; openid: string; displayName: string | null }>();
    const inviter = people.find((p) => Number(p.id) === invite.createdBy);
    const accepter = people.find((p) => Number(p.id) === accepterId);
    if (!inviter?.openid) return;
    const payload = inviteAcceptedMessage({
      touser: inviter.openid,
      templateId,
      nodeName: node.name,
      accepterName: maskName(accepter?.displayName ?? ''),
      role: invite.role as Role,
      at: now,
    });
    await this.outbox.enqueue(m, 'wechat.subscribe', payload, { dedupeKey: `invite.accept:${membership.id}` });
  }

  // The invite, if the caller created it or may manage its role at its node; otherwise NOT_FOUND.
  private async manageable(ctx: AuthContext, id: number): Promise<{ invite: Invite; node: OrgNode; scope: AccessScope }> {
    const invite = await this.ds.getRepository(Invite).findOneBy({ id });
    if (!invite) throw new DomainError('NOT_FOUND');
    const scope = await this.access.scope(ctx);
    if (invite.createdBy !== ctx.userId && !scope.canManageRole(invite.nodePath, invite.role as Role)) throw new DomainError('NOT_FOUND');
    const node = await this.ds.getRepository(OrgNode).findOneBy({ id: invite.nodeId });
    if (!node) throw new DomainError('NOT_FOUND');
    return { invite, node, scope };
  }

  private assertUsable(invite: Invite | null): asserts invite is Invite {
    if (!invite) throw new DomainError('INVITE_NOT_FOUND');
    if (invite.revokedAt) throw new DomainError('INVITE_REVOKED');
    if (new Date(invite.expiresAt).getTime() <= this.clock.now().getTime()) throw new DomainError('INVITE_EXPIRED');
    if (invite.uses >= invite.maxUses) throw new DomainError('INVITE_EXHAUSTED');
  }

  // 32^8 ≈ 10^12 codes make a collision rare; the unique index decides, and we draw again.
  private async insertWithFreeCode(m: EntityManager, row: Invite): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await m.insert(Invite, row);
        return;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
        row.code = generateInviteCode();
      }
    }
  }

  private view(i: Invite, node: OrgNode): InviteView {
    return {
      id: i.id,
      code: i.code,
      role: i.role as Role,
      node: nodeRef(node),
      maxUses: i.maxUses,
      uses: i.uses,
      expiresAt: iso(i.expiresAt),
      revoked: !!i.revokedAt,
      path: invitePagePath(i.code),
      createdAt: iso(i.createdAt),
    };
  }
}
