// 我的承诺书: what I still have to sign (with deadlines) and what I signed (time and code).
import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { MyPledgesView } from '@wuzha/shared/dist/schemas/pledge'
import { PLEDGE_KIND_LABELS } from '@wuzha/shared/dist/enums'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { go } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { PLEDGE_PAGES, deadlineText, errorText, pledgeCalls, signerLine } from '../../services/pledge'
import './index.scss'

export function MyPledges() {
  const [data, setData] = useState<MyPledgesView | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load() {
    setError(null)
    pledgeCalls.mine().then(setData, (e) => setError(errorText(e)))
  }
  useEffect(load, [])
  // back from signing: the lists have changed
  useDidShow(() => {
    if (data || error) load()
  })

  if (error) return <Screen><ErrorBlock message={error} onRetry={load} /></Screen>
  if (!data) return <Screen><Loading /></Screen>
  return (
    <Screen className="pledges">
      <Card title={`待签署（${data.toSign.length}）`} className="e2e-pledges-to-sign">
        {data.toSign.length === 0 ? <View className="muted e2e-pledges-none">现在没有需要您签署的承诺书。</View> : null}
        {data.toSign.map((t) => (
          <View key={`${t.campaignId}-${t.forStudent ?? ''}`} className="list-item pl-row e2e-pledge-to-sign" onClick={() => go(PLEDGE_PAGES.sign, { id: t.campaignId })}>
            <View className="item-main">{t.title}</View>
            <View className="muted">
              {PLEDGE_KIND_LABELS[t.kind]} · {t.owner.name}
            </View>
            {t.forStudent ? <View className="muted">{t.forStudent}</View> : null}
            <View className="pl-deadline">{deadlineText(t.deadline)}</View>
            <View className="pl-link">点这里阅读并签署 ›</View>
          </View>
        ))}
      </Card>
      <Card title={`已签署（${data.signed.length}）`} className="e2e-pledges-signed">
        {data.signed.length === 0 ? <View className="muted">签好的承诺书会放在这里，可以随时查看和保存。</View> : null}
        {data.signed.map((s) => (
          <View key={s.id} className="list-item pl-row e2e-pledge-signed" onClick={() => go(PLEDGE_PAGES.view, { id: s.id })}>
            <View className="item-main">{s.campaignTitle}</View>
            <View className="muted">{signerLine(s)}</View>
            <View className="muted">
              {formatWhen(s.signedAt)} 签署 · 核验码 <View className="pl-code">{s.code}</View>
            </View>
            <View className="pl-link">查看承诺书 ›</View>
          </View>
        ))}
      </Card>
      <View className="link-button e2e-pledges-verify" onClick={() => go(PLEDGE_PAGES.verify)}>
        核验一份承诺书
      </View>
    </Screen>
  )
}

export default function PledgesPage() {
  return <SessionGate>{() => <MyPledges />}</SessionGate>
}
