// The town side of 无诈创建 against a fake server: the programs and summary, the program editor
// (live weights, its checks and the server's refusals, a published program's few fields), the review
// queue and an application (evidence, scores, approve, return, objections, the decision), titles
// (keep, revoke, certificate), warnings (tiles, reasons, compute, rules), rankings (breakdown,
// recompute, export), case figures (the police liaison; refusals at the field) and the workbench.
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import type { FfSummary, Rankings, WarningList } from '@wuzha/shared/dist/schemas/fraud-free'
import HubPage from '../src/pages/ff-town/index'
import EditPage from '../src/pages/ff-town/program-edit/index'
import ReviewPage from '../src/pages/ff-town/review/index'
import ApplicationPage from '../src/pages/ff-town/application/index'
import AwardsPage from '../src/pages/ff-town/awards/index'
import WarningsPage from '../src/pages/ff-town/warnings/index'
import RankingsPage from '../src/pages/ff-town/rankings/index'
import CasesPage from '../src/pages/ff-town/cases/index'
import Home from '../src/pages/index/index'
import { resetSessionForTests } from '../src/store/session'
import { lastMonth, shiftMonth } from '../src/services/ff-admin'
import { membership, person } from './fixtures'
import { VILLAGE, application, award, file, program, sheet, summary } from './ff-fixtures'

const T = Taro as unknown as Record<string, unknown>
// 和平镇 is node 10 for both (membership id 1)
const ADMIN = () => person([membership(1, 'town_admin', '和平镇', 'town', ['示范县'])], { displayName: '李秀梅' })
const POLICE = () => person([membership(1, 'police_liaison', '和平镇', 'town', ['示范县'])], { displayName: '赵志刚' })
const TOWN_REF = { id: 10, name: '和平镇', kind: 'town' as const }
const LAST = lastMonth()
const opened: string[] = []
const modals: string[] = []

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc-1')
  resetSessionForTests({ phase: 'ready', me: ADMIN() })
  opened.length = 0
  modals.length = 0
  T.previewImage = jest.fn(async () => ({}))
  T.showModal = async (o: { content: string }) => {
    modals.push(o.content)
    return { confirm: true, cancel: false }
  }
  T.navigateBack = async () => void calls.navigations.push({ type: 'navigateBack', url: '' })
  window.open = ((u: string) => {
    opened.push(u)
    return null
  }) as typeof window.open
  URL.createObjectURL = jest.fn(() => 'blob:download')
  URL.revokeObjectURL = jest.fn()
})
afterEach(() => {
  delete T.showModal
  jest.restoreAllMocks()
})

const $ = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const $$ = (c: HTMLElement, sel: string) => Array.from(c.querySelectorAll(sel)) as HTMLElement[]
const text = (c: HTMLElement, sel: string) => $(c, sel)?.textContent ?? null
const texts = (c: HTMLElement, sel: string) => $$(c, sel).map((e) => e.textContent)
const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el)
  })
}
const type = async (el: HTMLElement, value: string) => {
  await act(async () => {
    fireEvent.change(el, { target: { value } })
  })
}
const sent = (method: string, path: string) => calls.requests.filter((r) => r.method === method && r.url.split('?')[0] === path)
const query = (r: FakeRequest) => Object.fromEntries(new URLSearchParams(r.url.split('?')[1] ?? ''))

function serve(routes: Record<string, (r: FakeRequest) => unknown>) {
  __setHandler((r) => {
    const h = routes[`${r.method} ${r.url.split('?')[0]}`]
    if (!h) return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } }
    const out = h(r)
    return out && typeof out === 'object' && 'statusCode' in (out as object) ? (out as { statusCode: number; data: unknown }) : { statusCode: 200, data: out }
  })
}
const fail = (statusCode: number, code: string, message: string, fields?: { path: string; message: string }[]) => ({ statusCode, data: { code, message, ...(fields ? { fields } : {}) } })

function ffSummary(): FfSummary {
  const zeros = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]))
  return {
    node: TOWN_REF,
    programs: [
      { kind: 'community', programs: 1, eligible: 6, applications: { ...zeros(['draft', 'submitted', 'returned', 'notice', 'awarded', 'rejected']), submitted: 2, awarded: 1 }, awards: { ...zeros(['active', 'review', 'revoked', 'expired']), active: 1 } },
      { kind: 'unit', programs: 0, eligible: 0, applications: {}, awards: {} },
      { kind: 'campus', programs: 0, eligible: 0, applications: {}, awards: {} },
      { kind: 'building', programs: 0, eligible: 0, applications: {}, awards: {} },
    ],
    warnings: { period: '2026-10', green: 7, yellow: 2, red: 1 },
    activities: { count: 6, people: 575 },
    cases: { cases: 1, lossYuan: 8600 },
    towns: [],
  }
}

