import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import { Card, ErrorBlock, Loading, Screen } from './Screen'
import { PrivacyGate, PrivacyPrompt } from './Privacy'
import { PAGES, go } from '../services/nav'
import { agreePrivacy, bootstrap, useSession } from '../store/session'

// Feature pages can be the first page (opened from a QR code or a shared card): they wait for the
// privacy agreement and login like the home page does, then render with the current person.
export function SessionGate({ children }: { children: (me: MeResponse) => ReactNode }) {
  const s = useSession()
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
          <View>“无诈”需要通过微信登录，请在微信中打开。</View>
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
