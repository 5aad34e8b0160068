// The pledge staff pages against a fake server: the campaign editor's checks, scope rules and
// payloads, the roster import report and entry form, the progress page (summary, lists, remind with
// its counts, the class card with counts only, downloads), the campaigns list, the texts and the
// workbench entries.
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'
import { townAdmin, villageCadre } from './staff-fixtures'
import { campaign, orgChildren, progress, schoolAdmin, signer, teacher, template } from './pledge-admin-fixtures'

// the page's share handler (useShareAppMessage), to read the class card it would send
const mockShare: { fn: null | (() => { title: string; path: string }) } = { fn: null }
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('./mocks/taro')
  return { ...actual, __esModule: true, default: actual.default, useShareAppMessage: (fn: () => { title: string; path: string }) => void (mockShare.fn = fn) }
})

/* eslint-disable @typescript-eslint/no-require-imports */
const EditPage = require('../src/pages/pledge-campaign-edit/index').default as () => JSX.Element
const CampaignsPage = require('../src/pages/pledge-campaigns/index').default as () => JSX.Element
const RosterPage = require('../src/pages/pledge-roster/index').default as () => JSX.Element
const ProgressPage = require('../src/pages/pledge-progress/index').default as () => JSX.Element
const TemplatesPage = require('../src/pages/pledge-templates/index').default as () => JSX.Element
const Home = require('../src/pages/index/index').default as () => JSX.Element
/* eslint-enable @typescript-eslint/no-require-imports */

const T = Taro as unknown as Record<string, unknown>
const modals: { title: string; content: string }[] = []

beforeEach(() => {
  __reset()
  mockShare.fn = null
  modals.length = 0
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc-1')
  __storage().set('wuzha.refreshToken', 'ref-1')
  resetSessionForTests({ phase: 'ready', me: schoolAdmin() })
  T.redirectTo = async (o: { url: string }) => void calls.navigations.push({ type: 'redirectTo', url: o.url })
  T.navigateBack = async () => void calls.navigations.push({ type: 'navigateBack', url: '' })
  T.showModal = async (o: { title: string; content: string }) => {
    modals.push({ title: o.title, content: o.content })
    return { confirm: true, cancel: false }
  }
  URL.createObjectURL = jest.fn(() => 'blob:download')
  URL.revokeObjectURL = jest.fn()
})
afterEach(() => {
  jest.restoreAllMocks()
})

const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const all = (c: HTMLElement, sel: string) => Array.from(c.querySelectorAll(sel)) as HTMLElement[]
const type = (el: Element, value: string) => fireEvent.change(el, { target: { value } })
const notFound = { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } }
const ok = (data: unknown) => ({ statusCode: 200, data })
function serve(handler: (r: FakeRequest) => { statusCode: number; data?: unknown } | undefined) {
  __setHandler((r) => handler(r) ?? notFound)
}
// the org tree of 和平镇中学 and its town
function org(r: FakeRequest) {
  const m = /^\/api\/org\/nodes\/(\d+)\/children$/.exec(r.url)
  if (m) return ok({ items: orgChildren(Number(m[1])) })
  if (r.url === '/api/org/nodes/30') return ok({ id: 30, parentId: 10, kind: 'school', name: '和平镇中学', ancestors: [{ id: 1, name: '示范县', kind: 'county' }, { id: 10, name: '和平镇', kind: 'town' }], childCount: 2 })
  return undefined
}
const row = (c: HTMLElement, sel: string, text: string) => all(c, sel).find((e) => e.textContent?.includes(text)) as HTMLElement

