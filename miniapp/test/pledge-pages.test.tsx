import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setModalAnswer, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import PledgeSignPage from '../src/pages/pledge-sign/index'
import PledgesPage from '../src/pages/pledges/index'
import PledgeViewPage from '../src/pages/pledge-view/index'
import PledgeVerifyPage from '../src/pages/pledge-verify/index'
import { PledgeEntryRow } from '../src/components/PledgeEntry'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'
import { CLASS_1, matchView, myPledges, signPage, signature, verifyView } from './pledge-fixtures'

const T = Taro as unknown as Record<string, unknown>
const modals: string[] = []
// the text box and its content as laid out: [box height, content height]
let layout: [number, number] = [400, 1200]

const ctx = {
  setTransform: jest.fn(),
  scale: jest.fn(),
  clearRect: jest.fn(),
  beginPath: jest.fn(),
  moveTo: jest.fn(),
  lineTo: jest.fn(),
  quadraticCurveTo: jest.fn(),
  arc: jest.fn(),
  fill: jest.fn(),
  stroke: jest.fn(),
}

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  resetSessionForTests({ phase: 'ready', me: person([membership(1, 'parent', '七年级1班', 'class', ['示范县', '和平镇', '和平镇中学', '七年级'])]) })
  modals.length = 0
  layout = [400, 1200]
  T.redirectTo = async (o: { url: string }) => void calls.navigations.push({ type: 'redirectTo', url: o.url })
  T.previewImage = jest.fn(async () => ({}))
  T.nextTick = (fn: () => void) => setTimeout(fn, 0)
  T.getSystemInfoSync = () => ({ pixelRatio: 2 })
  T.createSelectorQuery = () => {
    const q = {
      select: () => q,
      boundingClientRect: () => q,
      fields: () => q,
      exec: (cb: (r: unknown[]) => void) => cb([{ height: layout[0] }, { height: layout[1] }]),
    }
    return q
  }
  const showModal = T.showModal as (o: { content: string }) => Promise<unknown>
  T.showModal = async (o: { content: string }) => {
    modals.push(o.content)
    return showModal(o)
  }
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as unknown as CanvasRenderingContext2D)
  jest.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockImplementation(() => ({ left: 0, top: 0, width: 300, height: 200, right: 300, bottom: 200, x: 0, y: 0, toJSON: () => ({}) }))
  jest.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => 'data:image/png;base64,iVBORw0KGgoSIG')
})
afterEach(() => {
  jest.restoreAllMocks()
  process.env.TARO_ENV = 'h5'
  delete process.env.TARO_APP_TMPL_PLEDGE_REMIND
  delete T.requestSubscribeMessage
})

const $ = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const $$ = (c: HTMLElement, sel: string) => Array.from(c.querySelectorAll(sel)) as HTMLElement[]
const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el)
  })
}
const type = async (c: HTMLElement, sel: string, value: string) => {
  await act(async () => {
    fireEvent.change($(c, sel), { target: { value } })
  })
}
const posts = (path: string) => calls.requests.filter((r) => r.method === 'POST' && r.url.split('?')[0] === path)

function serve(routes: Record<string, (r: FakeRequest) => unknown>) {
  __setHandler((r) => {
    const key = `${r.method} ${r.url.split('?')[0]}`
    const h = routes[key]
    if (!h) return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } }
    const out = h(r)
    return out && typeof out === 'object' && 'statusCode' in (out as object) ? (out as { statusCode: number; data: unknown }) : { statusCode: 200, data: out }
  })
}

const fail = (statusCode: number, code: string, message: string) => ({ statusCode, data: { code, message } })

// Draw on the pad as the browser does: pointer events in client coordinates.
async function draw(c: HTMLElement, strokes: [number, number][][]) {
  const canvas = $(c, 'canvas.e2e-sig-canvas')
  await waitFor(() => expect(canvas.className).toContain('ready'))
  await act(async () => {
    for (const s of strokes) {
      s.forEach(([x, y], i) => canvas.dispatchEvent(new MouseEvent(i === 0 ? 'pointerdown' : 'pointermove', { clientX: x, clientY: y, bubbles: true })))
      canvas.dispatchEvent(new MouseEvent('pointerup', { bubbles: true }))
    }
  })
}
const NAME: [number, number][][] = [
  [[20, 60], [60, 60], [100, 60], [140, 60]],
  [[80, 20], [80, 80], [80, 140], [80, 180]],
  [[160, 40], [200, 90], [240, 140], [280, 180]],
]

