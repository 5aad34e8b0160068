import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Bulletin } from '../bulletins/bulletin.entity';
import { OrgNode } from '../org/org-node.entity';
import { ForwardTask } from './forward-task.entity';
import { chunks, TaskNotifier } from './task-notifier';

// Kinds whose forwarding cascades to their grids (level 2) once they forward.
export const CASCADING_KINDS: readonly string[] = ['village', 'community'];

// Creates forwarding tasks and notifies their cadres, inside the caller's transaction: level 1 when
// a bulletin is published, level 2 (the grids) when a village or community forwards.
@Injectable()
export class TaskCascade {
  constructor(@Inject(TaskNotifier) private readonly notifier: TaskNotifier) {}

  // One task per node (villages, communities, units of the scope); returns how many were created.
  async createLevelOne(m: EntityManager, bulletin: Bulletin, nodes: readonly OrgNode[], now: Date): Promise<number> {
    return this.create(m, bulletin, nodes, 1, null, now);
  }

  // The grids under a village or community that has just forwarded.
  async cascadeToGrids(m: EntityManager, parent: ForwardTask, node: OrgNode, bulletin: Bulletin, now: Date): Promise<number> {
    if (parent.level !== 1 || !CASCADING_KINDS.includes(node.kind)) return 0;
    const grids = await m.find(OrgNode, { where: { parentId: node.id, kind: 'grid' }, order: { id: 'ASC' } });
    return this.create(m, bulletin, grids, 2, parent.id, now);
  }

  private async create(m: EntityManager, bulletin: Bulletin, nodes: readonly OrgNode[], level: number, parentTaskId: number | null, now: Date): Promise<number> {
    if (nodes.length === 0) return 0;
    for (const part of chunks(nodes)) {
      await m
        .createQueryBuilder()
        .insert()
        .into(ForwardTask)
        .values(
          part.map((n) => ({
            bulletinId: bulletin.id,
            nodeId: n.id,
            nodePath: n.path,
            level,
            parentTaskId,
            status: 'pending',
            deadline: bulletin.forwardDeadline,
            forwardedAt: null,
            forwardedBy: null,
            offlineNote: null,
            offlinePhotoId: null,
            lastRemindedAt: null,
            createdAt: now,
          })),
        )
        .updateEntity(false)
        .execute();
    }
    await this.notifier.notify(
      m,
      nodes.map((n) => ({
        nodeId: n.id,
        nodeName: n.name,
        bulletinTitle: bulletin.title,
        urgent: bulletin.urgency === 'urgent',
        deadline: bulletin.forwardDeadline,
        kind: 'new' as const,
      })),
    );
    return nodes.length;
  }
}