describe('programs and summary', () => {
  test('the summary, the programs with their actions; publishing a draft asks first', async () => {
    __setRouterParams({ nodeId: '10' })
    const draft = program({ id: 6, status: 'draft', open: false, canManage: true, title: '和平镇2026年度“无诈单位”创建评比', kind: 'unit' })
    serve({
      'GET /api/ff/summary': () => ffSummary(),
      'GET /api/ff/programs': () => ({ items: [draft, program({ canManage: true, counts: { applications: 3, awarded: 1 } })] }),
      'POST /api/ff/programs/6/publish': () => ({ ...draft, status: 'published', open: true }),
    })
    const { container: c } = render(<HubPage />)
    await waitFor(() => expect($$(c, '.e2e-fftown-program')).toHaveLength(2))
    expect(query(sent('GET', '/api/ff/summary')[0])).toEqual({ nodeId: '10' })
    expect(text(c, '.e2e-fftown-summary-kind')).toContain('申报：待评审2 · 已授牌1')
    expect(text(c, '.e2e-fftown-summary-kind')).toContain('称号：有效1')
    expect(text(c, '.e2e-fftown-summary-warnings')).toBe('红色 1黄色 2绿色 7')
    expect(text(c, '.e2e-fftown-summary-cases')).toBe('1起 · 损失8,600元')
    const [d, p] = $$(c, '.e2e-fftown-program')
    expect(d.querySelector('.e2e-fftown-rankings')).toBeNull()
    expect(p.querySelector('.e2e-fftown-publish')).toBeNull()
    expect(text(p, '.e2e-fftown-program-counts')).toBe('申报3个 · 授牌1个')
    await click($(d, '.e2e-fftown-publish'))
    expect(modals[0]).toContain('发布后指标不能再改')
    expect(sent('POST', '/api/ff/programs/6/publish')).toHaveLength(1)
    await waitFor(() => expect($(c, '.e2e-fftown-program .e2e-fftown-close')).toBeTruthy())
    await click($(p, '.e2e-fftown-rankings'))
    await click($(c, '.e2e-fftown-new'))
    await click($(c, '.e2e-fftown-review'))
    expect(calls.navigations.map((n) => n.url)).toEqual(['/pages/ff-town/rankings/index?id=5', '/pages/ff-town/program-edit/index?townId=10', '/pages/ff-town/review/index?nodeId=10'])
  })

  test('the police liaison reads: no new program, no review, the figures entry', async () => {
    resetSessionForTests({ phase: 'ready', me: POLICE() })
    serve({ 'GET /api/ff/summary': () => ffSummary(), 'GET /api/ff/programs': () => ({ items: [program()] }) })
    const { container: c } = render(<HubPage />)
    await waitFor(() => expect($$(c, '.e2e-fftown-program')).toHaveLength(1))
    expect($(c, '.e2e-fftown-new')).toBeNull()
    expect($(c, '.e2e-fftown-review')).toBeNull()
    expect($(c, '.e2e-fftown-edit')).toBeNull()
    expect(text(c, '.e2e-fftown-cases')).toBe('填报发案数')
  })
})

