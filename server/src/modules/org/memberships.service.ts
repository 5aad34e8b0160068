import { Inject, Injectable } from '@nestjs/common';
import { MembershipView, NodeKind, Role, SELF_JOIN_KINDS } from '@wuzha/shared';
import { DataSource, In, Not } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { AccessService } from './access.service';
import { Membership } from './membership.entity';
import { OrgNode } from './org-node.entity';
import { membershipViews } from './views';
import { toDbTime } from './db-time';

@Injectable()
export class MembershipsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  // Self-join as a resident. A person has one self-joined residence: joining another node replaces it.
  async join(ctx: AuthContext, nodeId: number): Promise<MembershipView> {
    const created = await this.ds.transaction(async (m) => {
      const node = await m.findOneBy(OrgNode, { id: nodeId });
      if (!node) throw new DomainError('NOT_FOUND');
      if (!SELF_JOIN_KINDS.includes(node.kind as NodeKind)) throw new DomainError('SELF_JOIN_NOT_ALLOWED');
      const held = await m.findOneBy(Membership, { userId: ctx.userId, nodeId: node.id, role: 'resident' });
      if (held) throw new DomainError('ALREADY_MEMBER');
      const previous = await m.findBy(Membership, { userId: ctx.userId, role: 'resident', source: 'self_join', nodeId: Not(node.id) });
      if (previous.length > 0) await m.delete(Membership, { id: In(previous.map((p) => p.id)) });
      const membership = m.create(Membership, {
        userId: ctx.userId,
        nodeId: node.id,
        nodePath: node.path,
        role: 'resident',
        source: 'self_join',
        inviteId: null,
        createdAt: toDbTime(this.clock.now()),
      });
      await m.insert(Membership, membership);
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'membership.join',
        node,
        subjectUserId: ctx.userId,
        targetType: 'membership',
        targetId: membership.id,
        detail: { role: 'resident', replacedNodeIds: previous.map((p) => p.nodeId) },
      });
      // the old residence's log also learns the person moved away
      for (const p of previous) {
        await this.audit.record(m, {
          actorId: ctx.userId,
          action: 'membership.leave',
          node: { id: p.nodeId, path: p.nodePath },
          subjectUserId: ctx.userId,
          targetType: 'membership',
          targetId: p.id,
          detail: { role: p.role, movedToNodeId: node.id },
        });
      }
      return membership;
    });
    return (await membershipViews(this.ds.manager, [created]))[0];
  }

  // Leave one's own membership, or remove someone else's if the caller may manage that role there.
  async remove(ctx: AuthContext, id: number): Promise<void> {
    await this.ds.transaction(async (m) => {
      const membership = await m.findOneBy(Membership, { id });
      if (!membership) throw new DomainError('NOT_FOUND');
      const own = membership.userId === ctx.userId;
      if (!own) {
        const scope = await this.access.scope(ctx, m);
        // a membership is visible to whoever may list the node's members; others learn nothing
        if (!scope.can(membership.nodePath, 'members.read')) throw new DomainError('NOT_FOUND');
        if (!scope.can(membership.nodePath, 'members.manage') || !scope.canManageRole(membership.nodePath, membership.role as Role)) {
          throw new DomainError('FORBIDDEN');
        }
      }
      await m.delete(Membership, { id: membership.id });
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: own ? 'membership.leave' : 'membership.remove',
        node: { id: membership.nodeId, path: membership.nodePath },
        subjectUserId: membership.userId,
        targetType: 'membership',
        targetId: membership.id,
        detail: { role: membership.role, source: membership.source },
      });
    });
  }
}
