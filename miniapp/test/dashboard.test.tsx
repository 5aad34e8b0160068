import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { __reset, __setHandler, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import { resetSessionForTests } from '../src/store/session'
import { dashboard, townAdmin, villageCadre } from './staff-fixtures'

// The chart library draws on a canvas: record what each chart is given instead.
const charts: { option: any; className?: string }[] = []
jest.mock('taro-react-echarts', () => ({
  __esModule: true,
  default: (props: { option: unknown; className?: string }) => {
    charts.push({ option: props.option, className: props.className })
    return <div className={`chart ${props.className ?? ''}`} />
  },
}))
jest.mock('../src/pages/dashboard/echarts', () => ({ __esModule: true, default: {} }))

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DashboardPage = require('../src/pages/dashboard/index').default as () => JSX.Element
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { periodRange } = require('../src/pages/dashboard/index') as typeof import('../src/pages/dashboard/index')

beforeEach(() => {
  __reset()
  charts.length = 0
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc-1')
  __storage().set('wuzha.refreshToken', 'ref-1')
  resetSessionForTests({ phase: 'ready', me: townAdmin() })
})

const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const lastChart = (cls: string) => [...charts].reverse().find((x) => x.className?.includes(cls))

async function open(handler: (r: FakeRequest) => { statusCode: number; data?: unknown } | undefined) {
  __setHandler((r) => handler(r) ?? { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } })
  const { container } = render(<DashboardPage />)
  await waitFor(() => expect(container.querySelector('.e2e-dash-totals')).toBeTruthy())
  return container as HTMLElement
}

test("renders the bulletin's numbers, rows (overdue in red) and chart series from the response", async () => {
  __setRouterParams({ id: '5' })
  const c = await open((r) => (r.url === '/api/bulletins/5/dashboard' ? { statusCode: 200, data: dashboard() } : undefined))
  expect(q(c, '.e2e-dash-all-readers').textContent).toBe('212')
  expect(q(c, '.e2e-dash-all-confirmations').textContent).toBe('81')
  expect(q(c, '.e2e-dash-readers').textContent).toBe('137')
  expect(q(c, '.e2e-dash-confirmations').textContent).toBe('58')
  expect(q(c, '.e2e-dash-groups').textContent).toBe('4/9')
  expect(q(c, '.e2e-dash-offline').textContent).toBe('1')
  expect(q(c, '.e2e-dash-villages-forwarded').textContent).toBe('1')
  expect(q(c, '.e2e-level-1 .e2e-level-overdue').className).toContain('red')
  expect(q(c, '.e2e-level-1').textContent).toContain('45分钟')
  const overdue = Array.from(c.querySelectorAll('.e2e-row-overdue')).map((x) => x.textContent)
  expect(overdue).toHaveLength(1)
  expect(overdue[0]).toContain('和平机械厂')
  expect(overdue[0]).toContain('超时')
  expect(c.querySelectorAll('.e2e-dash-rows-1 .e2e-dash-row')).toHaveLength(3)
  expect(c.querySelectorAll('.e2e-dash-rows-2 .e2e-dash-row')).toHaveLength(1)
  // the town view asks for no nodeId
  expect(calls.requests.find((r) => r.url.startsWith('/api/bulletins/5/dashboard'))?.url).toBe('/api/bulletins/5/dashboard')

  const bar = lastChart('e2e-chart-levels')!.option
  expect(bar.xAxis.data).toEqual(['村（社区）/单位', '网格'])
  expect(bar.series.map((s: any) => [s.name, s.type, s.data])).toEqual([
    ['已转发', 'bar', [1, 3]],
    ['线下转发', 'bar', [1, 0]],
    ['未转发', 'bar', [0, 1]],
    ['超时', 'bar', [1, 0]],
  ])
  const pie = lastChart('e2e-chart-reach')!.option
  expect(pie.series[0].type).toBe('pie')
  expect(pie.series[0].data.map((d: any) => [d.name, d.value])).toEqual([
    ['已有人打开', 4],
    ['还没人打开', 5],
  ])
})

