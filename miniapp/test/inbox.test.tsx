import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setModalAnswer, __storage, calls, type FakeRequest } from './mocks/taro'
import InboxPage from '../src/pages/inbox/index'
import { resetSessionForTests } from '../src/store/session'
import { membership, person, task } from './fixtures'

// capture the page's share handler and "did show" so the test can play WeChat's part
const hooks: { share?: (res: unknown) => { title: string; path: string }; shows: (() => void)[] } = { shows: [] }
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('./mocks/taro')
  return {
    __esModule: true,
    ...actual,
    default: actual.default,
    useShareAppMessage: (fn: (res: unknown) => { title: string; path: string }) => {
      hooks.share = fn
    },
    useDidShow: (fn: () => void) => {
      hooks.shows.push(fn)
    },
  }
})

const T = Taro as unknown as Record<string, unknown>
const counts = { pending: 2, forwarded: 1, overdue: 1 }
let forwarded: number[] = []
let offline: { id: number; body: unknown }[] = []

function server(extra?: (r: FakeRequest) => { statusCode: number; data?: unknown } | undefined) {
  __setHandler((r) => {
    const x = extra?.(r)
    if (x) return x
    const u = new URL(r.url, 'http://x')
    if (r.method === 'GET' && u.pathname === '/api/tasks') {
      const status = u.searchParams.get('status')
      const items =
        status === 'pending'
          ? [task(1, { deadline: '2024-11-21T09:00:00.000Z', bulletin: { ...task(1).bulletin, title: '警惕刷单' } }), task(2, { overdue: true, deadline: '2024-11-19T09:00:00.000Z', groupsBound: 0 })]
          : status === 'forwarded'
            ? [task(3, { status: 'forwarded', forwardedAt: '2024-11-20T10:00:00.000Z' })]
            : [task(2, { overdue: true, deadline: '2024-11-19T09:00:00.000Z' })]
      return { statusCode: 200, data: { items, nextCursor: null, counts } }
    }
    const fwd = u.pathname.match(/^\/api\/tasks\/(\d+)\/forward$/)
    if (r.method === 'POST' && fwd) {
      forwarded.push(Number(fwd[1]))
      return { statusCode: 200, data: task(Number(fwd[1]), { status: 'forwarded' }) }
    }
    const off = u.pathname.match(/^\/api\/tasks\/(\d+)\/offline$/)
    if (r.method === 'POST' && off) {
      offline.push({ id: Number(off[1]), body: r.data })
      return { statusCode: 200, data: task(Number(off[1]), { status: 'offline' }) }
    }
    return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } }
  })
}

beforeEach(() => {
  __reset()
  hooks.share = undefined
  hooks.shows = []
  forwarded = []
  offline = []
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc-1')
  __storage().set('wuzha.refreshToken', 'ref-1-0123456789abcdef')
  resetSessionForTests({ phase: 'ready', me: person([membership(2, 'village_cadre', '烟雨村', 'village', ['示范县', '和平镇'])]) })
})
afterEach(() => {
  process.env.TARO_ENV = 'h5'
  for (const k of ['chooseImage', 'uploadFile']) delete T[k]
})

test('tabs with counts; overdue deadline in red; switching tabs loads that status', async () => {
  server()
  const { container } = render(<InboxPage />)
  await waitFor(() => expect(container.querySelectorAll('.e2e-task')).toHaveLength(2))
  expect(container.querySelector('.e2e-tab-pending')?.textContent).toBe('待转发 2')
  expect(container.querySelector('.e2e-tab-forwarded')?.textContent).toBe('已转发 1')
  expect(container.querySelector('.e2e-tab-overdue')?.textContent).toBe('已超时 1')
  const [first, second] = Array.from(container.querySelectorAll('.e2e-task'))
  expect(first.querySelector('.e2e-task-title')?.textContent).toBe('警惕刷单')
  expect(first.querySelector('.e2e-task-deadline-overdue')).toBeNull()
  expect(second.querySelector('.e2e-task-deadline-overdue')?.textContent).toContain('已超过截止时间')
  // no group bound at this node: a way to bind one
  expect(second.querySelector('.e2e-task-bind')).toBeTruthy()
  fireEvent.click(first.querySelector('.e2e-task-open') as HTMLElement)
  expect(calls.navigations).toEqual([{ type: 'navigateTo', url: '/pages/bulletin/index?id=101' }])

  fireEvent.click(container.querySelector('.e2e-tab-forwarded') as HTMLElement)
  await waitFor(() => expect(container.querySelector('.e2e-task')?.textContent).toContain('已转发到群'))
  expect(container.querySelector('.e2e-task-forwarded')).toBeNull()
  expect(calls.requests.map((r) => r.url)).toContain('/api/tasks?status=forwarded&limit=20')
})

