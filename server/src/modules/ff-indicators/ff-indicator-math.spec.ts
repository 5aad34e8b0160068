import { IndicatorDef } from '@wuzha/shared';
import { competitionRanks, emptyCounts, indicatorValues, isMet, percent, periodOf, Rollup, valueOf } from './ff-indicator-math';

const def = (key: string, source: IndicatorDef['source'], weight: number, target: number, rule: IndicatorDef['rule'] = 'linear'): IndicatorDef => ({ key, name: key, source, weight, target, rule });

describe('ff indicator math', () => {
  it('periodOf: China days as instants [start, end), days and months', () => {
    const p = periodOf({ periodStart: '2026-01-01', periodEnd: '2026-03-31' });
    expect(p.start.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect([p.firstDay, p.lastDay, p.firstMonth, p.lastMonth]).toEqual(['2026-01-01', '2026-03-31', '2026-01', '2026-03']);
  });

  it('percent: one decimal, null without a denominator', () => {
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(3, 8)).toBe(37.5);
    expect(percent(0, 5)).toBe(0);
    expect(percent(0, 0)).toBeNull();
  });

  it('valueOf: rates with their detail, counts, manual points', () => {
    const raw = { ...emptyCounts(), quizPopulation: 5, quizParticipants: 3, quizPassed: 2, groups: 0, activities: 4, lossYuan: 3000 };
    expect(valueOf(def('p', 'quiz_participation', 10, 80), raw, null)).toEqual({ value: 60, detail: { numerator: 3, denominator: 5 } });
    expect(valueOf(def('a', 'quiz_awareness', 10, 90), raw, null)).toEqual({ value: 66.7, detail: { numerator: 2, denominator: 3 } });
    expect(valueOf(def('r', 'group_reach', 10, 90), raw, null)).toEqual({ value: null, detail: { numerator: 0, denominator: 0 } });
    expect(valueOf(def('n', 'activities', 10, 3), raw, null)).toEqual({ value: 4, detail: null });
    expect(valueOf(def('l', 'case_loss', 5, 1000), raw, null)).toEqual({ value: 3000, detail: null });
    expect(valueOf(def('m', 'manual', 10, 4), raw, { m: 7 })).toEqual({ value: 7, detail: null });
    expect(valueOf(def('m', 'manual', 10, 4), raw, { other: 7 })).toEqual({ value: null, detail: null });
    expect(valueOf(def('m', 'manual', 10, 4), raw, null)).toEqual({ value: null, detail: null });
  });

  it('isMet: higher at least the target, lower at most, manual at full points, never without a value', () => {
    expect(isMet(def('a', 'quiz_awareness', 10, 90), 90)).toBe(true);
    expect(isMet(def('a', 'quiz_awareness', 10, 90), 89.9)).toBe(false);
    expect(isMet(def('c', 'cases', 10, 0), 0)).toBe(true);
    expect(isMet(def('c', 'cases', 10, 0), 1)).toBe(false);
    expect(isMet(def('m', 'manual', 10, 4), 10)).toBe(true);
    expect(isMet(def('m', 'manual', 10, 4), 9)).toBe(false);
    expect(isMet(def('a', 'quiz_awareness', 10, 0), null)).toBe(false);
  });

  it('indicatorValues: scores and the total with one decimal', () => {
    const defs = [def('p', 'quiz_participation', 10, 80), def('pl', 'pledge_rate', 10, 90), def('c', 'cases', 10, 0, 'threshold')];
    const { values, total } = indicatorValues(defs, { ...emptyCounts(), quizPopulation: 5, quizParticipants: 3, pledgeTotal: 5, pledgeSigned: 2 }, null);
    expect(values.map((v) => [v.key, v.value, v.score, v.met])).toEqual([
      ['p', 60, 7.5, false],
      ['pl', 40, 4.4, false],
      ['c', 0, 10, true],
    ]);
    expect(total).toBe(21.9);
  });

  it('Rollup: a row adds into every target at or above its path, never a sibling with a longer id', () => {
    const t = (path: string) => ({ path });
    const a = t('/1/2/3/');
    const b = t('/1/2/31/');
    const top = t('/1/2/');
    const r = new Rollup([a, b, top]);
    expect(r.over('/1/2/3/7/')).toEqual([top, a]);
    expect(r.over('/1/2/31/')).toEqual([top, b]);
    expect(r.over('/1/2/')).toEqual([top]);
    expect(r.over('/1/9/')).toEqual([]);
    expect(r.get('/1/2/31/')).toBe(b);
  });

  it('competitionRanks: ties share a rank (1, 2, 2, 4)', () => {
    expect(competitionRanks([548, 378, 150, 150, 150, 150])).toEqual([1, 2, 3, 3, 3, 3]);
    expect(competitionRanks([90, 80, 80, 70])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([])).toEqual([]);
  });
});
