// Quiz views as the server sends them (issue 4).
import type { AttemptResult, AttemptView, CampaignView, MistakeItem, PaperQuestion } from '@wuzha/shared/dist/schemas/quiz'

export function paper(n: number): PaperQuestion[] {
  return Array.from({ length: n }, (_, i) => ({
    questionId: 100 + i,
    no: i + 1,
    type: i % 3 === 1 ? 'multiple' : i % 3 === 2 ? 'true_false' : 'single',
    stem: `第${i + 1}道题的题干`,
    options: i % 3 === 2 ? ['正确', '错误'] : ['选项甲', '选项乙', '选项丙', '选项丁'],
  }))
}

export function campaign(over: Partial<CampaignView> = {}): CampaignView {
  return {
    id: 3,
    kind: 'exam',
    owner: { id: 50, name: '和平镇中学', kind: 'school' },
    townId: 2,
    title: '七年级1班反诈知识测验',
    intro: '学完防骗知识，来测一测。',
    audience: [{ id: 53, name: '七年级1班', kind: 'class' }],
    roles: ['student'],
    startsAt: '2024-11-01T00:00:00.000Z',
    endsAt: '2030-12-01T00:00:00.000Z',
    draw: { mode: 'random', rules: [{ count: 10 }] },
    questionCount: 10,
    shuffleQuestions: true,
    shuffleOptions: true,
    timeLimitMinutes: 15,
    attemptsPerDay: null,
    attemptsTotal: 3,
    passPercent: 60,
    counting: 'best',
    status: 'published',
    state: 'open',
    createdAt: '2024-11-01T00:00:00.000Z',
    publishedAt: '2024-11-01T00:00:00.000Z',
    canManage: false,
    mine: { attemptsUsed: 0, attemptsToday: 0, percent: null, passed: null, openAttemptId: null, blockedBy: null },
    ...over,
  }
}

export function attempt(over: Partial<AttemptView> = {}): AttemptView {
  return {
    id: 77,
    kind: 'exam',
    campaign: { id: 3, title: '七年级1班反诈知识测验', passPercent: 60 },
    status: 'open',
    startedAt: '2024-11-20T10:00:00.000Z',
    deadline: null,
    serverNow: '2024-11-20T10:00:00.000Z',
    questions: paper(3),
    result: null,
    ...over,
  }
}

// a graded paper: the first question right, the others wrong
export function result(over: Partial<AttemptResult> = {}): AttemptResult {
  return {
    correct: 1,
    total: 3,
    percent: 33,
    passed: false,
    elapsedSeconds: 95,
    certificateUrl: null,
    items: paper(3).map((q, i) => ({
      ...q,
      chosen: i === 2 ? [] : [0],
      answer: i === 1 ? [1, 2] : [0],
      correct: i === 0,
      explanation: `第${i + 1}题的解析`,
      source: i === 0 ? '《反电信网络诈骗法》第三十一条' : null,
      fraudTypes: ['order_brushing'],
    })),
    ...over,
  }
}

export function mistake(id: number, over: Partial<MistakeItem> = {}): MistakeItem {
  return {
    id,
    question: { id: 500 + id, type: 'single', stem: `错题${id}的题干`, options: ['甲', '乙', '丙'], answer: [2], explanation: `错题${id}的解析`, source: null, fraudTypes: ['fake_loan'] },
    lastChosen: [0],
    wrongCount: 2,
    lastWrongAt: '2024-11-20T10:00:00.000Z',
    ...over,
  }
}
