import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setModalAnswer, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import FfProgramsPage from '../src/pages/ff/programs/index'
import FfMinePage from '../src/pages/ff/mine/index'
import FfApplyPage from '../src/pages/ff/apply/index'
import FfActivitiesPage from '../src/pages/ff/activities/index'
import Home from '../src/pages/index/index'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'
import { VILLAGE, activity, activityPage, application, award, file, program, sheet, summary, warnings } from './ff-fixtures'

const T = Taro as unknown as Record<string, unknown>
const CADRE = () => person([membership(1, 'village_cadre', '东山村', 'village', ['示范县', '和平镇'])])

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  resetSessionForTests({ phase: 'ready', me: CADRE() })
  T.previewImage = jest.fn(async () => ({}))
  T.pageScrollTo = jest.fn(async () => ({}))
  ;(URL as unknown as { createObjectURL: (b: Blob) => string }).createObjectURL = jest.fn(() => `blob:local-${Math.random()}`)
})
afterEach(() => {
  process.env.TARO_ENV = 'h5'
  for (const k of ['uploadFile', 'chooseImage', 'chooseMessageFile', 'showActionSheet', 'setClipboardData']) delete T[k]
  document.querySelectorAll('input.e2e-evidence-input').forEach((i) => i.remove())
  jest.restoreAllMocks()
})

const $ = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const $$ = (c: HTMLElement, sel: string) => Array.from(c.querySelectorAll(sel)) as HTMLElement[]
const text = (c: HTMLElement, sel: string) => $(c, sel)?.textContent ?? null
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

function serve(routes: Record<string, (r: FakeRequest) => unknown>) {
  __setHandler((r) => {
    const h = routes[`${r.method} ${r.url.split('?')[0]}`]
    if (!h) return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } }
    const out = h(r)
    return out && typeof out === 'object' && 'statusCode' in (out as object) ? (out as { statusCode: number; data: unknown }) : { statusCode: 200, data: out }
  })
}
const fail = (statusCode: number, code: string, message: string) => ({ statusCode, data: { code, message } })

// The H5 evidence picker: the hidden file input the page appends, given files as a person would.
async function chooseFiles(files: { name: string; size: number }[]) {
  await waitFor(() => expect(document.querySelector('input.e2e-evidence-input')).toBeTruthy())
  const input = document.querySelector('input.e2e-evidence-input') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: files.map((f) => new File(['x'.repeat(Math.min(f.size, 10))], f.name)).map((x, i) => Object.defineProperty(x, 'size', { value: files[i].size })) })
  await act(async () => {
    input.dispatchEvent(new Event('change'))
  })
}

describe('workbench', () => {
  test('a village cadre gets 创建评比 and 活动台账; a grid worker the ledger only; a resident nothing', async () => {
    const me = person([membership(1, 'village_cadre', '东山村', 'village', ['示范县', '和平镇']), membership(2, 'grid_worker', '第一网格', 'grid', ['示范县', '和平镇', '东山村'])])
    __setHandler((r) => ({ statusCode: 200, data: r.url === '/api/me' ? me : { items: [], nextCursor: null, counts: { pending: 0, forwarded: 0, overdue: 0 } } }))
    resetSessionForTests({ phase: 'ready', me })
    const { container: c } = render(<Home />)
    await waitFor(() => expect($$(c, '.e2e-ff-desk')).toHaveLength(2))
    const [cadre, grid] = $$(c, '.e2e-ff-desk')
    expect(cadre.querySelector('.e2e-desk-ff-programs')).toBeTruthy()
    expect(grid.querySelector('.e2e-desk-ff-programs')).toBeNull()
    await click(cadre.querySelector('.e2e-desk-ff-programs') as HTMLElement)
    await click(grid.querySelector('.e2e-desk-ff-ledger') as HTMLElement)
    expect(calls.navigations.map((n) => n.url)).toEqual(['/pages/ff/programs/index?nodeId=10', '/pages/ff/activities/index?nodeId=20'])
  })
})

