import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { __reset, __setHandler, __storage, calls, type FakeRequest } from './mocks/taro'
import ChooseVillagePage from '../src/pages/choose-village/index'
import { getSession, resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'

const DIR: Record<string, unknown> = {
  '': { parent: null, items: [{ id: 1, name: '示范县', kind: 'county', joinable: false }] },
  '1': { parent: { id: 1, name: '示范县', kind: 'county' }, items: [{ id: 2, name: '和平镇', kind: 'town', joinable: false }] },
  '2': {
    parent: { id: 2, name: '和平镇', kind: 'town' },
    items: [
      { id: 5, name: '烟雨村', kind: 'village', joinable: true },
      { id: 6, name: '青石社区', kind: 'community', joinable: true },
    ],
  },
  '5': { parent: { id: 5, name: '烟雨村', kind: 'village' }, items: [{ id: 51, name: '第一网格', kind: 'grid', joinable: true }] },
}

let joinedBody: unknown = null
function server(r: FakeRequest) {
  if (r.url.startsWith('/api/org/directory')) {
    const m = /parentId=(\d+)/.exec(r.url)
    return { statusCode: 200, data: DIR[m ? m[1] : ''] }
  }
  if (r.url === '/api/memberships/join') {
    joinedBody = r.data
    return { statusCode: 200, data: membership(9, 'resident', '烟雨村', 'village', ['示范县', '和平镇']) }
  }
  if (r.url === '/api/me') return { statusCode: 200, data: person(joinedBody ? [membership(9, 'resident', '烟雨村', 'village', ['示范县', '和平镇'])] : []) }
  return { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } }
}

beforeEach(() => {
  __reset()
  joinedBody = null
  __storage().set('wuzha.privacyAgreed', '1')
  __storage().set('wuzha.accessToken', 'acc')
  __storage().set('wuzha.refreshToken', 'ref-0123456789abcdef')
  __setHandler(server)
  resetSessionForTests({ phase: 'ready', me: person([]) })
})

test('county -> town -> village, then join the village', async () => {
  const { container } = render(<ChooseVillagePage />)
  fireEvent.click(await screen.findByText('示范县'))
  fireEvent.click(await screen.findByText('和平镇'))
  fireEvent.click(await screen.findByText('烟雨村'))
  const join = container.querySelector('.e2e-confirm-join') as HTMLElement
  expect(join.textContent).toBe('加入烟雨村')
  await act(async () => fireEvent.click(join))
  await waitFor(() => expect(calls.navigations).toEqual([{ type: 'switchTab', url: '/pages/index/index' }]))
  expect(joinedBody).toEqual({ nodeId: 5 })
  expect(getSession().me?.memberships).toHaveLength(1)
})

test('a village can be opened to join one of its grids; back goes up a level', async () => {
  const { container } = render(<ChooseVillagePage />)
  fireEvent.click(await screen.findByText('示范县'))
  fireEvent.click(await screen.findByText('和平镇'))
  await screen.findByText('烟雨村')
  const open = container.querySelectorAll('.e2e-dir-open')
  expect(open).toHaveLength(2)
  await act(async () => fireEvent.click(open[0]))
  fireEvent.click(await screen.findByText('第一网格'))
  await act(async () => fireEvent.click(container.querySelector('.e2e-confirm-join') as HTMLElement))
  await waitFor(() => expect(joinedBody).toEqual({ nodeId: 51 }))

  await act(async () => fireEvent.click(container.querySelector('.e2e-dir-back') as HTMLElement))
  await screen.findByText('青石社区')
})
