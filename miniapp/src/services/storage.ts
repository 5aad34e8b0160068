import Taro from '@tarojs/taro'

// Every key the app keeps in local storage, in one place.
export const KEYS = {
  access: 'wuzha.accessToken',
  refresh: 'wuzha.refreshToken',
  // H5 mock mode: the demo user picked last, so an expired session logs in again silently
  demoCode: 'wuzha.demoCode',
  privacy: 'wuzha.privacyAgreed',
} as const

export function readString(key: string): string {
  try {
    const v = Taro.getStorageSync(key)
    return typeof v === 'string' ? v : ''
  } catch {
    return ''
  }
}

export function writeString(key: string, value: string): void {
  Taro.setStorageSync(key, value)
}

export function remove(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // nothing stored
  }
}

export interface Tokens {
  accessToken: string
  refreshToken: string
}

export function getTokens(): Tokens | null {
  const accessToken = readString(KEYS.access)
  const refreshToken = readString(KEYS.refresh)
  return accessToken && refreshToken ? { accessToken, refreshToken } : null
}

export function saveTokens(t: Tokens): void {
  writeString(KEYS.access, t.accessToken)
  writeString(KEYS.refresh, t.refreshToken)
}

export function clearTokens(): void {
  remove(KEYS.access)
  remove(KEYS.refresh)
}
