// The quiz admin pages against a fake server: the question editor's checks, the import report,
// the statistics page and the workbench entries.
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { QuizStats } from '@wuzha/shared/dist/schemas/quiz'
import { __reset, __setHandler, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'
import { townAdmin, villageCadre } from './staff-fixtures'

const charts: { option: any; className?: string }[] = []
jest.mock('taro-react-echarts', () => ({
  __esModule: true,
  default: (props: { option: unknown; className?: string }) => {
    charts.push({ option: props.option, className: props.className })
    return <div className={`chart ${props.className ?? ''}`} />
  },
}))
jest.mock('../src/pages/dashboard/echarts', () => ({ __esModule: true, default: {} }))
jest.mock('../src/services/quiz-admin-io', () => ({
  ...jest.requireActual('../src/services/quiz-admin-io'),
  pickXlsx: async () => ({ path: 'blob:bank', name: '题库.xlsx' }),
}))

/* eslint-disable @typescript-eslint/no-require-imports */
const QuestionEditPage = require('../src/pages/question-edit/index').default as () => JSX.Element
const QuizBankPage = require('../src/pages/quiz-bank/index').default as () => JSX.Element
const QuizStatsPage = require('../src/pages/dashboard/quiz').default as () => JSX.Element
const Home = require('../src/pages/index/index').default as () => JSX.Element
/* eslint-enable @typescript-eslint/no-require-imports */

beforeEach(() => {
  __reset()
  charts.length = 0
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc-1')
  __storage().set('wuzha.refreshToken', 'ref-1')
  resetSessionForTests({ phase: 'ready', me: townAdmin() })
})

const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const all = (c: HTMLElement, sel: string) => Array.from(c.querySelectorAll(sel)) as HTMLElement[]
const type = (el: Element, value: string) => fireEvent.change(el, { target: { value } })
const notFound = { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } }

function serve(handler: (r: FakeRequest) => { statusCode: number; data?: unknown } | undefined) {
  __setHandler((r) => handler(r) ?? notFound)
}

test('the question editor shows Chinese errors without sending, then posts the cleaned question to the town', async () => {
  let posted: any = null
  serve((r) => {
    if (r.method === 'POST' && r.url === '/api/quiz/questions?townId=10') {
      posted = r.data
      return { statusCode: 201, data: { ...r.data, id: 77, code: 'T-000077', builtin: false, townId: 10, status: 'active', version: 1, versionId: 90, source: null, updatedAt: '2026-11-22T08:00:00.000Z' } }
    }
    return undefined
  })
  const { container: c } = render(<QuestionEditPage />)
  fireEvent.click(q(c, '.e2e-q-save'))
  const errors = all(c, '.e2e-field-error').map((e) => e.textContent)
  expect(errors).toEqual(expect.arrayContaining(['至少4个字', '选项不能为空', '请点选正确答案', '请至少选择一个类型']))
  expect(calls.requests).toHaveLength(0)

  type(q(c, '.e2e-q-stem'), '有人打电话说您涉嫌洗钱，要您把钱转到“安全账户”，应该怎么办？')
  fireEvent.click(q(c, '.e2e-type-multiple'))
  const opts = all(c, '.e2e-q-option-text')
  ;['马上挂断', '拨打110核实', '按对方说的转账', '告诉家人'].forEach((t, i) => type(opts[i], t))
  const marks = all(c, '.e2e-q-answer')
  fireEvent.click(marks[0])
  fireEvent.click(marks[1])
  fireEvent.click(marks[3])
  // removing C shifts D's answer to C
  fireEvent.click(all(c, '.e2e-q-option-remove')[2])
  type(q(c, '.e2e-q-explanation'), '公检法不会电话办案，更没有“安全账户”。')
  fireEvent.click(q(c, '.e2e-q-tag-impersonate_officials'))
  fireEvent.click(q(c, '.e2e-q-audience-elderly'))
  fireEvent.click(q(c, '.e2e-q-difficulty-2'))
  await act(async () => {
    fireEvent.click(q(c, '.e2e-q-save'))
  })
  await waitFor(() => expect(q(c, '.e2e-question-saved')).toBeTruthy())
  expect(posted).toEqual({
    type: 'multiple',
    stem: '有人打电话说您涉嫌洗钱，要您把钱转到“安全账户”，应该怎么办？',
    options: ['马上挂断', '拨打110核实', '告诉家人'],
    answer: [0, 1, 2],
    explanation: '公检法不会电话办案，更没有“安全账户”。',
    fraudTypes: ['impersonate_officials'],
    audiences: ['elderly'],
    difficulty: 2,
  })
  expect(q(c, '.e2e-question-saved').textContent).toContain('T-000077')
})

