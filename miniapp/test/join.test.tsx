import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { __reset, __setHandler, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import JoinPage from '../src/pages/join/index'
import { getSession, resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'

const preview = {
  code: 'ABCD2345',
  role: 'resident',
  node: { id: 5, name: '烟雨村', kind: 'village' },
  nodePath: ['示范县', '和平镇'],
  inviterName: '李*明',
  expiresAt: '2030-12-01T00:00:00.000Z',
  alreadyMember: false,
}

let joined = false
function server(r: FakeRequest) {
  if (r.url === '/api/invites/code/ABCD2345' && r.method === 'GET') return { statusCode: 200, data: preview }
  if (r.url === '/api/invites/code/ABCD2345/accept' && r.method === 'POST') {
    joined = true
    return { statusCode: 200, data: membership(9, 'resident', '烟雨村', 'village', ['示范县', '和平镇']) }
  }
  if (r.url === '/api/invites/code/ZZZZ9999') return { statusCode: 410, data: { code: 'INVITE_EXPIRED', message: '邀请码已过期，请联系邀请人重新生成' } }
  if (r.url === '/api/me') return { statusCode: 200, data: person(joined ? [membership(9, 'resident', '烟雨村', 'village', ['示范县', '和平镇'])] : []) }
  return { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } }
}

beforeEach(() => {
  __reset()
  joined = false
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc')
  __storage().set('wuzha.refreshToken', 'ref-0123456789abcdef')
  __setHandler(server)
  resetSessionForTests({ phase: 'ready', me: person([]) })
})

function typeCode(container: HTMLElement, value: string) {
  fireEvent.change(container.querySelector('.e2e-invite-input') as HTMLInputElement, { target: { value } })
}

test('a typed code is checked locally before asking the server', () => {
  const { container } = render(<JoinPage />)
  typeCode(container, 'abc')
  fireEvent.click(screen.getByText('查看邀请'))
  expect(container.querySelector('.e2e-join-error')?.textContent).toContain('8位')
  expect(calls.requests).toHaveLength(0)
})

test('typed code -> preview -> accept joins, refreshes the person and goes home', async () => {
  const { container } = render(<JoinPage />)
  // lower case and spaces are forgiven
  typeCode(container, 'abcd 2345')
  await act(async () => {
    fireEvent.click(screen.getByText('查看邀请'))
  })
  const card = await waitFor(() => container.querySelector('.e2e-invite-preview') as HTMLElement)
  expect(card.textContent).toContain('烟雨村')
  expect(card.textContent).toContain('居民')
  expect(card.textContent).toContain('李*明')
  await act(async () => {
    fireEvent.click(screen.getByText('接受邀请并加入'))
  })
  await waitFor(() => expect(calls.navigations).toEqual([{ type: 'switchTab', url: '/pages/index/index' }]))
  expect(calls.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/invites/code/ABCD2345', 'POST /api/invites/code/ABCD2345/accept', 'GET /api/me'])
  expect(getSession().me?.memberships.map((m) => m.node.name)).toEqual(['烟雨村'])
  expect(calls.toasts).toContain('加入成功')
})

test('a code from the QR link (?code=) is looked up on open', async () => {
  __setRouterParams({ code: 'ABCD2345' })
  const { container } = render(<JoinPage />)
  await waitFor(() => expect(container.querySelector('.e2e-invite-preview')).toBeTruthy())
  expect((container.querySelector('.e2e-invite-input') as HTMLInputElement).value).toBe('ABCD2345')
})

test('a server refusal is shown in plain words on the page', async () => {
  __setRouterParams({ scene: 'ZZZZ9999' })
  const { container } = render(<JoinPage />)
  await waitFor(() => expect(container.querySelector('.e2e-join-error')?.textContent).toBe('邀请码已过期，请联系邀请人重新生成'))
  expect(container.querySelector('.e2e-accept-invite')).toBeNull()
})

test('already a member: no accept button', async () => {
  __setHandler((r) => (r.url === '/api/invites/code/ABCD2345' ? { statusCode: 200, data: { ...preview, alreadyMember: true } } : server(r)))
  __setRouterParams({ code: 'ABCD2345' })
  const { container } = render(<JoinPage />)
  await waitFor(() => expect(container.querySelector('.e2e-invite-preview')?.textContent).toContain('不用重复加入'))
  expect(container.querySelector('.e2e-accept-invite')).toBeNull()
})

test('opened before login finished: waits, then shows the form', async () => {
  resetSessionForTests({ phase: 'loading' })
  const { container } = render(<JoinPage />)
  expect(screen.getByText('正在登录…')).toBeTruthy()
  expect(container.querySelector('.e2e-invite-input')).toBeNull()
})
