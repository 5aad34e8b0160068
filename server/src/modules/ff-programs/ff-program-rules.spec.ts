import { DEFAULT_INDICATORS, type ProgramInput } from '@wuzha/shared';
import { AccessScope } from '../org/access.service';
import { holdsInTown, isCalendarDay, programInputIssues, sameIndicators, seesProgram, toDef, weightsProblem } from './ff-program-rules';

const input = (over: Partial<ProgramInput> = {}): ProgramInput => ({
  townId: 2,
  kind: 'community',
  title: '评比',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  applyFrom: '2026-03-01',
  applyUntil: '2026-03-31',
  noticeDays: 7,
  validityMonths: 12,
  indicators: DEFAULT_INDICATORS.community.map((d) => ({ ...d })),
  ...over,
});
const scope = (...grants: Array<[string, string]>) =>
  new AccessScope(9, grants.map(([role, path], i) => ({ membershipId: i + 1, role: role as never, nodeId: i + 1, path })));

describe('Fraud-Free program rules', () => {
  it('real calendar days only', () => {
    expect(['2026-02-28', '2024-02-29', '2026-12-31'].map(isCalendarDay)).toEqual([true, true, true]);
    expect(['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10'].map(isCalendarDay)).toEqual([false, false, false, false]);
  });

  it('names the fields of bad dates, long periods, early deadlines and percent targets over 100', () => {
    expect(programInputIssues(input())).toEqual([]);
    expect(programInputIssues(input({ periodEnd: '2026-02-30' })).map((i) => i.path)).toEqual(['body.periodEnd']);
    expect(programInputIssues(input({ periodStart: '2024-01-01' })).map((i) => i.path)).toEqual(['body.periodEnd']);
    // two years exactly is fine
    expect(programInputIssues(input({ periodStart: '2025-01-01', periodEnd: '2026-12-31', applyFrom: '2025-03-01' }))).toEqual([]);
    expect(programInputIssues(input({ periodStart: '2026-04-01' })).map((i) => i.path)).toEqual(['body.applyUntil']);
    const ind = input().indicators.map((d, i) => (i === 0 ? { ...d, target: 101 } : i === 1 ? { ...d, key: 'awareness' } : d));
    expect(programInputIssues(input({ indicators: ind })).map((i) => i.path)).toEqual(['body.indicators.0.target', 'body.indicators.1.key']);
    // counts and yuan may exceed 100
    expect(programInputIssues(input({ indicators: input().indicators.map((d) => (d.source === 'activities' ? { ...d, target: 500 } : d)) }))).toEqual([]);
  });

  it('weights sum to 100, the sum named otherwise', () => {
    expect(weightsProblem(DEFAULT_INDICATORS.unit)).toBeNull();
    expect(weightsProblem([{ weight: 60 }, { weight: 30 }])).toBe('各项指标的分值加起来要等于100，现在是90');
  });

  it('the default sets are valid inputs for their kinds', () => {
    for (const kind of ['community', 'unit', 'campus', 'building'] as const) {
      const x = input({ kind, indicators: DEFAULT_INDICATORS[kind].map((d) => ({ ...d })) });
      expect([kind, programInputIssues(x), weightsProblem(x.indicators)]).toEqual([kind, [], null]);
    }
  });

  it('indicator sets compare by every field and order; an empty note is no note', () => {
    const a = DEFAULT_INDICATORS.campus.map((d) => toDef({ ...d }));
    expect(sameIndicators(a, DEFAULT_INDICATORS.campus)).toBe(true);
    expect(sameIndicators(a, a.map((d, i) => (i === 0 ? { ...d, note: '' } : d)))).toBe(true);
    expect(sameIndicators(a, a.map((d, i) => (i === 0 ? { ...d, name: '改名' } : d)))).toBe(false);
    expect(sameIndicators(a, [...a].reverse())).toBe(false);
    expect(sameIndicators(a, a.slice(1))).toBe(false);
    expect(toDef({ ...a[0], note: '' })).not.toHaveProperty('note');
  });

  it('who sees a program of the town /1/2/: Fraud-Free roles in or above it; drafts only its managers', () => {
    const town = { townPath: '/1/2/', status: 'published' };
    const draft = { ...town, status: 'draft' };
    expect(seesProgram(scope(['town_admin', '/1/2/']), draft)).toBe(true);
    expect(seesProgram(scope(['town_admin', '/1/']), draft)).toBe(true);
    expect(seesProgram(scope(['village_cadre', '/1/2/5/']), town)).toBe(true);
    expect(seesProgram(scope(['village_cadre', '/1/2/5/']), draft)).toBe(false);
    expect(seesProgram(scope(['police_liaison', '/1/2/']), town)).toBe(true);
    expect(seesProgram(scope(['teacher', '/1/2/7/']), town)).toBe(false);
    expect(seesProgram(scope(['resident', '/1/2/5/8/']), town)).toBe(false);
    expect(seesProgram(scope(['town_admin', '/1/3/']), town)).toBe(false);
    // a role elsewhere does not help: the permission must be held in the town
    expect(holdsInTown(scope(['teacher', '/1/2/7/'], ['village_cadre', '/1/3/5/']), '/1/2/', ['ff.read'])).toBe(false);
  });
});