async function readToEnd(c: HTMLElement) {
  await waitFor(() => expect($(c, '.e2e-ps-text')).toBeTruthy())
  await act(async () => {
    fireEvent.scroll($(c, '.e2e-ps-text'))
  })
}

describe('signing', () => {
  test('a parent: read to the end, match the class roster, guardian forced, empty and short pads refused, confirm, submit, the code', async () => {
    __setRouterParams({ id: '9', classId: '53' })
    serve({
      'GET /api/pledge/campaigns/9/sign': () => signPage({ classCounts: { class: CLASS_1, signed: 12, total: 40 } }),
      'POST /api/pledge/campaigns/9/match': (r) =>
        r.data.student.studentNo === '20240101' ? matchView({ guardianRequired: true }) : fail(404, 'PLEDGE_NOT_ON_ROSTER', '花名册里没有找到这位同学。请核对班级、姓名和学号；如果都没错，请联系班主任把孩子加入花名册'),
      'POST /api/pledge/campaigns/9/signatures': () => ({ statusCode: 201, data: signature() }),
    })
    const { container: c } = render(<PledgeSignPage />)
    await waitFor(() => expect($(c, '.e2e-ps-title').textContent).toBe('和平镇中学学生反诈承诺书签署'))
    // the class card's counts, never names
    expect($(c, '.e2e-ps-class-counts').textContent).toBe('七年级1班：已签 12 人，共 40 人')
    expect(calls.requests[0].url).toBe('/api/pledge/campaigns/9/sign?classId=53')
    expect($(c, '.e2e-ps-deadline').textContent).toContain('截止')

    // the scroll gate: 下一步 stays off until the end of the text
    await new Promise((r) => setTimeout(r, 350))
    expect(($(c, '.e2e-ps-next') as HTMLButtonElement).disabled).toBe(true)
    expect($(c, '.e2e-ps-read-hint').textContent).toContain('读完全文后才能签名')
    await readToEnd(c)
    expect(($(c, '.e2e-ps-next') as HTMLButtonElement).disabled).toBe(false)
    await click($(c, '.e2e-ps-next'))

    // the class from the card is preselected
    expect($$(c, '.e2e-ps-class').map((x) => x.className.includes('selected'))).toEqual([true, false])
    // a wrong number: the server's words, which say how to ask the teacher
    await type(c, '.e2e-ps-student-name', '吴梓轩')
    await type(c, '.e2e-ps-student-no', '20249999')
    await click($(c, '.e2e-ps-match'))
    await waitFor(() => expect($(c, '.e2e-ps-match-error').textContent).toContain('联系班主任'))
    expect($(c, '.e2e-ps-signer')).toBeNull()

    await type(c, '.e2e-ps-student-no', '20240101')
    await click($(c, '.e2e-ps-match'))
    await waitFor(() => expect($(c, '.e2e-ps-found').textContent).toBe('找到了：七年级1班 吴*轩'))
    expect(posts('/api/pledge/campaigns/9/match').at(-1)!.data).toEqual({ student: { classId: 53, name: '吴梓轩', studentNo: '20240101' } })
    // under 14: no 我是学生本人, a parent signs
    expect($(c, '.e2e-ps-guardian-forced').textContent).toContain('未满14周岁')
    expect($(c, '.e2e-ps-as')).toBeNull()

    const submit = () => click($(c, '.e2e-ps-submit'))
    await submit()
    expect($(c, '.e2e-ps-error').textContent).toBe('请选择您和孩子的关系')
    await click($$(c, '.e2e-ps-rel')[0])
    await submit()
    expect($(c, '.e2e-ps-error').textContent).toBe('请家长勾选确认同意')
    await click($(c, '.e2e-ps-consent'))
    await submit()
    expect($(c, '.e2e-ps-error').textContent).toBe('请填写您本人的姓名')
    await type(c, '.e2e-ps-signer-name', '吴海涛')
    // an empty pad cannot be submitted
    await submit()
    await waitFor(() => expect($(c, '.e2e-ps-error').textContent).toBe('请先在框里写下您的名字'))
    // a tick is not a name
    await draw(c, [[[20, 20], [40, 30]]])
    await submit()
    expect($(c, '.e2e-ps-error').textContent).toContain('太短')
    expect(posts('/api/pledge/campaigns/9/signatures')).toHaveLength(0)
    // drawing happened on a canvas scaled by the pixel ratio
    const canvas = $(c, 'canvas.e2e-sig-canvas') as HTMLCanvasElement
    expect([canvas.width, canvas.height]).toEqual([600, 400])
    expect(ctx.scale).toHaveBeenCalledWith(2, 2)

    await click($(c, '.e2e-sig-clear'))
    await draw(c, NAME)
    expect(ctx.quadraticCurveTo).toHaveBeenCalled()
    // declining the confirm sends nothing
    __setModalAnswer(false)
    await submit()
    expect(modals.at(-1)).toContain('吴海涛，您将以家长身份为 七年级1班 吴*轩 签署《学生反诈承诺书》')
    expect(posts('/api/pledge/campaigns/9/signatures')).toHaveLength(0)

    __setModalAnswer(true)
    await submit()
    await waitFor(() => expect($(c, '.e2e-ps-code').textContent).toBe('7K3M9QXA2B'))
    expect(posts('/api/pledge/campaigns/9/signatures')[0].data).toEqual({
      textHash: 'a'.repeat(64),
      readToEnd: true,
      signerName: '吴海涛',
      signaturePng: 'data:image/png;base64,iVBORw0KGgoSIG',
      student: { classId: 53, name: '吴梓轩', studentNo: '20240101' },
      guardian: { relationship: 'father', consent: true },
    })
    expect($(c, '.e2e-ps-signed').textContent).toContain('签署成功')
    await click($(c, '.e2e-ps-view'))
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/pledge-view/index?id=301' })
  })

  test('a student signs themself: name prefilled, a name unlike the roster gets the server’s words; a text that fits needs no scrolling', async () => {
    layout = [600, 300]
    __setRouterParams({ id: '9' })
    serve({
      'GET /api/pledge/campaigns/9/sign': () => signPage(),
      'POST /api/pledge/campaigns/9/match': () => matchView(),
      'POST /api/pledge/campaigns/9/signatures': () =>
        posts('/api/pledge/campaigns/9/signatures').length === 1
          ? fail(400, 'PLEDGE_NAME_MISMATCH', '签名人的姓名和花名册上的不一致，请写本人的真实姓名')
          : fail(403, 'PLEDGE_GUARDIAN_REQUIRED', '未满14周岁的同学需要由家长（监护人）签署，请把这一页转给家长'),
    })
    const { container: c } = render(<PledgeSignPage />)
    await waitFor(() => expect(($(c, '.e2e-ps-next') as HTMLButtonElement).disabled).toBe(false))
    expect($(c, '.e2e-ps-read-hint').textContent).toContain('已读完')
    await click($(c, '.e2e-ps-next'))
    // no class from a card: nothing preselected
    expect($$(c, '.e2e-ps-class.selected')).toHaveLength(0)
    await type(c, '.e2e-ps-student-name', '吴梓轩')
    await type(c, '.e2e-ps-student-no', '20240101')
    await click($(c, '.e2e-ps-match'))
    expect($(c, '.e2e-ps-match-error').textContent).toBe('请选择班级')
    await click($$(c, '.e2e-ps-class')[0])
    await click($(c, '.e2e-ps-match'))
    await waitFor(() => expect($(c, '.e2e-ps-found')).toBeTruthy())
    // both choices offered; self by default with the student's name filled in
    expect($$(c, '.e2e-ps-as').map((x) => x.textContent)).toEqual(['我是学生本人', '我是家长'])
    expect(($(c, '.e2e-ps-signer-name') as HTMLInputElement).value).toBe('吴梓轩')
    expect($(c, '.e2e-ps-consent')).toBeNull()
    await type(c, '.e2e-ps-signer-name', '吴子轩')
    await draw(c, NAME)
    await click($(c, '.e2e-ps-submit'))
    await waitFor(() => expect($(c, '.e2e-ps-error').textContent).toBe('签名人的姓名和花名册上的不一致，请写本人的真实姓名'))
    const body = posts('/api/pledge/campaigns/9/signatures')[0].data
    expect(body.guardian).toBeUndefined()
    expect(body.signerName).toBe('吴子轩')
    // switching to 家长 asks for the parent's own name and the consent
    await click($$(c, '.e2e-ps-as')[1])
    expect(($(c, '.e2e-ps-signer-name') as HTMLInputElement).value).toBe('')
    expect($(c, '.e2e-ps-consent')).toBeTruthy()
    await click($$(c, '.e2e-ps-as')[0])
    expect(($(c, '.e2e-ps-signer-name') as HTMLInputElement).value).toBe('吴梓轩')
    // the roster says under 14 only when signing: the page turns to the parent
    await click($(c, '.e2e-ps-submit'))
    await waitFor(() => expect($(c, '.e2e-ps-error').textContent).toContain('需要由家长'))
    expect($$(c, '.e2e-ps-as.selected').map((x) => x.textContent)).toEqual(['我是家长'])
    expect(($(c, '.e2e-ps-signer-name') as HTMLInputElement).value).toBe('')
  })

  test('a campaign signed by guardians offers no 学生本人', async () => {
    __setRouterParams({ id: '9', classId: '53' })
    serve({
      'GET /api/pledge/campaigns/9/sign': () => signPage({}, { guardianSigns: true }),
      'POST /api/pledge/campaigns/9/match': () => matchView(),
    })
    const { container: c } = render(<PledgeSignPage />)
    await readToEnd(c)
    await click($(c, '.e2e-ps-next'))
    await type(c, '.e2e-ps-student-name', '吴梓轩')
    await type(c, '.e2e-ps-student-no', '20240101')
    await click($(c, '.e2e-ps-match'))
    await waitFor(() => expect($(c, '.e2e-ps-guardian-forced').textContent).toContain('本次承诺书由家长'))
    expect($(c, '.e2e-ps-as')).toBeNull()
    expect($(c, '.e2e-ps-consent')).toBeTruthy()
  })

  test('already signed: the existing signature instead of the form; a repeat submit shows the first one', async () => {
    __setRouterParams({ id: '9' })
    serve({ 'GET /api/pledge/campaigns/9/sign': () => signPage({ mine: [signature()] }) })
    const { container: c, unmount } = render(<PledgeSignPage />)
    await waitFor(() => expect($(c, '.e2e-ps-signed')).toBeTruthy())
    expect($(c, '.e2e-ps-signed').textContent).toContain('已为 吴*轩 签好了')
    expect($(c, '.e2e-ps-code').textContent).toBe('7K3M9QXA2B')
    expect($(c, '.e2e-ps-text')).toBeNull()
    // a parent with a second child may still sign for that one
    await click($(c, '.e2e-ps-another'))
    expect($(c, '.e2e-ps-text')).toBeTruthy()
    unmount()

    // residents: the server answers a repeat with the existing record
    serve({
      'GET /api/pledge/campaigns/9/sign': () => signPage({ classes: [] }, { audience: 'residents', kind: 'resident' }),
      'POST /api/pledge/campaigns/9/signatures': () => ({ statusCode: 201, data: signature({ repeated: true, signerType: 'self', studentMasked: null, relationship: null, signerName: '张桂英' }) }),
    })
    const r2 = render(<PledgeSignPage />)
    await readToEnd(r2.container)
    await click($(r2.container, '.e2e-ps-next'))
    expect($(r2.container, '.e2e-ps-student')).toBeNull()
    await type(r2.container, '.e2e-ps-signer-name', '张桂英')
    await draw(r2.container, NAME)
    await click($(r2.container, '.e2e-ps-submit'))
    await waitFor(() => expect($(r2.container, '.e2e-ps-signed').textContent).toContain('之前已经签过了'))
    expect(posts('/api/pledge/campaigns/9/signatures')[0].data.student).toBeUndefined()
  })

  test('after the deadline or outside the audience: the reason, no form; a forged id: not found', async () => {
    __setRouterParams({ id: '9' })
    serve({ 'GET /api/pledge/campaigns/9/sign': () => signPage({ canSign: false, reason: 'PLEDGE_DEADLINE_PASSED' }, { state: 'ended' }) })
    const r1 = render(<PledgeSignPage />)
    await waitFor(() => expect($(r1.container, '.e2e-ps-cannot').textContent).toContain('签署已经截止，如需补签请联系组织者'))
    expect($(r1.container, '.e2e-ps-text')).toBeNull()
    expect($(r1.container, '.e2e-ps-deadline').className).toContain('ended')
    r1.unmount()

    __setRouterParams({ id: '999' })
    serve({})
    const r2 = render(<PledgeSignPage />)
    await waitFor(() => expect(r2.container.textContent).toContain('没有找到这份承诺书'))
  })

  test('a text changed meanwhile: reloaded and read again', async () => {
    __setRouterParams({ id: '9' })
    let loads = 0
    serve({
      'GET /api/pledge/campaigns/9/sign': () => {
        loads++
        return signPage({ classes: [] }, { audience: 'residents', kind: 'resident' })
      },
      'POST /api/pledge/campaigns/9/signatures': () => fail(409, 'PLEDGE_TEXT_CHANGED', '承诺书内容已更新，请重新阅读后再签'),
    })
    const { container: c } = render(<PledgeSignPage />)
    await readToEnd(c)
    await click($(c, '.e2e-ps-next'))
    await type(c, '.e2e-ps-signer-name', '张桂英')
    await draw(c, NAME)
    await click($(c, '.e2e-ps-submit'))
    await waitFor(() => expect(loads).toBe(2))
    await waitFor(() => expect($(c, '.e2e-ps-text')).toBeTruthy())
    expect(calls.toasts).toContain('承诺书内容已更新，请重新阅读后再签')
  })

  test('a unit signs through its contact: the unit, the title, the name', async () => {
    __setRouterParams({ id: '9' })
    serve({
      'GET /api/pledge/campaigns/9/sign': () =>
        signPage({ classes: [], units: [{ id: 70, name: '和平纺织有限公司', kind: 'enterprise' }, { id: 71, name: '绿源农业专业合作社', kind: 'enterprise' }] }, { audience: 'units', kind: 'unit' }),
      'POST /api/pledge/campaigns/9/signatures': () => ({ statusCode: 201, data: signature({ signerType: 'unit', unitName: '绿源农业专业合作社', signerTitle: '理事长', signerName: '郑伟', studentMasked: null }) }),
    })
    const { container: c } = render(<PledgeSignPage />)
    await readToEnd(c)
    await click($(c, '.e2e-ps-next'))
    await type(c, '.e2e-ps-signer-name', '郑伟')
    await draw(c, NAME)
    await click($(c, '.e2e-ps-submit'))
    expect($(c, '.e2e-ps-error').textContent).toBe('请选择单位')
    await click($$(c, '.e2e-ps-unit')[1])
    await type(c, '.e2e-ps-title-input', '理事长')
    await click($(c, '.e2e-ps-submit'))
    await waitFor(() => expect($(c, '.e2e-ps-signed').textContent).toContain('郑伟（理事长）代表 绿源农业专业合作社'))
    expect(posts('/api/pledge/campaigns/9/signatures')[0].data).toMatchObject({ unitId: 71, signerTitle: '理事长', signerName: '郑伟' })
  })
})

