import { Inject, Injectable } from '@nestjs/common';
import { intersectSubtrees, isInSubtree, type IndicatorDef, type PledgeAudience } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { subtreeWhere } from '../org/access.service';
import { PledgeCampaign } from '../pledge/pledge-campaign.entity';
import { PledgePopulationService, scopeRegions } from '../pledge/pledge-population.service';
import { QuizCampaign } from '../quiz/quiz-campaign.entity';
import { QuizStatsQueries } from '../quiz-stats/quiz-stats.queries';
import { Period, RawCounts, Rollup, sourcesNeeded } from './ff-indicator-math';

type Num = number | string;
type Where = { sql: string; params: Record<string, unknown> };

// An organisation whose counts are being gathered.
export interface Target {
  id: number;
  path: string;
  counts: RawCounts;
}

export interface CollectInput {
  townId: number;
  period: Period;
  indicators: readonly Pick<IndicatorDef, 'source'>[];
  // the subtree every read is a key range of: the town (batch) or the organisation (live)
  root: string;
  targets: Target[];
  now: Date;
  // one organisation: the quiz and pledge denominators come from those modules' own single-node counts
  live: boolean;
}

const QUIZ = ['quiz_participation', 'quiz_awareness'] as const;
const CLOSED_OR_PUBLISHED = ['published', 'closed'];