test('a rejected import lists every row error plainly; an accepted one gives the counts', async () => {
  let reject = true
  const uploads: any[] = []
  ;(Taro as any).uploadFile = async (o: any) => {
    uploads.push(o)
    return reject
      ? {
          statusCode: 400,
          data: JSON.stringify({
            code: 'IMPORT_INVALID',
            message: '表格里有错误，已全部退回，一道题也没有导入。请按提示修改后重新导入',
            fields: [
              { path: '第3行 答案', message: '答案不在选项范围内' },
              { path: '第7行 题型', message: '题型只能是单选题、多选题或判断题' },
            ],
          }),
        }
      : { statusCode: 200, data: JSON.stringify({ rows: 12, created: 10, updated: 1, unchanged: 1 }) }
  }
  serve((r) => (r.url.startsWith('/api/quiz/questions?') ? { statusCode: 200, data: { items: [], nextCursor: null, total: 0 } } : undefined))
  const { container: c } = render(<QuizBankPage />)
  await waitFor(() => expect(q(c, '.e2e-bank-total')).toBeTruthy())
  expect(calls.requests[0].url).toBe('/api/quiz/questions?townId=10&bank=all&status=active&limit=20')

  await act(async () => {
    fireEvent.click(q(c, '.e2e-bank-import'))
  })
  await waitFor(() => expect(q(c, '.e2e-import-errors')).toBeTruthy())
  expect(uploads[0]).toMatchObject({ url: '/api/quiz/questions/import?townId=10', filePath: 'blob:bank', name: 'file', fileName: '题库.xlsx', header: { Authorization: 'Bearer acc-1' } })
  expect(all(c, '.e2e-import-error-row').map((e) => e.textContent)).toEqual(['第3行 答案答案不在选项范围内', '第7行 题型题型只能是单选题、多选题或判断题'])
  expect(q(c, '.e2e-import-errors').textContent).toContain('一道题也没有导入')

  reject = false
  await act(async () => {
    fireEvent.click(q(c, '.e2e-bank-import'))
  })
  await waitFor(() => expect(q(c, '.e2e-import-result')).toBeTruthy())
  expect(q(c, '.e2e-import-errors')).toBeNull()
  expect(q(c, '.e2e-import-result').textContent).toContain('共 12 行：新建 10 道，更新 1 道，没有变化 1 道')

  // filters go into the query
  fireEvent.click(q(c, '.e2e-bank-town'))
  fireEvent.click(q(c, '.e2e-filter-retired'))
  await waitFor(() => expect(calls.requests.at(-1)?.url).toBe('/api/quiz/questions?townId=10&bank=town&status=retired&limit=20'))
})

function stats(): QuizStats {
  const m = (participants: number, population: number, passed: number) => ({
    population,
    participants,
    participation: population ? Math.round((participants / population) * 10000) / 10000 : null,
    passed,
    awarenessRate: participants ? Math.round((passed / participants) * 10000) / 10000 : null,
    meanAccuracy: 0.75,
    attempts: participants + 1,
    flagged: 0,
  })
  return {
    campaign: { id: 3, title: '全镇反诈答题', kind: 'exam', passPercent: 60, counting: 'best' },
    node: { id: 10, name: '和平镇', kind: 'town' },
    trail: [{ id: 10, name: '和平镇', kind: 'town' }],
    summary: { ...m(3, 8, 2), flagged: 1, attempts: 5 },
    children: [
      { ...m(1, 4, 0), node: { id: 21, name: '东山村', kind: 'village' }, hasChildren: true, participationRank: 2, awarenessRank: 2 },
      { ...m(2, 4, 2), node: { id: 22, name: '西河村', kind: 'village' }, hasChildren: true, participationRank: 1, awarenessRank: 1 },
    ],
    byFraudType: [
      { fraudType: 'order_brushing', answered: 10, correct: 4, accuracy: 0.4 },
      { fraudType: 'fake_loan', answered: 8, correct: 8, accuracy: 1 },
      { fraudType: 'game_trading', answered: 0, correct: 0, accuracy: null },
    ],
    questions: [{ questionId: 5, stem: '刷单先垫钱能返利吗？', answered: 3, correct: 1, correctRate: 0.3333 }],
    weekly: [
      { weekStart: '2026-11-23', attempts: 3, passed: 1, accuracy: 0.6 },
      { weekStart: '2026-11-16', attempts: 2, passed: 1, accuracy: 0.5 },
    ],
    weakest: [{ node: { id: 21, name: '东山村', kind: 'village' }, fraudTypes: [{ fraudType: 'order_brushing', answered: 5, correct: 1, accuracy: 0.2 }] }],
    generatedAt: '2026-11-24T08:00:00.000Z',
  }
}

