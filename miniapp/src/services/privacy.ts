// WeChat privacy guide (since 2023-10): privacy APIs (e.g. getPhoneNumber) work only after the person
// agrees. When WeChat asks (onNeedPrivacyAuthorization), we keep its resolve, show our agreement
// (PrivacyPrompt), and answer from its button (open-type="agreePrivacyAuthorization").
import { KEYS, writeString } from './storage'

type Resolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void
let pending: Resolve | null = null
const askListeners = new Set<() => void>()

declare const wx: any

function hasWx(name: string): boolean {
  return process.env.TARO_ENV === 'weapp' && typeof wx !== 'undefined' && typeof wx[name] === 'function'
}

// Called once at launch.
export function wirePrivacy(): void {
  if (!hasWx('onNeedPrivacyAuthorization')) return
  wx.onNeedPrivacyAuthorization((resolve: Resolve) => {
    pending = resolve
    askListeners.forEach((l) => l())
  })
}

export function onPrivacyAsk(l: () => void): () => void {
  askListeners.add(l)
  return () => askListeners.delete(l)
}

export function isPrivacyPending(): boolean {
  return pending !== null
}

export function answerPrivacy(agree: boolean): void {
  if (agree) writeString(KEYS.privacy, '1')
  if (pending) {
    pending(agree ? { event: 'agree', buttonId: 'privacy-agree' } : { event: 'disagree' })
    pending = null
  }
  // After our own agreement button (which is also WeChat's agree button) the base library knows
  // the answer; asking confirms it and is a no-op on base libraries without the API.
  if (agree && hasWx('requirePrivacyAuthorize')) wx.requirePrivacyAuthorize({ success: () => undefined, fail: () => undefined })
}
