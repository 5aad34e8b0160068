import { Inject, Injectable } from '@nestjs/common';
import { GroupInfoInput, OpenRequest, OpenResponse } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { groupInScope } from '../bulletins/bulletin-scope';
import { GroupInfoReader } from '../groups/group-info';
import { toDbTime } from '../org/db-time';
import { iso } from '../org/views';
import { PublishedBulletin, PublishedBulletins } from './published-bulletins';
import { confirmOpen, firstConfirmedAt, groupByOpengid, insertOpenIgnoringDuplicate } from './reach.queries';

interface Where {
  groupId: number;
  groupName: string | null;
}

const NO_GROUP: Where = { groupId: 0, groupName: null };

// Anyone logged in may read a published bulletin; an open from a WeChat group bound inside the
// bulletin's scope counts for that group, any other open is recorded under group 0.
@Injectable()
export class ReachService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PublishedBulletins) private readonly bulletins: PublishedBulletins,
    @Inject(GroupInfoReader) private readonly groupInfo: GroupInfoReader,
  ) {}

  // The hottest write: a cached bulletin check, the group lookup, one insert-or-ignore.
  async open(ctx: AuthContext, bulletinId: number, body: OpenRequest): Promise<OpenResponse> {
    const bulletin = await this.published(bulletinId);
    const where = await this.where(ctx, bulletin, body.group);
    const now = toDbTime(this.clock.now());
    const added = await insertOpenIgnoringDuplicate(this.ds, { bulletinId, groupId: where.groupId, userId: ctx.userId, openedAt: now, confirmedAt: null });
    // a new row has no 已阅 of its own; only a repeat open needs to look (a confirmation made from
    // another group shows in bulletins.get's myConfirmedAt and in confirm's answer)
    const confirmedAt = added ? null : await firstConfirmedAt(this.ds.manager, bulletinId, ctx.userId);
    return this.response(where, confirmedAt);
  }

  // 已阅: once per person and bulletin; a repeat returns the first time.
  async confirm(ctx: AuthContext, bulletinId: number, body: OpenRequest): Promise<OpenResponse> {
    const bulletin = await this.published(bulletinId);
    const where = await this.where(ctx, bulletin, body.group);
    const earlier = await firstConfirmedAt(this.ds.manager, bulletinId, ctx.userId);
    if (earlier) return this.response(where, earlier);
    const now = toDbTime(this.clock.now());
    const key = { bulletinId, groupId: where.groupId, userId: ctx.userId };
    // the open row first if missing (already confirmed), else a conditional update of the existing one
    const added = await insertOpenIgnoringDuplicate(this.ds, { ...key, openedAt: now, confirmedAt: now });
    if (!added) await confirmOpen(this.ds, key, now);
    // re-read: a concurrent confirm may have set an earlier time
    return this.response(where, (await firstConfirmedAt(this.ds.manager, bulletinId, ctx.userId)) ?? now);
  }

  private async published(bulletinId: number): Promise<PublishedBulletin> {
    const bulletin = await this.bulletins.get(bulletinId);
    if (!bulletin) throw new DomainError('NOT_FOUND');
    return bulletin;
  }

  // Where the open counts. Forged or stale group info is refused before anything is written.
  private async where(ctx: AuthContext, bulletin: PublishedBulletin, info: GroupInfoInput | undefined): Promise<Where> {
    if (!info) return NO_GROUP;
    const opengid = await this.groupInfo.openGid(ctx.userId, info, { cachedKey: true });
    const group = await groupByOpengid(this.ds, opengid);
    // unbound, or bound outside the bulletin's scope: the reader may read, no group is credited
    if (!group || !groupInScope(bulletin, group)) return NO_GROUP;
    return { groupId: group.id, groupName: group.name };
  }

  private response(where: Where, confirmedAt: Date | null): OpenResponse {
    return { groupCounted: where.groupId !== 0, groupName: where.groupName, confirmedAt: confirmedAt ? iso(confirmedAt) : null };
  }
}
