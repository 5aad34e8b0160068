import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { __reset, __setHandler, __storage, calls } from './mocks/taro'
import Home from '../src/pages/index/index'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
})

test('a resident sees their village and honest coming-soon entries, no workbench', () => {
  resetSessionForTests({ phase: 'ready', me: person([membership(1, 'resident', '烟雨村', 'village', ['示范县', '和平镇'])]) })
  const { container } = render(<Home />)
  expect(screen.getByText('王秀英，您好')).toBeTruthy()
  expect(container.querySelector('.e2e-community-name')?.textContent).toBe('烟雨村')
  expect(screen.getByText('示范县 / 和平镇')).toBeTruthy()
  expect(screen.getAllByText('即将上线').length).toBeGreaterThanOrEqual(2)
  expect(container.querySelector('.e2e-workbench')).toBeNull()
  expect(container.querySelector('.e2e-no-membership')).toBeNull()
  fireEvent.click(screen.getByText('学习防骗知识'))
  expect(calls.navigations).toEqual([{ type: 'switchTab', url: '/pages/learn/index' }])
})

test('a village cadre gets a workbench with members and invite actions for their node', () => {
  resetSessionForTests({ phase: 'ready', me: person([membership(2, 'village_cadre', '烟雨村', 'village', ['示范县', '和平镇'])]) })
  const { container } = render(<Home />)
  const bench = container.querySelector('.e2e-workbench') as HTMLElement
  expect(bench).toBeTruthy()
  expect(bench.querySelector('.e2e-workbench-name')?.textContent).toBe('烟雨村')
  expect(bench.textContent).toContain('村(社区)干部')
  for (const t of ['群消息', '答题', '承诺书', '无诈创建']) expect(bench.textContent).toContain(t)
  fireEvent.click(bench.querySelector('.e2e-members') as HTMLElement)
  fireEvent.click(bench.querySelector('.e2e-invite') as HTMLElement)
  expect(calls.navigations).toEqual([
    { type: 'navigateTo', url: `/pages/members/index?nodeId=20&name=${encodeURIComponent('烟雨村')}` },
    { type: 'navigateTo', url: '/pages/invite/index?nodeId=20&role=village_cadre' },
  ])
  expect(container.querySelector('.e2e-community')).toBeNull()
})

test('a police liaison (read-only staff role) sees the workbench without member or invite buttons', () => {
  resetSessionForTests({ phase: 'ready', me: person([membership(3, 'police_liaison', '和平镇', 'town', ['示范县'])]) })
  const { container } = render(<Home />)
  expect(container.querySelector('.e2e-workbench')).toBeTruthy()
  expect(container.querySelector('.e2e-members')).toBeNull()
  expect(container.querySelector('.e2e-invite')).toBeNull()
})

test('someone without a membership is asked to choose a village or enter an invite code', () => {
  resetSessionForTests({ phase: 'ready', me: person([], { nameSet: false, displayName: '微信用户' }) })
  const { container } = render(<Home />)
  expect(container.querySelector('.e2e-no-membership')).toBeTruthy()
  expect(container.querySelector('.e2e-set-name')).toBeTruthy()
  fireEvent.click(screen.getByText('选择您所在的村（社区）'))
  fireEvent.click(screen.getByText('输入邀请码'))
  expect(calls.navigations.map((n) => n.url)).toEqual(['/pages/choose-village/index', '/pages/join/index'])
})

test('first launch shows the privacy agreement; agreeing logs in and shows the home page', async () => {
  __storage().delete('wuzha.privacyAgreed')
  resetSessionForTests({ phase: 'privacy' })
  __setHandler((r) => {
    if (r.url === '/api/auth/config') return { statusCode: 200, data: { wechatMode: 'mock', demoUsers: [] } }
    if (r.url === '/api/auth/login') return { statusCode: 200, data: { accessToken: 'a', accessExpiresIn: 900, refreshToken: 'r-0123456789abcdef', refreshExpiresIn: 9, userId: 7, isNewUser: false } }
    if (r.url === '/api/me') return { statusCode: 200, data: person([membership(1, 'resident', '烟雨村', 'village', ['示范县', '和平镇'])]) }
    return { statusCode: 404, data: {} }
  })
  __storage().set('wuzha.demoCode', 'mock:demo-resident')
  const { container } = render(<Home />)
  expect(screen.getByText('我们收集哪些信息')).toBeTruthy()
  expect(calls.requests).toHaveLength(0)
  await act(async () => {
    fireEvent.click(container.querySelector('.e2e-privacy-agree') as HTMLElement)
  })
  await waitFor(() => expect(container.querySelector('.e2e-community-name')?.textContent).toBe('烟雨村'))
  expect(__storage().get('wuzha.privacyAgreed')).toBe('1')
})

test('in the browser with nobody picked, home sends the person to the demo-user picker', async () => {
  resetSessionForTests({ phase: 'pick-user' })
  render(<Home />)
  await waitFor(() => expect(calls.navigations).toEqual([{ type: 'navigateTo', url: '/pages/login/index' }]))
})
