// Which WeChat group (if any) this page was opened from, as the encrypted blob WeChat hands out.
// The server decrypts it with the session key of the CURRENT login, so call this after login.
// Only weapp can know: in H5 (and in any non-group scene) the answer is null.
import Taro from '@tarojs/taro'

export interface GroupInfo {
  encryptedData: string
  iv: string
}

// 1044: a card with a shareTicket opened in a group; 1008: a card opened in a group chat.
export const GROUP_SCENES = [1044, 1008]

export interface EnterOptions {
  scene?: number
  shareTicket?: string
  path?: string
  query?: Record<string, string | undefined>
}

type CallbackApi = (opts: { success?: (r: unknown) => void; fail?: (e: unknown) => void; [k: string]: unknown }) => unknown
interface GroupApis {
  getEnterOptionsSync?: () => EnterOptions
  getLaunchOptionsSync?: () => EnterOptions
  getGroupEnterInfo?: CallbackApi
  getShareInfo?: CallbackApi
}

function apis(): GroupApis {
  return Taro as unknown as GroupApis
}

// The options of the current entry into the app (hot start included), launch options as fallback.
export function enterOptions(): EnterOptions | null {
  if (process.env.TARO_ENV !== 'weapp') return null
  const t = apis()
  try {
    if (typeof t.getEnterOptionsSync === 'function') return t.getEnterOptionsSync() ?? null
    if (typeof t.getLaunchOptionsSync === 'function') return t.getLaunchOptionsSync() ?? null
  } catch {
    // older base libraries may throw outside a launch
  }
  return null
}

function normalise(path: string | undefined): string {
  return (path ?? '').replace(/^\/+/, '').split('?')[0]
}

// Was the app entered from a group card straight into this page (and, when given, with this query)?
// A page reached later by navigation inside the app must not claim the entry card's group.
export function enteredFromGroup(route: string, match: Record<string, string> = {}): EnterOptions | null {
  const o = enterOptions()
  if (!o || !GROUP_SCENES.includes(Number(o.scene))) return null
  if (normalise(o.path) !== normalise(route)) return null
  for (const [k, v] of Object.entries(match)) {
    if (String(o.query?.[k] ?? '') !== v) return null
  }
  return o
}

function asGroupInfo(r: unknown): GroupInfo | null {
  const d = r as { encryptedData?: unknown; iv?: unknown } | null
  if (d && typeof d.encryptedData === 'string' && d.encryptedData && typeof d.iv === 'string' && d.iv) {
    return { encryptedData: d.encryptedData, iv: d.iv }
  }
  return null
}

const TIMEOUT_MS = 5000

// Callback style on purpose: WeChat documents no Promise form for getGroupEnterInfo.
function callApi(fn: CallbackApi, opts: Record<string, unknown>): Promise<GroupInfo | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), TIMEOUT_MS)
    const done = (v: GroupInfo | null) => {
      clearTimeout(timer)
      resolve(v)
    }
    try {
      const ret = fn({ ...opts, success: (r) => done(asGroupInfo(r)), fail: () => done(null) })
      // Taro's promisified wrapper also returns a promise: swallow its rejection (fail already resolved us)
      if (ret && typeof (ret as Promise<unknown>).catch === 'function') (ret as Promise<unknown>).catch(() => undefined)
    } catch {
      done(null)
    }
  })
}

// The encrypted group info for a page entered from a group: getGroupEnterInfo (base library
// 2.17.3+), falling back to getShareInfo with the entry's shareTicket. null when not from a group.
export async function groupInfoFor(route: string, match: Record<string, string> = {}): Promise<GroupInfo | null> {
  const o = enteredFromGroup(route, match)
  if (!o) return null
  const t = apis()
  if (typeof t.getGroupEnterInfo === 'function') {
    const info = await callApi(t.getGroupEnterInfo, {})
    if (info) return info
  }
  if (o.shareTicket && typeof t.getShareInfo === 'function') {
    return callApi(t.getShareInfo, { shareTicket: o.shareTicket, timeout: TIMEOUT_MS })
  }
  return null
}

// Shares from this page carry a shareTicket, so whoever opens the card in a group can report
// which group it was (getShareInfo needs the ticket; getGroupEnterInfo works either way).
export function enableShareTicket(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  const t = Taro as unknown as { showShareMenu?: (o: Record<string, unknown>) => unknown }
  if (typeof t.showShareMenu !== 'function') return
  try {
    const r = t.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage'] })
    if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch(() => undefined)
  } catch {
    // an old base library without showShareMenu options: sharing still works, without the ticket
  }
}
