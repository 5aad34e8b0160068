import { DomainError } from '../../common/domain-error';
import { activityCursor, caseReviewReason, checkActivityDay, checkCaseFigure, dayNumber, monthLabel } from './ff-ledger-rules';

// 2026-03-01 01:00 China time = 2026-02-28 17:00 UTC: the China day and month differ from UTC's
const NOW = new Date('2026-02-28T17:00:00Z');

function codeOf(fn: () => void): { code: string; message: string; fields?: unknown } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { code: e.code, message: e.message, fields: e.fields };
  }
}

describe('activity day', () => {
  it('today and the same day a year ago (China days) are accepted', () => {
    expect(codeOf(() => checkActivityDay('2026-03-01', NOW))).toBeNull();
    expect(codeOf(() => checkActivityDay('2025-03-01', NOW))).toBeNull();
  });

  it('tomorrow, a day more than a year ago and days that do not exist are refused on body.day', () => {
    for (const day of ['2026-03-02', '2025-02-28', '2026-02-29', '2026-13-01', '2026-04-31']) {
      const r = codeOf(() => checkActivityDay(day, NOW));
      expect([day, r?.code, (r?.fields as { path: string }[])[0].path]).toEqual([day, 'VALIDATION_FAILED', 'body.day']);
    }
    expect(codeOf(() => checkActivityDay('2026-03-02', NOW))?.fields).toEqual([{ path: 'body.day', message: '活动日期不能晚于今天' }]);
  });
});

describe('case figures', () => {
  const ok = { month: '2026-03', cases: 2, lossYuan: 5000 };

  it('the current China month is allowed, the next one is not', () => {
    expect(codeOf(() => checkCaseFigure(ok, NOW, 10))).toBeNull();
    const r = codeOf(() => checkCaseFigure({ ...ok, month: '2026-04' }, NOW, 10));
    expect(r).toMatchObject({ code: 'FF_MONTH_IN_FUTURE', message: '2026年4月还没到，不能填写' });
  });

  it('more cases than registered people names both numbers', () => {
    expect(codeOf(() => checkCaseFigure({ ...ok, cases: 10, lossYuan: 0 }, NOW, 10))).toBeNull();
    const r = codeOf(() => checkCaseFigure({ ...ok, cases: 11, lossYuan: 0 }, NOW, 10));
    expect(r).toMatchObject({ code: 'FF_FIGURE_ABSURD', message: '发案数11起多于该组织登记的10人，请核对' });
  });

  it('a loss without a case and more than 10,000,000 yuan a case are absurd', () => {
    expect(codeOf(() => checkCaseFigure({ ...ok, cases: 0, lossYuan: 1 }, NOW, 10))).toMatchObject({ code: 'FF_FIGURE_ABSURD' });
    expect(codeOf(() => checkCaseFigure({ ...ok, cases: 0, lossYuan: 0 }, NOW, 10))).toBeNull();
    expect(codeOf(() => checkCaseFigure({ ...ok, cases: 2, lossYuan: 20_000_000 }, NOW, 10))).toBeNull();
    expect(codeOf(() => checkCaseFigure({ ...ok, cases: 2, lossYuan: 20_000_001 }, NOW, 10))).toMatchObject({ code: 'FF_FIGURE_ABSURD' });
  });
});

describe('labels and cursors', () => {
  it('review reasons name the month and the count', () => {
    expect(monthLabel('2026-11')).toBe('2026年11月');
    expect(caseReviewReason('2026-01', 1)).toBe('2026年1月发生电诈案件1起');
  });

  it('the ledger cursor round-trips a day and an id', () => {
    expect(activityCursor.decode(activityCursor.encode(dayNumber('2026-03-01'), 42))).toEqual([20260301, 42]);
    expect(() => activityCursor.decode('garbage')).toThrow(DomainError);
  });
});
