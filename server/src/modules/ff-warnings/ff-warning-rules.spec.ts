import { DEFAULT_WARNING_RULES } from '@wuzha/shared';
import { DomainError } from '../../common/domain-error';
import { byColourThenNode, monthWindow, redReviewReason, resolvePeriod, rulesOf, shiftMonth, WARNING_NODE_KINDS } from './ff-warning-rules';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('warning rules', () => {
  it('colours villages, communities, schools and units, never grids, classes or towns', () => {
    expect([...WARNING_NODE_KINDS].sort()).toEqual(['building', 'community', 'enterprise', 'institution', 'school', 'village']);
  });

  it('shifts months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
  });

  it('bounds a month in China time, with its last day and the 90 days before its end', () => {
    const w = monthWindow('2026-02');
    expect(w.start.toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect([w.firstDay, w.lastDay, w.prev]).toEqual(['2026-02-01', '2026-02-28', '2026-01']);
    expect(w.awarenessFrom.toISOString()).toBe('2025-11-30T16:00:00.000Z');
    expect(monthWindow('2024-02').lastDay).toBe('2024-02-29');
    expect(monthWindow('2026-12').end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('defaults to the month before the current China month (the boundary is China midnight)', () => {
    // 2026-03-31 23:30 China time: still March there
    expect(resolvePeriod(undefined, new Date('2026-03-31T15:30:00Z'))).toBe('2026-02');
    // 2026-04-01 00:30 China time (still March 31 in UTC)
    expect(resolvePeriod(undefined, new Date('2026-03-31T16:30:00Z'))).toBe('2026-03');
    expect(resolvePeriod(undefined, new Date('2026-01-15T00:00:00Z'))).toBe('2025-12');
  });

  it('takes the current month or an earlier one; a future month is FF_MONTH_IN_FUTURE; before 2000 a field error', () => {
    const now = new Date('2026-03-31T16:30:00Z');
    expect(resolvePeriod('2026-04', now)).toBe('2026-04');
    expect(resolvePeriod('2025-07', now)).toBe('2025-07');
    expect(codeOf(() => resolvePeriod('2026-05', now))).toBe('FF_MONTH_IN_FUTURE');
    expect(codeOf(() => resolvePeriod('1999-12', now))).toBe('VALIDATION_FAILED');
  });

  it('saved rules over the defaults', () => {
    expect(rulesOf(null)).toEqual(DEFAULT_WARNING_RULES);
    expect(rulesOf({ casesRed: 2 })).toEqual({ ...DEFAULT_WARNING_RULES, casesRed: 2 });
  });

  it('sorts red, yellow, green, then by organisation', () => {
    const rows = [
      { colour: 'green', nodeId: 2 },
      { colour: 'red', nodeId: 11 },
      { colour: 'yellow', nodeId: 3 },
      { colour: 'red', nodeId: 9 },
    ];
    expect(rows.sort(byColourThenNode).map((r) => `${r.colour} ${r.nodeId}`)).toEqual(['red 9', 'red 11', 'yellow 3', 'green 2']);
  });

  it('names the month, the colour and the red reasons for a review', () => {
    const reason = redReviewReason('2026-05', [
      { reason: 'cases_high', colour: 'red', detail: '本月发案5起' },
      { reason: 'no_activity', colour: 'yellow', detail: '本月没有登记宣传活动' },
      { reason: 'forwards_overdue', colour: 'red', detail: '3条信息逾期未转发' },
    ]);
    expect(reason).toBe('2026年5月红色预警：本月发案5起；3条信息逾期未转发');
  });
});
