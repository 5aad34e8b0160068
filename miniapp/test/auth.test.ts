import type * as TaroMock from './mocks/taro'
import type * as AuthModule from '../src/services/auth'
import type * as RequestModule from '../src/services/request'

const tokens = { accessToken: 'acc-1', accessExpiresIn: 900, refreshToken: 'ref-1-0123456789abcdef', refreshExpiresIn: 2592000, userId: 3, isNewUser: true }
const demoUsers = [{ code: 'mock:demo-resident', role: 'resident', displayName: '王秀英', nodeName: '烟雨村' }]

// Each test loads the modules fresh for one platform (IS_WEAPP is read at load time).
function load(env: 'weapp' | 'h5') {
  process.env.TARO_ENV = env
  let mods!: { taro: typeof TaroMock; auth: typeof AuthModule; request: typeof RequestModule }
  jest.isolateModules(() => {
    mods = { taro: require('./mocks/taro'), auth: require('../src/services/auth'), request: require('../src/services/request') }
  })
  mods.taro.__reset()
  return mods
}

afterEach(() => {
  process.env.TARO_ENV = 'h5'
})

test('WeChat: wx.login code -> POST /api/auth/login -> tokens stored', async () => {
  const { taro, auth } = load('weapp')
  taro.__setHandler((r) => (r.url === 'http://api.test/api/auth/login' || r.url === '/api/auth/login' ? { statusCode: 200, data: tokens } : { statusCode: 404, data: {} }))
  await auth.login()
  expect(taro.calls.logins).toBe(1)
  expect(taro.calls.requests).toHaveLength(1)
  expect(taro.calls.requests[0]).toMatchObject({ method: 'POST', data: { code: 'wx-code-1' } })
  expect(taro.__storage().get('wuzha.accessToken')).toBe('acc-1')
  expect(taro.__storage().get('wuzha.refreshToken')).toBe('ref-1-0123456789abcdef')
})

test('WeChat: a 401 whose refresh fails logs in again with a fresh wx.login code', async () => {
  const { taro, request } = load('weapp')
  taro.__storage().set('wuzha.accessToken', 'old')
  taro.__storage().set('wuzha.refreshToken', 'old-refresh-0123456789')
  taro.__setHandler((r) => {
    if (r.url.endsWith('/api/auth/refresh')) return { statusCode: 401, data: { code: 'REFRESH_REUSED', message: '登录凭证已失效，请重新登录' } }
    if (r.url.endsWith('/api/auth/login')) return { statusCode: 200, data: tokens }
    if (r.header.Authorization === 'Bearer acc-1') return { statusCode: 200, data: { items: [] } }
    return { statusCode: 401, data: { code: 'TOKEN_EXPIRED', message: '登录已过期' } }
  })
  await expect(request.api('me.family.list')).resolves.toEqual({ items: [] })
  expect(taro.calls.logins).toBe(1)
  expect(taro.calls.requests.map((r) => r.url.replace(/^https?:\/\/[^/]+/, ''))).toEqual(['/api/me/family', '/api/auth/refresh', '/api/auth/login', '/api/me/family'])
})

test('browser, mock mode, nobody picked yet: asks for the demo-user picker', async () => {
  const { taro, auth } = load('h5')
  taro.__setHandler((r) => (r.url === '/api/auth/config' ? { statusCode: 200, data: { wechatMode: 'mock', demoUsers } } : { statusCode: 404, data: {} }))
  const err = await auth.login().catch((e) => e)
  expect(err).toBeInstanceOf(auth.LoginRequiredError)
  expect(err.reason).toBe('pick-demo-user')
  expect(taro.calls.logins).toBe(0)
})

test('browser, mock mode: picking a demo user logs in with its mock code and remembers it', async () => {
  const { taro, auth } = load('h5')
  const logins: string[] = []
  taro.__setHandler((r) => {
    if (r.url === '/api/auth/config') return { statusCode: 200, data: { wechatMode: 'mock', demoUsers } }
    if (r.url === '/api/auth/login') {
      logins.push(r.data.code)
      return { statusCode: 200, data: tokens }
    }
    return { statusCode: 404, data: {} }
  })
  await auth.loginAsDemoUser('mock:demo-resident')
  expect(taro.__storage().get('wuzha.demoCode')).toBe('mock:demo-resident')
  // later, an expired session logs in again as the same person without the picker
  taro.__storage().delete('wuzha.accessToken')
  await auth.login()
  expect(logins).toEqual(['mock:demo-resident', 'mock:demo-resident'])
})

test('browser against a live server: login needs WeChat', async () => {
  const { taro, auth } = load('h5')
  taro.__setHandler(() => ({ statusCode: 200, data: { wechatMode: 'live', demoUsers: [] } }))
  const err = await auth.login().catch((e) => e)
  expect(err).toBeInstanceOf(auth.LoginRequiredError)
  expect(err.reason).toBe('wechat-only')
  expect(err.message).toContain('微信')
})

test('logout revokes the refresh token on the server and forgets the session', async () => {
  const { taro, auth } = load('h5')
  taro.__storage().set('wuzha.accessToken', 'acc-1')
  taro.__storage().set('wuzha.refreshToken', 'ref-1-0123456789abcdef')
  taro.__storage().set('wuzha.demoCode', 'mock:demo-resident')
  taro.__setHandler(() => ({ statusCode: 200, data: { ok: true } }))
  await auth.logout()
  expect(taro.calls.requests[0]).toMatchObject({ url: '/api/auth/logout', method: 'POST', data: { refreshToken: 'ref-1-0123456789abcdef' } })
  expect(auth.hasSession()).toBe(false)
  expect(taro.__storage().has('wuzha.demoCode')).toBe(false)
})