test('the editor: checks before sending, the one-school scope rules, then a draft saved and published with the text version fixed', async () => {
  const posts: { url: string; data: any }[] = []
  const listItems = [template(), template({ id: 5, builtin: false, townId: 10, current: { ...template().current, id: 12, version: 1, title: '和平镇中学生承诺书' } })].map(({ versions, ...t }) => t)
  serve((r) => {
    if (r.url === '/api/pledge/templates?townId=10&kind=student') return ok({ items: listItems })
    if (r.method === 'POST' && r.url === '/api/pledge/campaigns') {
      posts.push({ url: r.url, data: r.data })
      return { statusCode: 201, data: campaign({ status: 'draft', state: 'draft', signed: null, total: null, rate: null, publishedAt: null, title: r.data.title }) }
    }
    if (r.method === 'POST' && r.url === '/api/pledge/campaigns/7/publish') {
      posts.push({ url: r.url, data: r.data })
      return ok(campaign({ signed: 0, total: 40, rate: 0 }))
    }
    return org(r)
  })
  const { container: c } = render(<EditPage />)
  await waitFor(() => expect(all(c, '.e2e-pc-template')).toHaveLength(2))
  await waitFor(() => expect(row(c, '.e2e-scope-node', '七年级2班')).toBeTruthy())
  // the whole school is chosen to start with
  expect(q(c, '.e2e-scope-whole').className).toContain('checked')

  await act(async () => {
    fireEvent.click(q(c, '.e2e-pc-publish'))
  })
  const errors = all(c, '.e2e-field-error').map((e) => e.textContent)
  expect(errors).toEqual(expect.arrayContaining(['请选择一份承诺书', '至少2个字']))
  expect(calls.requests.some((r) => r.method === 'POST')).toBe(false)

  // choosing a text shows it with its version and takes its title
  fireEvent.click(all(c, '.e2e-pc-template')[0])
  expect(q(c, '.e2e-pc-preview').textContent).toContain('不出租、出借、出售自己的银行卡和手机卡')
  expect(q(c, '.e2e-pc-preview').textContent).toContain('第2版')
  expect((q(c, '.e2e-pc-title input') ?? q(c, 'input.e2e-pc-title')).getAttribute('value')).toBe('学生反诈承诺书')

  const pick = (name: string) => fireEvent.click(q(row(c, '.e2e-scope-node', name), '.check-box'))
  pick('七年级1班')
  pick('七年级2班')
  expect(q(c, '.e2e-scope-summary').textContent).toBe('已选：七年级1班、七年级2班')
  // the grade replaces its classes, a class then replaces its grade
  pick('七年级')
  expect(q(c, '.e2e-scope-summary').textContent).toBe('已选：七年级')
  pick('七年级1班')
  expect(q(c, '.e2e-scope-summary').textContent).toBe('已选：七年级1班')

  type(q(c, 'input.e2e-pc-title'), ' 七年级1班反诈承诺书 ')
  type(q(c, 'input.e2e-pc-target'), '95')
  fireEvent.click(q(c, '.e2e-pc-guardian'))
  await act(async () => {
    fireEvent.click(q(c, '.e2e-pc-publish'))
  })
  await waitFor(() => expect(q(c, '.e2e-pc-done-head')?.textContent).toBe('签署活动已发布'))
  expect(posts[0].data).toMatchObject({ ownerNodeId: 30, templateId: 4, audience: 'students', title: '七年级1班反诈承诺书', scopeNodeIds: [410], targetPercent: 95, guardianSigns: true })
  expect(Object.keys(posts[0].data).sort()).toEqual(['audience', 'deadline', 'guardianSigns', 'ownerNodeId', 'scopeNodeIds', 'targetPercent', 'templateId', 'title'])
  // 18:00 China time
  expect(posts[0].data.deadline).toMatch(/T10:00:00\.000Z$/)
  expect(posts[1].url).toBe('/api/pledge/campaigns/7/publish')
  expect(modals[0].content).toContain('固定为第2版')
  expect(q(c, '.e2e-pc-done').textContent).toContain('分享到家长群')
})

test('a published campaign only edits title, intro and deadline; the server refusal shows on the form', async () => {
  __setRouterParams({ id: '7' })
  let put: any = null
  serve((r) => {
    if (r.url === '/api/pledge/campaigns/7' && r.method === 'GET') return ok(campaign())
    if (r.url === '/api/pledge/campaigns/7' && r.method === 'PUT') {
      put = r.data
      return { statusCode: 409, data: { code: 'PLEDGE_NOT_EDITABLE', message: '已发布的签署活动只能修改标题、说明和截止时间' } }
    }
    return org(r)
  })
  const { container: c } = render(<EditPage />)
  await waitFor(() => expect(q(c, '.e2e-pc-locked')).toBeTruthy())
  expect(q(c, '.e2e-pc-locked').textContent).toContain('第2版')
  // no text, audience or scope controls once published
  expect(q(c, '.e2e-pc-template')).toBeNull()
  expect(q(c, '.e2e-scope-picker')).toBeNull()
  type(q(c, 'input.e2e-pc-title'), '七年级反诈承诺书（补签）')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-pc-save'))
  })
  await waitFor(() => expect(q(c, '.e2e-form-error')).toBeTruthy())
  expect(put).toMatchObject({ title: '七年级反诈承诺书（补签）', templateId: 4, scopeNodeIds: [410] })
  expect(q(c, '.e2e-form-error').textContent).toBe('已发布的签署活动只能修改标题、说明和截止时间')
  expect(q(c, '.e2e-pc-close')).toBeTruthy()
})

