import { Inject, Injectable } from '@nestjs/common';
import { ROLES, roleHas } from '@wuzha/shared';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { WECHAT_SUBSCRIBE_TOPIC } from '../outbox/outbox.service';
import { fitPhrase, fitThing, formatWechatTime } from '../wechat/subscribe-fields';
import { SubscribeMessage } from '../wechat/wechat.types';

// Roles that forward bulletins at their node: the people a task notification goes to.
export const TASK_ACT_ROLES = ROLES.filter((r) => roleHas(r, 'tasks.act'));

// Rows per multi-row INSERT: one round trip per chunk, well under any packet or placeholder limit.
export const INSERT_CHUNK = 500;

export function chunks<T>(list: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export interface TaskNotice {
  nodeId: number;
  nodeName: string;
  bulletinTitle: string;
  urgent: boolean;
  deadline: Date | null;
  // a new task, or a reminder (催办) of a pending one
  kind: 'new' | 'remind';
}

// Subscribe messages to the cadres of task nodes, queued in the outbox inside the caller's transaction
// (a slow WeChat never slows the request). One multi-row INSERT per 500 messages, no per-row round
// trips: publishing to a county creates hundreds at once. The conditional updates that create tasks
// and stamp reminders make each notice happen once, so no dedupe keys are needed.
@Injectable()
export class TaskNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  // Returns how many messages were queued (0 when the template is not configured).
  async notify(m: EntityManager, notices: readonly TaskNotice[]): Promise<number> {
    const templateId = this.config.wechat.templates.bulletinTask;
    if (!templateId || notices.length === 0) return 0;
    const byNode = new Map<number, TaskNotice[]>();
    for (const n of notices) byNode.set(n.nodeId, [...(byNode.get(n.nodeId) ?? []), n]);
    const recipients: Array<{ nodeId: number; openid: string }> = [];
    for (const ids of chunks([...byNode.keys()])) {
      const rows = await m
        .createQueryBuilder()
        .select('ms.nodeId', 'nodeId')
        .addSelect('u.openid', 'openid')
        .from('membership', 'ms')
        .innerJoin('user_account', 'u', 'u.id = ms.userId')
        .where('ms.nodeId IN (:...ids)', { ids })
        .andWhere('ms.role IN (:...roles)', { roles: TASK_ACT_ROLES })
        // one message per person and node, even with two roles there
        .distinct(true)
        .getRawMany<{ nodeId: number | string; openid: string | null }>();
      for (const r of rows) if (r.openid) recipients.push({ nodeId: Number(r.nodeId), openid: r.openid });
    }
    const messages: SubscribeMessage[] = [];
    for (const r of recipients) {
      for (const n of byNode.get(r.nodeId) ?? []) messages.push(this.message(templateId, r.openid, n));
    }
    await this.enqueueMany(m, messages);
    return messages.length;
  }

  private message(templateId: string, touser: string, n: TaskNotice): SubscribeMessage {
    const status = n.kind === 'remind' ? '催办' : n.urgent ? '紧急转发' : '待转发';
    return {
      touser,
      templateId,
      page: 'pages/tasks/index',
      data: {
        thing1: { value: fitThing(n.bulletinTitle) },
        thing2: { value: fitThing(n.nodeName) },
        time3: { value: formatWechatTime(n.deadline ?? this.clock.now()) },
        phrase4: { value: fitPhrase(status) },
      },
    };
  }

  private async enqueueMany(m: EntityManager, messages: readonly SubscribeMessage[]): Promise<void> {
    const now = this.clock.now();
    // whole seconds, as OutboxService does: a rounded-up DATETIME would hide a due message for a moment
    const due = new Date(Math.floor(now.getTime() / 1000) * 1000);
    for (const part of chunks(messages)) {
      await m
        .createQueryBuilder()
        .insert()
        .into(OutboxMessage)
        .values(
          part.map((payload) => ({
            topic: WECHAT_SUBSCRIBE_TOPIC,
            payload: payload as unknown as object,
            status: 'pending' as const,
            attempts: 0,
            nextAttemptAt: due,
            lockedBy: null,
            lockedAt: null,
            lastError: null,
            dedupeKey: null,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .updateEntity(false)
        .execute();
    }
  }
}
