// Login adapter. WeChat: wx.login code -> auth.login. Browser (H5): the server's mode decides:
// mock -> the demo-user picker (and silent re-login as the last picked user); live -> not possible.
import Taro from '@tarojs/taro'
import type { AuthConfigResponse, TokenResponse } from '@wuzha/shared/dist/schemas/auth'
import { api, setReloginHandler } from './request'
import { KEYS, clearTokens, getTokens, readString, remove, saveTokens, writeString } from './storage'

export const IS_WEAPP = process.env.TARO_ENV === 'weapp'

// Thrown when the browser build cannot log in by itself.
export class LoginRequiredError extends Error {
  constructor(public readonly reason: 'pick-demo-user' | 'wechat-only') {
    super(reason === 'wechat-only' ? '请在微信中打开“无诈”小程序登录' : '请选择一位演示用户登录')
    this.name = 'LoginRequiredError'
  }
}

let configCache: AuthConfigResponse | null = null

export async function getAuthConfig(force = false): Promise<AuthConfigResponse> {
  if (!configCache || force) configCache = await api('auth.config', { toast: false })
  return configCache
}

export function resetAuthConfigCache(): void {
  configCache = null
}

export async function loginWithCode(code: string): Promise<TokenResponse> {
  const t = await api('auth.login', { body: { code }, toast: false })
  saveTokens({ accessToken: t.accessToken, refreshToken: t.refreshToken })
  return t
}

// H5 mock mode: log in as a demo user from the picker and remember the choice.
export async function loginAsDemoUser(code: string): Promise<TokenResponse> {
  const t = await loginWithCode(code)
  writeString(KEYS.demoCode, code)
  return t
}

export async function login(): Promise<void> {
  if (IS_WEAPP) {
    const { code } = await Taro.login()
    if (!code) throw new Error('微信登录失败，请重新进入小程序')
    await loginWithCode(code)
    return
  }
  const cfg = await getAuthConfig()
  if (cfg.wechatMode !== 'mock') throw new LoginRequiredError('wechat-only')
  const demoCode = readString(KEYS.demoCode)
  if (!demoCode) throw new LoginRequiredError('pick-demo-user')
  try {
    await loginWithCode(demoCode)
  } catch (err) {
    // the remembered demo user no longer logs in: let the person pick again
    remove(KEYS.demoCode)
    throw new LoginRequiredError('pick-demo-user')
  }
}

export function hasSession(): boolean {
  return getTokens() !== null
}

export async function logout(): Promise<void> {
  const tokens = getTokens()
  clearTokens()
  remove(KEYS.demoCode)
  if (tokens) await api('auth.logout', { body: { refreshToken: tokens.refreshToken }, toast: false }).catch(() => undefined)
}

// The request client re-logs-in through this adapter when a refresh fails.
setReloginHandler(login)
