import { chinaDayKey, chinaMonthKey, NodeKind } from '@wuzha/shared';
import { DomainError } from '../../common/domain-error';
import { keysetCursor } from '../../common/keyset-cursor';

// Pure rules of the activity ledger and the police case figures (unit-tested in ff-ledger-rules.spec.ts).

// An activity may be removed by its author this long after logging it (town admins: any time).
export const ACTIVITY_DELETE_WINDOW_MS = 7 * 86400_000;
// Case figures are entered for these organisations (never for grids, classes or the town itself).
export const CASE_NODE_KINDS: readonly NodeKind[] = ['village', 'community', 'school', 'enterprise', 'institution', 'building'];
// A loss above this per case is a typo (an extra zero or two), not a figure.
export const MAX_LOSS_PER_CASE_YUAN = 10_000_000;

// Ledger pages: newest day first, then newest row; the day as yyyymmdd.
export const activityCursor = keysetCursor('fa', [8, 10]);
export const dayNumber = (day: string): number => Number(day.replace(/-/g, ''));

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);

// A real calendar day ('2026-02-31' passes the format, not this).
function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

// The day of an activity: a real day, not after today (China time), not before the same day a year ago.
export function checkActivityDay(day: string, now: Date): void {
  if (!isRealDay(day)) throw invalid('body.day', `没有${day}这一天`);
  const today = chinaDayKey(now);
  if (day > today) throw invalid('body.day', '活动日期不能晚于今天');
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  if (day < yearAgo) throw invalid('body.day', '只能登记一年以内的活动');
}

// '2026-11' → '2026年11月'
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

// A month's figures: not for a month still to come; absurd figures refused with the numbers named.
// `registered`: distinct people holding any membership in the node's subtree.
export function checkCaseFigure(f: { month: string; cases: number; lossYuan: number }, now: Date, registered: number): void {
  if (f.month > chinaMonthKey(now)) throw new DomainError('FF_MONTH_IN_FUTURE', `${monthLabel(f.month)}还没到，不能填写`);
  if (f.cases > registered) {
    throw new DomainError('FF_FIGURE_ABSURD', `发案数${f.cases}起多于该组织登记的${registered}人，请核对`, [{ path: 'body.cases', message: `不能多于登记的${registered}人` }]);
  }
  if (f.lossYuan > 0 && f.cases === 0) {
    throw new DomainError('FF_FIGURE_ABSURD', `没有发案却填了损失${f.lossYuan}元，请核对`, [{ path: 'body.lossYuan', message: '发案数为0时损失应为0' }]);
  }
  if (f.lossYuan > f.cases * MAX_LOSS_PER_CASE_YUAN) {
    throw new DomainError('FF_FIGURE_ABSURD', `损失${f.lossYuan}元平均每起超过1000万元（${f.cases}起），请核对单位是否为元`, [
      { path: 'body.lossYuan', message: '平均每起不能超过1000万元' },
    ]);
  }
}

// Why a title goes under review, e.g. "2026年11月发生电诈案件1起".
export function caseReviewReason(month: string, cases: number): string {
  return `${monthLabel(month)}发生电诈案件${cases}起`;
}