describe('the program editor', () => {
  test('the weights add up live; nothing is sent until they make 100 and every row is filled; the server refusal shows at the indicators', async () => {
    __setRouterParams({ townId: '10' })
    const bodies: any[] = []
    let refuse = true
    serve({
      'POST /api/ff/programs': (r) => {
        bodies.push(r.data)
        if (refuse) {
          refuse = false
          return fail(400, 'FF_WEIGHTS_SUM', '各项指标的分值加起来要等于100，现在是90', [{ path: 'body.indicators', message: '各项指标的分值加起来要等于100，现在是90' }])
        }
        return { statusCode: 201, data: program({ id: 9, status: 'draft', open: false, canManage: true, title: r.data.title }) }
      },
      'POST /api/ff/programs/9/publish': () => program({ id: 9, canManage: true }),
    })
    const { container: c } = render(<EditPage />)
    expect($$(c, '.e2e-ffedit-ind')).toHaveLength(8)
    expect(text(c, '.e2e-ffedit-sum')).toBe('分值合计 100 / 100 ✓')
    expect(($(c, 'input.e2e-ffedit-title') as HTMLInputElement).value).toMatch(/^和平镇20\d\d年度“无诈社区（村）”创建评比$/)

    const weights = () => $$(c, 'input.e2e-ffedit-ind-weight')
    await type(weights()[0], '15')
    expect(text(c, '.e2e-ffedit-sum')).toBe('分值合计 95 / 100，还差5分')
    await click($(c, '.e2e-ffedit-publish'))
    expect(text(c, '.e2e-ffedit-indicators-error')).toBe('各项指标的分值加起来要等于100，现在是95')
    expect(calls.requests).toHaveLength(0)

    // a new row: blank name and weight are named at the row
    await click($(c, '.e2e-ffedit-add'))
    expect($$(c, '.e2e-ffedit-ind')).toHaveLength(9)
    await type($$(c, 'input.e2e-ffedit-ind-weight')[8], '5')
    expect(text(c, '.e2e-ffedit-sum')).toBe('分值合计 100 / 100 ✓')
    await type($$(c, 'input.e2e-ffedit-ind-target')[2], '120')
    await click($(c, '.e2e-ffedit-save'))
    expect(texts(c, '.e2e-field-error')).toEqual(['百分比指标的目标不能超过100', '至少2个字'])
    expect(calls.requests).toHaveLength(0)
    await type($$(c, 'input.e2e-ffedit-ind-target')[2], '90')
    await type($$(c, 'input.e2e-ffedit-ind-name')[8], '反诈志愿者队伍')
    await type($$(c, 'input.e2e-ffedit-ind-note')[8], '上传志愿者名单')

    // the server's word on the weights lands at the indicators
    await click($(c, '.e2e-ffedit-save'))
    await waitFor(() => expect(text(c, '.e2e-ffedit-indicators-error')).toBe('各项指标的分值加起来要等于100，现在是90'))
    expect(bodies[0].indicators[8]).toEqual({ key: 'i1', name: '反诈志愿者队伍', source: 'manual', weight: 5, target: 1, rule: 'threshold', note: '上传志愿者名单' })
    expect(bodies[0]).toMatchObject({ townId: 10, kind: 'community', noticeDays: 7, validityMonths: 12 })
    expect(bodies[0].indicators.map((i: any) => i.weight)).toEqual([15, 15, 10, 15, 10, 10, 10, 10, 5])

    await click($(c, '.e2e-ffedit-publish'))
    await waitFor(() => expect(text(c, '.e2e-ffedit-done-head')).toBe('评比已发布'))
    expect(sent('POST', '/api/ff/programs/9/publish')).toHaveLength(1)
    expect(modals[0]).toContain('确定发布吗')
  })

  test('another kind brings its defaults; a removed row and restored defaults', async () => {
    __setRouterParams({ townId: '10' })
    const { container: c } = render(<EditPage />)
    await click($(c, '.e2e-ffedit-kind-unit'))
    expect($$(c, 'input.e2e-ffedit-ind-name').map((i) => (i as HTMLInputElement).value)).toEqual(['职工反诈知晓率', '职工答题参与率', '单位倡议书、职工承诺书签署率', '面向全体职工的集中宣传（次）', '职工被骗案件（起）', '反诈制度上墙、专人负责'])
    expect(($(c, 'input.e2e-ffedit-title') as HTMLInputElement).value).toContain('“无诈单位（企业）”')
    await click($$(c, '.e2e-ffedit-ind-remove')[0])
    expect(text(c, '.e2e-ffedit-sum')).toBe('分值合计 75 / 100，还差25分')
    await click($(c, '.e2e-ffedit-defaults'))
    expect($$(c, '.e2e-ffedit-ind')).toHaveLength(6)
    expect(text(c, '.e2e-ffedit-sum')).toBe('分值合计 100 / 100 ✓')
  })

  test('a published program: indicators read-only; the title saved; the server refusal on the form', async () => {
    __setRouterParams({ id: '5' })
    let put: any = null
    serve({
      'GET /api/ff/programs/5': () => program({ canManage: true }),
      'PUT /api/ff/programs/5': (r) => {
        put = r.data
        return fail(409, 'FF_PROGRAM_NOT_EDITABLE', '评比已发布，只能修改标题、延长申报截止日期和调整公示天数')
      },
    })
    const { container: c } = render(<EditPage />)
    await waitFor(() => expect($(c, '.e2e-ffedit-locked')).toBeTruthy())
    expect($(c, 'input.e2e-ffedit-ind-weight')).toBeNull()
    expect($(c, '.e2e-ffedit-kind-unit')).toBeNull()
    expect($$(c, '.e2e-ffedit-ind')).toHaveLength(8)
    await type($(c, 'input.e2e-ffedit-title'), '和平镇2026年度无诈村评比')
    await type($(c, 'input.e2e-ffedit-notice'), '10')
    await click($(c, '.e2e-ffedit-save'))
    await waitFor(() => expect(text(c, '.e2e-form-error')).toBe('评比已发布，只能修改标题、延长申报截止日期和调整公示天数'))
    expect(put).toMatchObject({ title: '和平镇2026年度无诈村评比', noticeDays: 10, applyUntil: '2026-03-30' })
    expect($(c, '.e2e-ffedit-close')).toBeTruthy()
  })
})