test('the roster: a refused import lists each 第N行 error and imports nothing; an accepted one gives the counts per class', async () => {
  __setRouterParams({ nodeId: '30' })
  let reject = true
  const uploads: any[] = []
  T.uploadFile = async (o: any) => {
    uploads.push(o)
    return reject
      ? {
          statusCode: 400,
          data: JSON.stringify({
            code: 'ROSTER_IMPORT_INVALID',
            message: '花名册里有错误，已全部退回，一个学生也没有导入。请按提示修改后重新导入',
            fields: [
              { path: '第3行 学号', message: '学号2024070101和第2行重复' },
              { path: '第5行 班级', message: '本校没有“七年级9班”' },
            ],
          }),
        }
      : { statusCode: 200, data: JSON.stringify({ rows: 3, created: 2, updated: 1, unchanged: 0, classes: [{ class: { id: 410, name: '七年级1班', kind: 'class' }, count: 3 }] }) }
  }
  jest.spyOn(document, 'createElement').mockImplementation(((tag: string) => {
    if (tag !== 'input') return Document.prototype.createElement.call(document, tag)
    // the file chooser: a picked file as soon as it is clicked
    const el = Document.prototype.createElement.call(document, 'input') as HTMLInputElement
    el.click = () => {
      Object.defineProperty(el, 'files', { value: [new File(['班级,姓名,学号'], '花名册.csv', { type: 'text/csv' })] })
      el.onchange?.(new Event('change'))
    }
    return el
  }) as typeof document.createElement)
  const lists: string[] = []
  serve((r) => {
    if (r.url.startsWith('/api/pledge/roster?')) {
      lists.push(r.url)
      return ok({
        items: [
          { id: 1, schoolId: 30, class: { id: 410, name: '七年级1班', kind: 'class' }, name: '王子涵', studentNo: '2024070101', birthYear: 2013, guardianRequired: true, guardianPhoneMasked: '138****0000', updatedAt: '2026-11-22T00:00:00.000Z' },
          { id: 2, schoolId: 30, class: { id: 410, name: '七年级1班', kind: 'class' }, name: '李思远', studentNo: '2024070102', birthYear: null, guardianRequired: false, guardianPhoneMasked: null, updatedAt: '2026-11-22T00:00:00.000Z' },
        ],
        nextCursor: null,
        total: 2,
      })
    }
    return org(r)
  })
  const { container: c } = render(<RosterPage />)
  await waitFor(() => expect(all(c, '.e2e-roster-entry')).toHaveLength(2))
  expect(lists[0]).toBe('/api/pledge/roster?nodeId=410&limit=50')
  expect(all(c, '.e2e-roster-class').map((e) => e.textContent)).toEqual(['七年级1班', '七年级2班', '八年级1班'])
  const first = all(c, '.e2e-roster-entry')[0].textContent
  expect(first).toContain('需家长签')
  expect(first).toContain('家长 138****0000')
  expect(all(c, '.e2e-roster-entry')[1].textContent).not.toContain('需家长签')

  await act(async () => {
    fireEvent.click(q(c, '.e2e-roster-import'))
  })
  await waitFor(() => expect(q(c, '.e2e-roster-import-errors')).toBeTruthy())
  expect(uploads[0]).toMatchObject({ url: '/api/pledge/roster/import?schoolId=30', filePath: 'blob:download', name: 'file', fileName: '花名册.csv', header: { Authorization: 'Bearer acc-1' } })
  expect(all(c, '.e2e-roster-import-error-row').map((e) => e.textContent)).toEqual(['第3行 学号学号2024070101和第2行重复', '第5行 班级本校没有“七年级9班”'])
  expect(q(c, '.e2e-roster-import-errors').textContent).toContain('一个学生也没有导入')

  reject = false
  await act(async () => {
    fireEvent.click(q(c, '.e2e-roster-import'))
  })
  await waitFor(() => expect(q(c, '.e2e-roster-import-result')).toBeTruthy())
  expect(q(c, '.e2e-roster-import-errors')).toBeNull()
  expect(q(c, '.e2e-roster-import-result').textContent).toContain('共 3 名学生：新加入 2 名，更新 1 名，没有变化 0 名。')
  expect(q(c, '.e2e-roster-import-result').textContent).toContain('七年级1班：3 名')
  // the class list is read again
  await waitFor(() => expect(lists).toHaveLength(2))
  // another class
  fireEvent.click(row(c, '.e2e-roster-class', '八年级1班'))
  await waitFor(() => expect(lists.at(-1)).toBe('/api/pledge/roster?nodeId=510&limit=50'))
})

