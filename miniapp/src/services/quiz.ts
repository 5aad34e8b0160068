// Client-side quiz logic without UI: the timer against the server's clock, the answer sheet,
// blank counting, local drafts for resuming, and the words shown for a campaign or a result.
// Type-only imports from the schemas keep zod out of the bundle (the list lives in the main package).
import Taro from '@tarojs/taro'
import type { QuestionType } from '@wuzha/shared/dist/enums'
import type { AttemptResult, CampaignView, PaperQuestion } from '@wuzha/shared/dist/schemas/quiz'

export const QUIZ_PAGES = {
  quiz: '/pages/quiz/index',
  result: '/pages/quiz-result/index',
  mistakes: '/pages/mistakes/index',
} as const

// the size of a 自由练习 paper and the most a 错题重练 may ask for (PracticeRequest.count ≤ 30)
export const PRACTICE_COUNT = 10
export const MAX_PRACTICE_COUNT = 30
// the timer turns red in the last minute
export const HURRY_SECONDS = 60

// ---- time ------------------------------------------------------------------------------------
// How far the server's clock is ahead of this phone's (ms). The deadline is server time, so the
// countdown uses phone time + offset: a phone whose clock is wrong still counts down correctly.
export function clockOffset(serverNow: string, clientNowMs: number): number {
  const s = Date.parse(serverNow)
  return Number.isFinite(s) ? s - clientNowMs : 0
}

