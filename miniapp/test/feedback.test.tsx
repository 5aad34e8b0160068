import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setRouterParams, __storage, calls } from './mocks/taro'
import FeedbackScreen from '../src/pages/feedback/index'
import FeedbackThreadPage from '../src/pages/feedback-thread/index'
import Home from '../src/pages/index/index'
import { resetSessionForTests } from '../src/store/session'
import { bulletinSummary, membership, person } from './fixtures'

const T = Taro as unknown as Record<string, unknown>
const node = { id: 20, name: '烟雨村', kind: 'village' as const }
const view = (over = {}) => ({ id: 8, node, authorName: '王秀英', kind: 'new_scam', body: '有人冒充医保局', photos: [], bulletin: null, replies: [], createdAt: '2024-11-20T09:00:00.000Z', lastActivityAt: '2024-11-20T09:00:00.000Z', ...over })

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc-1')
  __storage().set('wuzha.refreshToken', 'ref-1-0123456789abcdef')
  resetSessionForTests({ phase: 'ready', me: person([membership(2, 'village_cadre', '烟雨村', 'village', ['示范县', '和平镇'])]) })
})
afterEach(() => {
  for (const k of ['chooseImage', 'uploadFile']) delete T[k]
})

test('composer: kind, text, photos (purpose feedback), linked bulletin → feedback.create; the thread appears in the list', async () => {
  __setRouterParams({ bulletinId: '5', title: '警惕刷单' })
  let n = 0
  T.chooseImage = jest.fn(async () => ({ tempFiles: [{ path: 'blob:a', size: 10 }, { path: 'blob:b', size: 10 }] }))
  T.uploadFile = jest.fn(async () => ({ statusCode: 201, data: JSON.stringify({ id: 50 + ++n, url: '/u', mime: 'image/jpeg', size: 10, purpose: 'feedback' }) }))
  __setHandler((r) => {
    if (r.method === 'GET' && r.url.startsWith('/api/feedback?')) return { statusCode: 200, data: { items: [], nextCursor: null } }
    if (r.method === 'POST' && r.url === '/api/feedback') return { statusCode: 201, data: view({ kind: r.data.kind, body: r.data.body, bulletin: { id: 5, title: '警惕刷单' } }) }
    return { statusCode: 404, data: {} }
  })
  const { container } = render(<FeedbackScreen />)
  await waitFor(() => expect(container.querySelector('.e2e-feedback-empty')).toBeTruthy())
  expect(container.querySelector('.e2e-feedback-link')?.textContent).toContain('警惕刷单')
  fireEvent.click(container.querySelector('.e2e-kind-new_scam') as HTMLElement)
  fireEvent.change(container.querySelector('.e2e-feedback-body') as HTMLElement, { target: { value: '有人冒充医保局' } })
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-feedback-add-photo') as HTMLElement)
  })
  await waitFor(() => expect(container.querySelectorAll('.e2e-feedback-photo')).toHaveLength(2))
  expect((T.uploadFile as jest.Mock).mock.calls[0][0].url).toBe('/api/files?purpose=feedback')
  expect((T.chooseImage as jest.Mock).mock.calls[0][0].count).toBe(9)
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-feedback-send') as HTMLElement)
  })
  const post = calls.requests.find((r) => r.method === 'POST' && r.url === '/api/feedback')
  expect(post?.data).toEqual({ nodeId: 20, kind: 'new_scam', body: '有人冒充医保局', photoFileIds: [51, 52], bulletinId: 5 })
  await waitFor(() => expect(container.querySelectorAll('.e2e-feedback-item')).toHaveLength(1))
})

test('thread shows replies and sends a reply', async () => {
  __setRouterParams({ id: '8' })
  __setHandler((r) => {
    if (r.method === 'GET' && r.url === '/api/feedback/8') return { statusCode: 200, data: view() }
    if (r.method === 'POST' && r.url === '/api/feedback/8/replies')
      return { statusCode: 201, data: view({ replies: [{ id: 1, authorName: '李镇', authorNode: { id: 2, name: '和平镇', kind: 'town' }, body: r.data.body, createdAt: '2024-11-20T10:00:00.000Z' }] }) }
    return { statusCode: 404, data: {} }
  })
  const { container } = render(<FeedbackThreadPage />)
  await waitFor(() => expect(container.querySelector('.e2e-thread-body')?.textContent).toBe('有人冒充医保局'))
  fireEvent.change(container.querySelector('.e2e-reply-input') as HTMLElement, { target: { value: '收到，已提醒全镇' } })
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-reply-send') as HTMLElement)
  })
  await waitFor(() => expect(container.querySelectorAll('.e2e-reply')).toHaveLength(1))
  expect(container.querySelector('.e2e-reply')?.textContent).toContain('收到，已提醒全镇')
})

test('home: a resident sees the newest 5 reminders and opens one; a cadre sees 转发任务 with the pending count', async () => {
  const items = [1, 2, 3, 4, 5].map((i) => bulletinSummary(i, { urgency: i === 1 ? 'urgent' : 'normal' }))
  __setHandler((r) => {
    if (r.url === '/api/bulletins/feed?limit=5') return { statusCode: 200, data: { items, nextCursor: 'c' } }
    if (r.url.startsWith('/api/tasks?status=pending')) return { statusCode: 200, data: { items: [], nextCursor: null, counts: { pending: 3, forwarded: 0, overdue: 1 } } }
    return { statusCode: 404, data: {} }
  })
  resetSessionForTests({ phase: 'ready', me: person([membership(1, 'resident', '烟雨村', 'village', ['示范县', '和平镇'])]) })
  const { container, unmount } = render(<Home />)
  await waitFor(() => expect(container.querySelectorAll('.e2e-feed-item')).toHaveLength(5))
  expect(container.querySelector('.e2e-feed-item')?.textContent).toContain('【紧急】提醒1')
  fireEvent.click(container.querySelectorAll('.e2e-feed-item')[1] as HTMLElement)
  expect(calls.navigations).toEqual([{ type: 'navigateTo', url: '/pages/bulletin/index?id=2' }])
  unmount()

  resetSessionForTests({ phase: 'ready', me: person([membership(2, 'village_cadre', '烟雨村', 'village', ['示范县', '和平镇'])]) })
  const cadre = render(<Home />)
  await waitFor(() => expect(cadre.container.querySelector('.e2e-pending-count')?.textContent).toBe('有 3 条信息等您转发到群里'))
  expect(cadre.container.querySelector('.e2e-feed')).toBeNull()
  fireEvent.click(cadre.container.querySelector('.e2e-go-groups') as HTMLElement)
  expect(calls.navigations[1].url).toBe(`/pages/groups/index?nodeId=20&name=${encodeURIComponent('烟雨村')}`)
})

test('home: an empty feed says so honestly', async () => {
  __setHandler((r) => (r.url.startsWith('/api/bulletins/feed') ? { statusCode: 200, data: { items: [], nextCursor: null } } : { statusCode: 404, data: {} }))
  resetSessionForTests({ phase: 'ready', me: person([membership(1, 'resident', '烟雨村', 'village', ['示范县', '和平镇'])]) })
  const { container } = render(<Home />)
  await waitFor(() => expect(container.querySelector('.e2e-feed-empty')).toBeTruthy())
})
