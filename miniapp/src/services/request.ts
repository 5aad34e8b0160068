// The one request client. Typed from the shared route table: api('me.get'),
// api('invites.accept', { params: { code } }), api('me.update', { body }).
import Taro from '@tarojs/taro'
import type { ApiBody, ApiName, ApiParams, ApiQuery, ApiResponse } from '@wuzha/shared/dist/api'
// deep imports keep zod (pulled in by the schemas) out of the bundle
import { ROUTES } from './routes'
import { clearTokens, getTokens, saveTokens } from './storage'

export const API_BASE: string = process.env.TARO_APP_API_BASE ?? ''

export interface FieldError {
  path: string
  message: string
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldError[],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试'

export interface CallOptions<N extends ApiName> {
  params?: ApiParams<N>
  query?: ApiQuery<N>
  body?: ApiBody<N>
  // show the error as a toast (default true); pages that render the error themselves pass false
  toast?: boolean
}

type Relogin = () => Promise<void>
let relogin: Relogin | null = null

// auth.ts registers its login function here (avoids an import cycle).
export function setReloginHandler(fn: Relogin | null): void {
  relogin = fn
}

export function buildPath(path: string, params?: Record<string, unknown>): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
    const v = params?.[k]
    if (v === undefined || v === null) throw new Error(`missing path param ${k}`)
    return encodeURIComponent(String(v))
  })
}

export function buildQuery(query?: Record<string, unknown>): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export function apiUrl(name: ApiName, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  return API_BASE + buildPath(ROUTES[name].path, params) + buildQuery(query)
}

function toApiError(statusCode: number, data: unknown): ApiError {
  const d = (data && typeof data === 'object' ? data : {}) as { code?: unknown; message?: unknown; fields?: unknown }
  const code = typeof d.code === 'string' ? d.code : `HTTP_${statusCode}`
  const message = typeof d.message === 'string' && d.message ? d.message : statusCode >= 500 ? '系统繁忙，请稍后再试' : '请求失败，请稍后再试'
  return new ApiError(statusCode, code, message, Array.isArray(d.fields) ? (d.fields as FieldError[]) : undefined)
}

export function showError(err: unknown): void {
  const message = err instanceof Error && err.message ? err.message : '操作失败，请稍后再试'
  void Taro.showToast({ title: message, icon: 'none', duration: 3000 })
}

interface RawResponse {
  statusCode: number
  data: unknown
}

// Untyped inside: the public api() signature carries the types.
interface RawOptions {
  params?: Record<string, unknown>
  query?: Record<string, unknown>
  body?: unknown
  toast?: boolean
}

async function send(name: ApiName, opts: RawOptions, accessToken: string | null): Promise<RawResponse> {
  const route = ROUTES[name]
  const header: Record<string, string> = { 'content-type': 'application/json' }
  if (accessToken) header.Authorization = `Bearer ${accessToken}`
  const url = apiUrl(name, opts.params, opts.query)
  try {
    const res = await Taro.request({
      url,
      method: route.method,
      header,
      // A JSON content type with an empty body is rejected by the server: send {} on writes.
      data: route.method === 'GET' ? undefined : (opts.body ?? {}),
      dataType: 'json',
    })
    return { statusCode: res.statusCode, data: res.data }
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE)
  }
}

// Single flight: concurrent 401s share one refresh.
let refreshing: Promise<boolean> | null = null

async function refreshTokens(): Promise<boolean> {
  const tokens = getTokens()
  if (!tokens) return false
  const res = await send('auth.refresh', { body: { refreshToken: tokens.refreshToken } }, null).catch(() => null)
  if (!res || res.statusCode < 200 || res.statusCode >= 300) {
    clearTokens()
    return false
  }
  const t = res.data as ApiResponse<'auth.refresh'>
  saveTokens({ accessToken: t.accessToken, refreshToken: t.refreshToken })
  return true
}

export function refreshOnce(): Promise<boolean> {
  if (!refreshing) {
    refreshing = refreshTokens().finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

let relogging: Promise<void> | null = null

function reloginOnce(): Promise<void> {
  if (!relogin) return Promise.reject(new ApiError(401, 'UNAUTHENTICATED', '请先登录'))
  if (!relogging) {
    relogging = relogin().finally(() => {
      relogging = null
    })
  }
  return relogging
}

// Sends with the current access token; on 401 refreshes once (or re-logs-in) and retries once.
async function withAuth(isPublic: boolean, perform: (token: string | null) => Promise<RawResponse>): Promise<RawResponse> {
  const usedToken = isPublic ? null : (getTokens()?.accessToken ?? null)
  const res = await perform(usedToken)
  if (res.statusCode !== 401 || isPublic) return res
  const current = getTokens()?.accessToken ?? null
  // Another request may already have refreshed while this one was in flight.
  if (!(current && current !== usedToken)) {
    const refreshed = await refreshOnce()
    if (!refreshed) await reloginOnce()
  }
  return perform(getTokens()?.accessToken ?? null)
}

async function call(name: ApiName, opts: RawOptions): Promise<unknown> {
  const route = ROUTES[name]
  const res = await withAuth(Boolean((route as { public?: boolean }).public), (token) => send(name, opts, token))
  if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res.statusCode, res.data)
  return res.data
}

// An authenticated image (the invite QR code) as something <Image src> can show:
// H5 a blob: URL, WeChat a temporary file path.
export async function fetchImage<N extends ApiName>(name: N, params: ApiParams<N>): Promise<string> {
  const url = apiUrl(name, params as unknown as Record<string, unknown>)
  try {
    if (process.env.TARO_ENV === 'weapp') {
      let tempFilePath = ''
      const res = await withAuth(false, async (token) => {
        const r = await Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} }).catch(() => {
          throw new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE)
        })
        tempFilePath = r.tempFilePath
        return { statusCode: r.statusCode, data: null }
      })
      if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res.statusCode, null)
      return tempFilePath
    }
    const res = await withAuth(false, async (token) => {
      const r = await Taro.request({ url, method: 'GET', header: token ? { Authorization: `Bearer ${token}` } : {}, responseType: 'arraybuffer' }).catch(() => {
        throw new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE)
      })
      return { statusCode: r.statusCode, data: r.data }
    })
    if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res.statusCode, null)
    return URL.createObjectURL(new Blob([res.data as ArrayBuffer], { type: 'image/png' }))
  } catch (err) {
    showError(err)
    throw err
  }
}

export async function api<N extends ApiName>(name: N, opts: CallOptions<N> = {}): Promise<ApiResponse<N>> {
  try {
    return (await call(name, opts as RawOptions)) as ApiResponse<N>
  } catch (err) {
    if (opts.toast !== false) showError(err)
    throw err
  }
}
