import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { AuthConfigResponse, DemoUser } from '@wuzha/shared/dist/schemas/auth'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { PrivacyGate } from '../../components/Privacy'
import { IS_WEAPP, getAuthConfig, loginAsDemoUser } from '../../services/auth'
import { showError } from '../../services/request'
import { PAGES } from '../../services/nav'
import { agreePrivacy, bootstrap, privacyAgreed } from '../../store/session'

// Browser build against a mock-mode server: pick who you are. Never used inside WeChat.
export default function Login() {
  const [cfg, setCfg] = useState<AuthConfigResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [agreed, setAgreed] = useState(privacyAgreed())

  function load() {
    setError(null)
    getAuthConfig(true)
      .then(setCfg)
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [])

  async function pick(u: DemoUser) {
    if (busy) return
    setBusy(u.code)
    try {
      await loginAsDemoUser(u.code)
      await bootstrap()
      await Taro.reLaunch({ url: PAGES.home })
    } catch (e) {
      showError(e)
    } finally {
      setBusy(null)
    }
  }

  if (!agreed) {
    return (
      <Screen>
        <PrivacyGate
          onAgree={() => {
            setAgreed(true)
            void agreePrivacy()
          }}
        />
      </Screen>
    )
  }
  if (IS_WEAPP) {
    return (
      <Screen>
        <Card title="无需选择">在微信中会自动用您的微信登录。</Card>
      </Screen>
    )
  }
  if (error) {
    return (
      <Screen>
        <ErrorBlock message={error} onRetry={load} />
      </Screen>
    )
  }
  if (!cfg) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }
  if (cfg.wechatMode !== 'mock') {
    return (
      <Screen>
        <Card title="请在微信中使用">
          <View className="e2e-wechat-only">“无诈”需要通过微信登录。请在微信里搜索“无诈”小程序打开。</View>
        </Card>
      </Screen>
    )
  }
  return (
    <Screen className="login">
      <View className="page-title">选择演示用户</View>
      <View className="lead">这是演示环境，点一位用户即可用他的身份体验。</View>
      {cfg.demoUsers.length === 0 ? <View className="muted">服务器没有配置演示用户。</View> : null}
      {cfg.demoUsers.map((u) => (
        <View key={u.code} className={`choice e2e-demo-user e2e-demo-${u.role}`} onClick={() => void pick(u)}>
          <View className="row">
            <View className="item-main">{u.displayName}</View>
            <View className="tag-role">{ROLE_META[u.role]?.label ?? u.role}</View>
          </View>
          <View className="choice-sub">{u.nodeName}</View>
          {busy === u.code ? <View className="choice-sub">正在登录…</View> : null}
        </View>
      ))}
    </Screen>
  )
}
