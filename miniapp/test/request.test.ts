import { __reset, __setHandler, __storage, calls, type FakeRequest } from './mocks/taro'
import { ApiError, api, setReloginHandler } from '../src/services/request'
import { KEYS, saveTokens } from '../src/services/storage'

const tokens = (n: number) => ({ accessToken: `acc-${n}`, accessExpiresIn: 900, refreshToken: `ref-${n}-0123456789abcdef`, refreshExpiresIn: 2592000, userId: 1, isNewUser: false })
const me = { id: 1, displayName: '张三', nameSet: true, phoneMasked: null, memberships: [], createdAt: '2024-01-01T00:00:00Z' }
const path = (r: FakeRequest) => r.url.split('?')[0]

beforeEach(() => {
  __reset()
  setReloginHandler(null)
})

test('fills path params, serialises the query, sends a JSON body and the bearer token', async () => {
  saveTokens({ accessToken: 'acc-1', refreshToken: 'ref-1-0123456789abcdef' })
  __setHandler(() => ({ statusCode: 200, data: { ok: true } }))
  await api('invites.accept', { params: { code: 'ABCD2345' } })
  await api('org.members', { params: { id: 5 }, query: { cursor: 'x y', limit: 20, role: undefined } })
  await api('me.update', { body: { displayName: '李四' } })
  const [accept, members, update] = calls.requests
  expect(accept).toMatchObject({ url: '/api/invites/code/ABCD2345/accept', method: 'POST', data: {} })
  expect(accept.header.Authorization).toBe('Bearer acc-1')
  expect(members.url).toBe('/api/org/nodes/5/members?cursor=x%20y&limit=20')
  expect(members.data).toBeUndefined()
  expect(update).toMatchObject({ method: 'PATCH', url: '/api/me', data: { displayName: '李四' } })
})

test('a non-2xx answer rejects with the server code, message and fields, and shows a toast', async () => {
  saveTokens({ accessToken: 'acc-1', refreshToken: 'ref-1-0123456789abcdef' })
  __setHandler(() => ({
    statusCode: 400,
    data: { code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后重试', fields: [{ path: 'displayName', message: '不能为空' }] },
  }))
  const err = await api('me.update', { body: { displayName: '' } }).catch((e) => e)
  expect(err).toBeInstanceOf(ApiError)
  expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后重试' })
  expect(err.fields).toEqual([{ path: 'displayName', message: '不能为空' }])
  expect(calls.toasts).toEqual(['提交的内容有误，请检查后重试'])

  __setHandler(() => ({ statusCode: 410, data: { code: 'INVITE_EXPIRED', message: '邀请码已过期，请联系邀请人重新生成' } }))
  const quiet = await api('invites.accept', { params: { code: 'ABCD2345' }, toast: false }).catch((e) => e)
  expect(quiet.code).toBe('INVITE_EXPIRED')
  expect(calls.toasts).toHaveLength(1)
})

test('a network failure rejects with a Chinese message', async () => {
  __setHandler(() => {
    throw new Error('socket hang up')
  })
  const err = await api('auth.config').catch((e) => e)
  expect(err).toMatchObject({ status: 0, code: 'NETWORK' })
  expect(calls.toasts[0]).toContain('网络')
})

test('401 -> refresh with the refresh token -> retry with the new access token', async () => {
  saveTokens({ accessToken: 'acc-old', refreshToken: 'ref-old-0123456789abcdef' })
  __setHandler((r) => {
    if (path(r) === '/api/auth/refresh') {
      expect(r.data).toEqual({ refreshToken: 'ref-old-0123456789abcdef' })
      expect(r.header.Authorization).toBeUndefined()
      return { statusCode: 200, data: tokens(2) }
    }
    if (r.header.Authorization === 'Bearer acc-2') return { statusCode: 200, data: me }
    return { statusCode: 401, data: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } }
  })
  const relogin = jest.fn()
  setReloginHandler(relogin)
  await expect(api('me.get')).resolves.toEqual(me)
  expect(calls.requests.map((r) => path(r))).toEqual(['/api/me', '/api/auth/refresh', '/api/me'])
  expect(__storage().get(KEYS.access)).toBe('acc-2')
  expect(__storage().get(KEYS.refresh)).toBe('ref-2-0123456789abcdef')
  expect(relogin).not.toHaveBeenCalled()
  expect(calls.toasts).toEqual([])
})