test('the statistics page: numbers, ranking, charts, a weakest type links to the composer with its tag', async () => {
  __setRouterParams({ id: '3' })
  serve((r) => {
    if (r.url === '/api/quiz/campaigns/3/stats') return { statusCode: 200, data: stats() }
    if (r.url.startsWith('/api/quiz/campaigns/3/attempts'))
      return {
        statusCode: 200,
        data: {
          items: [{ id: 1, name: '张*英', node: { id: 21, name: '东山村', kind: 'village' }, status: 'submitted', startedAt: '2026-11-24T07:00:00.000Z', submittedAt: '2026-11-24T07:00:09.000Z', elapsedSeconds: 9, questionCount: 10, hiddenCount: 2, flagged: true }],
          nextCursor: null,
        },
      }
    return undefined
  })
  const { container: c } = render(<QuizStatsPage />)
  await waitFor(() => expect(q(c, '.e2e-qs-summary')).toBeTruthy())
  expect(q(c, '.e2e-qs-participation').textContent).toBe('37.5%')
  expect(q(c, '.e2e-qs-awareness').textContent).toBe('66.7%')
  expect(q(c, '.e2e-qs-accuracy').textContent).toBe('75%')
  expect(q(c, '.e2e-qs-people').textContent).toBe('3/8')
  expect(q(c, '.e2e-qs-attempts').textContent).toBe('5')
  expect(q(c, '.e2e-qs-flagged').className).toContain('red')
  // ranked by awareness: 西河村 first
  expect(all(c, '.e2e-qs-child').map((e) => e.textContent?.slice(0, 7))).toEqual(['第1名 西河村', '第2名 东山村'])
  fireEvent.click(q(c, '.e2e-rank-participation'))
  fireEvent.click(all(c, '.e2e-qs-child')[1])
  expect(calls.navigations.at(-1)?.url).toBe('/pages/dashboard/quiz?id=3&nodeId=21')

  const bar = [...charts].reverse().find((x) => x.className?.includes('e2e-chart-types'))!.option
  expect(bar.yAxis.data).toEqual(['虚假网络贷款', '刷单返利'])
  expect(bar.series[0].data.map((d: any) => d.value)).toEqual([100, 40])
  const line = [...charts].reverse().find((x) => x.className?.includes('e2e-chart-weekly'))!.option
  expect(line.xAxis.data).toEqual(['11月16日起', '11月23日起'])
  expect(line.series[1].data).toEqual([50, 60])

  fireEvent.click(q(c, '.e2e-qs-remind-order_brushing'))
  expect(calls.navigations.at(-1)?.url).toBe('/pages/compose/index?tag=order_brushing')

  await waitFor(() => expect(q(c, '.e2e-qs-attempt')).toBeTruthy())
  expect(q(c, '.e2e-qs-attempt').textContent).toContain('张*英')
  expect(q(c, '.e2e-qs-attempt').textContent).toContain('用时 9秒 · 切出 2 次')
  expect(q(c, '.e2e-qs-attempt-flag').textContent).toBe('异常')
})

test('a village cadre sees the statistics without the composer buttons or the attempts they may not read', async () => {
  resetSessionForTests({ phase: 'ready', me: villageCadre() })
  __setRouterParams({ id: '3', nodeId: '20' })
  serve((r) => {
    if (r.url === '/api/quiz/campaigns/3/stats?nodeId=20') return { statusCode: 200, data: stats() }
    if (r.url.startsWith('/api/quiz/campaigns/3/attempts')) return { statusCode: 403, data: { code: 'FORBIDDEN', message: '没有权限' } }
    return undefined
  })
  const { container: c } = render(<QuizStatsPage />)
  await waitFor(() => expect(q(c, '.e2e-qs-weakest')).toBeTruthy())
  expect(q(c, '.e2e-qs-remind')).toBeNull()
  await waitFor(() => expect(calls.requests.some((r) => r.url.startsWith('/api/quiz/campaigns/3/attempts'))).toBe(true))
  expect(q(c, '.e2e-qs-integrity')).toBeNull()
})

test('workbench entries: a town admin gets 题库, 答题活动, 答题统计; a village cadre only 答题统计', async () => {
  serve((r) => (r.url.startsWith('/api/bulletins?') || r.url.startsWith('/api/tasks') ? { statusCode: 200, data: { items: [], nextCursor: null, counts: { pending: 0, forwarded: 0, overdue: 0 } } } : undefined))
  const { container: c, unmount } = render(<Home />)
  const desk = q(c, '.e2e-town-desk .e2e-quiz-desk')
  expect(all(c, '.e2e-quiz-desk')).toHaveLength(1)
  fireEvent.click(q(desk, '.e2e-desk-quiz-bank'))
  fireEvent.click(q(desk, '.e2e-desk-campaigns'))
  fireEvent.click(q(desk, '.e2e-desk-quiz-stats'))
  expect(calls.navigations.map((n) => n.url)).toEqual(['/pages/quiz-bank/index', '/pages/campaigns/index', '/pages/campaigns/index?stats=1'])
  unmount()

  resetSessionForTests({ phase: 'ready', me: villageCadre() })
  const cadre = render(<Home />).container
  expect(q(cadre, '.e2e-desk-quiz-bank')).toBeNull()
  expect(q(cadre, '.e2e-desk-campaigns')).toBeNull()
  expect(q(cadre, '.e2e-desk-quiz-stats')).toBeTruthy()

  // a school admin runs campaigns without a bank of their own
  resetSessionForTests({ phase: 'ready', me: person([membership(3, 'school_admin', '和平镇中学', 'school', ['示范县', '和平镇'])]) })
  const school = render(<Home />).container
  expect(all(school, '.e2e-quiz-desk').pop()?.textContent).toBe('反诈答题答题活动答题统计')
})