describe('programs', () => {
  test('the programs that fit the village, their windows, my application and title; on to indicators and the application', async () => {
    const unitProgram = program({ id: 6, kind: 'unit', title: '和平镇2026年度“无诈单位”创建评比' })
    const old = program({ id: 4, title: '和平镇2025年度“无诈社区（村）”创建评比', open: false, status: 'closed', applyUntil: '2025-03-30' })
    serve({
      'GET /api/ff/programs': () => ({ items: [program(), unitProgram, old] }),
      'GET /api/ff/applications': () => ({ items: [summary(application({ id: 30, programId: 4, status: 'awarded', score: 90 }))] }),
      'GET /api/ff/awards': () => ({ items: [award({ programId: 4, validUntil: '2026-04-20T02:00:00.000Z' })] }),
    })
    const { container: c } = render(<FfProgramsPage />)
    await waitFor(() => expect($$(c, '.e2e-ff-program')).toHaveLength(2))
    expect(calls.requests[0].url).toBe('/api/ff/programs?nodeId=10&status=published')
    expect(calls.requests.map((r) => r.url)).toContain('/api/ff/applications?nodeId=10')
    const [now, last] = $$(c, '.e2e-ff-program')
    expect(now.querySelector('.e2e-ff-program-title')!.textContent).toBe('和平镇2026年度“无诈社区（村）”创建评比')
    expect(now.querySelector('.e2e-ff-window')!.textContent).toBe('正在申报，2026年3月30日截止')
    expect(now.querySelector('.e2e-ff-app-status')!.textContent).toBe('未申报')
    expect(now.querySelector('.e2e-ff-award')).toBeNull()
    expect(now.querySelector('.e2e-ff-open-apply')!.textContent).toBe('我要申报')
    expect(last.querySelector('.e2e-ff-window')!.textContent).toBe('评比已结束')
    expect(last.querySelector('.e2e-ff-app-status')!.textContent).toBe('已授牌')
    expect(last.querySelector('.e2e-ff-award')!.textContent).toBe('“无诈社区（村）”称号（有效），有效期到2026年4月20日')
    expect(last.querySelector('.e2e-ff-open-apply')!.textContent).toBe('查看申报')
    await click(now.querySelector('.e2e-ff-open-indicators') as HTMLElement)
    await click(now.querySelector('.e2e-ff-open-apply') as HTMLElement)
    await click($(c, '.e2e-ff-go-ledger'))
    expect(calls.navigations.map((n) => n.url)).toEqual(['/pages/ff/mine/index?programId=5&nodeId=10', '/pages/ff/apply/index?programId=5&nodeId=10', '/pages/ff/activities/index?nodeId=10'])
  })

  test('a returned draft says so; nothing to apply for says so; not an applicant says who applies', async () => {
    serve({
      'GET /api/ff/programs': () => ({ items: [program()] }),
      'GET /api/ff/applications': () => ({ items: [summary(application({ status: 'returned' }))] }),
      'GET /api/ff/awards': () => ({ items: [] }),
    })
    const first = render(<FfProgramsPage />)
    await waitFor(() => expect(text(first.container, '.e2e-ff-app-status')).toBe('已退回'))
    expect(text(first.container, '.e2e-ff-open-apply')).toBe('继续填写申报')
    first.unmount()

    serve({ 'GET /api/ff/programs': () => ({ items: [program({ kind: 'campus' })] }), 'GET /api/ff/applications': () => ({ items: [] }), 'GET /api/ff/awards': () => ({ items: [] }) })
    const second = render(<FfProgramsPage />)
    await waitFor(() => expect(text(second.container, '.e2e-ff-no-programs')).toContain('镇里还没有发布东山村可以申报的创建评比'))
    second.unmount()

    resetSessionForTests({ phase: 'ready', me: person([membership(2, 'grid_worker', '第一网格', 'grid', ['示范县', '和平镇', '东山村'])]) })
    const third = render(<FfProgramsPage />)
    expect(text(third.container, '.e2e-ff-not-for-me')).toContain('您现在的身份不能申报')
  })

  test('a load failure offers a retry', async () => {
    let n = 0
    serve({
      'GET /api/ff/programs': () => (++n === 1 ? fail(500, 'INTERNAL', '系统繁忙，请稍后再试') : { items: [program()] }),
      'GET /api/ff/applications': () => ({ items: [] }),
      'GET /api/ff/awards': () => ({ items: [] }),
    })
    const { container: c } = render(<FfProgramsPage />)
    await waitFor(() => expect(text(c, '.error-text')).toBe('系统繁忙，请稍后再试'))
    await click($(c, '.e2e-retry'))
    await waitFor(() => expect($$(c, '.e2e-ff-program')).toHaveLength(1))
  })
})

