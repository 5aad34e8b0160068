// Pure rules of the warnings (unit-tested in ff-warning-rules.spec.ts): which organisations are
// coloured, the month's bounds, the default period, and why an award goes under review.
import {
  chinaMonthKey,
  DEFAULT_WARNING_RULES,
  PROGRAM_KIND_NODE_KINDS,
  WARNING_COLOUR_LABELS,
  type NodeKind,
  type WarningColour,
  type WarningReasonView,
  type WarningRules,
} from '@wuzha/shared';
import { DomainError } from '../../common/domain-error';
import { chinaDayRange } from '../dashboard/stats-math';
import { monthLabel } from '../ff-ledger/ff-ledger-rules';

// Every organisation that may hold a title is coloured: villages and communities, schools, units.
export const WARNING_NODE_KINDS: readonly NodeKind[] = [...new Set(Object.values(PROGRAM_KIND_NODE_KINDS).flat())];

// Awareness counts the exam campaigns whose window overlaps this many days up to the month's end.
export const AWARENESS_WINDOW_DAYS = 90;
// Months before this are not computed (no data can be that old; keeps dates sane on both databases).
export const FIRST_PERIOD = '2000-01';

const DAY_MS = 86400_000;

// 'YYYY-MM' moved by n months.
export function shiftMonth(month: string, n: number): string {
  const k = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

// The month's instants [start, end) in China time, its first and last days, the month before, and the
// start of the awareness window.
export interface MonthWindow {
  period: string;
  prev: string;
  start: Date;
  end: Date;
  firstDay: string;
  lastDay: string;
  awarenessFrom: Date;
}

export function monthWindow(period: string): MonthWindow {
  const next = shiftMonth(period, 1);
  const lastDay = new Date(Date.parse(`${next}-01T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  const { start, end } = chinaDayRange(`${period}-01`, lastDay);
  return { period, prev: shiftMonth(period, -1), start, end, firstDay: `${period}-01`, lastDay, awarenessFrom: new Date(end.getTime() - AWARENESS_WINDOW_DAYS * DAY_MS) };
}

// The month to compute: the one asked for (not after the current China month), else the month before it.
export function resolvePeriod(asked: string | undefined, now: Date): string {
  const current = chinaMonthKey(now);
  if (asked === undefined) return shiftMonth(current, -1);
  if (asked > current) throw new DomainError('FF_MONTH_IN_FUTURE', `${monthLabel(asked)}还没到，不能计算预警`, [{ path: 'body.period', message: '不能晚于本月' }]);
  if (asked < FIRST_PERIOD) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.period', message: '月份太早，请检查' }]);
  return asked;
}

// A town's saved rules over the defaults (a rule added later keeps its default until saved).
export function rulesOf(saved: Partial<WarningRules> | null | undefined): WarningRules {
  return { ...DEFAULT_WARNING_RULES, ...(saved ?? {}) };
}

const SEVERITY: Record<WarningColour, number> = { red: 0, yellow: 1, green: 2 };
// Red first, then yellow, then green; within a colour in the order the organisations were created.
export function byColourThenNode(a: { colour: string; nodeId: number }, b: { colour: string; nodeId: number }): number {
  return (SEVERITY[a.colour as WarningColour] ?? 3) - (SEVERITY[b.colour as WarningColour] ?? 3) || a.nodeId - b.nodeId;
}

// Why an award goes under review, e.g. "2026年5月红色预警：本月发案5起；2条信息逾期未转发".
export function redReviewReason(period: string, reasons: readonly WarningReasonView[]): string {
  const red = reasons.filter((r) => r.colour === 'red').map((r) => r.detail);
  return `${monthLabel(period)}${WARNING_COLOUR_LABELS.red}：${red.join('；')}`;
}
