import Taro from '@tarojs/taro'

// Base body text: WeChat's standard font size is 17 px; fontSizeScaleFactor is the person's
// WeChat font setting divided by it (1.0 to about 1.6 in 关怀模式).
export const BASE_FONT_PX = 17

export function fontScale(): number {
  if (process.env.TARO_ENV !== 'weapp') return 1
  try {
    const info = typeof Taro.getAppBaseInfo === 'function' ? Taro.getAppBaseInfo() : null
    const f = Number((info as { fontSizeScaleFactor?: number } | null)?.fontSizeScaleFactor)
    // never smaller than standard: the base is already the minimum we consider readable
    return Number.isFinite(f) && f > 1 ? Math.min(f, 2) : 1
  } catch {
    return 1
  }
}

export function rootFontSize(): string {
  return `${Math.round(BASE_FONT_PX * fontScale() * 10) / 10}px`
}
