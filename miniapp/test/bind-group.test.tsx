import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setRouterParams, __storage, calls } from './mocks/taro'
import BindGroupPage from '../src/pages/bind-group/index'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'

const T = Taro as unknown as Record<string, unknown>
const ENC = { encryptedData: 'ZW5jcnlwdGVkLWdyb3VwLWluZm8=', iv: 'aXYtaXYtaXYtaXYtaXYtaQ==' }
const binds = () => calls.requests.filter((r) => r.method === 'POST' && r.url === '/api/groups')

function fromGroup() {
  process.env.TARO_ENV = 'weapp'
  __setRouterParams({ nodeId: '20', bind: '1', name: '烟雨村' })
  T.getEnterOptionsSync = () => ({ scene: 1044, shareTicket: 'tk', path: 'pages/bind-group/index', query: { nodeId: '20', bind: '1', name: '烟雨村' } })
  T.getGroupEnterInfo = jest.fn((o: { success: (r: unknown) => void }) => setTimeout(() => o.success({ errMsg: 'getGroupEnterInfo:ok', ...ENC }), 0))
}

async function fillAndSubmit(container: HTMLElement, name: string) {
  await waitFor(() => expect(container.querySelector('.e2e-bind-form')).toBeTruthy())
  fireEvent.change(container.querySelector('.e2e-bind-name') as HTMLElement, { target: { value: name } })
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-bind-submit') as HTMLElement)
  })
}

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  resetSessionForTests({ phase: 'ready', me: person([membership(2, 'village_cadre', '烟雨村', 'village', ['示范县', '和平镇'])]) })
})
afterEach(() => {
  process.env.TARO_ENV = 'h5'
  for (const k of ['getEnterOptionsSync', 'getGroupEnterInfo', 'getShareInfo']) delete T[k]
})

test('opened from the bind card in a group: asks the name and calls groups.bind with the encrypted info', async () => {
  fromGroup()
  __setHandler((r) =>
    r.url === '/api/groups' && r.method === 'POST'
      ? { statusCode: 201, data: { id: 4, name: r.data.name, node: { id: 20, name: '烟雨村', kind: 'village' }, boundAt: '2024-11-20T09:00:00.000Z', boundByName: '王秀英' } }
      : { statusCode: 404, data: {} },
  )
  const { container } = render(<BindGroupPage />)
  await fillAndSubmit(container, '烟雨村三组群')
  await waitFor(() => expect(container.querySelector('.e2e-bind-done')).toBeTruthy())
  expect(binds().map((r) => r.data)).toEqual([{ nodeId: 20, name: '烟雨村三组群', group: ENC }])
  expect(container.querySelector('.e2e-bind-done')?.textContent).toContain('烟雨村三组群')
})

test('a group already bound elsewhere (409) shows the clear message', async () => {
  fromGroup()
  __setHandler(() => ({ statusCode: 409, data: { code: 'GROUP_ALREADY_BOUND', message: '这个微信群已经登记在其他组织下，如需调整请联系镇管理员' } }))
  const { container } = render(<BindGroupPage />)
  await fillAndSubmit(container, '三组群')
  await waitFor(() => expect(container.querySelector('.e2e-bind-error')?.textContent).toBe('这个微信群已经登记在其他组织下，如需调整请联系镇管理员'))
  expect(container.querySelector('.e2e-bind-done')).toBeNull()
})

test('stale group info: reads it again once; still stale → tells to reopen the card from the group', async () => {
  fromGroup()
  __setHandler(() => ({ statusCode: 400, data: { code: 'GROUP_INFO_STALE', message: '群信息已过期，请从群里重新打开' } }))
  const { container } = render(<BindGroupPage />)
  await fillAndSubmit(container, '三组群')
  await waitFor(() => expect(container.querySelector('.e2e-bind-error')?.textContent).toContain('重新点开'))
  expect(binds()).toHaveLength(2)
  expect(T.getGroupEnterInfo).toHaveBeenCalledTimes(2)
})

test('a name is required', async () => {
  fromGroup()
  const { container } = render(<BindGroupPage />)
  await fillAndSubmit(container, '  ')
  expect(container.querySelector('.e2e-bind-error')?.textContent).toContain('请填写这个群的名字')
  expect(binds()).toHaveLength(0)
})

test('weapp without bind=1: the share card points back here with bind=1', async () => {
  process.env.TARO_ENV = 'weapp'
  __setRouterParams({ nodeId: '20', name: '烟雨村' })
  const { container } = render(<BindGroupPage />)
  expect(container.querySelector('.e2e-bind-share')?.getAttribute('data-open-type')).toBe('share')
  const { bindSharePath } = await import('../src/pages/bind-group/index')
  expect(bindSharePath(20, '烟雨村')).toBe(`/pages/bind-group/index?nodeId=20&bind=1&name=${encodeURIComponent('烟雨村')}`)
})

test('bind=1 card opened outside a group: explains, never calls the server', async () => {
  process.env.TARO_ENV = 'weapp'
  __setRouterParams({ nodeId: '20', bind: '1' })
  T.getEnterOptionsSync = () => ({ scene: 1007, path: 'pages/bind-group/index', query: { nodeId: '20', bind: '1' } })
  const { container } = render(<BindGroupPage />)
  await waitFor(() => expect(container.querySelector('.e2e-bind-no-group')).toBeTruthy())
  expect(binds()).toHaveLength(0)
})

test('H5: explains that binding only works inside WeChat', () => {
  __setRouterParams({ nodeId: '20', bind: '1' })
  const { container } = render(<BindGroupPage />)
  expect(container.querySelector('.e2e-bind-h5')?.textContent).toContain('微信')
  expect(container.querySelector('.e2e-bind-form')).toBeNull()
})