describe('my indicators', () => {
  test('each value against its target with points, met or not, what counts; the total; the warning colour and reasons', async () => {
    __setRouterParams({ programId: '5', nodeId: '10' })
    serve({ 'GET /api/ff/programs/5': () => program(), 'GET /api/ff/programs/5/indicators': () => sheet(), 'GET /api/ff/warnings': () => warnings() })
    const { container: c } = render(<FfMinePage />)
    await waitFor(() => expect($$(c, '.e2e-ff-indicator')).toHaveLength(8))
    expect(calls.requests.map((r) => r.url)).toEqual(['/api/ff/programs/5', '/api/ff/programs/5/indicators?nodeId=10', '/api/ff/warnings?nodeId=10'])
    expect(text(c, '.e2e-ff-total')).toBe('61.4')
    expect(text(c, '.e2e-ff-counts')).toBe('达标 3 项，未达标 3 项，暂无数据 1 项，待评审 1 项')
    const row = (key: string) => $(c, `.e2e-ff-ind-${key}`)
    expect(row('awareness').querySelector('.e2e-ff-value')!.textContent).toBe('95.5%（191/200）')
    expect(row('awareness').querySelector('.e2e-ff-target')!.textContent).toBe('目标 ≥ 92%')
    expect(row('awareness').querySelector('.e2e-ff-points')!.textContent).toBe('得分 20 / 20 分')
    expect(row('awareness').querySelector('.e2e-ff-met')!.textContent).toBe('达标')
    expect(row('participation').querySelector('.e2e-ff-met')!.textContent).toBe('未达标')
    expect(row('pledge').querySelector('.e2e-ff-value')!.textContent).toBe('暂无数据')
    // no data: no second 暂无数据 as a badge
    expect(row('pledge').querySelector('.e2e-ff-met')).toBeNull()
    expect(row('cases').querySelector('.e2e-ff-target')!.textContent).toBe('目标 ≤ 2起')
    expect(row('cases').textContent).toContain('由派出所填报，越少越好')
    expect(row('activities').textContent).toContain('要求：每月不少于5次集中宣传')
    expect(row('meetings').querySelector('.e2e-ff-met')!.textContent).toBe('待评审')
    expect(row('meetings').textContent).toContain('由镇里的评审人员根据您上传的材料打分')
    expect(text(c, '.e2e-ff-warning .card-title')).toBe('红黄绿预警（2026年2月）')
    expect(text(c, '.e2e-ff-colour')).toBe('黄色预警')
    expect($$(c, '.e2e-ff-reason').map((r) => r.textContent)).toEqual(['发案1起，比上月多1起'])
    await click($(c, '.e2e-ff-mine-apply'))
    expect(calls.navigations.at(-1)!.url).toBe('/pages/ff/apply/index?programId=5&nodeId=10')
  })

  test('no warnings computed yet, or the warnings failing, still shows the indicators', async () => {
    __setRouterParams({ programId: '5', nodeId: '10' })
    serve({ 'GET /api/ff/programs/5': () => program({ open: false }), 'GET /api/ff/programs/5/indicators': () => sheet(), 'GET /api/ff/warnings': () => ({ period: null, counts: { green: 0, yellow: 0, red: 0 }, items: [] }) })
    const first = render(<FfMinePage />)
    await waitFor(() => expect(text(first.container, '.e2e-ff-warning-none')).toBe('镇里还没有计算预警。'))
    // the window is over: no 去申报
    expect($(first.container, '.e2e-ff-mine-apply')).toBeNull()
    first.unmount()
    serve({ 'GET /api/ff/programs/5': () => program(), 'GET /api/ff/programs/5/indicators': () => sheet(), 'GET /api/ff/warnings': () => fail(403, 'FORBIDDEN', '没有权限') })
    const second = render(<FfMinePage />)
    await waitFor(() => expect($$(second.container, '.e2e-ff-indicator')).toHaveLength(8))
    expect($(second.container, '.e2e-ff-warning-none')).toBeTruthy()
  })
})

