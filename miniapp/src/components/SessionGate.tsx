import { type ReactNode, useEffect, useRef } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import { Card, ErrorBlock, Loading, Screen } from './Screen'
import { PrivacyGate, PrivacyPrompt } from './Privacy'
import { PAGES, go } from '../services/nav'
import { agreePrivacy, bootstrap, useSession } from '../store/session'

// Every page that needs a person goes through here: the privacy agreement, login, and the honest
// states in between. Feature pages can be the first page (opened from a QR code or a shared card).
// The home page passes `redirectToLogin` so the browser build opens the demo-user picker by itself.
export function SessionGate({ children, redirectToLogin = false }: { children: (me: MeResponse) => ReactNode; redirectToLogin?: boolean }) {
  const s = useSession()
  const sentToLogin = useRef(false)

  useEffect(() => {
    if (!redirectToLogin) return
    if (s.phase === 'pick-user' && !sentToLogin.current) {
      sentToLogin.current = true
      go(PAGES.login)
    }
    if (s.phase !== 'pick-user') sentToLogin.current = false
  }, [s.phase, redirectToLogin])

  if (s.phase === 'privacy') {
    return (
      <Screen>
        <PrivacyGate onAgree={() => void agreePrivacy()} />
      </Screen>
    )
  }
  if (s.phase === 'loading') {
    return (
      <Screen>
        <Loading text="正在登录…" />
      </Screen>
    )
  }
  if (s.phase === 'pick-user') {
    return (
      <Screen>
        <Card title="请先登录">
          <View>这是浏览器演示版，请选择一位演示用户登录。</View>
          <Button type="primary" size="large" block className="big-button e2e-go-login" onClick={() => go(PAGES.login)}>
            选择演示用户
          </Button>
        </Card>
      </Screen>
    )
  }
  if (s.phase === 'wechat-only') {
    return (
      <Screen>
        <Card title="请在微信中使用">
          <View className="e2e-wechat-only">“无诈”需要通过微信登录。请在微信里搜索“无诈”小程序，或扫描村里张贴的二维码打开。</View>
        </Card>
      </Screen>
    )
  }
  if (s.phase === 'error' || !s.me) {
    return (
      <Screen>
        <ErrorBlock message={s.error ?? '加载失败，请稍后再试'} onRetry={() => void bootstrap()} />
      </Screen>
    )
  }
  return (
    <>
      {children(s.me)}
      <PrivacyPrompt />
    </>
  )
}
