import { isInSubtree, type WarningInputs } from '@wuzha/shared';
import { EntityManager } from 'typeorm';
import { subtreeWhere } from '../org/access.service';
import { percent, Rollup } from '../ff-indicators/ff-indicator-math';
import type { MonthWindow } from './ff-warning-rules';

type Num = number | string;

// An organisation being coloured, with the counts its inputs are made of.
export interface WarningTarget {
  id: number;
  path: string;
  cases: number;
  casesPrev: number;
  quizParticipants: number;
  quizPassed: number;
  overdue: number;
  activities: number;
}

export const warningTarget = (n: { id: number; path: string }): WarningTarget => ({
  id: n.id,
  path: n.path,
  cases: 0,
  casesPrev: 0,
  quizParticipants: 0,
  quizPassed: 0,
  overdue: 0,
  activities: 0,
});

export function inputsOf(t: WarningTarget): WarningInputs {
  return { cases: t.cases, casesPrev: t.casesPrev, awareness: percent(t.quizPassed, t.quizParticipants), overdue: t.overdue, activities: t.activities };
}

// The month's inputs of every target of a town, each source read once for the whole town by an
// index-backed range (grouped by node path where rows are many) and added in memory to every target
// at or above each row's node.
export async function readWarningInputs(m: EntityManager, town: { id: number; path: string }, w: MonthWindow, now: Date, targets: WarningTarget[]): Promise<void> {
  if (targets.length === 0) return;
  const rollup = new Rollup(targets);
  await Promise.all([cases(m, town, w, rollup), awareness(m, town, w, rollup), overdue(m, town, w, now, rollup), activities(m, town, w, rollup)]);
}

// Police case figures of the month and the month before (IDX_ff_case_figure_nodePath_month).
async function cases(m: EntityManager, town: { path: string }, w: MonthWindow, rollup: Rollup<WarningTarget>): Promise<void> {
  const range = subtreeWhere('c.nodePath', [town.path], 'wc');
  const rows = await m
    .createQueryBuilder()
    .select('c.nodePath', 'nodePath')
    .addSelect('c.month', 'month')
    .addSelect('SUM(c.cases)', 'n')
    .from('ff_case_figure', 'c')
    .where(range.sql, range.params)
    .andWhere('c.month IN (:...months)', { months: [w.prev, w.period] })
    .groupBy('c.nodePath')
    .addGroupBy('c.month')
    .getRawMany<{ nodePath: string; month: string; n: Num }>();
  for (const r of rows) {
    const current = r.month === w.period;
    for (const t of rollup.over(r.nodePath)) {
      if (current) t.cases += Number(r.n ?? 0);
      else t.casesPrev += Number(r.n ?? 0);
    }
  }
}

// Awareness: Σ passed ÷ Σ participants over the town's exam campaigns (published or closed) whose
// window overlaps the 90 days up to the month's end, rows of quiz_node_stat inside each audience.
async function awareness(m: EntityManager, town: { id: number; path: string }, w: MonthWindow, rollup: Rollup<WarningTarget>): Promise<void> {
  const campaigns = await m
    .createQueryBuilder()
    .select(['c.id AS id', 'c.audience AS audience'])
    .from('quiz_campaign', 'c')
    .where("c.townId = :town AND c.status IN ('published', 'closed') AND c.kind = 'exam'", { town: town.id })
    .andWhere('c.startsAt < :end AND c.endsAt > :from', { end: w.end, from: w.awarenessFrom })
    .getRawMany<{ id: Num; audience: string | { path: string }[] | null }>();
  if (campaigns.length === 0) return;
  const audience = new Map(campaigns.map((c) => [Number(c.id), parseAudience(c.audience)]));
  const range = subtreeWhere('s.nodePath', [town.path], 'wq');
  const rows = await m
    .createQueryBuilder()
    .select(['s.campaignId AS campaignId', 's.nodePath AS nodePath', 's.participants AS participants', 's.passed AS passed'])
    .from('quiz_node_stat', 's')
    .where('s.campaignId IN (:...ids)', { ids: [...audience.keys()] })
    .andWhere(range.sql, range.params)
    .getRawMany<{ campaignId: Num; nodePath: string; participants: Num; passed: Num }>();
  for (const r of rows) {
    // a row outside the campaign's audience is not counted (as quiz statistics do)
    if (!audience.get(Number(r.campaignId))?.some((a) => isInSubtree(r.nodePath, a))) continue;
    for (const t of rollup.over(r.nodePath)) {
      t.quizParticipants += Number(r.participants);
      t.quizPassed += Number(r.passed);
    }
  }
}

// audience is simple-json: a string on both drivers when read raw
function parseAudience(raw: string | { path: string }[] | null): string[] {
  if (!raw) return [];
  try {
    const list = typeof raw === 'string' ? (JSON.parse(raw) as { path: string }[]) : raw;
    return Array.isArray(list) ? list.map((a) => a.path) : [];
  } catch {
    return [];
  }
}

// Forwarding tasks under the node (of the town's published bulletins) with a deadline in the month and
// already past, not forwarded nor reported offline by the deadline.
async function overdue(m: EntityManager, town: { id: number; path: string }, w: MonthWindow, now: Date, rollup: Rollup<WarningTarget>): Promise<void> {
  const until = new Date(Math.min(w.end.getTime(), now.getTime()));
  if (until.getTime() <= w.start.getTime()) return;
  const range = subtreeWhere('t.nodePath', [town.path], 'wt');
  const rows = await m
    .createQueryBuilder()
    .select('t.nodePath', 'nodePath')
    .addSelect('COUNT(*)', 'n')
    .from('bulletin', 'b')
    // the town's bulletins (IDX_bulletin_townId_publishedAt), then their tasks in the town (IDX (bulletinId, nodePath))
    .innerJoin('forward_task', 't', 't.bulletinId = b.id')
    .where("b.townId = :town AND b.status = 'published' AND b.publishedAt < :until", { town: town.id, until })
    .andWhere(range.sql, range.params)
    .andWhere('t.deadline >= :start AND t.deadline < :until', { start: w.start, until })
    .andWhere("NOT (t.status <> 'pending' AND t.forwardedAt IS NOT NULL AND t.forwardedAt <= t.deadline)")
    .groupBy('t.nodePath')
    .getRawMany<{ nodePath: string; n: Num }>();
  for (const r of rows) for (const t of rollup.over(r.nodePath)) t.overdue += Number(r.n);
}

// Ledger activities of the town on a day of the month (IDX_ff_activity_townId_day).
async function activities(m: EntityManager, town: { id: number }, w: MonthWindow, rollup: Rollup<WarningTarget>): Promise<void> {
  const rows = await m
    .createQueryBuilder()
    .select('a.nodePath', 'nodePath')
    .addSelect('COUNT(*)', 'n')
    .from('ff_activity', 'a')
    .where('a.townId = :town AND a.day >= :first AND a.day <= :last', { town: town.id, first: w.firstDay, last: w.lastDay })
    .groupBy('a.nodePath')
    .getRawMany<{ nodePath: string; n: Num }>();
  for (const r of rows) for (const t of rollup.over(r.nodePath)) t.activities += Number(r.n);
}