test('the roster form: checks in Chinese, a taken number on the number field, an edit warns that the phone must be typed again', async () => {
  __setRouterParams({ nodeId: '30' })
  let posted: any = null
  serve((r) => {
    if (r.url.startsWith('/api/pledge/roster?'))
      return ok({
        items: [{ id: 1, schoolId: 30, class: { id: 410, name: '七年级1班', kind: 'class' }, name: '王子涵', studentNo: '2024070101', birthYear: 2013, guardianRequired: true, guardianPhoneMasked: '138****0000', updatedAt: '2026-11-22T00:00:00.000Z' }],
        nextCursor: null,
        total: 1,
      })
    if (r.method === 'POST' && r.url === '/api/pledge/roster') {
      posted = r.data
      return { statusCode: 409, data: { code: 'ROSTER_DUPLICATE', message: '本校已有这个学号的学生，请核对学号' } }
    }
    return org(r)
  })
  const { container: c } = render(<RosterPage />)
  await waitFor(() => expect(q(c, '.e2e-roster-entry')).toBeTruthy())
  fireEvent.click(q(c, '.e2e-roster-add'))
  fireEvent.click(q(c, '.e2e-rf-save'))
  expect(all(c, '.e2e-roster-form .e2e-field-error').map((e) => e.textContent)).toEqual(['至少2个字', '请填写学号'])
  type(q(c, 'input.e2e-rf-name'), '赵一一')
  type(q(c, 'input.e2e-rf-no'), '2024070101')
  type(q(c, 'input.e2e-rf-phone'), '139 0000 1111')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-rf-save'))
  })
  await waitFor(() => expect(q(c, '.e2e-roster-form .e2e-field-error')?.textContent).toBe('本校已有这个学号的学生，请核对学号'))
  expect(posted).toEqual({ classId: 410, name: '赵一一', studentNo: '2024070101', birthYear: null, guardianPhone: '13900001111' })
  fireEvent.click(q(c, '.e2e-rf-cancel'))

  fireEvent.click(q(c, '.e2e-roster-edit'))
  expect(q(c, 'input.e2e-rf-name').getAttribute('value')).toBe('王子涵')
  expect(q(c, 'input.e2e-rf-year').getAttribute('value')).toBe('2013')
  expect(q(c, '.e2e-rf-phone-note').textContent).toContain('已登记 138****0000')
})

test("a teacher reads their class's roster: no import, no add, no edit", async () => {
  resetSessionForTests({ phase: 'ready', me: teacher() })
  __setRouterParams({ nodeId: '410' })
  serve((r) => (r.url.startsWith('/api/pledge/roster?') ? ok({ items: [], nextCursor: null, total: 0 }) : undefined))
  const { container: c } = render(<RosterPage />)
  await waitFor(() => expect(q(c, '.e2e-roster-empty')).toBeTruthy())
  expect(calls.requests.map((r) => r.url)).toEqual(['/api/pledge/roster?nodeId=410&limit=50'])
  expect(q(c, '.e2e-roster-import')).toBeNull()
  expect(q(c, '.e2e-roster-add')).toBeNull()
  expect(q(c, '.e2e-roster-empty').textContent).toContain('请联系学校管理员')
})

