// Pure pieces of the indicator engine: the period's bounds, the raw counts an organisation's indicators
// are made of, their values, scores and totals, rolling rows up to the organisations above them, and
// competition ranks. The database hands over grouped rows; everything here works on those, in memory.
import { IndicatorDef, IndicatorValue, LOWER_IS_BETTER, round1, scoreIndicator } from '@wuzha/shared';
import { chinaDayRange } from '../dashboard/stats-math';

// The counts behind one organisation's indicators over a program's period.
export interface RawCounts {
  // quiz: Σ over the town's exam campaigns overlapping the period whose audience reaches the node
  quizPopulation: number;
  quizParticipants: number;
  quizPassed: number;
  // pledges: Σ over the town's pledge campaigns open during the period whose scope reaches the node
  pledgeTotal: number;
  pledgeSigned: number;
  // forwarding tasks with a deadline in the period, already past; those done by their deadline
  tasksDue: number;
  tasksOnTime: number;
  // bound WeChat groups; those with an open of a bulletin published in the period
  groups: number;
  groupsReached: number;
  feedback: number;
  activities: number;
  activityPeople: number;
  cases: number;
  lossYuan: number;
}

export type RawKey = keyof RawCounts;

export const emptyCounts = (): RawCounts => ({
  quizPopulation: 0,
  quizParticipants: 0,
  quizPassed: 0,
  pledgeTotal: 0,
  pledgeSigned: 0,
  tasksDue: 0,
  tasksOnTime: 0,
  groups: 0,
  groupsReached: 0,
  feedback: 0,
  activities: 0,
  activityPeople: 0,
  cases: 0,
  lossYuan: 0,
});

// The period 'YYYY-MM-DD'..'YYYY-MM-DD' (China days, inclusive) as instants [start, end), as days and as months.
export interface Period {
  start: Date;
  end: Date;
  firstDay: string;
  lastDay: string;
  firstMonth: string;
  lastMonth: string;
}

export function periodOf(p: { periodStart: string; periodEnd: string }): Period {
  const { start, end } = chinaDayRange(p.periodStart, p.periodEnd);
  return { start, end, firstDay: p.periodStart, lastDay: p.periodEnd, firstMonth: p.periodStart.slice(0, 7), lastMonth: p.periodEnd.slice(0, 7) };
}

// A percentage with one decimal; null when there is nothing to divide by.
export function percent(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round1((numerator / denominator) * 100) : null;
}

const RATES: Partial<Record<IndicatorDef['source'], [RawKey, RawKey]>> = {
  quiz_participation: ['quizParticipants', 'quizPopulation'],
  quiz_awareness: ['quizPassed', 'quizParticipants'],
  pledge_rate: ['pledgeSigned', 'pledgeTotal'],
  forward_timeliness: ['tasksOnTime', 'tasksDue'],
  group_reach: ['groupsReached', 'groups'],
};
const COUNTS: Partial<Record<IndicatorDef['source'], RawKey>> = {
  feedback_sent: 'feedback',
  activities: 'activities',
  activity_people: 'activityPeople',
  cases: 'cases',
  case_loss: 'lossYuan',
};

// The raw counts each source needs (a program reads only the sources its indicators use).
export function sourcesNeeded(defs: readonly Pick<IndicatorDef, 'source'>[]): Set<IndicatorDef['source']> {
  return new Set(defs.map((d) => d.source));
}

export interface Valued {
  value: number | null;
  detail: { numerator: number; denominator: number } | null;
}

// One indicator's value from the counts (rates in percent, one decimal) or the reviewer's points.
export function valueOf(def: Pick<IndicatorDef, 'key' | 'source'>, raw: RawCounts, manual: Record<string, number> | null | undefined): Valued {
  if (def.source === 'manual') {
    const v = manual?.[def.key];
    return { value: typeof v === 'number' && Number.isFinite(v) ? v : null, detail: null };
  }
  const rate = RATES[def.source];
  if (rate) {
    const [n, d] = rate;
    return { value: percent(raw[n], raw[d]), detail: { numerator: raw[n], denominator: raw[d] } };
  }
  const count = COUNTS[def.source];
  return { value: count ? raw[count] : null, detail: null };
}

// Met: at least the target (higher is better), at most the target (cases, losses), full points (manual).
export function isMet(def: Pick<IndicatorDef, 'source' | 'weight' | 'target' | 'rule'>, value: number | null): boolean {
  if (value === null) return false;
  if (def.source === 'manual') return scoreIndicator(def, value) >= def.weight;
  return LOWER_IS_BETTER.includes(def.source) ? value <= def.target : value >= def.target;
}

export function indicatorValues(defs: readonly IndicatorDef[], raw: RawCounts, manual: Record<string, number> | null | undefined): { values: IndicatorValue[]; total: number } {
  const values = defs.map((d): IndicatorValue => {
    const { value, detail } = valueOf(d, raw, manual);
    return { key: d.key, name: d.name, source: d.source, weight: d.weight, target: d.target, rule: d.rule, value, detail, score: scoreIndicator(d, value), met: isMet(d, value) };
  });
  return { values, total: round1(values.reduce((n, v) => n + v.score, 0)) };
}

// Rows keyed by a node path, added into every target at or above that path. Targets are looked up by
// the path's prefixes (a path has a handful), so the cost follows the rows, not rows × targets.
export class Rollup<T extends { path: string }> {
  private readonly byPath = new Map<string, T>();

  constructor(targets: Iterable<T>) {
    for (const t of targets) this.byPath.set(t.path, t);
  }

  // the targets at or above `path`
  over(path: string): T[] {
    const out: T[] = [];
    for (let i = path.indexOf('/', 1); i !== -1; i = path.indexOf('/', i + 1)) {
      const t = this.byPath.get(path.slice(0, i + 1));
      if (t) out.push(t);
    }
    return out;
  }

  get(path: string): T | undefined {
    return this.byPath.get(path);
  }
}

// Competition ranks (1, 2, 2, 4) of values sorted highest first.
export function competitionRanks(sortedDesc: readonly number[]): number[] {
  const out: number[] = [];
  sortedDesc.forEach((v, i) => out.push(i > 0 && v === sortedDesc[i - 1] ? out[i - 1] : i + 1));
  return out;
}
