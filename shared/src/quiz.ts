// Pure quiz rules shared by server and mini program: question checks, grading, rates, China-time keys.
import { TRUE_FALSE_OPTIONS, type QuestionType } from './enums';

export const IMPLAUSIBLE_SECONDS_PER_QUESTION = 2;
// network slack after the time limit before a submit is refused
export const SUBMIT_GRACE_SECONDS = 30;
export const MAX_IMPORT_ROWS = 5000;
export const MAX_PAPER_QUESTIONS = 100;

export interface QuestionShape {
  type: QuestionType;
  options: readonly string[];
  answer: readonly number[];
}

export interface Problem {
  path: string;
  message: string;
}

// Problems of a question's options and answer (field shapes are checked by zod before this).
export function questionProblems(q: QuestionShape): Problem[] {
  const out: Problem[] = [];
  const norm = q.options.map((o) => o.trim().replace(/\s+/g, ' '));
  if (new Set(norm).size !== norm.length) out.push({ path: 'options', message: '选项不能重复' });
  if (q.type === 'true_false' && (q.options.length !== 2 || q.options[0] !== TRUE_FALSE_OPTIONS[0] || q.options[1] !== TRUE_FALSE_OPTIONS[1])) {
    out.push({ path: 'options', message: '判断题的选项应为“正确”“错误”' });
  }
  if (q.type !== 'true_false' && q.options.length < 2) out.push({ path: 'options', message: '至少要有两个选项' });
  if (new Set(q.answer).size !== q.answer.length) out.push({ path: 'answer', message: '答案不能重复' });
  if (q.answer.some((i) => !Number.isInteger(i) || i < 0 || i >= q.options.length)) out.push({ path: 'answer', message: '答案不在选项范围内' });
  if (q.type === 'multiple') {
    if (q.answer.length < 2) out.push({ path: 'answer', message: '多选题至少有两个正确答案' });
  } else if (q.answer.length !== 1) {
    out.push({ path: 'answer', message: '单选题和判断题只有一个正确答案' });
  }
  return out;
}

// All-or-nothing grading: the chosen set equals the answer set.
export function isCorrect(answer: readonly number[], chosen: readonly number[]): boolean {
  if (answer.length !== chosen.length) return false;
  const a = new Set(answer);
  return chosen.every((c) => a.has(c)) && new Set(chosen).size === chosen.length;
}

// A share in [0, 1] rounded to 4 places; null when there is nothing to divide by.
export function ratio(part: number, whole: number): number | null {
  if (!whole) return null;
  return Math.round((part / whole) * 10000) / 10000;
}

export function percentOf(correct: number, total: number): number {
  return total ? Math.round((correct / total) * 100) : 0;
}

export function isImplausible(correct: number, total: number, elapsedSeconds: number): boolean {
  return total > 0 && correct === total && elapsedSeconds < total * IMPLAUSIBLE_SECONDS_PER_QUESTION;
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

// 'YYYY-MM-DD' of the China calendar day (the towns' day, whatever the server's zone).
export function chinaDayKey(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

// 'YYYY-MM-DD' of the Monday starting the China-time week.
export function chinaWeekStart(at: Date): string {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  const dow = (local.getUTCDay() + 6) % 7;
  return new Date(local.getTime() - dow * 86400000).toISOString().slice(0, 10);
}

// The parts of the subtree at `viewPath` that lie inside the audience subtrees (as subtree roots).
export function intersectSubtrees(viewPath: string, audiencePaths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const a of audiencePaths) {
    if (a.startsWith(viewPath)) out.add(a);
    else if (viewPath.startsWith(a)) out.add(viewPath);
  }
  const roots = [...out].sort();
  return roots.filter((p) => !roots.some((o) => o !== p && p.startsWith(o)));
}

// Option letters shown to people: A, B, C…
export function optionLetter(i: number): string {
  return String.fromCharCode(65 + i);
}