test("a teacher's class progress: the target, the unsigned list, remind with its counts, a class card with counts only, downloads", async () => {
  resetSessionForTests({ phase: 'ready', me: teacher() })
  __setRouterParams({ id: '7' })
  const requests: FakeRequest[] = []
  serve((r) => {
    requests.push(r)
    if (r.url === '/api/pledge/campaigns/7/progress') return ok(progress())
    if (r.url.startsWith('/api/pledge/campaigns/7/signers?') && r.url.includes('status=unsigned')) return ok({ items: [signer(1), signer(2), signer(3)], nextCursor: null, total: 8 })
    if (r.url.startsWith('/api/pledge/campaigns/7/signers?'))
      return ok({ items: [signer(4, { signed: true, signerType: 'guardian', relationship: 'mother', signedAt: '2026-11-23T01:00:00.000Z', code: 'K7M2Q9XW3P' })], nextCursor: null, total: 32 })
    if (r.url === '/api/pledge/campaigns/7/remind') return ok({ sent: 3, noConsent: 4, recent: 1, disabled: false })
    if (r.url.startsWith('/api/pledge/campaigns/7/export') || r.url.startsWith('/api/pledge/campaigns/7/images')) return ok(new ArrayBuffer(4))
    return undefined
  })
  const { container: c } = render(<ProgressPage />)
  await waitFor(() => expect(q(c, '.e2e-pp-summary')).toBeTruthy())
  expect(q(c, '.e2e-pp-signed').textContent).toBe('32/40')
  expect(q(c, '.e2e-pp-rate').textContent).toBe('80%')
  expect(q(c, '.e2e-pp-behind').textContent).toBe('还差8人达到目标，未签8人')
  expect(q(c, '.e2e-pp-guardian').textContent).toBe('其中家长代签 21 人')
  expect(q(c, '.e2e-pp-summary .p-bar-fill').getAttribute('style')).toContain('width: 80%')

  await waitFor(() => expect(all(c, '.e2e-pp-person-unsigned')).toHaveLength(3))
  expect(requests.find((r) => r.url.includes('/signers'))?.url).toBe('/api/pledge/campaigns/7/signers?nodeId=410&status=unsigned&limit=50')
  expect(q(c, '.e2e-pp-list-total').textContent).toContain('未签 8 人')
  expect(all(c, '.e2e-pp-person-unsigned')[0].textContent).toContain('李*远学号 2024070101')
  expect(all(c, '.e2e-pp-person-unsigned')[1].textContent).toContain('可微信提醒')

  // the class card: counts and the class, never a name
  const card = mockShare.fn!()
  expect(card).toEqual({ title: '七年级1班已签32人，共40人：请签《七年级学生反诈承诺书》', path: '/pages/pledge-sign/index?id=7&classId=410' })
  for (const name of ['王*涵', '李*远', '张*怡', '2024070101']) expect(card.title).not.toContain(name)
  expect(q(c, '.e2e-pp-share').textContent).toBe('分享班级卡片')

  await act(async () => {
    fireEvent.click(q(c, '.e2e-pp-remind'))
  })
  await waitFor(() => expect(q(c, '.e2e-pp-remind-result')).toBeTruthy())
  expect(requests.find((r) => r.url.endsWith('/remind'))).toMatchObject({ method: 'POST', data: { nodeId: 410 } })
  expect(q(c, '.e2e-pp-remind-result').textContent).toContain('已给3人发了微信提醒；4人没有开通提醒，请分享班级卡片到群里；1人一天内已提醒过。')
  expect(q(c, '.e2e-pp-remind-counts').textContent).toBe('发出 3 · 未开通提醒 4 · 一天内已提醒 1')
  expect(modals[0].title).toBe('提醒未签家长')

  fireEvent.click(q(c, '.e2e-pp-signed-tab'))
  await waitFor(() => expect(q(c, '.e2e-pp-person-signed')).toBeTruthy())
  expect(q(c, '.e2e-pp-person-signed').textContent).toContain('家长代签（母亲）')
  expect(q(c, '.e2e-pp-person-signed').textContent).toContain('K7M2Q9XW3P')

  const saved: string[] = []
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download)
  })
  await act(async () => {
    fireEvent.click(q(c, '.e2e-pp-export'))
  })
  await act(async () => {
    fireEvent.click(q(c, '.e2e-pp-images'))
  })
  const downloads = requests.filter((r) => /\/(export|images)\?/.test(r.url))
  expect(downloads.map((r) => r.url)).toEqual(['/api/pledge/campaigns/7/export?nodeId=410', '/api/pledge/campaigns/7/images?nodeId=410'])
  expect(downloads.every((r) => r.header.Authorization === 'Bearer acc-1')).toBe(true)
  expect(saved).toEqual(['签署名单-七年级学生反诈承诺书-七年级1班.xlsx', '承诺书-七年级学生反诈承诺书-七年级1班.zip'])
})