test('一键催办 shows reminded/skipped; a per-row remind inside two hours shows the limit message', async () => {
  __setRouterParams({ id: '5' })
  const c = await open((r) => {
    if (r.url === '/api/bulletins/5/dashboard') return { statusCode: 200, data: dashboard() }
    if (r.method === 'POST' && r.url === '/api/bulletins/5/remind') return { statusCode: 200, data: { reminded: 1, skipped: 1 } }
    if (r.method === 'POST' && r.url === '/api/tasks/103/remind') return { statusCode: 429, data: { code: 'REMIND_TOO_SOON', message: '两小时内已经催办过，请稍后再催' } }
    return undefined
  })
  expect(q(c, '.e2e-remind-all').textContent).toBe('一键催办（2）')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-remind-all'))
  })
  await waitFor(() => expect(q(c, '.e2e-remind-result').textContent).toBe('已催办 1 个，1 个两小时内已催办过，这次跳过。'))
  expect(calls.requests.find((r) => r.url === '/api/bulletins/5/remind')?.data).toEqual({})
  const rowButtons = c.querySelectorAll('.e2e-row-remind')
  expect(rowButtons).toHaveLength(2)
  await act(async () => {
    fireEvent.click(rowButtons[0])
  })
  expect(calls.toasts).toContain('两小时内已经催办过，请稍后再催')
})

test("a village cadre's dashboard asks for their village's view", async () => {
  resetSessionForTests({ phase: 'ready', me: villageCadre() })
  __setRouterParams({ id: '5' })
  const c = await open((r) => (r.url.startsWith('/api/bulletins/5/dashboard') ? { statusCode: 200, data: dashboard() } : undefined))
  expect(calls.requests.find((r) => r.url.startsWith('/api/bulletins/5/dashboard'))?.url).toBe('/api/bulletins/5/dashboard?nodeId=20')
  expect(q(c, '.e2e-dash-title').textContent).toBe('警惕冒充客服退款')
})

test('export downloads the xlsx with the auth header (H5)', async () => {
  __setRouterParams({ id: '5' })
  const created: Blob[] = []
  ;(URL as any).createObjectURL = (b: Blob) => {
    created.push(b)
    return 'blob:x'
  }
  ;(URL as any).revokeObjectURL = () => undefined
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
  const c = await open((r) => {
    if (r.url === '/api/bulletins/5/dashboard') return { statusCode: 200, data: dashboard() }
    if (r.url === '/api/bulletins/5/export') return { statusCode: 200, data: new ArrayBuffer(8) }
    return undefined
  })
  await act(async () => {
    fireEvent.click(q(c, '.e2e-export'))
  })
  const req = calls.requests.find((r) => r.url === '/api/bulletins/5/export')
  expect(req?.header.Authorization).toBe('Bearer acc-1')
  expect(created).toHaveLength(1)
  expect(created[0].type).toContain('spreadsheetml')
  expect(click).toHaveBeenCalled()
  click.mockRestore()
})

test('period view: this week by default, this month on tap', async () => {
  __setRouterParams({ nodeId: '10' })
  const d = dashboard()
  const stats = { node: d.node, from: '2026-11-16', to: '2026-11-22', bulletins: 3, levels: d.levels, totals: d.totals, perBulletin: [{ bulletin: d.bulletin, forwardedRate: 0.6667, groupsReached: 4, readers: 137, confirmations: 58 }] }
  const c = await open((r) => (r.url.startsWith('/api/bulletin-stats') ? { statusCode: 200, data: stats } : undefined))
  const week = periodRange('week')
  expect(calls.requests.at(-1)?.url).toBe(`/api/bulletin-stats?nodeId=10&from=${week.from}&to=${week.to}`)
  expect(q(c, '.e2e-period-bulletins').textContent).toBe('3')
  expect(q(c, '.e2e-period-item').textContent).toContain('转发率 67%')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-period-month'))
  })
  await waitFor(() => expect(calls.requests.at(-1)?.url).toContain(`from=${periodRange('month').from}`))
})

test('period ranges are China days: weeks start on Monday, months on the 1st', () => {
  // Sunday 2026-11-22 10:00 in China
  expect(periodRange('week', new Date(Date.UTC(2026, 10, 22, 2)))).toEqual({ from: '2026-11-16', to: '2026-11-22' })
  expect(periodRange('month', new Date(Date.UTC(2026, 10, 22, 2)))).toEqual({ from: '2026-11-01', to: '2026-11-22' })
  // 19:49 UTC on the 22nd is already Monday the 23rd in China: a new week
  expect(periodRange('week', new Date(Date.UTC(2026, 10, 22, 19, 49)))).toEqual({ from: '2026-11-23', to: '2026-11-23' })
  // 1 December 02:00 in China, still 30 November in UTC
  expect(periodRange('month', new Date(Date.UTC(2026, 10, 30, 18)))).toEqual({ from: '2026-12-01', to: '2026-12-01' })
})
