// Entry points to pledges on the tabs (main package, so small): the 学习 tab lists what waits to be
// signed; the 我的 tab shows 我的承诺书 with how many wait. The pages themselves are subpackages.
import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { MyPledgesView } from '@wuzha/shared/dist/schemas/pledge'
import { Card } from './Screen'
import { go } from '../services/nav'
import { PLEDGE_PAGES, deadlineText, pledgeCalls } from '../services/pledge'
import { useSession } from '../store/session'

function useMyPledges(): { data: MyPledgesView | null; error: boolean } {
  const ready = useSession().phase === 'ready'
  const [data, setData] = useState<MyPledgesView | null>(null)
  const [error, setError] = useState(false)
  function load() {
    if (!ready) return
    pledgeCalls.mine().then(
      (d) => {
        setData(d)
        setError(false)
      },
      () => setError(true),
    )
  }
  useEffect(load, [ready])
  // back from signing: the count has changed
  useDidShow(() => {
    if (data) load()
  })
  return { data, error }
}

// 学习 tab: shown only when something waits to be signed or was signed.
export function PledgeCard() {
  const { data } = useMyPledges()
  if (!data || (data.toSign.length === 0 && data.signed.length === 0)) return null
  return (
    <Card title="承诺书签署" className="e2e-pledge-card">
      {data.toSign.length === 0 ? <View className="muted">需要签的承诺书都签好了。</View> : null}
      {data.toSign.map((t) => (
        <View key={`${t.campaignId}-${t.forStudent ?? ''}`} className="list-item e2e-pledge-card-item" onClick={() => go(PLEDGE_PAGES.sign, { id: t.campaignId })}>
          <View className="item-main">{t.title}</View>
          {t.forStudent ? <View className="muted">{t.forStudent}</View> : null}
          <View className="muted">{deadlineText(t.deadline)}</View>
          {/* inline: a stylesheet here conflicts in order with NutUI's on the two tabs */}
          <View style={{ color: '#0b57d0', fontWeight: 600 }}>点这里阅读并签署 ›</View>
        </View>
      ))}
      <View className="link-button e2e-pledge-card-mine" onClick={() => go(PLEDGE_PAGES.mine)}>
        我的承诺书（已签 {data.signed.length} 份）
      </View>
    </Card>
  )
}

// 我的 tab: one row with the count to sign.
export function PledgeEntryRow() {
  const { data } = useMyPledges()
  const waiting = data?.toSign.length ?? 0
  return (
    <View className="list-item row e2e-mine-pledges" onClick={() => go(PLEDGE_PAGES.mine)}>
      <View className="item-main">我的承诺书</View>
      {waiting > 0 ? <View className="tag-soon e2e-mine-pledges-count">{waiting} 份待签</View> : <View className="muted">查看 ›</View>}
    </View>
  )
}