test('a school view: classes with their rates open their own progress; no class card above the classes; a disabled remind says so', async () => {
  __setRouterParams({ id: '7' })
  const school = progress({
    node: { id: 30, name: '和平镇中学', kind: 'school' },
    trail: [{ id: 30, name: '和平镇中学', kind: 'school' }],
    summary: { node: { id: 30, name: '和平镇中学', kind: 'school' }, signed: 40, total: 45, rate: 88.9, byGuardian: 25 },
    children: [
      { node: { id: 410, name: '七年级1班', kind: 'class' }, signed: 40, total: 40, rate: 100, byGuardian: 25 },
      { node: { id: 420, name: '七年级2班', kind: 'class' }, signed: 0, total: 5, rate: 0, byGuardian: 0 },
    ],
  })
  serve((r) => {
    if (r.url === '/api/pledge/campaigns/7/progress') return ok(school)
    if (r.url.startsWith('/api/pledge/campaigns/7/signers?')) return ok({ items: [], nextCursor: null, total: 0 })
    if (r.url === '/api/pledge/campaigns/7/remind') return ok({ sent: 0, noConsent: 5, recent: 0, disabled: true })
    return undefined
  })
  const { container: c } = render(<ProgressPage />)
  await waitFor(() => expect(all(c, '.e2e-pp-child')).toHaveLength(2))
  expect(all(c, '.e2e-pp-child-counts').map((e) => e.textContent)).toEqual(['40/40人已签 · 100%', '0/5人已签 · 0%'])
  expect(all(c, '.e2e-pp-child .p-bar-fill').map((e) => e.className)).toEqual(['p-bar-fill good', 'p-bar-fill low'])
  expect(q(c, '.e2e-pp-share')).toBeNull()
  expect(q(c, '.e2e-pp-images')).toBeNull()
  fireEvent.click(all(c, '.e2e-pp-child')[1])
  expect(calls.navigations.at(-1)?.url).toBe('/pages/pledge-progress/index?id=7&nodeId=420')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-pp-remind'))
  })
  await waitFor(() => expect(q(c, '.e2e-pp-remind-result')).toBeTruthy())
  expect(q(c, '.e2e-pp-remind-result').textContent).toContain('微信提醒还没有开通')
  expect(q(c, '.e2e-pp-remind-counts')).toBeNull()
})

test('the campaigns list: rates against the target, deadline, publish asks first and names the text version', async () => {
  resetSessionForTests({ phase: 'ready', me: townAdmin() })
  __setRouterParams({ nodeId: '10' })
  serve((r) => {
    if (r.url.startsWith('/api/pledge/campaigns?'))
      return ok({
        items: [
          campaign({ owner: { id: 10, name: '和平镇', kind: 'town' }, title: '东山村居民反诈承诺书', kind: 'resident', audience: 'residents', signed: 90, total: 100, rate: 90, targetPercent: 90 }),
          campaign({ id: 8, status: 'draft', state: 'draft', signed: null, total: null, rate: null, title: '八年级承诺书' }),
        ],
        nextCursor: null,
      })
    if (r.url === '/api/pledge/campaigns/8/publish') return ok(campaign({ id: 8, title: '八年级承诺书', signed: 0, total: 5, rate: 0 }))
    return undefined
  })
  const { container: c } = render(<CampaignsPage />)
  await waitFor(() => expect(all(c, '.e2e-pledge-campaign')).toHaveLength(2))
  expect(calls.requests[0].url).toBe('/api/pledge/campaigns?nodeId=10&limit=20')
  const [open, draft] = all(c, '.e2e-pledge-campaign')
  expect(q(open, '.e2e-pledge-campaign-counts').textContent).toBe('90/100人已签 · 90%')
  expect(q(open, '.p-bar-fill').className).toContain('good')
  expect(q(open, '.e2e-pledge-campaign-deadline').textContent).toContain('2099年12月6日 18:00')
  expect(q(draft, '.e2e-pledge-campaign-counts')).toBeNull()
  await act(async () => {
    fireEvent.click(q(draft, '.e2e-pledge-campaign-publish'))
  })
  await waitFor(() => expect(q(all(c, '.e2e-pledge-campaign')[1], '.e2e-pledge-campaign-state').textContent).toBe('签署中'))
  expect(modals[0].content).toContain('固定为第2版')
  fireEvent.click(q(c, '.e2e-pledge-state-open'))
  await waitFor(() => expect(calls.requests.at(-1)?.url).toBe('/api/pledge/campaigns?nodeId=10&state=open&limit=20'))
  fireEvent.click(q(c, '.e2e-pledge-campaign-new'))
  expect(calls.navigations.at(-1)?.url).toBe('/pages/pledge-campaign-edit/index?owner=10')
})

