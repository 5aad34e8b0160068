import Taro from '@tarojs/taro'

// Page URLs in one place (subpackage pages included).
export const PAGES = {
  home: '/pages/index/index',
  learn: '/pages/learn/index',
  mine: '/pages/mine/index',
  login: '/pages/login/index',
  join: '/pages/join/index',
  chooseVillage: '/pages/choose-village/index',
  profile: '/pages/profile/index',
  members: '/pages/members/index',
  invite: '/pages/invite/index',
  bulletin: '/pages/bulletin/index',
  inbox: '/pages/inbox/index',
  groups: '/pages/groups/index',
  bindGroup: '/pages/bind-group/index',
  feedback: '/pages/feedback/index',
  feedbackThread: '/pages/feedback-thread/index',
  compose: '/pages/compose/index',
  bulletins: '/pages/bulletins/index',
  review: '/pages/review/index',
  dashboard: '/pages/dashboard/index',
} as const

export function go(url: string, query?: Record<string, string | number | undefined>): void {
  const q = query
    ? Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
        .join('&')
    : ''
  void Taro.navigateTo({ url: q ? `${url}?${q}` : url })
}

export function goTab(url: string): void {
  void Taro.switchTab({ url })
}

// Taro passes page query values URL-encoded on some platforms.
export function param(v: string | undefined): string {
  if (!v) return ''
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}
