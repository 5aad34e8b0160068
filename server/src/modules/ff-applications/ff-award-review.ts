import { Inject, Injectable } from '@nestjs/common';
import { chinaMonthKey, pathIds } from '@wuzha/shared';
import { EntityManager, In, MoreThan } from 'typeorm';
import { Clock } from '../../common/clock';
import { toDbTime } from '../org/db-time';
import { FfAward } from './ff-award.entity';

// The node itself and every ancestor, as stored paths ('/1/', '/1/5/', …).
export function selfAndAncestorPaths(nodePath: string): string[] {
  const ids = pathIds(nodePath);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

// Awards under review: called by the ledger (a case figure) and the warnings (a red node), inside
// their own transactions so the review opens together with the figure that caused it.
@Injectable()
export class FfAwardService {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  // Active, unexpired awards of the node or of an ancestor (a case in a village also concerns its
  // awarded community above) go under review with the reason; with sinceMonth (a case figure's month)
  // only awards given no later than that month, as an earlier case was known at the award.
  // Returns how many were opened.
  async openReviews(m: EntityManager, nodePath: string, reason: string, opts?: { sinceMonth?: string }): Promise<number> {
    const now = this.clock.now();
    const awards = await m.find(FfAward, {
      where: { nodePath: In(selfAndAncestorPaths(nodePath)), status: 'active', validUntil: MoreThan(toDbTime(now)) },
    });
    const hits = awards.filter((a) => !opts?.sinceMonth || chinaMonthKey(new Date(a.awardedAt)) <= opts.sinceMonth);
    if (!hits.length) return 0;
    const at = toDbTime(now);
    await m.update(
      FfAward,
      { id: In(hits.map((a) => a.id)), status: 'active' },
      { status: 'review', reviewReason: reason.slice(0, 500), reviewOpenedAt: at, updatedAt: at },
    );
    return hits.length;
  }
}