describe('review', () => {
  test('the queue by status opens an application; notices due for a decision say so', async () => {
    __setRouterParams({ nodeId: '10' })
    const past = new Date(Date.now() - 3600_000).toISOString()
    serve({
      'GET /api/ff/applications': (r) =>
        query(r).status === 'notice'
          ? { items: [summary(application({ id: 42, status: 'notice', score: 88, noticeEndsAt: past }))] }
          : { items: [summary(application({ status: 'submitted', submittedAt: '2026-03-05T02:00:00.000Z' }))] },
    })
    const { container: c } = render(<ReviewPage />)
    await waitFor(() => expect($$(c, '.e2e-ffrev-item')).toHaveLength(1))
    expect(query(sent('GET', '/api/ff/applications')[0])).toEqual({ nodeId: '10', status: 'submitted' })
    expect(text(c, '.e2e-ffrev-item-node')).toBe('东山村')
    await click($(c, '.e2e-ffrev-status-notice'))
    await waitFor(() => expect(text(c, '.e2e-ffrev-item')).toContain('公示期已满，请作出决定'))
    await click($(c, '.e2e-ffrev-item'))
    expect(calls.navigations.at(-1)?.url).toBe('/pages/ff-town/application/index?id=42')
  })

  test('an application: evidence photos and PDFs; every manual item scored before approving; the frozen result', async () => {
    __setRouterParams({ id: '41' })
    const reviews: any[] = []
    const app = application({
      status: 'submitted',
      canEdit: false,
      canReview: true,
      submittedAt: '2026-03-05T02:00:00.000Z',
      evidence: [{ indicatorKey: 'meetings', note: '四次例会记录', files: [file(71), file(72, { mime: 'application/pdf', size: 300_000 })] }],
    })
    const ends = new Date(Date.now() + 7 * 86400_000).toISOString()
    serve({
      'GET /api/ff/applications/41': () => app,
      'POST /api/ff/applications/41/review': (r) => {
        reviews.push(r.data)
        return application({ status: 'notice', canEdit: false, canReview: true, manualScores: { meetings: 8 }, score: 69.4, noticeEndsAt: ends, indicators: sheet({ total: 69.4 }, { meetings: { value: 8, score: 8, met: false } }) })
      },
    })
    const { container: c } = render(<ApplicationPage />)
    await waitFor(() => expect($(c, '.e2e-ffapp-node')).toBeTruthy())
    expect(text(c, '.e2e-ffapp-status')).toBe('待评审')
    expect($$(c, '.e2e-ff-indicator')).toHaveLength(8)
    expect(text(c, '.e2e-ff-ind-awareness .e2e-ff-value')).toBe('95.5%（191/200）')
    expect($$(c, '.e2e-ffapp-evidence img')).toHaveLength(1)
    await click($(c, '.e2e-ff-pdf'))
    expect(opened).toEqual(['/api/files/72?exp=1&sig=abcdefghijklmnop'])

    await click($(c, '.e2e-ffapp-approve'))
    expect(text(c, '.e2e-ffapp-score .e2e-field-error')).toBe('请为“每季度召开反诈工作例会”打分（0～10分）')
    await type($(c, 'input.e2e-ffapp-score-input'), '12')
    await click($(c, '.e2e-ffapp-approve'))
    expect(text(c, '.e2e-ffapp-score .e2e-field-error')).toBe('打分要在0～10分之间')
    expect(reviews).toHaveLength(0)
    await type($(c, 'input.e2e-ffapp-score-input'), '8')
    expect(text(c, '.e2e-ffapp-sheet-total')).toBe('按现在的打分，总分 69.4 分')
    await type($(c, '.e2e-ffapp-comment-input'), '材料齐全')
    await click($(c, '.e2e-ffapp-approve'))
    expect(modals[0]).toContain('总分69.4分')
    await waitFor(() => expect(text(c, '.e2e-ffapp-status')).toBe('公示中'))
    expect(reviews).toEqual([{ decision: 'approve', comment: '材料齐全', manualScores: { meetings: 8 } }])
    expect(text(c, '.e2e-ffapp-done')).toContain('评审通过，公示到')
    expect(text(c, '.e2e-ffapp-total')).toBe('总分 69.4')
    expect(text(c, '.e2e-ffapp-objections')).toContain('没有人提出异议')
    expect($(c, '.e2e-ffapp-award')).toBeNull()
    expect($(c, '.e2e-ffapp-wait')).toBeTruthy()
  })

  test('returning needs a comment; a self-review refusal is said plainly', async () => {
    __setRouterParams({ id: '41' })
    let attempt = 0
    const bodies: any[] = []
    serve({
      'GET /api/ff/applications/41': () => application({ status: 'submitted', canReview: true }),
      'POST /api/ff/applications/41/review': (r) => {
        bodies.push(r.data)
        if (attempt++ === 0) return fail(403, 'FF_SELF_REVIEW', '不能评审自己或本单位的申报，请由另一位工作人员评审')
        return application({ status: 'returned', canReview: false, reviewComment: r.data.comment })
      },
    })
    const { container: c } = render(<ApplicationPage />)
    await waitFor(() => expect($(c, '.e2e-ffapp-return')).toBeTruthy())
    await click($(c, '.e2e-ffapp-return'))
    expect(text(c, '.e2e-field-error')).toBe('退回时请写明需要补充或修改的内容')
    expect(bodies).toHaveLength(0)
    await type($(c, '.e2e-ffapp-comment-input'), '请补充第三季度例会记录')
    await click($(c, '.e2e-ffapp-return'))
    await waitFor(() => expect(text(c, '.e2e-form-error')).toBe('不能评审自己或本单位的申报，请由另一位工作人员评审'))
    await click($(c, '.e2e-ffapp-return'))
    await waitFor(() => expect(text(c, '.e2e-ffapp-status')).toBe('已退回'))
    expect(bodies[1]).toEqual({ decision: 'return', comment: '请补充第三季度例会记录', manualScores: {} })
    expect(text(c, '.e2e-ffapp-comment')).toBe('请补充第三季度例会记录')
  })

  test('after the notice: the objections, then the award', async () => {
    __setRouterParams({ id: '42' })
    const past = new Date(Date.now() - 3600_000).toISOString()
    const notice = application({ id: 42, status: 'notice', canReview: true, score: 88, noticeEndsAt: past, objections: [{ id: 1, text: '该村上月仍有村民被骗', createdAt: past, mine: false }] })
    const decided: any[] = []
    serve({
      'GET /api/ff/applications/42': () => notice,
      'POST /api/ff/applications/42/decide': (r) => {
        decided.push(r.data)
        return { ...notice, status: 'awarded', decidedAt: new Date().toISOString() }
      },
    })
    const { container: c } = render(<ApplicationPage />)
    await waitFor(() => expect($(c, '.e2e-ffapp-objection')).toBeTruthy())
    expect(text(c, '.e2e-ffapp-objection')).toContain('该村上月仍有村民被骗')
    expect(text(c, '.e2e-ffapp-objections')).toContain('公示已于')
    // the frozen sheet is labelled as such, no score boxes
    expect($(c, '.e2e-ffapp-score')).toBeNull()
    expect(text(c, '.e2e-ffapp-indicators')).toContain('评审时的指标（已固定）')
    await type($(c, '.e2e-ffapp-comment-input'), '异议已核实，系外地务工人员')
    await click($(c, '.e2e-ffapp-award'))
    await waitFor(() => expect(text(c, '.e2e-ffapp-status')).toBe('已授牌'))
    expect(decided).toEqual([{ decision: 'award', comment: '异议已核实，系外地务工人员' }])
    expect(text(c, '.e2e-ffapp-done')).toContain('称号管理')
  })
})