describe('the application', () => {
  function upload(answers: ((o: { url: string; fileName?: string }) => { statusCode: number; data: unknown })[]) {
    let i = 0
    T.uploadFile = jest.fn(async (o: { url: string; fileName?: string }) => {
      const r = answers[Math.min(i++, answers.length - 1)](o)
      return { statusCode: r.statusCode, data: JSON.stringify(r.data) }
    })
  }

  test('new: self-assessment, evidence (a PDF, an image, a refused file), save the draft, submit with a confirm → 待评审, read-only', async () => {
    __setRouterParams({ programId: '5', nodeId: '10' })
    let saved = application()
    serve({
      'GET /api/ff/programs/5': () => program(),
      'GET /api/ff/applications': () => ({ items: [] }),
      'GET /api/ff/programs/5/indicators': () => sheet(),
      'POST /api/ff/programs/5/applications': (r) => {
        saved = application({ selfAssessment: r.data.selfAssessment, evidence: r.data.evidence.map((e: { indicatorKey: string; note?: string; fileIds: number[] }) => ({ indicatorKey: e.indicatorKey, note: e.note ?? null, files: e.fileIds.map((id) => file(id)) })) })
        return { statusCode: 201, data: saved }
      },
      'PUT /api/ff/applications/41': (r) => (saved = { ...saved, selfAssessment: r.data.selfAssessment }),
      'POST /api/ff/applications/41/submit': () => ({ ...saved, status: 'submitted', submittedAt: '2026-03-06T02:00:00.000Z', canEdit: false }),
    })
    const { container: c } = render(<FfApplyPage />)
    await waitFor(() => expect($$(c, '.e2e-ff-evidence')).toHaveLength(8))
    expect(text(c, '.e2e-ff-apply-status')).toBe('未申报')
    expect(text(c, '.e2e-ff-apply-total')).toBe('61.4')

    // nothing written: refused before anything is sent
    await click($(c, '.e2e-ff-save'))
    expect(text(c, '.e2e-ff-apply-error')).toBe('请先写自我评价（至少10个字）')
    await type($(c, '.e2e-ff-self'), '太短')
    await click($(c, '.e2e-ff-submit'))
    expect(text(c, '.e2e-ff-apply-error')).toBe('自我评价至少写10个字，现在是2个字')
    expect(calls.requests.filter((r) => r.method !== 'GET')).toHaveLength(0)

    await type($(c, '.e2e-ff-self'), '我村每月开展反诈宣传，村两委每季度召开例会。')
    // the meetings item: a PDF and a photo, then a file the server refuses
    const meetings = $(c, '.e2e-ff-evidence-meetings')
    expect(meetings.textContent).toContain('要求：上传会议记录或照片')
    let n = 70
    upload([
      (o) => ({ statusCode: 201, data: file(++n, { mime: o.fileName?.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg' }) }),
      (o) => ({ statusCode: 201, data: file(++n, { mime: o.fileName?.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg' }) }),
      () => ({ statusCode: 415, data: { code: 'FILE_NOT_EVIDENCE', message: '证明材料只能是图片（JPG、PNG、WebP）或 PDF 文件' } }),
      () => ({ statusCode: 201, data: file(++n) }),
    ])
    await click(meetings.querySelector('.e2e-ff-upload') as HTMLElement)
    expect((document.querySelector('input.e2e-evidence-input') as HTMLInputElement).accept).toBe('image/*,application/pdf,.pdf')
    await chooseFiles([{ name: '例会记录.pdf', size: 200_000 }, { name: '例会.jpg', size: 300_000 }, { name: '会议.docx', size: 1000 }])
    await waitFor(() => expect(text(c, '.e2e-ff-apply-error')).toBe('证明材料只能是图片（JPG、PNG、WebP）或 PDF 文件'))
    const ups = (T.uploadFile as jest.Mock).mock.calls.map((a) => a[0])
    expect(ups.map((u) => [u.url, u.fileName])).toEqual([
      ['/api/files?purpose=evidence', '例会记录.pdf'],
      ['/api/files?purpose=evidence', '例会.jpg'],
      ['/api/files?purpose=evidence', '会议.docx'],
    ])
    // the two accepted files stay: the PDF as a chip, the photo as a picture
    expect(meetings.querySelectorAll('.e2e-ff-file')).toHaveLength(2)
    expect(meetings.querySelector('.e2e-ff-pdf')!.textContent).toContain('PDF 文件 1')
    // too large: refused on the phone
    await click(meetings.querySelector('.e2e-ff-upload') as HTMLElement)
    await chooseFiles([{ name: '扫描件.pdf', size: 6 * 1024 * 1024 }])
    await waitFor(() => expect(text(c, '.e2e-ff-apply-error')).toBe('这个文件超过5MB，请换一个，或拍照、截图后再上传'))
    expect(T.uploadFile).toHaveBeenCalledTimes(3)
    // a note on another item; a photo taken off again
    await type($(c, '.e2e-ff-evidence-activities .e2e-ff-evidence-note'), '另有两次活动在邻村联合开展')
    await click($(c, '.e2e-ff-evidence-activities .e2e-ff-upload'))
    await chooseFiles([{ name: '活动.png', size: 1000 }])
    await waitFor(() => expect($$(c, '.e2e-ff-evidence-activities .e2e-ff-file')).toHaveLength(1))
    await click($(c, '.e2e-ff-evidence-activities .e2e-ff-file-del'))
    expect($$(c, '.e2e-ff-evidence-activities .e2e-ff-file')).toHaveLength(0)

    await click($(c, '.e2e-ff-save'))
    await waitFor(() => expect(text(c, '.e2e-ff-apply-status')).toBe('草稿'))
    expect(sent('POST', '/api/ff/programs/5/applications')[0].data).toEqual({
      nodeId: 10,
      selfAssessment: '我村每月开展反诈宣传，村两委每季度召开例会。',
      evidence: [
        { indicatorKey: 'activities', note: '另有两次活动在邻村联合开展', fileIds: [] },
        { indicatorKey: 'meetings', fileIds: [71, 72] },
      ],
    })
    expect(calls.toasts).toContain('已保存草稿')

    // declining the confirm sends nothing
    __setModalAnswer(false)
    await click($(c, '.e2e-ff-submit'))
    expect(sent('POST', '/api/ff/applications/41/submit')).toHaveLength(0)
    __setModalAnswer(true)
    await click($(c, '.e2e-ff-submit'))
    await waitFor(() => expect(text(c, '.e2e-ff-apply-status')).toBe('待评审'))
    // saved (now an update) before it is submitted
    expect(sent('PUT', '/api/ff/applications/41')).toHaveLength(1)
    expect(sent('POST', '/api/ff/applications/41/submit')).toHaveLength(1)
    expect(text(c, '.e2e-ff-apply-hint')).toBe('已提交，镇里正在评审，请耐心等待。')
    // back to the top, where the status is
    expect(T.pageScrollTo).toHaveBeenCalledWith({ scrollTop: 0, duration: 300 })
    // read-only now
    expect($(c, '.e2e-ff-self')).toBeNull()
    expect($(c, '.e2e-ff-submit')).toBeNull()
    expect(text(c, '.e2e-ff-self-text')).toBe('我村每月开展反诈宣传，村两委每季度召开例会。')
    expect($$(c, '.e2e-ff-evidence-meetings .e2e-ff-file')).toHaveLength(2)
  })

  test('returned: the reviewer’s comment, the saved form, edit and submit again; the server’s refusal in plain words', async () => {
    __setRouterParams({ programId: '5', nodeId: '10' })
    const returned = application({ status: 'returned', reviewComment: '请补充第三季度例会的会议记录', submittedAt: '2026-03-06T02:00:00.000Z' })
    let submits = 0
    serve({
      'GET /api/ff/programs/5': () => program(),
      'GET /api/ff/applications': () => ({ items: [summary(returned)] }),
      'GET /api/ff/applications/41': () => returned,
      'PUT /api/ff/applications/41': (r) => ({ ...returned, selfAssessment: r.data.selfAssessment }),
      'POST /api/ff/applications/41/submit': () => (++submits === 1 ? fail(409, 'FF_WINDOW_CLOSED', '申报时间是2026-03-01至2026-03-30') : { ...returned, status: 'submitted', canEdit: false }),
    })
    const { container: c } = render(<FfApplyPage />)
    await waitFor(() => expect(text(c, '.e2e-ff-review-comment')).toBe('请补充第三季度例会的会议记录'))
    expect(text(c, '.e2e-ff-apply-status')).toBe('已退回')
    // the indicators come with the application: no separate request
    expect(calls.requests.map((r) => r.url)).not.toContain('/api/ff/programs/5/indicators?nodeId=10')
    expect(($(c, '.e2e-ff-self') as HTMLTextAreaElement).value).toBe('我村每月开展反诈宣传，村两委每季度召开例会。')
    expect($$(c, '.e2e-ff-evidence-meetings .e2e-ff-file')).toHaveLength(1)
    expect(($(c, '.e2e-ff-evidence-meetings .e2e-ff-evidence-note') as HTMLTextAreaElement).value).toBe('四次例会记录')
    expect(text(c, '.e2e-ff-submit')).toBe('修改好了，重新提交')
    await type($(c, '.e2e-ff-self'), '我村每月开展反诈宣传，已补充第三季度例会记录。')
    await click($(c, '.e2e-ff-submit'))
    await waitFor(() => expect(text(c, '.e2e-ff-apply-error')).toBe('申报时间是2026-03-01至2026-03-30'))
    await click($(c, '.e2e-ff-submit'))
    await waitFor(() => expect(text(c, '.e2e-ff-apply-status')).toBe('待评审'))
    expect(sent('PUT', '/api/ff/applications/41').map((r) => r.data.selfAssessment)).toEqual(['我村每月开展反诈宣传，已补充第三季度例会记录。', '我村每月开展反诈宣传，已补充第三季度例会记录。'])
    expect(sent('PUT', '/api/ff/applications/41')[0].data.evidence).toEqual([{ indicatorKey: 'meetings', note: '四次例会记录', fileIds: [71] }])
  })

  test('in notice: when it ends and the objections, text only; no form', async () => {
    __setRouterParams({ programId: '5', nodeId: '10' })
    const inNotice = application({
      status: 'notice',
      score: 86.5,
      canEdit: false,
      noticeEndsAt: '2026-04-10T10:30:00.000Z',
      objections: [{ id: 1, text: '该村上月有人被骗，是否符合条件？', createdAt: '2026-04-05T01:00:00.000Z', mine: false }],
    })
    serve({ 'GET /api/ff/programs/5': () => program(), 'GET /api/ff/applications': () => ({ items: [summary(inNotice)] }), 'GET /api/ff/applications/41': () => inNotice })
    const { container: c } = render(<FfApplyPage />)
    await waitFor(() => expect(text(c, '.e2e-ff-notice-end')).toBe('公示到 2026年4月10日 18:30 结束，期满后由镇里决定是否授牌。'))
    expect(text(c, '.e2e-ff-apply-status')).toBe('公示中')
    expect($$(c, '.e2e-ff-objection').map((o) => o.firstElementChild!.textContent)).toEqual(['该村上月有人被骗，是否符合条件？'])
    expect($(c, '.e2e-ff-notice').textContent).toContain('评审得分：86.5 分')
    expect($(c, '.e2e-ff-self')).toBeNull()
    expect($(c, '.e2e-ff-save')).toBeNull()
  })

  test('awarded: the title, its validity and the printable certificate', async () => {
    __setRouterParams({ programId: '5', nodeId: '10' })
    const done = application({ status: 'awarded', score: 88.5, canEdit: false })
    serve({
      'GET /api/ff/programs/5': () => program({ open: false }),
      'GET /api/ff/applications': () => ({ items: [summary(done)] }),
      'GET /api/ff/applications/41': () => done,
      'GET /api/ff/awards': () => ({ items: [award({ programId: 9 }), award()] }),
    })
    const open = jest.spyOn(window, 'open').mockImplementation(() => null)
    const { container: c } = render(<FfApplyPage />)
    await waitFor(() => expect(text(c, '.e2e-ff-award-line')).toBe('“无诈社区（村）”称号（有效），有效期到2027年4月20日'))
    expect(text(c, '.e2e-ff-award-card .card-title')).toBe('“无诈社区（村）”称号')
    await click($(c, '.e2e-ff-certificate'))
    expect(open).toHaveBeenCalledWith('/api/ff/awards/3/certificate?exp=1&sig=abcdefghijklmnop', '_blank')
  })

  test('outside the window without an application: said, and no form to fill', async () => {
    __setRouterParams({ programId: '5', nodeId: '10' })
    serve({ 'GET /api/ff/programs/5': () => program({ open: false }), 'GET /api/ff/applications': () => ({ items: [] }), 'GET /api/ff/programs/5/indicators': () => sheet() })
    const { container: c } = render(<FfApplyPage />)
    await waitFor(() => expect(text(c, '.e2e-ff-apply-closed')).toBe('现在不在申报时间内，不能新建申报。'))
    expect($(c, '.e2e-ff-submit')).toBeNull()
    expect($(c, '.e2e-ff-upload')).toBeNull()
  })

  test('WeChat: evidence from the album or from a chat (PDFs allowed); a cancel sends nothing', async () => {
    process.env.TARO_ENV = 'weapp'
    __setRouterParams({ programId: '5', nodeId: '10' })
    serve({ 'GET /api/ff/programs/5': () => program(), 'GET /api/ff/applications': () => ({ items: [] }), 'GET /api/ff/programs/5/indicators': () => sheet() })
    let tap = 1
    T.showActionSheet = jest.fn(async () => (tap < 0 ? Promise.reject({ errMsg: 'showActionSheet:fail cancel' }) : { tapIndex: tap }))
    T.chooseMessageFile = jest.fn(async () => ({ tempFiles: [{ path: 'wxfile://a.pdf', size: 2000, name: '记录.pdf', type: 'file' }] }))
    T.chooseImage = jest.fn(async () => ({ tempFiles: [{ path: 'wxfile://b.jpg', size: 3000 }] }))
    let n = 80
    upload([() => ({ statusCode: 201, data: file(++n) })])
    const { container: c } = render(<FfApplyPage />)
    await waitFor(() => expect($$(c, '.e2e-ff-evidence')).toHaveLength(8))
    const btn = () => $(c, '.e2e-ff-evidence-meetings .e2e-ff-upload')
    await click(btn())
    await waitFor(() => expect($$(c, '.e2e-ff-evidence-meetings .e2e-ff-file')).toHaveLength(1))
    expect((T.chooseMessageFile as jest.Mock).mock.calls[0][0]).toEqual({ count: 9, type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png', 'webp'] })
    tap = 0
    await click(btn())
    await waitFor(() => expect($$(c, '.e2e-ff-evidence-meetings .e2e-ff-file')).toHaveLength(2))
    expect((T.chooseImage as jest.Mock).mock.calls[0][0].count).toBe(8)
    tap = -1
    await click(btn())
    expect(T.uploadFile).toHaveBeenCalledTimes(2)
    expect((T.uploadFile as jest.Mock).mock.calls.map((a) => a[0].filePath)).toEqual(['wxfile://a.pdf', 'wxfile://b.jpg'])
  })
})

describe('the activity ledger', () => {
  test('list with totals; log one (kind, title, place, people, a photo with purpose activity); the list reloads; delete with a confirm', async () => {
    __setRouterParams({ nodeId: '10' })
    let items = [activity(1), activity(2, { title: '入户发放反诈明白纸', kind: 'door_to_door', peopleReached: 42, node: { id: 11, name: '第一网格', kind: 'grid' }, createdBy: '刘德明' })]
    serve({
      'GET /api/ff/activities': () => activityPage(items),
      'POST /api/ff/activities': (r) => {
        const a = activity(3, { ...r.data, photos: r.data.photoIds.map((id: number) => file(id, { purpose: 'activity' })), canDelete: true })
        items = [a, ...items]
        return { statusCode: 201, data: a }
      },
      'DELETE /api/ff/activities/3': () => {
        items = items.filter((a) => a.id !== 3)
        return { ok: true }
      },
    })
    T.chooseImage = jest.fn(async () => ({ tempFiles: [{ path: 'blob:p1', size: 1000, originalFileObj: { name: 'stall.jpg' } }] }))
    T.uploadFile = jest.fn(async () => ({ statusCode: 201, data: JSON.stringify(file(90, { purpose: 'activity' })) }))
    const { container: c } = render(<FfActivitiesPage />)
    await waitFor(() => expect($$(c, '.e2e-ff-activity')).toHaveLength(2))
    expect(calls.requests[0].url).toBe('/api/ff/activities?limit=20&nodeId=10')
    expect(text(c, '.e2e-ff-activity-totals')).toBe('共 2 次活动，覆盖 128 人次')
    expect($$(c, '.e2e-ff-activity')[1].textContent).toContain('覆盖 42 人 · 第一网格 · 刘德明登记')
    expect($(c, '.e2e-ff-activity-del')).toBeNull()

    await click($(c, '.e2e-ff-activity-new'))
    await click($(c, '.e2e-ff-activity-save'))
    expect(text(c, '.e2e-ff-activity-error')).toBe('请选择活动形式')
    await click($(c, '.e2e-ff-kind-stall'))
    await type($(c, '.e2e-ff-activity-title'), '赶集日摆摊宣传')
    await type($(c, '.e2e-ff-activity-place'), '东山村集市')
    await type($(c, '.e2e-ff-activity-people'), '约130')
    await click($(c, '.e2e-ff-activity-save'))
    expect(text(c, '.e2e-ff-activity-error')).toBe('请填写覆盖人数（整数，例如 50）')
    await type($(c, '.e2e-ff-activity-people'), '130')
    await click($(c, '.e2e-ff-activity-photo'))
    await waitFor(() => expect($$(c, '.e2e-ff-activity-form .e2e-ff-file')).toHaveLength(1))
    expect((T.uploadFile as jest.Mock).mock.calls[0][0].url).toBe('/api/files?purpose=activity')
    await click($(c, '.e2e-ff-activity-save'))
    await waitFor(() => expect($$(c, '.e2e-ff-activity')).toHaveLength(3))
    const body = sent('POST', '/api/ff/activities')[0].data
    expect(body).toEqual({ nodeId: 10, day: body.day, place: '东山村集市', kind: 'stall', title: '赶集日摆摊宣传', peopleReached: 130, photoIds: [90] })
    // today, as a China day
    expect(body.day).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect($(c, '.e2e-ff-activity-form')).toBeNull()
    expect(text(c, '.e2e-ff-activity-totals')).toBe('共 3 次活动，覆盖 258 人次')

    __setModalAnswer(false)
    await click($(c, '.e2e-ff-activity-del'))
    expect(sent('DELETE', '/api/ff/activities/3')).toHaveLength(0)
    __setModalAnswer(true)
    await click($(c, '.e2e-ff-activity-del'))
    await waitFor(() => expect($$(c, '.e2e-ff-activity')).toHaveLength(2))
  })

  test('the server refusing a day (too old) shows its words; more pages load', async () => {
    __setRouterParams({ nodeId: '10' })
    serve({
      'GET /api/ff/activities': (r) => (r.url.includes('cursor=') ? activityPage([activity(9)], { total: 21, people: 1000 }) : activityPage([activity(1)], { nextCursor: 'c1', total: 21, people: 1000 })),
      'POST /api/ff/activities': () => ({ statusCode: 400, data: { code: 'VALIDATION_FAILED', message: '输入有误', fields: [{ path: 'body.day', message: '只能登记一年以内的活动' }] } }),
    })
    const { container: c } = render(<FfActivitiesPage />)
    await waitFor(() => expect(text(c, '.e2e-ff-activity-totals')).toBe('共 21 次活动，覆盖 1000 人次'))
    await click(Array.from(c.querySelectorAll('button')).find((b) => b.textContent === '加载更多') as HTMLElement)
    await waitFor(() => expect($$(c, '.e2e-ff-activity')).toHaveLength(2))
    await click($(c, '.e2e-ff-activity-new'))
    await click($(c, '.e2e-ff-kind-lecture'))
    await type($(c, '.e2e-ff-activity-title'), '反诈讲座')
    await type($(c, '.e2e-ff-activity-place'), '村委会')
    await type($(c, '.e2e-ff-activity-people'), '30')
    await click($(c, '.e2e-ff-activity-save'))
    await waitFor(() => expect(text(c, '.e2e-ff-activity-error')).toBe('只能登记一年以内的活动'))
  })
})

// keep the VILLAGE fixture honest: the cadre's membership node is 东山村 (id 10)
test('fixtures agree', () => {
  expect(CADRE().memberships[0].node).toEqual(VILLAGE)
})