describe('截止前提醒我', () => {
  const resident = () => signPage({ classes: [] }, { audience: 'residents', kind: 'resident' })

  test('WeChat with a template: the permission first, then the server; a refusal sends nothing', async () => {
    process.env.TARO_ENV = 'weapp'
    process.env.TARO_APP_TMPL_PLEDGE_REMIND = 'TMPL_PLEDGE'
    let answer = 'reject'
    const ask = jest.fn(async (o: { tmplIds: string[] }) => ({ [o.tmplIds[0]]: answer, errMsg: 'requestSubscribeMessage:ok' }))
    T.requestSubscribeMessage = ask
    __setRouterParams({ id: '9' })
    serve({ 'GET /api/pledge/campaigns/9/sign': resident, 'POST /api/pledge/campaigns/9/subscribe': () => ({ credits: 1 }) })
    const { container: c } = render(<PledgeSignPage />)
    await waitFor(() => expect($(c, '.e2e-ps-remind')).toBeTruthy())
    await click($(c, '.e2e-ps-remind'))
    expect(ask).toHaveBeenCalledWith({ tmplIds: ['TMPL_PLEDGE'] })
    expect(posts('/api/pledge/campaigns/9/subscribe')).toHaveLength(0)
    expect(c.textContent).toContain('没有允许微信通知')
    answer = 'accept'
    await click($(c, '.e2e-ps-remind'))
    await waitFor(() => expect($(c, '.e2e-ps-remind-done')).toBeTruthy())
    expect(posts('/api/pledge/campaigns/9/subscribe')[0].data).toEqual({})
  })

  test('H5 (or no template): straight to the server; students send the matched student', async () => {
    const ask = jest.fn()
    T.requestSubscribeMessage = ask
    __setRouterParams({ id: '9', classId: '53' })
    serve({
      'GET /api/pledge/campaigns/9/sign': () => signPage(),
      'POST /api/pledge/campaigns/9/match': () => matchView(),
      'POST /api/pledge/campaigns/9/subscribe': () => ({ credits: 1 }),
    })
    const { container: c } = render(<PledgeSignPage />)
    await readToEnd(c)
    // students: the reminder belongs to a matched student, so it waits for the match
    expect($(c, '.e2e-ps-remind')).toBeNull()
    await click($(c, '.e2e-ps-next'))
    await type(c, '.e2e-ps-student-name', '吴梓轩')
    await type(c, '.e2e-ps-student-no', '20240101')
    await click($(c, '.e2e-ps-match'))
    await waitFor(() => expect($(c, '.e2e-ps-remind')).toBeTruthy())
    await click($(c, '.e2e-ps-remind'))
    await waitFor(() => expect($(c, '.e2e-ps-remind-done')).toBeTruthy())
    expect(ask).not.toHaveBeenCalled()
    expect(posts('/api/pledge/campaigns/9/subscribe')[0].data).toEqual({ student: { classId: 53, name: '吴梓轩', studentNo: '20240101' } })
  })
})

