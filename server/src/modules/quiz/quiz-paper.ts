import { randomInt } from 'node:crypto';
import { DrawInput, DrawRule, FraudType, isCorrect, PaperQuestion, QuestionType, ResultItem } from '@wuzha/shared';
import { EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { QuestionVersion } from '../quiz-bank/question-version.entity';
import { QuizBankService } from '../quiz-bank/quiz-bank.service';
import type { AttemptTally, PaperItem } from './quiz-attempt.entity';

export interface Candidate {
  questionId: number;
  versionId: number;
}

// Drawing papers, the taker's view of them, and grading. Answers are bank-order option indices; a paper
// item's `o` maps display index → bank index, so the client only ever sees display indices.

export function shuffled<T>(items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// The questions (current versions) a draw yields now, or QUIZ_NOT_ENOUGH_QUESTIONS. Random rules take
// a random sample each without repeats across rules; the rules with the fewest candidates pick first,
// so a narrow rule is not starved by a broad one.
export async function drawQuestions(bank: QuizBankService, m: EntityManager, townId: number, draw: DrawInput): Promise<Candidate[]> {
  if (draw.mode === 'fixed') {
    const versions = await bank.currentVersionsOf(m, townId, draw.questionIds);
    if (versions.size !== draw.questionIds.length) throw new DomainError('QUIZ_NOT_ENOUGH_QUESTIONS');
    return draw.questionIds.map((q) => ({ questionId: q, versionId: versions.get(q)!.id }));
  }
  const pools: { i: number; rule: DrawRule; pool: Candidate[] }[] = [];
  // one at a time: the manager may be a transaction's single connection
  for (const [i, rule] of draw.rules.entries()) pools.push({ i, rule, pool: await bank.drawCandidates(m, townId, ruleKeys(rule)) });
  const taken = new Set<number>();
  const picked: Candidate[][] = [];
  for (const { i, rule, pool } of [...pools].sort((a, b) => a.pool.length - b.pool.length)) {
    const free = pool.filter((c) => !taken.has(c.questionId));
    if (free.length < rule.count) throw new DomainError('QUIZ_NOT_ENOUGH_QUESTIONS');
    picked[i] = shuffled(free).slice(0, rule.count);
    picked[i].forEach((c) => taken.add(c.questionId));
  }
  return picked.flat();
}

function ruleKeys(rule: DrawRule): Omit<DrawRule, 'count'> {
  return { fraudType: rule.fraudType, difficulty: rule.difficulty, audience: rule.audience };
}

export function paperCount(draw: DrawInput): number {
  return draw.mode === 'fixed' ? draw.questionIds.length : draw.rules.reduce((n, r) => n + r.count, 0);
}

// A paper from drawn questions: question order and option order shuffled as asked (true/false options never).
export function makePaper(drawn: Candidate[], versions: Map<number, QuestionVersion>, opts: { shuffleQuestions: boolean; shuffleOptions: boolean }): PaperItem[] {
  const items = drawn.map((c) => {
    const v = versions.get(c.versionId)!;
    const order = v.options.map((_, i) => i);
    return { v: c.versionId, q: c.questionId, o: opts.shuffleOptions && v.type !== 'true_false' ? shuffled(order) : order };
  });
  return opts.shuffleQuestions ? shuffled(items) : items;
}

export function paperQuestions(paper: PaperItem[], versions: Map<number, QuestionVersion>): PaperQuestion[] {
  return paper.map((item, i) => {
    const v = versions.get(item.v)!;
    return { questionId: item.v, no: i + 1, type: v.type as QuestionType, stem: v.stem, options: item.o.map((b) => v.options[b]) };
  });
}

export interface Graded {
  item: PaperItem;
  version: QuestionVersion;
  // bank order
  chosen: number[];
  correct: boolean;
}

// Answers (display indices, keyed by version id) checked against the paper: an answer to a question not
// on it, or an option index the question does not have, is QUIZ_ANSWER_NOT_IN_PAPER. Unanswered = wrong.
export function grade(paper: PaperItem[], versions: Map<number, QuestionVersion>, answers: { questionId: number; chosen: number[] }[]): Graded[] {
  const byVersion = new Map(paper.map((p) => [p.v, p]));
  const chosenOf = new Map<number, number[]>();
  for (const a of answers) {
    const item = byVersion.get(a.questionId);
    if (!item || a.chosen.some((d) => d >= item.o.length)) throw new DomainError('QUIZ_ANSWER_NOT_IN_PAPER');
    chosenOf.set(item.v, a.chosen.map((d) => item.o[d]));
  }
  return paper.map((item) => {
    const version = versions.get(item.v)!;
    const chosen = chosenOf.get(item.v) ?? [];
    return { item, version, chosen, correct: chosen.length > 0 && isCorrect(version.answer, chosen) };
  });
}

// What the attempt contributes to per-type and per-question aggregates (each answer counts for every
// fraud type of its version).
export function tallyOf(graded: Graded[]): AttemptTally {
  const t: AttemptTally = { t: {}, q: {} };
  for (const g of graded) {
    for (const f of g.version.fraudTypes ?? []) {
      const cur = (t.t[f] ??= [0, 0]);
      cur[0] += g.correct ? 1 : 0;
      cur[1] += 1;
    }
    t.q[String(g.item.q)] = g.correct ? 1 : 0;
  }
  return t;
}

const toDisplay = (item: PaperItem, bank: number[]) => bank.map((b) => item.o.indexOf(b)).filter((d) => d >= 0).sort((a, b) => a - b);

export function resultItems(paper: PaperItem[], versions: Map<number, QuestionVersion>, chosenByVersion: Map<number, number[]>): ResultItem[] {
  return paperQuestions(paper, versions).map((q, i) => {
    const item = paper[i];
    const v = versions.get(item.v)!;
    const chosen = chosenByVersion.get(item.v) ?? [];
    return {
      ...q,
      chosen: toDisplay(item, chosen),
      answer: toDisplay(item, v.answer),
      correct: chosen.length > 0 && isCorrect(v.answer, chosen),
      explanation: v.explanation,
      source: v.source,
      fraudTypes: (v.fraudTypes ?? []) as FraudType[],
    };
  });
}

export function displayAnswer(item: PaperItem, v: QuestionVersion): number[] {
  return toDisplay(item, v.answer);
}

export const encodeChosen = (bank: number[]) => [...bank].sort((a, b) => a - b).join(',');
export const decodeChosen = (s: string) => (s ? s.split(',').map(Number) : []);
