import { fireEvent, render, waitFor } from '@testing-library/react'
import { __reset, __setHandler, __storage, calls } from './mocks/taro'
import Home from '../src/pages/index/index'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'
import { summary } from './staff-fixtures'

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
})

test("a town admin's workbench has write, manage/review (with the count awaiting review) and statistics", async () => {
  const me = person([membership(1, 'town_admin', '和平镇', 'town', ['示范县'])])
  resetSessionForTests({ phase: 'ready', me })
  __setHandler((r) => {
    if (r.url === '/api/me') return { statusCode: 200, data: me }
    if (r.url.startsWith('/api/bulletins?')) return { statusCode: 200, data: { items: [summary({ id: 1 }), summary({ id: 2 })], nextCursor: null } }
    return { statusCode: 200, data: { items: [], nextCursor: null, counts: { pending: 0, forwarded: 0, overdue: 0 } } }
  })
  const { container } = render(<Home />)
  const desk = container.querySelector('.e2e-town-desk') as HTMLElement
  expect(desk).toBeTruthy()
  await waitFor(() => expect(desk.querySelector('.e2e-desk-bulletins')?.textContent).toBe('信息管理/审核（2条待审）'))
  expect(calls.requests.find((r) => r.url.startsWith('/api/bulletins?'))?.url).toBe('/api/bulletins?townId=10&status=submitted&limit=100')
  fireEvent.click(desk.querySelector('.e2e-desk-compose') as HTMLElement)
  fireEvent.click(desk.querySelector('.e2e-desk-bulletins') as HTMLElement)
  fireEvent.click(desk.querySelector('.e2e-desk-stats') as HTMLElement)
  expect(calls.navigations.map((n) => n.url)).toEqual(['/pages/compose/index', '/pages/bulletins/index', '/pages/dashboard/index?nodeId=10'])
})

test('a village cadre has no town desk', () => {
  resetSessionForTests({ phase: 'ready', me: person([membership(2, 'village_cadre', '烟雨村', 'village', ['示范县', '和平镇'])]) })
  const { container } = render(<Home />)
  expect(container.querySelector('.e2e-workbench')).toBeTruthy()
  expect(container.querySelector('.e2e-town-desk')).toBeNull()
})