describe('my pledges, the signed pledge, verification', () => {
  test('to sign with deadlines, signed with time and code; the 我的 tab counts what waits', async () => {
    serve({ 'GET /api/pledge/mine': () => myPledges() })
    const { container: c } = render(<PledgesPage />)
    await waitFor(() => expect($$(c, '.e2e-pledge-to-sign')).toHaveLength(1))
    const row = $(c, '.e2e-pledge-to-sign')
    expect(row.textContent).toContain('为 吴*轩 签署')
    expect(row.textContent).toContain('截止')
    expect($(c, '.e2e-pledge-signed').textContent).toContain('QQ22RR33SS')
    await click(row)
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/pledge-sign/index?id=9' })
    await click($(c, '.e2e-pledge-signed'))
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/pledge-view/index?id=302' })

    const tab = render(<PledgeEntryRow />)
    await waitFor(() => expect($(tab.container, '.e2e-mine-pledges-count').textContent).toBe('1 份待签'))
  })

  test('the signed pledge: the image from its signed link, 保存到相册 (card-image.test.tsx draws and saves), the verify link', async () => {
    __setRouterParams({ id: '301' })
    serve({ 'GET /api/pledge/signatures/301': () => signature() })
    const { container: c } = render(<PledgeViewPage />)
    await waitFor(() => expect($(c, '.e2e-pv-code').textContent).toBe('7K3M9QXA2B'))
    const src = '/api/pledge/signatures/301/image?exp=1733000000&sig=abcdefghijklmnop'
    expect($(c, '.e2e-pv-image').getAttribute('src')).toBe(src)
    expect($(c, '.e2e-pv-card').textContent).toContain('吴海涛（父亲）为 吴*轩 签署')
    expect($(c, '.e2e-pv-save').textContent).toBe('保存到相册')
    await click($(c, '.e2e-pv-verify'))
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/pledge-verify/index?code=7K3M9QXA2B' })
  })

  test('verify works without login: 真实有效, or the problems; a malformed code is not sent; an unknown code says so', async () => {
    resetSessionForTests({ phase: 'pick-user', me: null })
    __setRouterParams({ code: '7k3m-9qxa 2b' })
    let view = verifyView()
    serve({ 'GET /api/pledge/verify/7K3M9QXA2B': () => view })
    const r1 = render(<PledgeVerifyPage />)
    await waitFor(() => expect($(r1.container, '.e2e-verify-valid').textContent).toContain('真实有效'))
    expect($(r1.container, '.e2e-verify-signer').textContent).toContain('吴*涛（家长（监护人）代签）')
    // a public call: no token
    expect(calls.requests[0].header.Authorization).toBeUndefined()
    r1.unmount()

    view = verifyView({ valid: false, problems: ['签名图片与存档不一致'] })
    const r2 = render(<PledgeVerifyPage />)
    await waitFor(() => expect($(r2.container, '.e2e-verify-invalid').textContent).toContain('核验未通过'))
    expect($(r2.container, '.e2e-verify-problems').textContent).toContain('签名图片与存档不一致')
    r2.unmount()

    __setRouterParams({})
    const r3 = render(<PledgeVerifyPage />)
    const before = calls.requests.length
    await type(r3.container, '.e2e-verify-input', '12')
    await click($(r3.container, '.e2e-verify-submit'))
    expect($(r3.container, '.e2e-verify-error').textContent).toContain('核对后重新输入')
    expect(calls.requests.length).toBe(before)
    await type(r3.container, '.e2e-verify-input', 'ZZZZZZZZ')
    await click($(r3.container, '.e2e-verify-submit'))
    await waitFor(() => expect($(r3.container, '.e2e-verify-error').textContent).toBe('没有找到这个核验码，请核对后重新输入'))
  })
})