describe('titles', () => {
  test('under review first with its reason; keep needs a comment, revoke a reason; the certificate opens', async () => {
    __setRouterParams({ nodeId: '10' })
    const posts: { url: string; data: any }[] = []
    const reviewed = award({ id: 4, node: { id: 11, name: '西河村', kind: 'village' }, state: 'review', reviewReason: '2026年10月发生电诈案件1起' })
    serve({
      'GET /api/ff/awards': () => ({ items: [award(), reviewed, award({ id: 5, node: { id: 12, name: '南岭村', kind: 'village' }, state: 'revoked', revokeReason: '发生电诈案件', revokedAt: '2026-05-01T00:00:00.000Z', certificateUrl: null })] }),
      'POST /api/ff/awards/4/keep': (r) => {
        posts.push({ url: r.url, data: r.data })
        return { ...reviewed, state: 'active', reviewReason: null }
      },
      'POST /api/ff/awards/3/revoke': (r) => {
        posts.push({ url: r.url, data: r.data })
        return award({ state: 'revoked', revokeReason: r.data.reason, revokedAt: new Date().toISOString(), certificateUrl: null })
      },
    })
    const { container: c } = render(<AwardsPage />)
    await waitFor(() => expect($$(c, '.e2e-ffaward')).toHaveLength(3))
    expect(texts(c, '.e2e-ffaward-node')).toEqual(['西河村', '东山村', '南岭村'])
    expect(text(c, '.e2e-ffaward-review-count')).toBe('有1个称号需要复核：保留或撤销。')
    expect(text(c, '.e2e-ffaward-reason')).toBe('复核原因：2026年10月发生电诈案件1起')
    const [west, east, south] = $$(c, '.e2e-ffaward')
    expect(south.querySelector('.e2e-ffaward-revoke')).toBeNull()
    expect(east.querySelector('.e2e-ffaward-keep')).toBeNull()

    await click($(west, '.e2e-ffaward-keep'))
    await click($(c, '.e2e-ffaward-submit'))
    expect(text(c, '.e2e-field-error')).toBe('请写明复核意见（至少2个字）')
    await type($(c, '.e2e-ffaward-text'), '案件发生在外地，已加强宣传')
    await click($(c, '.e2e-ffaward-submit'))
    await waitFor(() => expect(texts(c, '.e2e-ffaward-state')).toEqual(['有效', '有效', '已撤销']))

    await click($$(c, '.e2e-ffaward').find((e) => e.textContent?.includes('东山村'))!.querySelector('.e2e-ffaward-revoke') as HTMLElement)
    await click($(c, '.e2e-ffaward-submit'))
    expect(text(c, '.e2e-field-error')).toBe('撤销称号时请写明原因')
    await type($(c, '.e2e-ffaward-text'), '2026年11月发生电诈案件2起')
    await click($(c, '.e2e-ffaward-submit'))
    await waitFor(() => expect(texts(c, '.e2e-ffaward-revoked')).toHaveLength(2))
    expect(posts).toEqual([
      { url: '/api/ff/awards/4/keep', data: { comment: '案件发生在外地，已加强宣传' } },
      { url: '/api/ff/awards/3/revoke', data: { reason: '2026年11月发生电诈案件2起' } },
    ])
    await click($(c, '.e2e-ffaward-certificate'))
    expect(opened[0]).toMatch(/^\/api\/ff\/awards\/\d+\/certificate\?exp=1&sig=/)
  })
})

function warningList(period: string): WarningList {
  const at = '2026-11-01T01:00:00.000Z'
  return {
    period,
    counts: { green: 1, yellow: 1, red: 1 },
    items: [
      { node: { id: 12, name: '西河村', kind: 'village' }, period, colour: 'green', reasons: [], computedAt: at },
      { node: VILLAGE, period, colour: 'red', reasons: [{ reason: 'cases_up', colour: 'red', detail: '本月发案3起，上月1起' }, { reason: 'no_activity', colour: 'yellow', detail: '本月没有登记宣传活动' }], computedAt: at },
      { node: { id: 13, name: '和平纺织有限公司', kind: 'enterprise' }, period, colour: 'yellow', reasons: [{ reason: 'forwards_overdue', colour: 'yellow', detail: '1条信息逾期未转发' }], computedAt: at },
    ],
  }
}

