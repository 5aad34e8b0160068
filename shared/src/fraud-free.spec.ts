import { INDICATOR_SOURCES, PERCENT_SOURCES, PROGRAM_KINDS } from './enums';
import { chinaMonthKey, DEFAULT_INDICATORS, DEFAULT_WARNING_RULES, round1, scoreIndicator, warningColour, warningReasons, weightsSum, type WarningInputs } from './fraud-free';
import { IndicatorInput, ProgramInput, WarningRulesInput } from './schemas/fraud-free';

const def = (source: (typeof INDICATOR_SOURCES)[number], weight: number, target: number, rule: 'threshold' | 'linear') => ({ source, weight, target, rule });

describe('scoreIndicator', () => {
  it('no data scores nothing, whatever the rule', () => {
    for (const source of INDICATOR_SOURCES) {
      for (const rule of ['threshold', 'linear'] as const) {
        expect(scoreIndicator(def(source, 10, 5, rule), null)).toBe(0);
        expect(scoreIndicator(def(source, 10, 5, rule), Number.NaN)).toBe(0);
      }
    }
  });

  it('higher is better, threshold: the full weight from the target on, else 0', () => {
    const d = def('quiz_awareness', 20, 92, 'threshold');
    expect(scoreIndicator(d, 91.9)).toBe(0);
    expect(scoreIndicator(d, 92)).toBe(20);
    expect(scoreIndicator(d, 100)).toBe(20);
    expect(scoreIndicator(d, 0)).toBe(0);
  });

  it('higher is better, linear: a share of the weight up to the target, one decimal, capped', () => {
    const d = def('quiz_participation', 15, 80, 'linear');
    expect(scoreIndicator(d, 0)).toBe(0);
    expect(scoreIndicator(d, 40)).toBe(7.5);
    // 15 × 66.7 ÷ 80 = 12.50625
    expect(scoreIndicator(d, 66.7)).toBe(12.5);
    expect(scoreIndicator(d, 80)).toBe(15);
    expect(scoreIndicator(d, 120)).toBe(15);
    // counts work the same way (activities: 15 wanted, 4 held)
    expect(scoreIndicator(def('activities', 10, 15, 'linear'), 4)).toBe(2.7);
    // a negative figure earns nothing, never negative points
    expect(scoreIndicator(d, -10)).toBe(0);
  });

  it('higher is better with a target of 0: always met', () => {
    for (const rule of ['threshold', 'linear'] as const) {
      expect(scoreIndicator(def('feedback_sent', 5, 0, rule), 0)).toBe(5);
      expect(scoreIndicator(def('feedback_sent', 5, 0, rule), 3)).toBe(5);
    }
  });

  it('lower is better, threshold: the full weight at or under the target, else 0', () => {
    const d = def('cases', 20, 0, 'threshold');
    expect(scoreIndicator(d, 0)).toBe(20);
    expect(scoreIndicator(d, 1)).toBe(0);
    const loss = def('case_loss', 10, 5000, 'threshold');
    expect(scoreIndicator(loss, 5000)).toBe(10);
    expect(scoreIndicator(loss, 5001)).toBe(0);
  });

  it('lower is better, linear: full at the target, down to 0 at twice the target', () => {
    const d = def('cases', 10, 2, 'linear');
    expect(scoreIndicator(d, 0)).toBe(10);
    expect(scoreIndicator(d, 2)).toBe(10);
    expect(scoreIndicator(d, 3)).toBe(5);
    expect(scoreIndicator(d, 4)).toBe(0);
    expect(scoreIndicator(d, 9)).toBe(0);
    const loss = def('case_loss', 10, 3000, 'linear');
    // 10 × (6000 − 4000) ÷ 3000 = 6.666…
    expect(scoreIndicator(loss, 4000)).toBe(6.7);
  });

  it('lower is better, linear with a target of 0: full at 0, nothing from the first case (0 at target + 1)', () => {
    const d = def('cases', 10, 0, 'linear');
    expect(scoreIndicator(d, 0)).toBe(10);
    expect(scoreIndicator(d, 1)).toBe(0);
    expect(scoreIndicator(d, 0.5)).toBe(5);
  });

  it("manual items: the reviewer's points, clamped to 0…weight, one decimal", () => {
    const d = def('manual', 10, 4, 'threshold');
    expect(scoreIndicator(d, 7)).toBe(7);
    expect(scoreIndicator(d, 7.25)).toBe(7.3);
    expect(scoreIndicator(d, 0)).toBe(0);
    expect(scoreIndicator(d, 10)).toBe(10);
    expect(scoreIndicator(d, 12)).toBe(10);
    expect(scoreIndicator(d, -3)).toBe(0);
    // the target and rule play no part
    expect(scoreIndicator(def('manual', 10, 0, 'linear'), 4)).toBe(4);
  });

  it('round1 rounds to one decimal', () => {
    expect(round1(12.50625)).toBe(12.5);
    expect(round1(66.66)).toBe(66.7);
    expect(round1(0.04)).toBe(0);
  });
});