// Reads of the platform's own tables behind the indicators, each an index-backed key range over
// materialized paths (grouped by node path in SQL where rows are many), rolled up in memory to every
// target at or above each row's node. A source no indicator uses is not read.
@Injectable()
export class FfIndicatorSources {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(PledgePopulationService) private readonly pledge: PledgePopulationService,
    @Inject(QuizStatsQueries) private readonly quizQueries: QuizStatsQueries,
  ) {}

  async collect(input: CollectInput, m: EntityManager = this.ds.manager): Promise<void> {
    const need = sourcesNeeded(input.indicators);
    const rollup = new Rollup(input.targets);
    const reads: Promise<void>[] = [];
    if (QUIZ.some((s) => need.has(s))) reads.push(this.quiz(m, input, rollup));
    if (need.has('pledge_rate')) reads.push(this.pledges(m, input, rollup));
    if (need.has('forward_timeliness')) reads.push(this.tasks(m, input, rollup));
    if (need.has('group_reach')) reads.push(this.groups(m, input, rollup));
    if (need.has('feedback_sent')) reads.push(this.feedback(m, input, rollup));
    if (need.has('activities') || need.has('activity_people')) reads.push(this.activities(m, input, rollup));
    if (need.has('cases') || need.has('case_loss')) reads.push(this.cases(m, input, rollup));
    await Promise.all(reads);
  }

  // ---- quizzes: the town's exam campaigns (published or closed) whose window overlaps the period;
  // participants and passes from quiz_node_stat inside the audience, people from memberships
  private async quiz(m: EntityManager, x: CollectInput, rollup: Rollup<Target>): Promise<void> {
    const campaigns = (
      await m
        .getRepository(QuizCampaign)
        .createQueryBuilder('c')
        .select(['c.id', 'c.audience', 'c.roles'])
        .where('c.townId = :town AND c.status IN (:...st)', { town: x.townId, st: CLOSED_OR_PUBLISHED })
        .andWhere("c.kind = 'exam' AND c.startsAt < :end AND c.endsAt > :start", { start: x.period.start, end: x.period.end })
        .getMany()
    )
      .map((c) => ({ id: c.id, roles: c.roles ?? [], audience: (c.audience ?? []).map((a) => a.path) }))
      .filter((c) => intersectSubtrees(x.root, c.audience).length > 0);
    if (campaigns.length === 0) return;
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    const range = subtreeWhere('s.nodePath', [x.root], 'fq');
    const statRead = m
      .createQueryBuilder()
      .select(['s.campaignId AS campaignId', 's.nodePath AS nodePath', 's.participants AS participants', 's.passed AS passed'])
      .from('quiz_node_stat', 's')
      .where('s.campaignId IN (:...ids)', { ids: campaigns.map((c) => c.id) })
      .andWhere(range.sql, range.params)
      .getRawMany<{ campaignId: Num; nodePath: string; participants: Num; passed: Num }>()
      .then((rows) => {
        for (const r of rows) {
          // a row outside the campaign's audience is not counted (as quiz statistics do)
          if (!byId.get(Number(r.campaignId))!.audience.some((a) => isInSubtree(r.nodePath, a))) continue;
          for (const t of rollup.over(r.nodePath)) {
            t.counts.quizParticipants += Number(r.participants);
            t.counts.quizPassed += Number(r.passed);
          }
        }
      });
    await Promise.all([statRead, this.quizPopulation(m, x, rollup, campaigns)]);
  }

  // Σ over the campaigns of the distinct holders of their roles in (audience ∩ node): campaigns with the
  // same roles and audience are counted once and multiplied.
  private async quizPopulation(m: EntityManager, x: CollectInput, rollup: Rollup<Target>, campaigns: { roles: string[]; audience: string[] }[]): Promise<void> {
    if (x.live) {
      const [t] = x.targets;
      const totals = await Promise.all(campaigns.map((c) => this.quizQueries.populationTotal(intersectSubtrees(t.path, c.audience), c.roles, m)));
      t.counts.quizPopulation += totals.reduce((a, b) => a + b, 0);
      return;
    }
    const groups = new Map<string, { roles: string[]; regions: string[]; times: number }>();
    for (const c of campaigns) {
      const roles = [...new Set(c.roles)].sort();
      const regions = intersectSubtrees(x.root, c.audience);
      const key = JSON.stringify([roles, regions]);
      const g = groups.get(key);
      if (g) g.times++;
      else groups.set(key, { roles, regions, times: 1 });
    }
    await Promise.all(
      [...groups.values()].map(async (g) => {
        if (g.roles.length === 0) return;
        const w = subtreeWhere('m.nodePath', g.regions, 'qp');
        const counts = await distinctPeople(m, { sql: `${w.sql} AND m.role IN (:...qpRoles)`, params: { ...w.params, qpRoles: g.roles } }, rollup, x.targets);
        for (const [t, n] of counts) t.counts.quizPopulation += n * g.times;
      }),
    );
  }

  // ---- pledges: the town's campaigns (published or closed) published by the period's end with a
  // deadline not before its start; signed = signatures under the node, total = the campaign's denominator
  private async pledges(m: EntityManager, x: CollectInput, rollup: Rollup<Target>): Promise<void> {
    const campaigns = (
      await m
        .getRepository(PledgeCampaign)
        .createQueryBuilder('c')
        .select(['c.id', 'c.audience', 'c.scope'])
        .where('c.townId = :town AND c.status IN (:...st)', { town: x.townId, st: CLOSED_OR_PUBLISHED })
        .andWhere('c.publishedAt < :end AND c.deadline >= :start', { start: x.period.start, end: x.period.end })
        .getMany()
    ).filter((c) => scopeRegions(c, x.root).length > 0);
    if (campaigns.length === 0) return;
    const range = subtreeWhere('s.nodePath', [x.root], 'fs');
    const signed = m
      .createQueryBuilder()
      .select('s.nodePath', 'nodePath')
      .addSelect('COUNT(*)', 'n')
      .from('pledge_signature', 's')
      .where('s.campaignId IN (:...ids)', { ids: campaigns.map((c) => c.id) })
      .andWhere(range.sql, range.params)
      .groupBy('s.campaignId')
      .addGroupBy('s.nodePath')
      .getRawMany<{ nodePath: string; n: Num }>()
      .then((rows) => {
        for (const r of rows) for (const t of rollup.over(r.nodePath)) t.counts.pledgeSigned += Number(r.n);
      });
    await Promise.all([signed, ...campaigns.map((c) => this.pledgeTotal(m, x, rollup, c))]);
  }

  private async pledgeTotal(m: EntityManager, x: CollectInput, rollup: Rollup<Target>, c: PledgeCampaign): Promise<void> {
    if (x.live) {
      const [t] = x.targets;
      // read the total first: `+= await` would add to the value read before the await, losing the
      // other campaigns' totals added meanwhile
      const n = await this.pledge.total(c, t.path, m);
      t.counts.pledgeTotal += n;
      return;
    }
    const regions = scopeRegions(c, x.root);
    const add = (path: string, n: number) => {
      for (const t of rollup.over(path)) t.counts.pledgeTotal += n;
    };
    switch (c.audience as PledgeAudience) {
      case 'students':
        // live roster entries, per class
        for (const r of await this.pledge.rosterByClass(m, regions)) add(r.path, r.n);
        return;
      case 'units':
        for (const path of await this.pledge.unitPaths(m, regions)) add(path, 1);
        return;
      default: {
        const cond = await this.pledge.peopleCondition(m, c.audience as PledgeAudience, regions);
        if (!cond) return;
        for (const [t, n] of await distinctPeople(m, cond, rollup, x.targets)) t.counts.pledgeTotal += n;
      }
    }
  }

  // ---- forwarding: tasks under the node (the town's bulletins) with a deadline in the period and
  // already past; on time = forwarded or reported offline by the deadline
  private async tasks(m: EntityManager, x: CollectInput, rollup: Rollup<Target>): Promise<void> {
    const until = new Date(Math.min(x.period.end.getTime(), x.now.getTime()));
    if (until.getTime() <= x.period.start.getTime()) return;
    const range = subtreeWhere('t.nodePath', [x.root], 'ft');
    const rows = await m
      .createQueryBuilder()
      .select('t.nodePath', 'nodePath')
      .addSelect('COUNT(*)', 'due')
      .addSelect("SUM(CASE WHEN t.status <> 'pending' AND t.forwardedAt IS NOT NULL AND t.forwardedAt <= t.deadline THEN 1 ELSE 0 END)", 'onTime')
      .from('bulletin', 'b')
      // the town's bulletins (IDX_bulletin_townId_publishedAt), then their tasks under the node (IDX (bulletinId, nodePath))
      .innerJoin('forward_task', 't', 't.bulletinId = b.id')
      .where("b.townId = :town AND b.status = 'published' AND b.publishedAt < :until", { town: x.townId, until })
      .andWhere(range.sql, range.params)
      .andWhere('t.deadline >= :start AND t.deadline < :until', { start: x.period.start, until })
      .groupBy('t.nodePath')
      .getRawMany<{ nodePath: string; due: Num; onTime: Num }>();
    for (const r of rows) {
      for (const t of rollup.over(r.nodePath)) {
        t.counts.tasksDue += Number(r.due);
        t.counts.tasksOnTime += Number(r.onTime ?? 0);
      }
    }
  }

  // ---- group reach: bound groups under the node; reached = opened from at least once for a bulletin
  // of the town published in the period (one index probe per group and bulletin, whatever the opens)
  private async groups(m: EntityManager, x: CollectInput, rollup: Rollup<Target>): Promise<void> {
    const bulletins = await m
      .createQueryBuilder()
      .select('b.id', 'id')
      .from('bulletin', 'b')
      .where("b.townId = :town AND b.status = 'published' AND b.publishedAt >= :start AND b.publishedAt < :end", { town: x.townId, start: x.period.start, end: x.period.end })
      .getRawMany<{ id: Num }>();
    const ids = bulletins.map((b) => Number(b.id));
    const range = subtreeWhere('g.nodePath', [x.root], 'fg');
    const qb = m.createQueryBuilder().select('g.nodePath', 'nodePath').addSelect('COUNT(*)', 'n').from('wechat_group', 'g').where(range.sql, range.params).groupBy('g.nodePath');
    // joined through bulletin so that each probe is an equality on both (bulletinId, groupId) of the unique
    // key: with `o.bulletinId IN (…) AND o.groupId = g.id` MariaDB ranges over the bulletins' opens alone
    if (ids.length > 0) {
      qb.addSelect('SUM(CASE WHEN EXISTS (SELECT 1 FROM bulletin ob INNER JOIN bulletin_open o ON o.bulletinId = ob.id AND o.groupId = g.id WHERE ob.id IN (:...bids)) THEN 1 ELSE 0 END)', 'reached').setParameter('bids', ids);
    }
    const rows = await qb.getRawMany<{ nodePath: string; n: Num; reached?: Num }>();
    for (const r of rows) {
      for (const t of rollup.over(r.nodePath)) {
        t.counts.groups += Number(r.n);
        t.counts.groupsReached += Number(r.reached ?? 0);
      }
    }
  }

  // ---- feedback threads whose node lies under the node, created in the period
  private async feedback(m: EntityManager, x: CollectInput, rollup: Rollup<Target>): Promise<void> {
    const range = subtreeWhere('f.nodePath', [x.root], 'ff');
    const rows = await m
      .createQueryBuilder()
      .select('f.nodePath', 'nodePath')
      .addSelect('COUNT(*)', 'n')
      .from('feedback', 'f')
      .where(range.sql, range.params)
      .andWhere('f.createdAt >= :start AND f.createdAt < :end', { start: x.period.start, end: x.period.end })
      .groupBy('f.nodePath')
      .getRawMany<{ nodePath: string; n: Num }>();
    for (const r of rows) for (const t of rollup.over(r.nodePath)) t.counts.feedback += Number(r.n);
  }

  // ---- ledger activities under the node on a day of the period, and the people they reached
  private async activities(m: EntityManager, x: CollectInput, rollup: Rollup<Target>): Promise<void> {
    const range = subtreeWhere('a.nodePath', [x.root], 'fa');
    const rows = await m
      .createQueryBuilder()
      .select('a.nodePath', 'nodePath')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(a.peopleReached)', 'people')
      .from('ff_activity', 'a')
      .where(range.sql, range.params)
      .andWhere('a.day >= :first AND a.day <= :last', { first: x.period.firstDay, last: x.period.lastDay })
      .groupBy('a.nodePath')
      .getRawMany<{ nodePath: string; n: Num; people: Num }>();
    for (const r of rows) {
      for (const t of rollup.over(r.nodePath)) {
        t.counts.activities += Number(r.n);
        t.counts.activityPeople += Number(r.people ?? 0);
      }
    }
  }

  // ---- police case figures under the node for the months the period touches
  private async cases(m: EntityManager, x: CollectInput, rollup: Rollup<Target>): Promise<void> {
    const range = subtreeWhere('c.nodePath', [x.root], 'fc');
    const rows = await m
      .createQueryBuilder()
      .select('c.nodePath', 'nodePath')
      .addSelect('SUM(c.cases)', 'cases')
      .addSelect('SUM(c.lossYuan)', 'loss')
      .from('ff_case_figure', 'c')
      .where(range.sql, range.params)
      .andWhere('c.month >= :first AND c.month <= :last', { first: x.period.firstMonth, last: x.period.lastMonth })
      .groupBy('c.nodePath')
      .getRawMany<{ nodePath: string; cases: Num; loss: Num }>();
    for (const r of rows) {
      for (const t of rollup.over(r.nodePath)) {
        t.counts.cases += Number(r.cases ?? 0);
        t.counts.lossYuan += Number(r.loss ?? 0);
      }
    }
  }
}

// Distinct people among the membership rows matching `where`, per target subtree. Targets of one path
// length are counted by one grouped read: the first L characters of a row's path equal a target's path
// exactly when the row lies in its subtree (paths end in '/'), so a person holding roles at two nodes of
// a target counts once there, as a COUNT(DISTINCT) over its subtree would.
export async function distinctPeople(m: EntityManager, where: Where, rollup: Rollup<Target>, targets: readonly Target[]): Promise<Map<Target, number>> {
  const out = new Map<Target, number>();
  const lengths = [...new Set(targets.map((t) => t.path.length))];
  await Promise.all(
    lengths.map(async (len) => {
      const key = `SUBSTR(m.nodePath, 1, ${len})`;
      const rows = await m
        .createQueryBuilder()
        .select(key, 'k')
        .addSelect('COUNT(DISTINCT m.userId)', 'n')
        .from('membership', 'm')
        .where(where.sql, where.params)
        .groupBy(key)
        .getRawMany<{ k: string; n: Num }>();
      for (const r of rows) {
        const t = rollup.get(String(r.k));
        if (t && t.path.length === len) out.set(t, Number(r.n));
      }
    }),
  );
  return out;
}