test('texts: a town admin reads a built-in text with its versions and saves a copy as the town text', async () => {
  resetSessionForTests({ phase: 'ready', me: townAdmin() })
  __setRouterParams({ id: '4', nodeId: '10' })
  const posts: any[] = []
  serve((r) => {
    if (r.url === '/api/pledge/templates/4') return ok(template())
    if (r.method === 'POST' && r.url === '/api/pledge/templates?townId=10') {
      posts.push(r.data)
      return posts.length === 1
        ? { statusCode: 400, data: { code: 'VALIDATION_FAILED', message: '输入有误', fields: [{ path: 'body.body', message: '不能包含控制字符' }] } }
        : { statusCode: 201, data: template({ id: 15, builtin: false, townId: 10 }) }
    }
    return undefined
  })
  const { container: c } = render(<TemplatesPage />)
  await waitFor(() => expect(q(c, '.e2e-tpl-text')).toBeTruthy())
  expect(all(c, '.e2e-tpl-version').map((e) => e.textContent)).toEqual([expect.stringContaining('第2版'), expect.stringContaining('第1版')])
  expect(all(c, '.e2e-tpl-version')[0].textContent).toContain('校验值 ab12cd34')
  // built-in: no edit, a copy
  expect(q(c, '.e2e-tpl-edit')).toBeNull()
  fireEvent.click(q(c, '.e2e-tpl-copy'))
  type(q(c, 'input.e2e-tf-title'), '和平镇学生反诈承诺书')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-tf-save'))
  })
  // the server's error on the text's body lands under the body
  await waitFor(() => expect(q(c, '.e2e-tpl-form .e2e-field-error')?.textContent).toBe('不能包含控制字符'))
  expect(posts[0]).toEqual({ kind: 'student', title: '和平镇学生反诈承诺书', body: template().current.body })
  await act(async () => {
    fireEvent.click(q(c, '.e2e-tf-save'))
  })
  await waitFor(() => expect(calls.navigations.at(-1)?.url).toBe('/pages/pledge-templates/index?id=15'))
})

test('workbench entries per role', () => {
  const entries = (me: ReturnType<typeof person>) => {
    resetSessionForTests({ phase: 'ready', me })
    serve((r) => (r.url === '/api/me' ? ok(me) : ok({ items: [], nextCursor: null, counts: { pending: 0, forwarded: 0, overdue: 0 } })))
    const { container, unmount } = render(<Home />)
    const texts = all(container, '.e2e-pledge-desk button').map((b) => b.textContent)
    unmount()
    return texts
  }
  expect(entries(townAdmin())).toEqual(['签署活动', '花名册', '承诺书范本'])
  expect(entries(schoolAdmin())).toEqual(['签署活动', '花名册', '承诺书范本'])
  expect(entries(teacher())).toEqual(['班级签署进度', '班级花名册'])
  expect(entries(villageCadre())).toEqual(['签署进度'])
  expect(entries(person([membership(5, 'unit_contact', '和平纺织有限公司', 'enterprise', ['示范县', '和平镇'])]))).toEqual(['签署进度'])
  expect(entries(person([membership(6, 'grid_worker', '第一网格', 'grid', ['示范县', '和平镇', '东山村'])]))).toEqual([])

  resetSessionForTests({ phase: 'ready', me: teacher() })
  const { container } = render(<Home />)
  fireEvent.click(q(container, '.e2e-desk-pledge-campaigns'))
  fireEvent.click(q(container, '.e2e-desk-pledge-roster'))
  expect(calls.navigations.map((n) => n.url)).toEqual(['/pages/pledge-campaigns/index?nodeId=410', '/pages/pledge-roster/index?nodeId=410'])
})
