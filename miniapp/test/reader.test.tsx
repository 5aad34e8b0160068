import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setRouterParams, __storage, calls } from './mocks/taro'
import BulletinPage from '../src/pages/bulletin/index'
import { resetSessionForTests } from '../src/store/session'
import { bulletinView, membership, person } from './fixtures'

const T = Taro as unknown as Record<string, unknown>
const ENC = { encryptedData: 'ZW5jcnlwdGVkLWdyb3VwLWluZm8=', iv: 'aXYtaXYtaXYtaXYtaXYtaQ==' }

function server(over: { confirmedAt?: string | null; openStatus?: number } = {}) {
  __setHandler((r) => {
    if (r.method === 'GET' && r.url === '/api/bulletins/5') return { statusCode: 200, data: bulletinView(5, { title: '警惕冒充医保局', urgency: 'urgent', fraudTypes: ['impersonate_officials'], myConfirmedAt: over.confirmedAt ?? null, body: [
      { type: 'paragraph', runs: [{ text: '接到陌生电话要求转账，' }, { text: '一律不要转', bold: true, highlight: true }] },
      { type: 'image', fileId: 9, url: '/api/files/9?exp=1&sig=abcdefghijklmnop', caption: '诈骗短信截图' },
    ] }) }
    if (r.method === 'POST' && r.url === '/api/bulletins/5/open') {
      if (over.openStatus) return { statusCode: over.openStatus, data: { code: 'GROUP_INFO_STALE', message: '群信息已过期，请从群里重新打开' } }
      return { statusCode: 200, data: { groupCounted: Boolean(r.data?.group), groupName: r.data?.group ? '烟雨村三组群' : null, confirmedAt: null } }
    }
    if (r.method === 'POST' && r.url === '/api/bulletins/5/confirm') return { statusCode: 200, data: { groupCounted: false, groupName: null, confirmedAt: '2024-11-20T10:30:00.000Z' } }
    return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } }
  })
}

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  __setRouterParams({ id: '5' })
  resetSessionForTests({ phase: 'ready', me: person([membership(1, 'resident', '烟雨村', 'village', ['示范县', '和平镇'])]) })
})
afterEach(() => {
  process.env.TARO_ENV = 'h5'
  for (const k of ['getEnterOptionsSync', 'getGroupEnterInfo', 'getShareInfo']) delete T[k]
})

const opens = () => calls.requests.filter((r) => r.url === '/api/bulletins/5/open')

test('renders the blocks natively: urgent banner, badges, bold red run, image with caption', async () => {
  server()
  const { container } = render(<BulletinPage />)
  await waitFor(() => expect(container.querySelector('.e2e-reader-title')?.textContent).toContain('警惕冒充医保局'))
  expect(container.querySelector('.e2e-reader-urgent')).toBeTruthy()
  expect(container.querySelector('.e2e-reader-title')?.textContent).toContain('预警提示')
  expect(container.querySelector('.e2e-reader-title')?.textContent).toContain('冒充公检法')
  const red = container.querySelector('.e2e-reader-body .bb-red') as HTMLElement
  expect(red.textContent).toBe('一律不要转')
  expect(red.className).toContain('bb-bold')
  expect(container.querySelector('.e2e-reader-body img')?.getAttribute('src')).toBe('/api/files/9?exp=1&sig=abcdefghijklmnop')
  expect(container.textContent).toContain('诈骗短信截图')
  // H5: no share button (open-type=share only exists in WeChat), open tracked without a group
  expect(container.querySelector('.e2e-share')).toBeNull()
  await waitFor(() => expect(opens()).toHaveLength(1))
  expect(opens()[0].data).toEqual({})
})

test('已阅 confirms once and then shows the time', async () => {
  server()
  const { container } = render(<BulletinPage />)
  await waitFor(() => expect(container.querySelector('.e2e-confirm')).toBeTruthy())
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-confirm') as HTMLElement)
  })
  await waitFor(() => expect(container.querySelector('.e2e-confirm-done')).toBeTruthy())
  expect(container.querySelector('.e2e-confirm')).toBeNull()
  const d = new Date('2024-11-20T10:30:00.000Z')
  expect(container.querySelector('.e2e-confirm-done')?.textContent).toContain(`${String(d.getHours()).padStart(2, '0')}:30`)
  expect(calls.requests.filter((r) => r.url === '/api/bulletins/5/confirm')).toHaveLength(1)
})

test('already confirmed earlier: the done state shows, no button', async () => {
  server({ confirmedAt: '2024-11-19T01:02:00.000Z' })
  const { container } = render(<BulletinPage />)
  await waitFor(() => expect(container.querySelector('.e2e-confirm-done')).toBeTruthy())
  expect(container.querySelector('.e2e-confirm')).toBeNull()
})

test('weapp, opened from a group card: open carries the encrypted group info, and the share button exists', async () => {
  process.env.TARO_ENV = 'weapp'
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk', path: 'pages/bulletin/index', query: { id: '5' } })
  T.getGroupEnterInfo = jest.fn((o: { success: (r: unknown) => void }) => setTimeout(() => o.success({ errMsg: 'ok', ...ENC }), 0))
  server()
  const { container } = render(<BulletinPage />)
  await waitFor(() => expect(opens()).toHaveLength(1))
  expect(opens()[0].data).toEqual({ group: ENC })
  await waitFor(() => expect(container.textContent).toContain('烟雨村三组群'))
  expect(container.querySelector('.e2e-share')?.getAttribute('data-open-type')).toBe('share')
})

test('weapp, stale group info: reads it again once, then opens without a group', async () => {
  process.env.TARO_ENV = 'weapp'
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk', path: 'pages/bulletin/index', query: { id: '5' } })
  T.getGroupEnterInfo = jest.fn((o: { success: (r: unknown) => void }) => setTimeout(() => o.success(ENC), 0))
  let n = 0
  __setHandler((r) => {
    if (r.url === '/api/bulletins/5/open' && r.data?.group) {
      n++
      return { statusCode: 400, data: { code: 'GROUP_INFO_STALE', message: '群信息已过期，请从群里重新打开' } }
    }
    if (r.url === '/api/bulletins/5/open') return { statusCode: 200, data: { groupCounted: false, groupName: null, confirmedAt: null } }
    if (r.url === '/api/bulletins/5') return { statusCode: 200, data: bulletinView(5) }
    return { statusCode: 404, data: {} }
  })
  render(<BulletinPage />)
  await waitFor(() => expect(opens()).toHaveLength(3))
  expect(n).toBe(2)
  expect(T.getGroupEnterInfo).toHaveBeenCalledTimes(2)
  expect(opens()[2].data).toEqual({})
})

test('weapp but opened inside the app (not from a group): no group info is sent', async () => {
  process.env.TARO_ENV = 'weapp'
  T.getEnterOptionsSync = () => ({ scene: 1001, path: 'pages/index/index', query: {} })
  T.getGroupEnterInfo = jest.fn()
  server()
  render(<BulletinPage />)
  await waitFor(() => expect(opens()).toHaveLength(1))
  expect(opens()[0].data).toEqual({})
  expect(T.getGroupEnterInfo).not.toHaveBeenCalled()
})