describe('warnings', () => {
  test('tiles by colour with counts; a tile shows its reasons; computing the month; another month not computed yet', async () => {
    __setRouterParams({ nodeId: '10' })
    const computed: any[] = []
    serve({
      'GET /api/ff/warnings': (r) => {
        const p = query(r).period
        return p && p !== LAST ? { period: p, counts: { green: 0, yellow: 0, red: 0 }, items: [] } : warningList(LAST)
      },
      'POST /api/ff/warnings/compute': (r) => {
        computed.push(r.data)
        return { period: r.data.period, nodes: 3, green: 1, yellow: 1, red: 1 }
      },
      'GET /api/ff/warning-rules': () => ({ townId: 10, rules: { casesUpRedPercent: 50, casesRed: 5, awarenessBelow: 92, overdueYellow: 1, overdueRed: 3, noActivityYellow: true }, updatedAt: null }),
    })
    const { container: c } = render(<WarningsPage />)
    await waitFor(() => expect($$(c, '.e2e-ffwarn-tile')).toHaveLength(3))
    expect(query(sent('GET', '/api/ff/warnings')[0])).toEqual({ nodeId: '10' })
    expect(texts(c, '.e2e-ffwarn-tile-name')).toEqual(['东山村', '和平纺织有限公司', '西河村'])
    expect(texts(c, '.e2e-ffwarn-tile .fft-tile-word')).toEqual(['红色 · 2项', '黄色 · 1项', '绿色'])
    expect(text(c, '.e2e-ffwarn-count-red')).toBe('1红色')
    await click($$(c, '.e2e-ffwarn-tile')[0])
    expect(texts(c, '.e2e-ffwarn-reason')).toEqual(['本月发案3起，上月1起', '本月没有登记宣传活动'])
    await click($(c, '.e2e-ffwarn-count-yellow'))
    expect(texts(c, '.e2e-ffwarn-tile-name')).toEqual(['和平纺织有限公司'])
    await click($(c, '.e2e-ffwarn-count-yellow'))
    expect($$(c, '.e2e-ffwarn-tile')).toHaveLength(3)

    await click($(c, '.e2e-ffwarn-compute'))
    await waitFor(() => expect(computed).toEqual([{ townId: 10, period: LAST }]))
    await waitFor(() => expect(query(sent('GET', '/api/ff/warnings').at(-1)!)).toEqual({ nodeId: '10', period: LAST }))
    expect(calls.toasts).toContain('已计算3个：红1 黄1 绿1')

    await click($(c, '.e2e-ff-month-prev'))
    await waitFor(() => expect($(c, '.e2e-ffwarn-none')).toBeTruthy())
    expect(query(sent('GET', '/api/ff/warnings').at(-1)!)).toEqual({ nodeId: '10', period: shiftMonth(LAST, -1) })
    // no month after the current one
    await click($(c, '.e2e-ff-month-next'))
    await click($(c, '.e2e-ff-month-next'))
    await click($(c, '.e2e-ff-month-next'))
    expect($(c, '.e2e-ff-month-next').className).toContain('off')
  })

  test('the rules in words; the editor checks red ≥ yellow before saving', async () => {
    __setRouterParams({ nodeId: '10' })
    let saved: any = null
    serve({
      'GET /api/ff/warnings': () => warningList(LAST),
      'GET /api/ff/warning-rules': () => ({ townId: 10, rules: { casesUpRedPercent: 50, casesRed: 5, awarenessBelow: 92, overdueYellow: 1, overdueRed: 3, noActivityYellow: true }, updatedAt: null }),
      'PUT /api/ff/warning-rules': (r) => {
        saved = { query: query(r), body: r.data }
        return { townId: 10, rules: r.data, updatedAt: new Date().toISOString() }
      },
    })
    const { container: c } = render(<WarningsPage />)
    await waitFor(() => expect($(c, '.e2e-ffwarn-rules')).toBeTruthy())
    expect(text(c, '.e2e-ffwarn-rules')).toContain('一个月发案达到5起 → 红色')
    expect(text(c, '.e2e-ffwarn-rules')).toContain('使用默认规则')
    await click($(c, '.e2e-ffwarn-rules-edit'))
    await type($(c, 'input.e2e-ffwarn-rule-overdueYellow'), '4')
    await click($(c, '.e2e-ffwarn-rules-save'))
    expect(text(c, '.e2e-ffwarn-rules-form .e2e-field-error')).toBe('红色的逾期条数不能少于黄色')
    expect(saved).toBeNull()
    await type($(c, 'input.e2e-ffwarn-rule-overdueRed'), '6')
    await click($(c, '.e2e-ffwarn-rule-activity'))
    await click($(c, '.e2e-ffwarn-rules-save'))
    await waitFor(() => expect($(c, '.e2e-ffwarn-rules')).toBeTruthy())
    expect(saved).toEqual({ query: { townId: '10' }, body: { casesUpRedPercent: 50, casesRed: 5, awarenessBelow: 92, overdueYellow: 4, overdueRed: 6, noActivityYellow: false } })
    expect(text(c, '.e2e-ffwarn-rules')).toContain('没有宣传活动不预警')
  })

  test('the police liaison sees the colours, computes nothing, edits no rules', async () => {
    resetSessionForTests({ phase: 'ready', me: POLICE() })
    serve({
      'GET /api/ff/warnings': () => warningList(LAST),
      'GET /api/ff/warning-rules': () => ({ townId: 10, rules: { casesUpRedPercent: 50, casesRed: 5, awarenessBelow: 92, overdueYellow: 1, overdueRed: 3, noActivityYellow: true }, updatedAt: null }),
    })
    const { container: c } = render(<WarningsPage />)
    await waitFor(() => expect($(c, '.e2e-ffwarn-rules')).toBeTruthy())
    expect($$(c, '.e2e-ffwarn-tile')).toHaveLength(3)
    expect($(c, '.e2e-ffwarn-compute')).toBeNull()
    expect($(c, '.e2e-ffwarn-rules-edit')).toBeNull()
  })
})

