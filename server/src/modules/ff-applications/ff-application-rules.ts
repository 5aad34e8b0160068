// Pure rules of applications and awards: the award's validity, its derived state, the reviewer's
// manual scores, who counts as reviewing their own unit, evidence against the program's indicators.
import { type AwardState, type IndicatorDef, isInSubtree } from '@wuzha/shared';
import type { FieldIssue } from '../../common/domain-error';
import type { Grant } from '../org/access.service';

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

// The same China wall-clock time `months` calendar months later; a day missing in the target month
// becomes its last day (31 January + 1 month = 28/29 February).
export function addChinaMonths(at: Date, months: number): Date {
  const c = new Date(at.getTime() + CHINA_OFFSET_MS);
  const k = c.getUTCFullYear() * 12 + c.getUTCMonth() + months;
  const y = Math.floor(k / 12);
  const mo = k - y * 12;
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  const t = Date.UTC(y, mo, Math.min(c.getUTCDate(), lastDay), c.getUTCHours(), c.getUTCMinutes(), c.getUTCSeconds(), c.getUTCMilliseconds());
  return new Date(t - CHINA_OFFSET_MS);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

// revoked stays revoked; otherwise a title past validUntil has expired (also one under review).
export function awardState(a: { status: string; validUntil: Date | string }, now: Date): AwardState {
  if (a.status === 'revoked') return 'revoked';
  if (new Date(a.validUntil).getTime() <= now.getTime()) return 'expired';
  return a.status === 'review' ? 'review' : 'active';
}

// Every manual indicator scored within 0…weight, nothing else scored; problems as field issues
// (→ FF_MANUAL_SCORE_INVALID). Scores are kept to one decimal.
export function manualScoreIssues(defs: readonly IndicatorDef[], scores: Record<string, number>): FieldIssue[] {
  const manual = new Map(defs.filter((d) => d.source === 'manual').map((d) => [d.key, d]));
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(scores)) {
    if (!manual.has(key)) issues.push({ path: `body.manualScores.${key}`, message: '这一项不是评审打分的指标' });
  }
  for (const d of manual.values()) {
    const v = scores[d.key];
    if (v === undefined) issues.push({ path: `body.manualScores.${d.key}`, message: `请为「${d.name}」打分（0～${d.weight}分）` });
    else if (!(v >= 0 && v <= d.weight)) issues.push({ path: `body.manualScores.${d.key}`, message: `「${d.name}」的打分要在0～${d.weight}分之间，现在是${v}` });
  }
  return issues;
}

export function roundScores(scores: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}

// A reviewer may not act on an application they made, nor on one of a unit where they hold any role
// (at the node or below it: a town admin who is also a resident of the village has a stake in it).
export function isSelfReview(userId: number, grants: readonly Pick<Grant, 'path'>[], app: { applicantId: number; nodePath: string }): boolean {
  return app.applicantId === userId || grants.some((g) => isInSubtree(g.path, app.nodePath));
}

// Evidence items name an indicator of the program, once each.
export function evidenceIssues(defs: readonly IndicatorDef[], evidence: readonly { indicatorKey: string }[]): FieldIssue[] {
  const keys = new Set(defs.map((d) => d.key));
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  evidence.forEach((e, i) => {
    if (!keys.has(e.indicatorKey)) issues.push({ path: `body.evidence.${i}.indicatorKey`, message: '本次评比没有这项指标' });
    else if (seen.has(e.indicatorKey)) issues.push({ path: `body.evidence.${i}.indicatorKey`, message: '同一项指标的材料请放在一起' });
    seen.add(e.indicatorKey);
  });
  return issues;
}

// Certificate serial: the program and the award, e.g. FF0003-000012.
export function awardSerial(a: { programId: number; id: number }): string {
  return `FF${String(a.programId).padStart(4, '0')}-${String(a.id).padStart(6, '0')}`;
}
