// Home-page pieces of the group broadcasts (issue 3): the resident's latest reminders and the
// cadre's 群消息 entries. Kept out of pages/index so the home page only gains two lines.
import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BULLETIN_CATEGORY_LABELS } from '@wuzha/shared/dist/enums'
import { roleHas } from '@wuzha/shared/dist/roles'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import type { BulletinSummary } from '@wuzha/shared/dist/schemas/bulletins'
import { Card } from './Screen'
import { PAGES, go } from '../services/nav'
import { api } from '../services/request'
import { formatWhen } from '../services/when'

export const FEED_LIMIT = 5

// 本村（社区）提醒: the newest bulletins that reached this person.
export function FeedCard() {
  const [items, setItems] = useState<BulletinSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function load() {
    setError(null)
    try {
      setItems((await api('bulletins.feed', { query: { limit: FEED_LIMIT }, toast: false })).items.slice(0, FEED_LIMIT))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  useEffect(() => {
    void load()
  }, [])
  useDidShow(() => {
    if (items) void load()
  })

  return (
    <Card title="本村（社区）提醒" className="e2e-feed">
      {error ? (
        <View className="error-block">
          <View className="error-text">{error}</View>
          <View className="link-button" onClick={() => void load()}>
            重试
          </View>
        </View>
      ) : null}
      {!items && !error ? <View className="muted">正在加载…</View> : null}
      {items && items.length === 0 ? <View className="muted e2e-feed-empty">还没有收到提醒。镇里和村里发布防骗提醒后，会显示在这里。</View> : null}
      {items?.map((b) => (
        <View key={b.id} className="list-item e2e-feed-item" onClick={() => go(PAGES.bulletin, { id: b.id })}>
          <View className="item-main">
            {b.urgency === 'urgent' ? '【紧急】' : ''}
            {b.title}
          </View>
          <View className="muted">
            {BULLETIN_CATEGORY_LABELS[b.category]}
            {b.publishedAt ? ` · ${formatWhen(b.publishedAt)}` : ''}
          </View>
        </View>
      ))}
    </Card>
  )
}

// The cadre's 群消息 entries: forwarding tasks (with the pending count), WeChat groups, feedback.
export function GroupWork({ m }: { m: MembershipView }) {
  const canAct = roleHas(m.role, 'tasks.act')
  const canGroups = roleHas(m.role, 'groups.manage')
  const canFeedback = roleHas(m.role, 'feedback.write') || roleHas(m.role, 'feedback.read')
  const [pending, setPending] = useState<number | null>(null)

  function loadCount() {
    if (!canAct) return
    api('tasks.inbox', { query: { status: 'pending', limit: 1 }, toast: false }).then(
      (p) => setPending(p.counts.pending),
      () => setPending(null),
    )
  }
  useEffect(loadCount, [canAct])
  useDidShow(loadCount)

  if (!canAct && !canGroups && !canFeedback) return null
  return (
    <View className="coming-soon e2e-group-work">
      <View className="coming-soon-title">群消息</View>
      <View className="button-row">
        {canAct ? (
          <Button type="primary" className="e2e-go-inbox" onClick={() => go(PAGES.inbox)}>
            转发任务
          </Button>
        ) : null}
        {canGroups ? (
          <Button type="primary" fill="outline" className="e2e-go-groups" onClick={() => go(PAGES.groups, { nodeId: m.node.id, name: m.node.name })}>
            微信群
          </Button>
        ) : null}
        {canFeedback ? (
          <Button type="primary" fill="outline" className="e2e-go-feedback" onClick={() => go(PAGES.feedback)}>
            基层反馈
          </Button>
        ) : null}
      </View>
      {/* the count sits on its own line: three big buttons leave no room for it in a label */}
      {pending ? <View className="warn-text e2e-pending-count">有 {pending} 条信息等您转发到群里</View> : null}
    </View>
  )
}
