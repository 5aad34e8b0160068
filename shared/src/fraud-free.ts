// Pure rules of the Fraud-Free program: default indicator sets, scoring, warning colours.
import { LOWER_IS_BETTER, type IndicatorSource, type ProgramKind, type ScoringRule, type WarningColour, type WarningReason } from './enums';

export interface IndicatorDef {
  // stable within a program (i1, i2… or a source name); the key of scores and evidence
  key: string;
  name: string;
  source: IndicatorSource;
  // points out of 100
  weight: number;
  // percent for percentage sources, a count or yuan otherwise
  target: number;
  rule: ScoringRule;
  // what the applicant should show (manual items) or how it is counted
  note?: string;
}

const ind = (key: string, name: string, source: IndicatorSource, weight: number, target: number, rule: ScoringRule, note?: string): IndicatorDef => ({
  key,
  name,
  source,
  weight,
  target,
  rule,
  ...(note ? { note } : {}),
});

// Drawn from the towns' plans: 知晓率 92%–100% (高岗 三降三升, 庆元 无诈单元 100%), every student signs
// (苟堂), units hold 2+ campaigns a year for all staff (白鹤), villages 5+ a month (高岗), member units
// and villages meet quarterly (白鹤), no cases among staff (白鹤 平安办), 非接案件同比下降.
export const DEFAULT_INDICATORS: Record<ProgramKind, IndicatorDef[]> = {
  community: [
    ind('awareness', '群众反诈知晓率', 'quiz_awareness', 20, 92, 'linear'),
    ind('participation', '答题参与率', 'quiz_participation', 15, 80, 'linear'),
    ind('pledge', '无诈家庭承诺签署率', 'pledge_rate', 10, 90, 'linear'),
    ind('forwarding', '三级群信息按时转发率', 'forward_timeliness', 15, 95, 'linear'),
    ind('reach', '村（居）微信群覆盖率', 'group_reach', 10, 90, 'linear'),
    ind('activities', '开展宣传活动（次）', 'activities', 10, 15, 'linear', '每月不少于5次集中宣传'),
    ind('cases', '发案数（起，越少越好）', 'cases', 10, 2, 'linear', '与去年同期相比下降'),
    ind('meetings', '每季度召开反诈工作例会', 'manual', 10, 4, 'threshold', '上传会议记录或照片'),
  ],
  unit: [
    ind('awareness', '职工反诈知晓率', 'quiz_awareness', 25, 100, 'linear'),
    ind('participation', '职工答题参与率', 'quiz_participation', 15, 100, 'linear'),
    ind('pledge', '单位倡议书、职工承诺书签署率', 'pledge_rate', 15, 100, 'threshold'),
    ind('activities', '面向全体职工的集中宣传（次）', 'activities', 15, 2, 'threshold', '每年不少于2次'),
    ind('cases', '职工被骗案件（起）', 'cases', 20, 0, 'threshold', '创建期内未发生'),
    ind('rules', '反诈制度上墙、专人负责', 'manual', 10, 1, 'threshold', '上传制度和负责人照片'),
  ],
  campus: [
    ind('pledge', '学生反诈承诺书签署率', 'pledge_rate', 25, 100, 'threshold'),
    ind('awareness', '师生反诈知晓率', 'quiz_awareness', 20, 95, 'linear'),
    ind('participation', '师生答题参与率', 'quiz_participation', 15, 95, 'linear'),
    ind('activities', '开学第一课、主题班会等宣传（次）', 'activities', 15, 2, 'linear', '每学期不少于1次大型专题宣传'),
    ind('cases', '师生被骗案件（起）', 'cases', 15, 0, 'threshold'),
    ind('family', '“小手牵大手”带动家长学习', 'manual', 10, 1, 'threshold', '上传家长会、家校活动材料'),
  ],
  building: [
    ind('awareness', '楼宇内人员反诈知晓率', 'quiz_awareness', 20, 90, 'linear'),
    ind('participation', '答题参与率', 'quiz_participation', 15, 70, 'linear'),
    ind('pledge', '承诺书签署率', 'pledge_rate', 15, 80, 'linear'),
    ind('reach', '楼宇微信群覆盖率', 'group_reach', 15, 90, 'linear'),
    ind('activities', '楼宇宣传活动（次）', 'activities', 15, 4, 'linear'),
    ind('cases', '发案数（起）', 'cases', 10, 0, 'threshold'),
    ind('property', '物业配合宣传（电子屏、海报）', 'manual', 10, 1, 'threshold', '上传现场照片'),
  ],
};

export const round1 = (n: number) => Math.round(n * 10) / 10;

