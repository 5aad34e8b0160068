import { Inject, Injectable } from '@nestjs/common';
import { BindGroupRequest, GroupListResponse, GroupView, maskName, OkResponse, UpdateGroupRequest } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { isDuplicateKey } from '../../database/db-errors';
import { AuditService } from '../audit/audit.service';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds, userNames } from '../org/views';
import { GroupInfoReader } from './group-info';
import { WechatGroup } from './wechat-group.entity';

@Injectable()
export class GroupsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(GroupInfoReader) private readonly groupInfo: GroupInfoReader,
  ) {}

  // One opengid binds once: the same node again is idempotent (and may rename), another node is a
  // conflict (moving is a town admin's act, through update).
  async bind(ctx: AuthContext, body: BindGroupRequest): Promise<GroupView> {
    const node = await this.access.requireNode(ctx, body.nodeId, 'groups.manage');
    // decrypt before any write: forged or stale info leaves nothing behind
    const opengid = await this.groupInfo.openGid(ctx.userId, body.group);
    for (let attempt = 1; ; attempt++) {
      try {
        const group = await this.ds.transaction((m) => this.bindIn(m, ctx, node, opengid, body.name));
        return this.view(group, node);
      } catch (err) {
        // a concurrent bind of the same group won the unique opengid: decide again against its row
        if (attempt < 2 && isDuplicateKey(err)) continue;
        throw err;
      }
    }
  }

  private async bindIn(m: EntityManager, ctx: AuthContext, node: OrgNode, opengid: string, name: string): Promise<WechatGroup> {
    const now = toDbTime(this.clock.now());
    const existing = await m.findOneBy(WechatGroup, { opengid });
    if (existing) {
      if (existing.nodeId !== node.id) throw new DomainError('GROUP_ALREADY_BOUND');
      if (existing.name !== name) {
        await m.update(WechatGroup, { id: existing.id }, { name, updatedAt: now });
        await this.audit.record(m, {
          actorId: ctx.userId,
          action: 'group.rename',
          node,
          targetType: 'wechat_group',
          targetId: existing.id,
          detail: { from: existing.name, to: name },
        });
        existing.name = name;
        existing.updatedAt = now;
      }
      return existing;
    }
    const row = m.create(WechatGroup, { opengid, nodeId: node.id, nodePath: node.path, name, boundBy: ctx.userId, boundAt: now, updatedAt: now });
    await m.insert(WechatGroup, row);
    await this.audit.record(m, { actorId: ctx.userId, action: 'group.bind', node, targetType: 'wechat_group', targetId: row.id, detail: { name } });
    return row;
  }

  // Groups bound anywhere in the node's subtree.
  async list(ctx: AuthContext, nodeId: number): Promise<GroupListResponse> {
    const scope = await this.access.scope(ctx);
    const node = await this.access.requireNode(ctx, nodeId, 'node.read', { scope });
    if (!canSeeGroups(scope, node.path)) throw new DomainError('FORBIDDEN');
    const where = subtreeWhere('g.nodePath', [node.path]);
    const rows = await this.ds
      .getRepository(WechatGroup)
      .createQueryBuilder('g')
      .where(where.sql, where.params)
      .orderBy('g.nodePath', 'ASC')
      .addOrderBy('g.id', 'ASC')
      .getMany();
    return { items: await this.views(rows) };
  }

  // Rename: groups.manage at the group's node. Move: groups.move at both the old and the new node.
  async update(ctx: AuthContext, id: number, body: UpdateGroupRequest): Promise<GroupView> {
    const { group, scope } = await this.visible(ctx, id);
    const moving = body.nodeId !== undefined && body.nodeId !== group.nodeId;
    let target: OrgNode | null = null;
    if (moving) {
      if (!scope.can(group.nodePath, 'groups.move')) throw new DomainError('FORBIDDEN');
      target = await this.access.requireNode(ctx, body.nodeId!, 'groups.move', { scope });
    } else if (!scope.can(group.nodePath, 'groups.manage')) {
      throw new DomainError('FORBIDDEN');
    }
    const name = body.name ?? group.name;
    if (!target && name === group.name) return (await this.views([group]))[0];
    const now = toDbTime(this.clock.now());
    const from = { nodeId: group.nodeId, name: group.name };
    await this.ds.transaction(async (m) => {
      const patch: Partial<WechatGroup> = { name, updatedAt: now };
      if (target) Object.assign(patch, { nodeId: target.id, nodePath: target.path });
      const res = await m.update(WechatGroup, { id: group.id, nodeId: group.nodeId }, patch);
      // removed or moved by someone else meanwhile
      if (!res.affected) throw new DomainError('CONFLICT');
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: target ? 'group.move' : 'group.rename',
        node: target ?? { id: group.nodeId, path: group.nodePath },
        targetType: 'wechat_group',
        targetId: group.id,
        detail: target ? { fromNodeId: from.nodeId, toNodeId: target.id, name } : { from: from.name, to: name },
      });
      Object.assign(group, patch);
    });
    return (await this.views([group]))[0];
  }

  async remove(ctx: AuthContext, id: number): Promise<OkResponse> {
    const { group, scope } = await this.visible(ctx, id);
    if (!scope.can(group.nodePath, 'groups.manage')) throw new DomainError('FORBIDDEN');
    await this.ds.transaction(async (m) => {
      const res = await m.delete(WechatGroup, { id: group.id });
      if (!res.affected) return;
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'group.remove',
        node: { id: group.nodeId, path: group.nodePath },
        targetType: 'wechat_group',
        targetId: group.id,
        detail: { name: group.name },
      });
    });
    return { ok: true };
  }

  // The group, if the caller may list the groups of its node; otherwise NOT_FOUND.
  private async visible(ctx: AuthContext, id: number): Promise<{ group: WechatGroup; scope: AccessScope }> {
    const group = await this.ds.getRepository(WechatGroup).findOneBy({ id });
    if (!group) throw new DomainError('NOT_FOUND');
    const scope = await this.access.scope(ctx);
    if (!canSeeGroups(scope, group.nodePath)) throw new DomainError('NOT_FOUND');
    return { group, scope };
  }

  private async views(rows: WechatGroup[]): Promise<GroupView[]> {
    const nodes = await nodesByIds(
      this.ds.manager,
      rows.map((g) => g.nodeId),
    );
    const names = await userNames(
      this.ds.manager,
      rows.map((g) => g.boundBy),
    );
    return rows.filter((g) => nodes.has(g.nodeId)).map((g) => toView(g, nodes.get(g.nodeId)!, names));
  }

  private async view(g: WechatGroup, node: OrgNode): Promise<GroupView> {
    return toView(g, node, await userNames(this.ds.manager, [g.boundBy]));
  }
}

function toView(g: WechatGroup, node: OrgNode, names: Map<number, string>): GroupView {
  return { id: g.id, name: g.name, node: nodeRef(node), boundAt: iso(g.boundAt), boundByName: maskName(names.get(g.boundBy) ?? '') };
}

// Who sees a node's groups: those who manage them and those who read its dashboards.
function canSeeGroups(scope: AccessScope, path: string): boolean {
  return scope.can(path, 'groups.manage') || scope.can(path, 'dashboard.read');
}
