import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CHILD_KINDS,
  childPath,
  CreateNodeRequest,
  DIRECTORY_KINDS,
  DirectoryResponse,
  MembersPage,
  MembersQuery,
  NodeChildrenResponse,
  NodeKind,
  NodeView,
  pathDepth,
  RenameNodeRequest,
  Role,
  SELF_JOIN_KINDS,
} from '@wuzha/shared';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { AccessService, subtreeWhere } from './access.service';
import { decodeCursor, encodeCursor } from './cursor';
import { MemberDirectory } from './member-directory';
import { Membership } from './membership.entity';
import { OrgNode } from './org-node.entity';
import { iso, nodeRef, nodesByIds, nodeViews } from './views';
import { toDbTime } from './db-time';

@Injectable()
export class OrgService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(MemberDirectory) private readonly people: MemberDirectory,
  ) {}

  // Public directory for residents picking their village and grid: only the administrative kinds.
  async directory(_ctx: AuthContext, parentId: number | undefined): Promise<DirectoryResponse> {
    const repo = this.ds.getRepository(OrgNode);
    let parent: OrgNode | null = null;
    if (parentId !== undefined) {
      parent = await repo.findOneBy({ id: parentId });
      if (!parent || !DIRECTORY_KINDS.includes(parent.kind as NodeKind)) throw new DomainError('NOT_FOUND');
    }
    const items = await repo.find({
      where: { parentId: parent ? parent.id : IsNull(), kind: In([...DIRECTORY_KINDS]) },
      order: { id: 'ASC' },
    });
    return {
      parent: parent ? nodeRef(parent) : null,
      items: items.map((n) => ({ ...nodeRef(n), joinable: SELF_JOIN_KINDS.includes(n.kind as NodeKind) })),
    };
  }

  async getNode(ctx: AuthContext, id: number): Promise<NodeView> {
    const node = await this.access.requireNode(ctx, id, 'node.read');
    return (await nodeViews(this.ds.manager, [node]))[0];
  }

  async children(ctx: AuthContext, id: number): Promise<NodeChildrenResponse> {
    const node = await this.access.requireNode(ctx, id, 'node.read');
    const kids = await this.ds.getRepository(OrgNode).find({ where: { parentId: node.id }, order: { id: 'ASC' } });
    return { items: await nodeViews(this.ds.manager, kids) };
  }

  async createNode(ctx: AuthContext, body: CreateNodeRequest): Promise<NodeView> {
    const parent = await this.access.requireNode(ctx, body.parentId, 'nodes.manage');
    if (!CHILD_KINDS[parent.kind as NodeKind].includes(body.kind)) throw new DomainError('NODE_KIND_NOT_ALLOWED');
    const node = await this.ds.transaction(async (m) => {
      await this.assertNameFree(m.getRepository(OrgNode), parent.id, body.name);
      const now = toDbTime(this.clock.now());
      // the path contains the node's own id: insert with a unique placeholder, then set it
      const placeholder = `~${randomUUID()}`;
      const res = await m.insert(OrgNode, {
        parentId: parent.id,
        kind: body.kind,
        name: body.name,
        path: placeholder,
        depth: pathDepth(parent.path) + 1,
        createdAt: now,
        updatedAt: now,
      });
      const id = Number(res.identifiers[0].id);
      const path = childPath(parent.path, id);
      await m.update(OrgNode, { id }, { path });
      const created = await m.findOneByOrFail(OrgNode, { id });
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'org.node.create',
        node: created,
        targetType: 'org_node',
        targetId: id,
        detail: { kind: body.kind, name: body.name, parentId: parent.id },
      });
      return created;
    });
    return (await nodeViews(this.ds.manager, [node]))[0];
  }

  async renameNode(ctx: AuthContext, id: number, body: RenameNodeRequest): Promise<NodeView> {
    const node = await this.access.requireNode(ctx, id, 'nodes.manage');
    if (node.name !== body.name) {
      await this.ds.transaction(async (m) => {
        if (node.parentId !== null) await this.assertNameFree(m.getRepository(OrgNode), node.parentId, body.name);
        await m.update(OrgNode, { id }, { name: body.name, updatedAt: toDbTime(this.clock.now()) });
        await this.audit.record(m, {
          actorId: ctx.userId,
          action: 'org.node.rename',
          node,
          targetType: 'org_node',
          targetId: id,
          detail: { from: node.name, to: body.name },
        });
      });
    }
    const fresh = await this.ds.getRepository(OrgNode).findOneByOrFail({ id });
    return (await nodeViews(this.ds.manager, [fresh]))[0];
  }

  // People holding roles in the node's subtree, oldest membership first; names and phones masked.
  async members(ctx: AuthContext, id: number, query: MembersQuery): Promise<MembersPage> {
    const node = await this.access.requireNode(ctx, id, 'members.read');
    const scope = subtreeWhere('m.nodePath', [node.path]);
    const qb = this.ds.getRepository(Membership).createQueryBuilder('m').where(scope.sql, scope.params);
    if (query.role) qb.andWhere('m.role = :role', { role: query.role });
    const after = decodeCursor(query.cursor);
    if (after !== null) qb.andWhere('m.id > :after', { after });
    const rows = await qb.orderBy('m.id', 'ASC').limit(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const nodes = await nodesByIds(
      this.ds.manager,
      page.map((m) => m.nodeId),
    );
    const people = await this.people.masked(page.map((m) => m.userId));
    return {
      items: page
        .filter((m) => nodes.has(m.nodeId))
        .map((m) => ({
          membershipId: m.id,
          userId: m.userId,
          displayName: people.get(m.userId)?.displayName ?? '',
          phoneMasked: people.get(m.userId)?.phoneMasked ?? null,
          role: m.role as Role,
          node: nodeRef(nodes.get(m.nodeId)!),
          joinedAt: iso(m.createdAt),
        })),
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }

  private async assertNameFree(repo: Repository<OrgNode>, parentId: number, name: string): Promise<void> {
    if (await repo.exists({ where: { parentId, name } })) throw new DomainError('CONFLICT', '同一上级下已有同名组织');
  }
}
