import type { AttemptResult, CampaignView, PaperQuestion } from '@wuzha/shared/dist/schemas/quiz'
import { __reset, __storage } from './mocks/taro'
import {
  attemptsLeft,
  attemptsLeftText,
  blankCount,
  blankNumbers,
  campaignAction,
  cleanAnswers,
  clearDraft,
  clockOffset,
  formatClock,
  formatDuration,
  loadDraft,
  myResultText,
  progressLabel,
  saveDraft,
  secondsLeft,
  sheetCells,
  submitAnswers,
  submitPrompt,
  toggleChoice,
  verdict,
  absoluteUrl,
} from '../src/services/quiz'
import { campaign, paper } from './quiz-fixtures'

beforeEach(() => __reset())

describe('timer', () => {
  test('the offset corrects a phone clock that is 5 minutes slow', () => {
    const server = Date.parse('2024-11-20T10:00:00.000Z')
    const phone = server - 5 * 60000
    const off = clockOffset('2024-11-20T10:00:00.000Z', phone)
    expect(off).toBe(5 * 60000)
    // deadline ten minutes after the server's now: ten minutes left by the phone's corrected clock
    expect(secondsLeft('2024-11-20T10:10:00.000Z', off, phone)).toBe(600)
    expect(secondsLeft('2024-11-20T10:10:00.000Z', off, phone + 599_500)).toBe(1)
    expect(secondsLeft('2024-11-20T10:10:00.000Z', off, phone + 600_000)).toBe(0)
    expect(secondsLeft('2024-11-20T10:10:00.000Z', off, phone + 900_000)).toBe(0)
    // without the offset the slow phone would show 15 minutes
    expect(secondsLeft('2024-11-20T10:10:00.000Z', 0, phone)).toBe(900)
  })

  test('no deadline, or garbage, means no countdown', () => {
    expect(secondsLeft(null, 0, Date.now())).toBeNull()
    expect(secondsLeft('not a date', 0, Date.now())).toBeNull()
    expect(clockOffset('nonsense', 123)).toBe(0)
  })

  test('clock and duration texts', () => {
    expect(formatClock(0)).toBe('00:00')
    expect(formatClock(65)).toBe('01:05')
    expect(formatClock(3723)).toBe('1:02:03')
    expect(formatClock(-3)).toBe('00:00')
    expect(formatDuration(42)).toBe('42秒')
    expect(formatDuration(200)).toBe('3分20秒')
    expect(formatDuration(120)).toBe('2分钟')
    expect(progressLabel(2, 10)).toBe('第3题/共10题')
  })
})

describe('answer sheet', () => {
  const qs = paper(4)

  test('single choice and true/false replace; tapping the same option clears it; multiple toggles, sorted', () => {
    expect(toggleChoice('single', undefined, 2)).toEqual([2])
    expect(toggleChoice('single', [2], 1)).toEqual([1])
    expect(toggleChoice('single', [1], 1)).toEqual([])
    expect(toggleChoice('true_false', [0], 1)).toEqual([1])
    expect(toggleChoice('multiple', [3], 0)).toEqual([0, 3])
    expect(toggleChoice('multiple', [0, 3], 3)).toEqual([0])
  })

  test('blanks are counted, listed and submitted as empty choices', () => {
    const answers = { [qs[0].questionId]: [1], [qs[2].questionId]: [] as number[] }
    expect(blankCount(qs, answers)).toBe(3)
    expect(blankNumbers(qs, answers)).toEqual([2, 3, 4])
    expect(sheetCells(qs, answers)).toEqual(['answered', 'blank', 'blank', 'blank'])
    expect(submitAnswers(qs, answers)).toEqual(qs.map((q, i) => ({ questionId: q.questionId, chosen: i === 0 ? [1] : [] })))
  })

  test('the confirm text names the blanks, or says all are answered', () => {
    const all = Object.fromEntries(qs.map((q) => [q.questionId, [0]]))
    expect(submitPrompt(qs, all)).toContain('全部题目都已作答')
    expect(submitPrompt(qs, { [qs[0].questionId]: [0] })).toContain('还有 3 道题没有作答（第2、3、4题）')
    const many = paper(12)
    expect(submitPrompt(many, {})).toContain('还有 12 道题没有作答（第1、2、3、4、5等题）')
  })

  test('a stored draft keeps only valid choices for this paper', () => {
    const qs2: PaperQuestion[] = [
      { questionId: 11, no: 1, type: 'single', stem: 's', options: ['a', 'b', 'c'] },
      { questionId: 12, no: 2, type: 'multiple', stem: 'm', options: ['a', 'b', 'c', 'd'] },
    ]
    expect(cleanAnswers(qs2, { 11: [5, 1, 2], 12: [3, 3, 0, -1, 'x'], 99: [0] })).toEqual({ 11: [1], 12: [0, 3] })
    expect(cleanAnswers(qs2, null)).toEqual({})
  })

  test('drafts round-trip through storage per attempt, and a bad draft starts fresh', () => {
    saveDraft(7, { answers: { [qs[1].questionId]: [2] }, index: 3, hidden: 2 })
    expect(loadDraft(7, qs)).toEqual({ answers: { [qs[1].questionId]: [2] }, index: 3, hidden: 2 })
    expect(loadDraft(8, qs)).toEqual({ answers: {}, index: 0, hidden: 0 })
    __storage().set('wuzha.quizDraft.9', '{not json')
    expect(loadDraft(9, qs)).toEqual({ answers: {}, index: 0, hidden: 0 })
    saveDraft(10, { answers: {}, index: 40, hidden: -1 })
    expect(loadDraft(10, qs)).toEqual({ answers: {}, index: 0, hidden: 0 })
    clearDraft(7)
    expect(loadDraft(7, qs).index).toBe(0)
  })
})