test('refresh failure -> re-login through the login adapter -> retry once', async () => {
  saveTokens({ accessToken: 'acc-old', refreshToken: 'ref-old-0123456789abcdef' })
  __setHandler((r) => {
    if (path(r) === '/api/auth/refresh') return { statusCode: 401, data: { code: 'REFRESH_REUSED', message: '登录凭证已失效，请重新登录' } }
    if (r.header.Authorization === 'Bearer acc-3') return { statusCode: 200, data: me }
    return { statusCode: 401, data: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } }
  })
  const relogin = jest.fn(async () => saveTokens({ accessToken: 'acc-3', refreshToken: 'ref-3-0123456789abcdef' }))
  setReloginHandler(relogin)
  await expect(api('me.get')).resolves.toEqual(me)
  expect(relogin).toHaveBeenCalledTimes(1)
  expect(calls.requests.map((r) => path(r))).toEqual(['/api/me', '/api/auth/refresh', '/api/me'])
})

test('when re-login also fails the call rejects with the 401 and does not loop', async () => {
  saveTokens({ accessToken: 'acc-old', refreshToken: 'ref-old-0123456789abcdef' })
  __setHandler((r) =>
    path(r) === '/api/auth/refresh'
      ? { statusCode: 401, data: { code: 'REFRESH_REUSED', message: '登录凭证已失效，请重新登录' } }
      : { statusCode: 401, data: { code: 'TOKEN_INVALID', message: '登录凭证无效，请重新登录' } },
  )
  const relogin = jest.fn(async () => saveTokens({ accessToken: 'acc-bad', refreshToken: 'ref-bad-0123456789abcdef' }))
  setReloginHandler(relogin)
  const err = await api('me.get').catch((e) => e)
  expect(err).toMatchObject({ status: 401, code: 'TOKEN_INVALID' })
  expect(calls.requests.filter((r) => path(r) === '/api/me')).toHaveLength(2)
  expect(relogin).toHaveBeenCalledTimes(1)
})

test('concurrent 401s share one refresh', async () => {
  saveTokens({ accessToken: 'acc-old', refreshToken: 'ref-old-0123456789abcdef' })
  let refreshes = 0
  __setHandler(async (r) => {
    if (path(r) === '/api/auth/refresh') {
      refreshes++
      await new Promise((res) => setTimeout(res, 20))
      return { statusCode: 200, data: tokens(2) }
    }
    if (r.header.Authorization === 'Bearer acc-2') return { statusCode: 200, data: path(r) === '/api/me' ? me : { items: [] } }
    return { statusCode: 401, data: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } }
  })
  const results = await Promise.all([api('me.get'), api('me.family.list'), api('me.get'), api('me.family.list')])
  expect(results[0]).toEqual(me)
  expect(results[1]).toEqual({ items: [] })
  expect(refreshes).toBe(1)
})

test('public routes send no token and never refresh', async () => {
  saveTokens({ accessToken: 'acc-1', refreshToken: 'ref-1-0123456789abcdef' })
  __setHandler(() => ({ statusCode: 401, data: { code: 'UNAUTHENTICATED', message: '请先登录' } }))
  const err = await api('auth.login', { body: { code: 'x' }, toast: false }).catch((e) => e)
  expect(err.code).toBe('UNAUTHENTICATED')
  expect(calls.requests).toHaveLength(1)
  expect(calls.requests[0].header.Authorization).toBeUndefined()
})