// Points an indicator earns for a value (null: no data — no points).
// Higher is better: threshold → full weight at value ≥ target; linear → weight × min(1, value ÷ target).
// Lower is better (cases, losses): threshold → full weight at value ≤ target; linear → full weight at
// value ≤ target, falling in a straight line to 0 at twice the target (at target + 1 when the target is 0).
// Manual items: the reviewer's score (0…weight) is the value itself.
export function scoreIndicator(d: Pick<IndicatorDef, 'source' | 'weight' | 'target' | 'rule'>, value: number | null): number {
  if (value === null || Number.isNaN(value)) return 0;
  if (d.source === 'manual') return round1(Math.max(0, Math.min(d.weight, value)));
  if (LOWER_IS_BETTER.includes(d.source)) {
    if (value <= d.target) return d.weight;
    if (d.rule === 'threshold') return 0;
    const zeroAt = d.target > 0 ? d.target * 2 : d.target + 1;
    return round1(Math.max(0, d.weight * ((zeroAt - value) / (zeroAt - d.target))));
  }
  if (d.target <= 0) return d.weight;
  if (d.rule === 'threshold') return value >= d.target ? d.weight : 0;
  // never below 0 (a negative figure is bad input, not negative points)
  return round1(d.weight * Math.max(0, Math.min(1, value / d.target)));
}

export function weightsSum(defs: readonly Pick<IndicatorDef, 'weight'>[]): number {
  return defs.reduce((n, d) => n + d.weight, 0);
}

// ---- warnings ----
export interface WarningRules {
  // cases this month above last month's → yellow; above by at least this many percent (and ≥ 2 cases) → red
  casesUpRedPercent: number;
  // this many cases or more in the month → red regardless of the trend
  casesRed: number;
  // awareness (over the quiz campaigns of the last 90 days) below this percent → yellow
  awarenessBelow: number;
  // forwarding tasks overdue (past deadline, not forwarded) at the end of the month: ≥ yellow → yellow, ≥ red → red
  overdueYellow: number;
  overdueRed: number;
  // no activity logged in the month → yellow
  noActivityYellow: boolean;
}
export const DEFAULT_WARNING_RULES: WarningRules = {
  casesUpRedPercent: 50,
  casesRed: 5,
  awarenessBelow: 92,
  overdueYellow: 1,
  overdueRed: 3,
  noActivityYellow: true,
};

export interface WarningInputs {
  cases: number;
  casesPrev: number;
  // null: nobody took a quiz
  awareness: number | null;
  overdue: number;
  activities: number;
}
export interface WarningReasonView {
  reason: WarningReason;
  colour: Exclude<WarningColour, 'green'>;
  detail: string;
}

export function warningReasons(r: WarningRules, x: WarningInputs): WarningReasonView[] {
  const out: WarningReasonView[] = [];
  if (x.cases >= r.casesRed) out.push({ reason: 'cases_high', colour: 'red', detail: `本月发案${x.cases}起` });
  else if (x.cases > x.casesPrev) {
    const up = x.casesPrev > 0 ? ((x.cases - x.casesPrev) / x.casesPrev) * 100 : Infinity;
    const red = up >= r.casesUpRedPercent && x.cases >= 2;
    out.push({ reason: 'cases_up', colour: red ? 'red' : 'yellow', detail: `本月发案${x.cases}起，上月${x.casesPrev}起` });
  }
  if (x.awareness !== null && x.awareness < r.awarenessBelow) out.push({ reason: 'awareness_low', colour: 'yellow', detail: `知晓率${round1(x.awareness)}%，低于${r.awarenessBelow}%` });
  if (x.overdue >= r.overdueRed) out.push({ reason: 'forwards_overdue', colour: 'red', detail: `${x.overdue}条信息逾期未转发` });
  else if (x.overdue >= r.overdueYellow) out.push({ reason: 'forwards_overdue', colour: 'yellow', detail: `${x.overdue}条信息逾期未转发` });
  if (r.noActivityYellow && x.activities === 0) out.push({ reason: 'no_activity', colour: 'yellow', detail: '本月没有登记宣传活动' });
  return out;
}

export function warningColour(reasons: readonly WarningReasonView[]): WarningColour {
  if (reasons.some((r) => r.colour === 'red')) return 'red';
  return reasons.length > 0 ? 'yellow' : 'green';
}

// 'YYYY-MM' of a moment in China time
export function chinaMonthKey(d: Date): string {
  const c = new Date(d.getTime() + 8 * 3600_000);
  return `${c.getUTCFullYear()}-${String(c.getUTCMonth() + 1).padStart(2, '0')}`;
}