test('forwarding asks "已经发到群里了吗？" and marks forwarded only on yes', async () => {
  server()
  const { container } = render(<InboxPage />)
  await waitFor(() => expect(container.querySelectorAll('.e2e-task')).toHaveLength(2))
  __setModalAnswer(false)
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-task-forwarded') as HTMLElement)
  })
  expect(forwarded).toEqual([])
  __setModalAnswer(true)
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-task-forwarded') as HTMLElement)
  })
  await waitFor(() => expect(forwarded).toEqual([1]))
})

test('weapp: the share button shares the bulletin; coming back asks and marks forwarded', async () => {
  process.env.TARO_ENV = 'weapp'
  server()
  const { container } = render(<InboxPage />)
  await waitFor(() => expect(container.querySelectorAll('.e2e-task-share')).toHaveLength(2))
  const btn = container.querySelectorAll('.e2e-task-share')[1] as HTMLElement
  expect(btn.getAttribute('data-open-type')).toBe('share')
  fireEvent.click(btn)
  const card = hooks.share!({ from: 'button', target: {} })
  expect(card).toEqual({ title: '提醒102', path: '/pages/bulletin/index?id=102' })
  // WeChat shows the page again after the share sheet closes
  await act(async () => {
    hooks.shows.forEach((f) => f())
  })
  await waitFor(() => expect(forwarded).toEqual([2]))
  // the menu share (not the button) does not ask anything
  const menu = hooks.share!({ from: 'menu' })
  expect(menu.path).toBe('/pages/index/index')
})

test('offline forward: note required, photo uploaded with purpose offline_forward, then tasks.offline', async () => {
  server()
  T.chooseImage = jest.fn(async () => ({ tempFilePaths: ['blob:p1'], tempFiles: [{ path: 'blob:p1', size: 1000, originalFileObj: { name: 'board.jpg' } }] }))
  T.uploadFile = jest.fn(async (o: { url: string; name: string; header: Record<string, string> }) => ({
    statusCode: 201,
    data: JSON.stringify({ id: 77, url: '/api/files/77?exp=1&sig=abcdefghijklmnop', mime: 'image/jpeg', size: 1000, purpose: 'offline_forward' }),
  }))
  const { container } = render(<InboxPage />)
  await waitFor(() => expect(container.querySelectorAll('.e2e-task')).toHaveLength(2))
  fireEvent.click(container.querySelector('.e2e-task-offline') as HTMLElement)
  const form = container.querySelector('.e2e-offline-form') as HTMLElement
  await act(async () => {
    fireEvent.click(form.querySelector('.e2e-offline-submit') as HTMLElement)
  })
  expect(form.querySelector('.e2e-offline-error')?.textContent).toContain('请写一句')
  expect(offline).toEqual([])
  fireEvent.change(form.querySelector('.e2e-offline-note') as HTMLElement, { target: { value: '已贴在村务公开栏' } })
  await act(async () => {
    fireEvent.click(form.querySelector('.e2e-offline-photo') as HTMLElement)
  })
  await waitFor(() => expect(T.uploadFile).toHaveBeenCalledTimes(1))
  const up = (T.uploadFile as jest.Mock).mock.calls[0][0]
  expect(up.url).toBe('/api/files?purpose=offline_forward')
  expect(up.name).toBe('file')
  expect(up.header.Authorization).toBe('Bearer acc-1')
  await act(async () => {
    fireEvent.click(form.querySelector('.e2e-offline-submit') as HTMLElement)
  })
  await waitFor(() => expect(offline).toEqual([{ id: 1, body: { note: '已贴在村务公开栏', photoFileId: 77 } }]))
})

test('a photo over 5 MB is refused before uploading', async () => {
  server()
  T.chooseImage = jest.fn(async () => ({ tempFiles: [{ path: 'blob:big', size: 6 * 1024 * 1024 }] }))
  T.uploadFile = jest.fn()
  const { container } = render(<InboxPage />)
  await waitFor(() => expect(container.querySelectorAll('.e2e-task')).toHaveLength(2))
  fireEvent.click(container.querySelector('.e2e-task-offline') as HTMLElement)
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-offline-photo') as HTMLElement)
  })
  await waitFor(() => expect(container.querySelector('.e2e-offline-error')?.textContent).toContain('超过5MB'))
  expect(T.uploadFile).not.toHaveBeenCalled()
})
