import { Inject, Injectable } from '@nestjs/common';
import { AuditEntryView, AuditPage, AuditQuery, maskName } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { AccessService, subtreeWhere } from '../org/access.service';
import { decodeCursor, encodeCursor } from '../org/cursor';
import { userNames } from '../org/views';
import { AuditLog } from './audit-log.entity';
import { toDbTime } from '../org/db-time';

export interface AuditEntry {
  actorId: number | null;
  // dotted verb, e.g. 'org.node.create', 'membership.remove', 'invite.accept', 'export.members'
  action: string;
  // the node the action concerns: its path scopes who may read the entry
  node?: { id: number; path: string } | null;
  subjectUserId?: number | null;
  targetType?: string | null;
  targetId?: string | number | null;
  // never personal data in clear: ids, roles, counts, masked values
  detail?: Record<string, unknown> | null;
}

@Injectable()
export class AuditService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  // Writes inside the caller's transaction, so the entry exists exactly when the change does.
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const row = manager.create(AuditLog, {
      actorId: entry.actorId,
      action: entry.action,
      nodeId: entry.node?.id ?? null,
      nodePath: entry.node?.path ?? null,
      subjectUserId: entry.subjectUserId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      detail: entry.detail ?? null,
      createdAt: toDbTime(this.clock.now()),
    });
    await manager.insert(AuditLog, row);
  }

  // Entries about the node's subtree, newest first.
  async list(ctx: AuthContext, query: AuditQuery): Promise<AuditPage> {
    const node = await this.access.requireNode(ctx, query.nodeId, 'audit.read');
    const scope = subtreeWhere('a.nodePath', [node.path], 'sub');
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a').where(scope.sql, scope.params);
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    const before = decodeCursor(query.cursor);
    if (before !== null) qb.andWhere('a.id < :before', { before });
    const rows = await qb.orderBy('a.id', 'DESC').limit(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const names = await userNames(this.ds.manager, page.map((r) => r.actorId));
    const items: AuditEntryView[] = page.map((r) => ({
      id: r.id,
      action: r.action,
      actorId: r.actorId,
      actorName: r.actorId === null ? '系统' : maskName(names.get(r.actorId) ?? ''),
      nodeId: r.nodeId,
      subjectUserId: r.subjectUserId,
      targetType: r.targetType,
      targetId: r.targetId,
      detail: r.detail,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
    return { items, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null };
  }
}
