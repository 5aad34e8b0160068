// Pure rules of Fraud-Free programs: who sees a program, and the checks of an indicator set and its dates.
import { type IndicatorDef, type IndicatorInput, isInSubtree, PERCENT_SOURCES, type Permission, type ProgramInput, roleHas, weightsSum } from '@wuzha/shared';
import type { AccessScope } from '../org/access.service';
import type { FieldIssue } from '../../common/domain-error';

// Holders of any of these anywhere in (or above) the town see its published programs.
export const FF_SEEING: readonly Permission[] = ['ff.read', 'ff.apply', 'ff.manage', 'ff.review'];

// Does the caller hold one of the permissions at a node inside the town's subtree, or above the town?
export function holdsInTown(scope: AccessScope, townPath: string, permissions: readonly Permission[]): boolean {
  return scope.grants.some((g) => (isInSubtree(g.path, townPath) || isInSubtree(townPath, g.path)) && permissions.some((p) => roleHas(g.role, p)));
}

// Managers (ff.manage at the town) see every program of it, drafts included; readers only published
// and closed ones.
export function seesProgram(scope: AccessScope, p: { townPath: string; status: string }): boolean {
  if (scope.can(p.townPath, 'ff.manage')) return true;
  return p.status !== 'draft' && holdsInTown(scope, p.townPath, FF_SEEING);
}

// A real calendar day 'YYYY-MM-DD' (the schema checks only the shape).
export function isCalendarDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// Days from a to b ('YYYY-MM-DD').
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

// a program's period is at most about two years
export const MAX_PERIOD_DAYS = 731;

// Field problems of an input beyond its shape (weights are checked apart: FF_WEIGHTS_SUM).
export function programInputIssues(body: ProgramInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const f of ['periodStart', 'periodEnd', 'applyFrom', 'applyUntil'] as const) {
    if (!isCalendarDay(body[f])) issues.push({ path: `body.${f}`, message: '没有这一天，请检查日期' });
  }
  if (issues.length === 0) {
    if (daysBetween(body.periodStart, body.periodEnd) > MAX_PERIOD_DAYS) issues.push({ path: 'body.periodEnd', message: '评比周期不能超过两年' });
    if (body.applyUntil < body.periodStart) issues.push({ path: 'body.applyUntil', message: '申报截止不能早于评比周期开始' });
  }
  const seen = new Set<string>();
  body.indicators.forEach((d, i) => {
    if (seen.has(d.key)) issues.push({ path: `body.indicators.${i}.key`, message: '指标代码不能重复' });
    seen.add(d.key);
    if (PERCENT_SOURCES.includes(d.source) && d.target > 100) issues.push({ path: `body.indicators.${i}.target`, message: '百分比指标的目标不能超过100' });
  });
  return issues;
}

export function weightsProblem(indicators: readonly Pick<IndicatorInput, 'weight'>[]): string | null {
  const sum = weightsSum(indicators);
  return sum === 100 ? null : `各项指标的分值加起来要等于100，现在是${sum}`;
}

// The stored form of an input indicator (note only when given).
export function toDef(i: IndicatorInput): IndicatorDef {
  const { key, name, source, weight, target, rule, note } = i;
  return { key, name, source, weight, target, rule, ...(note ? { note } : {}) };
}

const defKey = (d: IndicatorDef) => JSON.stringify([d.key, d.name, d.source, d.weight, d.target, d.rule, d.note ?? '']);

export function sameIndicators(a: readonly IndicatorDef[], b: readonly IndicatorDef[]): boolean {
  return a.length === b.length && a.every((d, i) => defKey(d) === defKey(b[i]));
}