describe('campaign words', () => {
  test('resume wins, then window, then the server reason', () => {
    expect(campaignAction(campaign({ mine: { ...campaign().mine!, openAttemptId: 44 } }))).toEqual({ kind: 'resume', attemptId: 44 })
    expect(campaignAction(campaign())).toEqual({ kind: 'start' })
    expect(campaignAction(campaign({ state: 'upcoming' }))).toEqual({ kind: 'blocked', reason: '还没有开始' })
    expect(campaignAction(campaign({ state: 'ended' }))).toEqual({ kind: 'blocked', reason: '已经结束' })
    expect(campaignAction(campaign({ mine: { ...campaign().mine!, blockedBy: 'QUIZ_DAILY_LIMIT' } }))).toEqual({ kind: 'blocked', reason: '今天的次数已用完，明天再来' })
  })

  test('attempts left: the smaller of today and the total', () => {
    const mine = (used: number, today: number) => ({ ...campaign().mine!, attemptsUsed: used, attemptsToday: today })
    expect(attemptsLeft(campaign({ attemptsTotal: null, attemptsPerDay: null }))).toBeNull()
    expect(attemptsLeftText(campaign({ attemptsTotal: null, attemptsPerDay: null }))).toBe('不限次数')
    expect(attemptsLeft(campaign({ attemptsTotal: 3, attemptsPerDay: null, mine: mine(1, 1) }))).toBe(2)
    expect(attemptsLeftText(campaign({ attemptsTotal: 3, attemptsPerDay: null, mine: mine(1, 1) }))).toBe('还能答 2 次')
    expect(attemptsLeftText(campaign({ attemptsTotal: 10, attemptsPerDay: 2, mine: mine(4, 1) }))).toBe('今天还能答 1 次')
    expect(attemptsLeftText(campaign({ attemptsTotal: 5, attemptsPerDay: 3, mine: mine(4, 0) }))).toBe('还能答 1 次')
    expect(attemptsLeft(campaign({ attemptsTotal: 2, attemptsPerDay: null, mine: mine(5, 0) }))).toBe(0)
  })

  test('my result is worded for me; practice has no pass', () => {
    expect(myResultText(campaign())).toBeNull()
    expect(myResultText(campaign({ mine: { ...campaign().mine!, percent: 80, passed: true } }))).toBe('我的成绩 80 分，已通过')
    expect(myResultText(campaign({ mine: { ...campaign().mine!, percent: 40, passed: false } }))).toBe('我的成绩 40 分，还没通过')
    expect(myResultText(campaign({ kind: 'practice', mine: { ...campaign().mine!, percent: 70, passed: null } }))).toBe('上次答对 70%')
  })
})

describe('result words', () => {
  const r = (over: Partial<AttemptResult>): AttemptResult => ({ correct: 8, total: 10, percent: 80, passed: true, elapsedSeconds: 100, items: [], certificateUrl: null, ...over })

  test('pass, a kind fail (never 不及格) and practice', () => {
    expect(verdict(r({}), 60)).toMatchObject({ tone: 'pass', title: '恭喜您，通过了！' })
    const fail = verdict(r({ correct: 4, percent: 40, passed: false }), 60)
    expect(fail.tone).toBe('fail')
    expect(fail.text).toContain('60 分通过')
    expect(`${fail.title}${fail.text}`).not.toMatch(/不及格|失败/)
    expect(verdict(r({ passed: null, correct: 10 }), null)).toMatchObject({ tone: 'practice', title: '全部答对，真棒！' })
    expect(verdict(r({ passed: null, correct: 7 }), null).text).toContain('答错的 3 道题已放进错题本')
  })

  test('certificate links', () => {
    expect(absoluteUrl('/api/quiz/certificates/5?exp=1&sig=x', 'https://api.example.cn')).toBe('https://api.example.cn/api/quiz/certificates/5?exp=1&sig=x')
    expect(absoluteUrl('https://a/b', 'https://c')).toBe('https://a/b')
  })
})