describe('default indicator sets', () => {
  it('every kind ships a set whose weights sum to 100, with unique keys and valid indicators', () => {
    for (const kind of PROGRAM_KINDS) {
      const set = DEFAULT_INDICATORS[kind];
      expect(weightsSum(set)).toBe(100);
      expect(new Set(set.map((d) => d.key)).size).toBe(set.length);
      for (const d of set) {
        expect(IndicatorInput.safeParse(d).success).toBe(true);
        if (PERCENT_SOURCES.includes(d.source)) expect(d.target).toBeLessThanOrEqual(100);
      }
      // a program made of the set passes the shared schema
      const program = { townId: 1, kind, title: '2026年度创建', periodStart: '2026-01-01', periodEnd: '2026-12-31', applyFrom: '2026-10-01', applyUntil: '2026-11-30', indicators: set };
      expect(ProgramInput.safeParse(program).success).toBe(true);
    }
  });

  it('weightsSum adds the weights', () => {
    expect(weightsSum([{ weight: 30 }, { weight: 50 }, { weight: 15 }])).toBe(95);
    expect(weightsSum([])).toBe(0);
  });
});

describe('warnings', () => {
  const calm: WarningInputs = { cases: 0, casesPrev: 0, awareness: 95, overdue: 0, activities: 3 };
  const reasons = (x: Partial<WarningInputs>, r = DEFAULT_WARNING_RULES) => warningReasons(r, { ...calm, ...x });
  const colour = (x: Partial<WarningInputs>, r = DEFAULT_WARNING_RULES) => warningColour(reasons(x, r));

  it('green when nothing is wrong', () => {
    expect(reasons({})).toEqual([]);
    expect(colour({})).toBe('green');
    // the same number of cases as last month is no rise
    expect(colour({ cases: 2, casesPrev: 2 })).toBe('green');
    // nobody took a quiz: no awareness reason
    expect(colour({ awareness: null })).toBe('green');
  });

  it('cases: at or over casesRed → red whatever the trend; up → yellow, up by the red percentage with 2+ cases → red', () => {
    expect(reasons({ cases: 5, casesPrev: 9 })).toEqual([{ reason: 'cases_high', colour: 'red', detail: '本月发案5起' }]);
    expect(reasons({ cases: 1, casesPrev: 0 })).toEqual([{ reason: 'cases_up', colour: 'yellow', detail: '本月发案1起，上月0起' }]);
    expect(colour({ cases: 2, casesPrev: 0 })).toBe('red');
    // 3 after 2: +50% → red; 4 after 3: +33% → yellow
    expect(colour({ cases: 3, casesPrev: 2 })).toBe('red');
    expect(colour({ cases: 4, casesPrev: 3 })).toBe('yellow');
    expect(colour({ cases: 1, casesPrev: 3 })).toBe('green');
    expect(colour({ cases: 4, casesPrev: 3 }, { ...DEFAULT_WARNING_RULES, casesUpRedPercent: 30 })).toBe('red');
    expect(colour({ cases: 3, casesPrev: 9 }, { ...DEFAULT_WARNING_RULES, casesRed: 3 })).toBe('red');
  });

  it('awareness under the rule → yellow, with the rate in the detail', () => {
    expect(reasons({ awareness: 91.94 })).toEqual([{ reason: 'awareness_low', colour: 'yellow', detail: '知晓率91.9%，低于92%' }]);
    expect(colour({ awareness: 92 })).toBe('green');
    expect(colour({ awareness: 0 })).toBe('yellow');
    expect(colour({ awareness: 50 }, { ...DEFAULT_WARNING_RULES, awarenessBelow: 0 })).toBe('green');
  });

  it('overdue forwards: yellow from overdueYellow, red from overdueRed', () => {
    expect(colour({ overdue: 1 })).toBe('yellow');
    expect(colour({ overdue: 2 })).toBe('yellow');
    expect(reasons({ overdue: 3 })).toEqual([{ reason: 'forwards_overdue', colour: 'red', detail: '3条信息逾期未转发' }]);
    expect(colour({ overdue: 1 }, { ...DEFAULT_WARNING_RULES, overdueYellow: 2 })).toBe('green');
  });

  it('no activity → yellow unless the rule is off', () => {
    expect(reasons({ activities: 0 })).toEqual([{ reason: 'no_activity', colour: 'yellow', detail: '本月没有登记宣传活动' }]);
    expect(colour({ activities: 0 }, { ...DEFAULT_WARNING_RULES, noActivityYellow: false })).toBe('green');
  });

  it('reasons add up in a fixed order; one red makes the colour red', () => {
    const all = reasons({ cases: 2, casesPrev: 1, awareness: 80, overdue: 1, activities: 0 });
    expect(all.map((r) => [r.reason, r.colour])).toEqual([
      ['cases_up', 'red'],
      ['awareness_low', 'yellow'],
      ['forwards_overdue', 'yellow'],
      ['no_activity', 'yellow'],
    ]);
    expect(warningColour(all)).toBe('red');
    expect(warningColour(all.filter((r) => r.colour === 'yellow'))).toBe('yellow');
    expect(warningColour([])).toBe('green');
  });

  it('the default rules pass the rules schema; red overdue under yellow is refused', () => {
    expect(WarningRulesInput.safeParse(DEFAULT_WARNING_RULES).success).toBe(true);
    expect(WarningRulesInput.safeParse({ ...DEFAULT_WARNING_RULES, overdueYellow: 3, overdueRed: 2 }).success).toBe(false);
  });

  it('chinaMonthKey: the month in China time', () => {
    expect(chinaMonthKey(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01');
    expect(chinaMonthKey(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02');
    expect(chinaMonthKey(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01');
  });
});
