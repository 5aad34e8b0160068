import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BULLETIN_CATEGORY_LABELS, BULLETIN_STATUSES, BULLETIN_STATUS_LABELS, type BulletinStatus } from '@wuzha/shared/dist/enums'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { BulletinSummary } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { api } from '../../services/request'
import { PAGES, go } from '../../services/nav'
import { formatWhen } from '../../services/when'
import '../review/index.scss'
import './index.scss'

// Where a bulletin in a given state is opened.
export function openBulletin(b: BulletinSummary, canWrite: boolean): void {
  if ((b.status === 'draft' || b.status === 'returned') && canWrite) go(PAGES.compose, { id: b.id })
  else if (b.status === 'published') go(PAGES.dashboard, { id: b.id })
  else go(PAGES.review, { id: b.id })
}

function when(b: BulletinSummary): string {
  if (b.status === 'published') return `发布于 ${formatWhen(b.publishedAt)}`
  if (b.status === 'scheduled') return `定于 ${formatWhen(b.publishAt)} 发布`
  return `创建于 ${formatWhen(b.createdAt)}`
}

export function BulletinList({ townId, canWrite }: { townId: number; canWrite: boolean }) {
  const [status, setStatus] = useState<BulletinStatus>('submitted')
  const [items, setItems] = useState<BulletinSummary[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [more, setMore] = useState(false)

  function load(s = status) {
    setError(null)
    setItems(null)
    api('bulletins.list', { query: { townId, status: s, limit: 20 }, toast: false })
      .then((p) => {
        setItems(p.items)
        setCursor(p.nextCursor)
      })
      .catch((e: Error) => setError(e.message))
  }
  useEffect(() => load(status), [townId, status])
  // back from compose / review: states may have changed
  useDidShow(() => {
    if (items) load()
  })

  async function loadMore() {
    if (!cursor) return
    setMore(true)
    try {
      const p = await api('bulletins.list', { query: { townId, status, cursor, limit: 20 } })
      setItems((prev) => [...(prev ?? []), ...p.items])
      setCursor(p.nextCursor)
    } catch {
      // toast shown by the request client
    } finally {
      setMore(false)
    }
  }

  return (
    <Screen className="bulletins">
      <View className="page-title">信息管理</View>
      <View className="button-row">
        {canWrite ? (
          <Button type="primary" size="large" className="e2e-new-bulletin" onClick={() => go(PAGES.compose)}>
            写信息
          </Button>
        ) : null}
        <Button type="primary" fill="outline" size="large" className="e2e-open-stats" onClick={() => go(PAGES.dashboard, { nodeId: townId })}>
          统计
        </Button>
      </View>
      <View className="status-tabs">
        {BULLETIN_STATUSES.map((s) => (
          <View key={s} className={`status-tab e2e-tab-${s} ${s === status ? 'selected' : ''}`} onClick={() => setStatus(s)}>
            {s === 'scheduled' ? '定时' : BULLETIN_STATUS_LABELS[s]}
          </View>
        ))}
      </View>
      {error ? <ErrorBlock message={error} onRetry={() => load()} /> : null}
      {!error && !items ? <Loading /> : null}
      {items && items.length === 0 ? <View className="muted empty">没有{BULLETIN_STATUS_LABELS[status]}的信息。</View> : null}
      {items?.map((b) => (
        <Card key={b.id} className={`bulletin-item e2e-bulletin-item ${b.urgency === 'urgent' ? 'urgent' : ''}`}>
          <View onClick={() => openBulletin(b, canWrite)}>
            <View className="row">
              <View className="item-category">
                {BULLETIN_CATEGORY_LABELS[b.category]}
                {b.urgency === 'urgent' ? <View className="urgent-mark">紧急</View> : null}
              </View>
              <View className={`status-tag status-${b.status}`}>{BULLETIN_STATUS_LABELS[b.status]}</View>
            </View>
            <View className="item-main e2e-bulletin-title">{b.title}</View>
            <View className="muted">
              {b.authorName} · {when(b)}
            </View>
            <View className="item-action">
              {(b.status === 'draft' || b.status === 'returned') && canWrite
                ? '修改 ›'
                : b.status === 'submitted'
                  ? '去审核 ›'
                  : b.status === 'approved'
                    ? '去发布 ›'
                    : b.status === 'published'
                      ? '转发和阅读情况 ›'
                      : '查看 ›'}
            </View>
          </View>
        </Card>
      ))}
      {cursor ? (
        <Button type="default" block loading={more} onClick={() => void loadMore()}>
          加载更多
        </Button>
      ) : null}
    </Screen>
  )
}

// Town staff who write or review bulletins; the first such town membership.
export function staffTown(me: MeResponse): { townId: number; canWrite: boolean } | null {
  const m = me.memberships.find((x) => x.node.kind === 'town' && ROLE_META[x.role].permissions.some((p) => p === 'bulletins.write' || p === 'bulletins.review'))
  return m ? { townId: m.node.id, canWrite: ROLE_META[m.role].permissions.includes('bulletins.write') } : null
}

export default function BulletinsPage() {
  return (
    <SessionGate>
      {(me) => {
        const t = staffTown(me)
        return t ? (
          <BulletinList townId={t.townId} canWrite={t.canWrite} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇反诈分中心的工作人员可以管理信息" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