describe('rankings', () => {
  const rankings = (computedAt: string | null): Rankings => ({
    program: program({ canManage: true }),
    computedAt,
    rows: computedAt
      ? [
          { rank: 1, node: VILLAGE, total: 71.4, values: sheet().values.map(({ key, value, score, met }) => ({ key, value, score, met })), applicationStatus: 'notice', awardState: null },
          { rank: 2, node: { id: 12, name: '西河村', kind: 'village' }, total: 40, values: [], applicationStatus: null, awardState: null },
          { rank: 2, node: { id: 13, name: '南岭村', kind: 'village' }, total: 40, values: [], applicationStatus: 'awarded', awardState: 'review' },
        ]
      : [],
  })
  test('before the first computation it says so; recomputing fills the ranks; a row opens its breakdown; the export downloads', async () => {
    __setRouterParams({ id: '5' })
    let computed = false
    serve({
      'GET /api/ff/programs/5/rankings': () => rankings(computed ? '2026-11-10T02:00:00.000Z' : null),
      'POST /api/ff/programs/5/compute': () => {
        computed = true
        return { nodes: 6, millis: 40, computedAt: '2026-11-10T02:00:00.000Z' }
      },
      'GET /api/ff/programs/5/rankings/export': () => new ArrayBuffer(8),
    })
    const { container: c } = render(<RankingsPage />)
    await waitFor(() => expect($(c, '.e2e-ffrank-empty')).toBeTruthy())
    expect(text(c, '.e2e-ffrank-computed')).toBe('还没有计算过。')
    await click($(c, '.e2e-ffrank-compute'))
    await waitFor(() => expect($$(c, '.e2e-ffrank-row')).toHaveLength(3))
    expect(calls.toasts).toContain('已重新计算6个组织')
    expect(texts(c, '.e2e-ffrank-no')).toEqual(['1', '2', '2'])
    expect(texts(c, '.e2e-ffrank-total')).toEqual(['71.4', '40', '40'])
    expect($$(c, '.e2e-ffrank-row')[2].textContent).toContain('已授牌 · 称号复核中')
    await click($$(c, '.e2e-ffrank-toggle')[0])
    expect($$(c, '.e2e-ffrank-cell')).toHaveLength(8)
    expect($$(c, '.e2e-ffrank-cell')[0].textContent).toBe('群众反诈知晓率95.5% · 达标20/20分')
    expect($$(c, '.e2e-ffrank-cell')[7].textContent).toBe('每季度召开反诈工作例会待评审打分0/10分')
    const anchor = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    await click($(c, '.e2e-ffrank-export'))
    await waitFor(() => expect(anchor).toHaveBeenCalled())
    expect(sent('GET', '/api/ff/programs/5/rankings/export')).toHaveLength(1)
  })
})