// Whole seconds left before the deadline (never negative); null when there is no time limit.
export function secondsLeft(deadline: string | null, offsetMs: number, clientNowMs: number): number | null {
  if (!deadline) return null
  const d = Date.parse(deadline)
  if (!Number.isFinite(d)) return null
  return Math.max(0, Math.ceil((d - (clientNowMs + offsetMs)) / 1000))
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

// 09:05, or 1:02:03 past an hour
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`
}

// 3分20秒 (time used, for people)
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const m = Math.floor(s / 60)
  if (m === 0) return `${s}秒`
  return s % 60 ? `${m}分${s % 60}秒` : `${m}分钟`
}

export function progressLabel(index: number, total: number): string {
  return `第${index + 1}题/共${total}题`
}

// ---- the answer sheet --------------------------------------------------------------------------
// chosen display indices per question (PaperQuestion.questionId); a missing or empty entry is blank
export type Answers = Record<number, number[]>

// Tapping an option: single choice and true/false replace the choice; multiple choice toggles it.
export function toggleChoice(type: QuestionType, chosen: readonly number[] | undefined, index: number): number[] {
  const cur = chosen ?? []
  if (type !== 'multiple') return cur.length === 1 && cur[0] === index ? [] : [index]
  return cur.includes(index) ? cur.filter((i) => i !== index) : [...cur, index].sort((a, b) => a - b)
}

export function isAnswered(answers: Answers, questionId: number): boolean {
  return (answers[questionId]?.length ?? 0) > 0
}

export function blankCount(questions: readonly PaperQuestion[], answers: Answers): number {
  return questions.filter((q) => !isAnswered(answers, q.questionId)).length
}

// numbers (1-based) of the questions left blank, for the confirm text
export function blankNumbers(questions: readonly PaperQuestion[], answers: Answers): number[] {
  return questions.map((q, i) => (isAnswered(answers, q.questionId) ? 0 : i + 1)).filter((n) => n > 0)
}

// Every question of the paper once, blanks as [] (the server records them as answered wrong).
export function submitAnswers(questions: readonly PaperQuestion[], answers: Answers): { questionId: number; chosen: number[] }[] {
  return questions.map((q) => ({ questionId: q.questionId, chosen: [...(answers[q.questionId] ?? [])] }))
}

export type SheetCell = 'answered' | 'blank'

export function sheetCells(questions: readonly PaperQuestion[], answers: Answers): SheetCell[] {
  return questions.map((q) => (isAnswered(answers, q.questionId) ? 'answered' : 'blank'))
}

// The confirm text before submitting: how many are left blank, in plain words.
export function submitPrompt(questions: readonly PaperQuestion[], answers: Answers): string {
  const blanks = blankNumbers(questions, answers)
  if (blanks.length === 0) return '全部题目都已作答。交卷后就不能再修改了，确定交卷吗？'
  const shown = blanks.length > 5 ? `${blanks.slice(0, 5).join('、')}等` : blanks.join('、')
  return `还有 ${blanks.length} 道题没有作答（第${shown}题），没答的题算答错。确定交卷吗？`
}

// Keep only choices that belong to this paper (a draft from an older build or another attempt).
export function cleanAnswers(questions: readonly PaperQuestion[], raw: unknown): Answers {
  const out: Answers = {}
  if (!raw || typeof raw !== 'object') return out
  for (const q of questions) {
    const v = (raw as Record<string, unknown>)[String(q.questionId)]
    if (!Array.isArray(v)) continue
    const chosen = [...new Set(v.filter((i): i is number => Number.isInteger(i) && i >= 0 && i < q.options.length))].sort((a, b) => a - b)
    if (chosen.length) out[q.questionId] = q.type === 'multiple' ? chosen : chosen.slice(0, 1)
  }
  return out
}

// ---- drafts: choices survive leaving the page, so an open attempt resumes where it was ---------
const draftKey = (attemptId: number) => `wuzha.quizDraft.${attemptId}`

export interface Draft {
  answers: Answers
  index: number
  hidden: number
}

export function loadDraft(attemptId: number, questions: readonly PaperQuestion[]): Draft {
  let raw: unknown = null
  try {
    const s = Taro.getStorageSync(draftKey(attemptId))
    raw = typeof s === 'string' && s ? JSON.parse(s) : null
  } catch {
    raw = null
  }
  const d = (raw && typeof raw === 'object' ? raw : {}) as { answers?: unknown; index?: unknown; hidden?: unknown }
  const index = Number.isInteger(d.index) && (d.index as number) >= 0 && (d.index as number) < questions.length ? (d.index as number) : 0
  const hidden = Number.isInteger(d.hidden) && (d.hidden as number) >= 0 ? (d.hidden as number) : 0
  return { answers: cleanAnswers(questions, d.answers), index, hidden }
}

export function saveDraft(attemptId: number, draft: Draft): void {
  try {
    Taro.setStorageSync(draftKey(attemptId), JSON.stringify(draft))
  } catch {
    // storage full: the attempt still works, it just cannot resume its choices
  }
}

export function clearDraft(attemptId: number): void {
  try {
    Taro.removeStorageSync(draftKey(attemptId))
  } catch {
    // nothing stored
  }
}

// ---- words ---------------------------------------------------------------------------------
export function typeHint(type: QuestionType): string {
  if (type === 'multiple') return '正确答案有两个或以上，请全部选出'
  if (type === 'true_false') return '这句话说得对不对？'
  return '选出一个正确答案'
}

export type CampaignAction =
  | { kind: 'resume'; attemptId: number }
  | { kind: 'start' }
  | { kind: 'blocked'; reason: string }

const BLOCKED_WORDS: Record<string, string> = {
  QUIZ_NOT_STARTED: '还没有开始',
  QUIZ_ENDED: '已经结束',
  QUIZ_DAILY_LIMIT: '今天的次数已用完，明天再来',
  QUIZ_ATTEMPT_LIMIT: '答题次数已用完',
}

// What tapping a campaign does: resume the open attempt, start a new one, or say why not.
export function campaignAction(c: CampaignView): CampaignAction {
  const mine = c.mine
  if (mine?.openAttemptId) return { kind: 'resume', attemptId: mine.openAttemptId }
  if (c.state === 'upcoming') return { kind: 'blocked', reason: BLOCKED_WORDS.QUIZ_NOT_STARTED }
  if (c.state === 'ended' || c.state === 'draft') return { kind: 'blocked', reason: BLOCKED_WORDS.QUIZ_ENDED }
  if (mine?.blockedBy) return { kind: 'blocked', reason: BLOCKED_WORDS[mine.blockedBy] ?? '现在不能答题' }
  return { kind: 'start' }
}

// Attempts still allowed (the smaller of today's and the total), null when unlimited.
export function attemptsLeft(c: CampaignView): number | null {
  const used = c.mine?.attemptsUsed ?? 0
  const today = c.mine?.attemptsToday ?? 0
  const limits: number[] = []
  if (c.attemptsTotal !== null) limits.push(c.attemptsTotal - used)
  if (c.attemptsPerDay !== null) limits.push(c.attemptsPerDay - today)
  return limits.length ? Math.max(0, Math.min(...limits)) : null
}

export function attemptsLeftText(c: CampaignView): string {
  const left = attemptsLeft(c)
  if (left === null) return '不限次数'
  const todayBound = c.attemptsPerDay !== null && (c.attemptsTotal === null || c.attemptsPerDay - (c.mine?.attemptsToday ?? 0) <= c.attemptsTotal - (c.mine?.attemptsUsed ?? 0))
  return todayBound ? `今天还能答 ${left} 次` : `还能答 ${left} 次`
}

// The person's own standing (shown only to them).
export function myResultText(c: CampaignView): string | null {
  const m = c.mine
  if (!m || m.percent === null) return null
  if (c.kind === 'practice') return `上次答对 ${m.percent}%`
  return `我的成绩 ${m.percent} 分${m.passed ? '，已通过' : '，还没通过'}`
}

export interface Verdict {
  title: string
  text: string
  tone: 'pass' | 'fail' | 'practice'
}

// Kind words for the result: never "不及格".
export function verdict(r: AttemptResult, passPercent: number | null): Verdict {
  const wrong = r.total - r.correct
  if (r.passed === null) {
    return {
      tone: 'practice',
      title: wrong === 0 ? '全部答对，真棒！' : '练习完成',
      text: wrong === 0 ? '您已经掌握了这些防骗知识。' : `答错的 ${wrong} 道题已放进错题本，看看解析，下次就记住了。`,
    }
  }
  if (r.passed) {
    return { tone: 'pass', title: '恭喜您，通过了！', text: wrong === 0 ? '全部答对，您对防骗知识掌握得很好。' : `答错的 ${wrong} 道题已放进错题本，有空再看看。` }
  }
  const need = passPercent !== null ? `${passPercent} 分通过，` : ''
  return { tone: 'fail', title: '这次还没通过，别灰心', text: `${need}看看下面的解析，学一学再来，一定能行。` }
}

// Certificate links may be relative to the API; WeChat needs an absolute address.
export function absoluteUrl(url: string, base: string): string {
  return url.startsWith('/') ? base + url : url
}
