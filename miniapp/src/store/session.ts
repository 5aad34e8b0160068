// App-wide session state: privacy consent, login, and the current person (me.get).
import { useSyncExternalStore } from 'react'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import { LoginRequiredError, hasSession, login, logout } from '../services/auth'
import { api } from '../services/request'
import { KEYS, readString, writeString } from '../services/storage'

export type Phase =
  | 'privacy' // the agreement has not been accepted yet
  | 'loading'
  | 'ready'
  | 'pick-user' // H5 mock mode: choose a demo user
  | 'wechat-only' // H5 against a live server: login needs WeChat
  | 'error'

export interface SessionState {
  phase: Phase
  me: MeResponse | null
  error: string | null
}

let state: SessionState = { phase: 'loading', me: null, error: null }
const listeners = new Set<() => void>()

function set(patch: Partial<SessionState>): void {
  state = { ...state, ...patch }
  listeners.forEach((l) => l())
}

export function getSession(): SessionState {
  return state
}

export function subscribe(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession)
}

export function privacyAgreed(): boolean {
  return readString(KEYS.privacy) === '1'
}

let booting: Promise<void> | null = null

// Login on launch (after consent), then load the person. Safe to call from several pages at once.
export function bootstrap(): Promise<void> {
  if (!privacyAgreed()) {
    set({ phase: 'privacy', me: null, error: null })
    return Promise.resolve()
  }
  if (!booting) {
    booting = run().finally(() => {
      booting = null
    })
  }
  return booting
}

async function run(): Promise<void> {
  set({ phase: 'loading', error: null })
  try {
    if (!hasSession()) await login()
    const me = await api('me.get', { toast: false })
    set({ phase: 'ready', me, error: null })
  } catch (err) {
    if (err instanceof LoginRequiredError) {
      set({ phase: err.reason === 'wechat-only' ? 'wechat-only' : 'pick-user', me: null, error: err.message })
    } else {
      set({ phase: 'error', me: null, error: err instanceof Error && err.message ? err.message : '加载失败，请稍后再试' })
    }
  }
}

export function agreePrivacy(): Promise<void> {
  writeString(KEYS.privacy, '1')
  return bootstrap()
}

export async function reloadMe(): Promise<MeResponse | null> {
  try {
    const me = await api('me.get')
    set({ phase: 'ready', me, error: null })
    return me
  } catch {
    return state.me
  }
}

export function setMe(me: MeResponse): void {
  set({ phase: 'ready', me, error: null })
}

export async function signOut(): Promise<void> {
  await logout()
  set({ phase: 'loading', me: null, error: null })
  await bootstrap()
}

// tests only
export function resetSessionForTests(s: Partial<SessionState> = {}): void {
  state = { phase: 'loading', me: null, error: null, ...s }
  booting = null
}