describe('case figures', () => {
  const children = (id: number) =>
    id === 10
      ? [
          { id: 10, parentId: 10, kind: 'village', name: '东山村', ancestors: [], childCount: 4 },
          { id: 12, parentId: 10, kind: 'village', name: '西河村', ancestors: [], childCount: 3 },
          { id: 14, parentId: 10, kind: 'school', name: '和平镇中学', ancestors: [], childCount: 3 },
          { id: 15, parentId: 10, kind: 'enterprise', name: '和平纺织有限公司', ancestors: [], childCount: 0 },
        ]
      : [
          { id: 101, parentId: id, kind: 'grid', name: '第一网格', ancestors: [], childCount: 0 },
          { id: 102, parentId: id, kind: 'enterprise', name: '西河竹木加工厂', ancestors: [], childCount: 0 },
          { id: 103, parentId: id, kind: 'class', name: '不该出现', ancestors: [], childCount: 0 },
        ]
  const figure = (node: { id: number; name: string; kind: any }, cases: number, lossYuan: number, reviewsOpened = 0) => ({ id: node.id * 7, node, month: LAST, cases, lossYuan, updatedAt: '2026-11-02T00:00:00.000Z', reviewsOpened })

  test('the police liaison enters figures by month; absurd ones refused at the field with both numbers; a case opening a review is said', async () => {
    resetSessionForTests({ phase: 'ready', me: POLICE() })
    __setRouterParams({ nodeId: '10' })
    const puts: any[] = []
    serve({
      'GET /api/org/nodes/10/children': () => ({ items: children(10) }),
      'GET /api/org/nodes/12/children': () => ({ items: children(12) }),
      'GET /api/ff/cases': (r) => ({ items: query(r).from === LAST ? [figure({ id: 10, name: '东山村', kind: 'village' }, 1, 8600)] : [] }),
      'PUT /api/ff/cases': (r) => {
        puts.push(r.data)
        if (r.data.cases === 3) return fail(400, 'FF_FIGURE_ABSURD', '发案数3起多于该组织登记的0人，请核对', [{ path: 'body.cases', message: '不能多于登记的0人' }])
        const node = children(10).find((n) => n.id === r.data.nodeId)!
        return figure({ id: node.id, name: node.name, kind: node.kind }, r.data.cases, r.data.lossYuan, r.data.nodeId === 10 ? 1 : 0)
      },
    })
    const { container: c } = render(<CasesPage />)
    await waitFor(() => expect($$(c, '.e2e-ffcase-row')).toHaveLength(4))
    await waitFor(() => expect(text(c, '.e2e-ffcase-total')).toBe(`${LAST.slice(0, 4)}年${Number(LAST.slice(5))}月已填报1个，共1起，损失8,600元`))
    expect(texts(c, '.e2e-ffcase-fig')).toEqual(['1起 · 损失8,600元', '未填报', '未填报', '未填报'])
    const row = (name: string) => $$(c, '.e2e-ffcase-row').find((e) => e.querySelector('.e2e-ffcase-name')?.textContent === name)!

    await click($(row('西河村'), '.e2e-ffcase-edit'))
    await type($(c, 'input.e2e-ffcase-cases'), '0')
    await type($(c, 'input.e2e-ffcase-loss'), '500')
    await click($(c, '.e2e-ffcase-save'))
    expect(text(c, '.e2e-ffcase-form .e2e-field-error')).toBe('没有发案时损失应为0')
    expect(puts).toHaveLength(0)
    await type($(c, 'input.e2e-ffcase-cases'), '3')
    await click($(c, '.e2e-ffcase-save'))
    await waitFor(() => expect(text(c, '.e2e-ffcase-error')).toBe('发案数3起多于该组织登记的0人，请核对'))
    expect(text(c, '.e2e-ffcase-form .e2e-field-error')).toBe('不能多于登记的0人')
    await type($(c, 'input.e2e-ffcase-cases'), '0')
    await type($(c, 'input.e2e-ffcase-loss'), '')
    await click($(c, '.e2e-ffcase-save'))
    await waitFor(() => expect($(c, '.e2e-ffcase-form')).toBeNull())
    expect(puts.at(-1)).toEqual({ nodeId: 12, month: LAST, cases: 0, lossYuan: 0 })
    expect(text(row('西河村'), '.e2e-ffcase-fig')).toBe('0起')

    await click($(row('东山村'), '.e2e-ffcase-edit'))
    expect(($(c, 'input.e2e-ffcase-cases') as HTMLInputElement).value).toBe('1')
    await type($(c, 'input.e2e-ffcase-cases'), '2')
    await type($(c, 'input.e2e-ffcase-loss'), '12000')
    await click($(c, '.e2e-ffcase-save'))
    await waitFor(() => expect(text(c, '.e2e-ffcase-saved')).toContain('有1个称号因此进入复核'))
    expect(text(c, '.e2e-ffcase-total')).toContain('已填报2个，共2起，损失12,000元')

    // a village's units on demand: the grid only to open, no classes
    await click($(row('西河村'), '.e2e-ffcase-expand'))
    await waitFor(() => expect(row('西河竹木加工厂')).toBeTruthy())
    expect(row('第一网格').querySelector('.e2e-ffcase-edit')).toBeNull()
    expect(row('西河竹木加工厂').querySelector('.e2e-ffcase-edit')).toBeTruthy()
    expect(c.textContent).not.toContain('不该出现')
    // a school is entered as a whole
    expect(row('和平镇中学').querySelector('.e2e-ffcase-expand')).toBeNull()

    await click($(c, '.e2e-ff-month-prev'))
    await waitFor(() => expect(texts(c, '.e2e-ffcase-fig')[0]).toBe('未填报'))
    expect(query(sent('GET', '/api/ff/cases').at(-1)!)).toEqual({ nodeId: '10', from: shiftMonth(LAST, -1), to: shiftMonth(LAST, -1) })
  })

  test('a town admin reads the figures without entering them', async () => {
    __setRouterParams({ nodeId: '10' })
    serve({
      'GET /api/org/nodes/10/children': () => ({ items: children(10) }),
      'GET /api/ff/cases': () => ({ items: [figure({ id: 10, name: '东山村', kind: 'village' }, 1, 8600)] }),
    })
    const { container: c } = render(<CasesPage />)
    await waitFor(() => expect(texts(c, '.e2e-ffcase-fig')[0]).toBe('1起 · 损失8,600元'))
    expect($(c, '.e2e-ffcase-edit')).toBeNull()
    expect(text(c, '.page-title')).toBe('发案数')
  })
})

describe('workbench', () => {
  function home(me: ReturnType<typeof ADMIN>) {
    resetSessionForTests({ phase: 'ready', me })
    __setHandler((r) => ({ statusCode: 200, data: r.url === '/api/me' ? me : { items: [], nextCursor: null, counts: { pending: 0, forwarded: 0, overdue: 0 } } }))
    return render(<Home />).container
  }
  test('town admins: 创建评比, 申报评审, 红黄绿预警; the police liaison: 填报发案数, 创建概况, 红黄绿预警', async () => {
    const c = home(ADMIN())
    await waitFor(() => expect($(c, '.e2e-ff-desk')).toBeTruthy())
    expect(texts(c, '.e2e-ff-desk button')).toEqual(['创建评比', '申报评审', '红黄绿预警'])
    await click($(c, '.e2e-desk-ff-review'))
    expect(calls.navigations.at(-1)?.url).toBe('/pages/ff-town/review/index?nodeId=10')
  })
  test('the police liaison', async () => {
    const c = home(POLICE())
    await waitFor(() => expect($(c, '.e2e-ff-desk')).toBeTruthy())
    expect(texts(c, '.e2e-ff-desk button')).toEqual(['填报发案数', '创建概况', '红黄绿预警'])
    await click($(c, '.e2e-desk-ff-cases'))
    expect(calls.navigations.at(-1)?.url).toBe('/pages/ff-town/cases/index?nodeId=10')
  })
})
