// Pure pieces of quiz statistics: counters, metrics, ranks and weakest fraud types. The database
// hands over sums per node (or per node and type); everything here works on those, in memory.
import { FRAUD_TYPES, FraudType, QuizMetrics, ratio, TypeAccuracy } from '@wuzha/shared';

export const WEAKEST_TYPES = 3;

// Counters of quiz_node_stat: participants, passed, correct, answered over counting attempts;
// attempts and flagged over every submitted attempt.
export interface NodeCounters {
  participants: number;
  passed: number;
  correct: number;
  answered: number;
  attempts: number;
  flagged: number;
}

export const NODE_COUNTERS: readonly (keyof NodeCounters)[] = ['participants', 'passed', 'correct', 'answered', 'attempts', 'flagged'];

export function emptyCounters(): NodeCounters {
  return { participants: 0, passed: 0, correct: 0, answered: 0, attempts: 0, flagged: 0 };
}

export function addCounters(into: NodeCounters, row: Partial<Record<keyof NodeCounters, number | string | null>>): void {
  for (const k of NODE_COUNTERS) into[k] += Number(row[k] ?? 0);
}

export function metrics(c: NodeCounters, population: number): QuizMetrics {
  return {
    population,
    participants: c.participants,
    participation: ratio(c.participants, population),
    passed: c.passed,
    awarenessRate: ratio(c.passed, c.participants),
    meanAccuracy: ratio(c.correct, c.answered),
    attempts: c.attempts,
    flagged: c.flagged,
  };
}

// Correct and answered per fraud type.
export type TypeCounters = Map<string, { correct: number; answered: number }>;

export function addType(into: TypeCounters, fraudType: string, correct: number | string, answered: number | string): void {
  const t = into.get(fraudType) ?? { correct: 0, answered: 0 };
  t.correct += Number(correct);
  t.answered += Number(answered);
  into.set(fraudType, t);
}

const TYPE_ORDER = new Map<string, number>(FRAUD_TYPES.map((t, i) => [t, i]));
const isFraudType = (t: string): t is FraudType => TYPE_ORDER.has(t);

// Types with answers, in the order of FRAUD_TYPES (the order of the charts).
export function typeAccuracies(types: TypeCounters): TypeAccuracy[] {
  return [...types.entries()]
    .filter(([t, c]) => isFraudType(t) && c.answered > 0)
    .sort(([a], [b]) => TYPE_ORDER.get(a)! - TYPE_ORDER.get(b)!)
    .map(([t, c]) => ({ fraudType: t as FraudType, answered: c.answered, correct: c.correct, accuracy: ratio(c.correct, c.answered) }));
}

// The weakest types: lowest accuracy first, more answers first on a tie, then FRAUD_TYPES order.
export function weakestTypes(types: TypeCounters, n = WEAKEST_TYPES): TypeAccuracy[] {
  return typeAccuracies(types)
    .sort((a, b) => a.correct / a.answered - b.correct / b.answered || b.answered - a.answered || TYPE_ORDER.get(a.fraudType)! - TYPE_ORDER.get(b.fraudType)!)
    .slice(0, n);
}

// Competition ranks (1, 2, 2, 4), highest value first; null values get no rank.
export function ranks(values: readonly (number | null)[]): (number | null)[] {
  const present = values.filter((v): v is number => v !== null);
  return values.map((v) => (v === null ? null : present.filter((o) => o > v).length + 1));
}

// The id of the direct child of the node at `parentPath` that `path` lies under (null: the node itself
// or outside it).
export function childIdUnder(parentPath: string, path: string): number | null {
  if (!path.startsWith(parentPath) || path.length === parentPath.length) return null;
  const rest = path.slice(parentPath.length);
  return Number(rest.slice(0, rest.indexOf('/')));
}

