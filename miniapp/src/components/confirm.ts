import Taro from '@tarojs/taro'

// A plain yes/no question (native dialog: large, familiar, works on H5 too).
export async function confirm(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  try {
    const r = await Taro.showModal({ title, content, confirmText, cancelText: '取消', confirmColor: '#b3261e' })
    return Boolean(r.confirm)
  } catch {
    return false
  }
}
