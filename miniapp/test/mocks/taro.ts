// A small stand-in for @tarojs/taro: storage in memory, network through a replaceable fake server,
// navigation and toasts recorded.
import { useEffect } from 'react'

export interface FakeResponse {
  statusCode: number
  data?: unknown
}
export interface FakeRequest {
  url: string
  method: string
  data?: any
  header: Record<string, string>
}
type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>

const store = new Map<string, unknown>()
let handler: Handler = () => ({ statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } })

export const calls = {
  requests: [] as FakeRequest[],
  toasts: [] as string[],
  navigations: [] as { type: string; url: string }[],
  logins: 0,
}
export let routerParams: Record<string, string> = {}
export let modalAnswer = true
export let loginCode = 'wx-code-1'

export function __reset(): void {
  store.clear()
  calls.requests = []
  calls.toasts = []
  calls.navigations = []
  calls.logins = 0
  routerParams = {}
  modalAnswer = true
  loginCode = 'wx-code-1'
  handler = () => ({ statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } })
}
export function __setHandler(h: Handler): void {
  handler = h
}
export function __setRouterParams(p: Record<string, string>): void {
  routerParams = p
}
export function __setModalAnswer(v: boolean): void {
  modalAnswer = v
}
export function __storage(): Map<string, unknown> {
  return store
}

const Taro = {
  getStorageSync: (k: string) => (store.has(k) ? store.get(k) : ''),
  setStorageSync: (k: string, v: unknown) => void store.set(k, v),
  removeStorageSync: (k: string) => void store.delete(k),
  async request(opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) {
    const req: FakeRequest = { url: opts.url, method: opts.method ?? 'GET', data: opts.data, header: { ...(opts.header ?? {}) } }
    calls.requests.push(req)
    const res = await handler(req)
    return { statusCode: res.statusCode, data: res.data, header: {} }
  },
  async login() {
    calls.logins++
    return { code: loginCode, errMsg: 'login:ok' }
  },
  async showToast(o: { title: string }) {
    calls.toasts.push(o.title)
  },
  async showModal() {
    return { confirm: modalAnswer, cancel: !modalAnswer }
  },
  async navigateTo(o: { url: string }) {
    calls.navigations.push({ type: 'navigateTo', url: o.url })
  },
  async switchTab(o: { url: string }) {
    calls.navigations.push({ type: 'switchTab', url: o.url })
  },
  async reLaunch(o: { url: string }) {
    calls.navigations.push({ type: 'reLaunch', url: o.url })
  },
  async makePhoneCall() {},
  async setClipboardData() {},
  async downloadFile() {
    return { statusCode: 200, tempFilePath: 'wxfile://tmp.png' }
  },
  getAppBaseInfo: () => ({ fontSizeScaleFactor: 1 }),
}

export default Taro

// Page lifecycle hooks: "did show" runs once on mount in tests.
export function useDidShow(fn: () => void): void {
  useEffect(() => {
    fn()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}
export function useLaunch(fn: () => void): void {
  useEffect(() => {
    fn()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}
export function useShareAppMessage(): void {}
export function useRouter(): { params: Record<string, string> } {
  return { params: routerParams }
}
