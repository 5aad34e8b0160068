import { NodeKind, TaskStatus, TaskView } from '@wuzha/shared';
import { EntityManager, In } from 'typeorm';
import { Bulletin } from '../bulletins/bulletin.entity';
import { bulletinSummary } from '../bulletins/bulletin-views';
import { iso, nodesByIds, userNames } from '../org/views';
import { ForwardTask } from './forward-task.entity';

export function isOverdue(t: Pick<ForwardTask, 'status' | 'deadline'>, now: Date): boolean {
  return t.status === 'pending' && !!t.deadline && new Date(t.deadline).getTime() < now.getTime();
}

// Task views with their bulletins, nodes and bound-group counts, in a fixed number of queries.
export async function taskViews(m: EntityManager, tasks: readonly ForwardTask[], now: Date, signedUrl: (fileId: number) => string): Promise<TaskView[]> {
  if (tasks.length === 0) return [];
  const bulletinIds = [...new Set(tasks.map((t) => t.bulletinId))];
  const bulletins = new Map((await m.findBy(Bulletin, { id: In(bulletinIds) })).map((b) => [b.id, b]));
  const names = await userNames(m, [...bulletins.values()].map((b) => b.authorId));
  const nodes = await nodesByIds(m, tasks.map((t) => t.nodeId));
  const nodeIds = [...new Set(tasks.map((t) => t.nodeId))];
  const groupRows = await m
    .createQueryBuilder()
    .select('g.nodeId', 'nodeId')
    .addSelect('COUNT(*)', 'n')
    .from('wechat_group', 'g')
    .where('g.nodeId IN (:...nodeIds)', { nodeIds })
    .groupBy('g.nodeId')
    .getRawMany<{ nodeId: number | string; n: number | string }>();
  const groups = new Map(groupRows.map((r) => [Number(r.nodeId), Number(r.n)]));
  return tasks
    .filter((t) => bulletins.has(t.bulletinId) && nodes.has(t.nodeId))
    .map((t) => {
      const node = nodes.get(t.nodeId)!;
      return {
        id: t.id,
        // cadres see the author's name masked, like every non-admin reader
        bulletin: bulletinSummary(bulletins.get(t.bulletinId)!, names, false),
        node: { id: node.id, name: node.name, kind: node.kind as NodeKind },
        level: t.level,
        status: t.status as TaskStatus,
        overdue: isOverdue(t, now),
        deadline: t.deadline ? iso(t.deadline) : null,
        forwardedAt: t.forwardedAt ? iso(t.forwardedAt) : null,
        offlineNote: t.offlineNote,
        offlinePhotoUrl: t.offlinePhotoId ? signedUrl(t.offlinePhotoId) : null,
        lastRemindedAt: t.lastRemindedAt ? iso(t.lastRemindedAt) : null,
        groupsBound: groups.get(t.nodeId) ?? 0,
        createdAt: iso(t.createdAt),
      };
    });
}
