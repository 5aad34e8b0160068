import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button as NativeButton, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { roleHas } from '@wuzha/shared/dist/roles'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { BulletinView } from '@wuzha/shared/dist/schemas/bulletins'
import { BulletinBody, BulletinHeader } from '../../components/BulletinBody'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { type GroupInfo, enableShareTicket, groupInfoFor } from '../../services/group-info'
import { ApiError, api } from '../../services/request'
import { PAGES, go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import './index.scss'

export const READER_ROUTE = 'pages/bulletin/index'

export function sharePath(id: number): string {
  return `${PAGES.bulletin}?id=${id}`
}

// The server could not decrypt the group info (stale session key after a re-login, or expired).
function isStaleGroup(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 'GROUP_INFO_STALE' || e.code === 'WECHAT_DECRYPT_FAILED')
}

type Tracked = 'bulletins.open' | 'bulletins.confirm'

// open / confirm with the group the page was opened from. If the group info is stale, fetch it
// again once (the login may have changed since), then fall back to no group: a read still counts.
async function withGroup(name: Tracked, id: number, group: { current: GroupInfo | null | undefined }) {
  if (group.current === undefined) group.current = await groupInfoFor(READER_ROUTE, { id: String(id) })
  const call = (g: GroupInfo | null) => api(name, { params: { id }, body: g ? { group: g } : {}, toast: false })
  try {
    return await call(group.current)
  } catch (e) {
    if (!group.current || !isStaleGroup(e)) throw e
  }
  group.current = await groupInfoFor(READER_ROUTE, { id: String(id) })
  try {
    return await call(group.current)
  } catch (e) {
    if (!group.current || !isStaleGroup(e)) throw e
    group.current = null
    return call(null)
  }
}

export function Reader({ id, me, onTitle }: { id: number; me: MeResponse; onTitle: (t: string) => void }) {
  const [b, setB] = useState<BulletinView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirmedAt, setConfirmedAt] = useState<string | null>(null)
  const [groupName, setGroupName] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const group = useRef<GroupInfo | null | undefined>(undefined)

  async function load() {
    setError(null)
    try {
      const v = await api('bulletins.get', { params: { id }, toast: false })
      setB(v)
      setConfirmedAt(v.myConfirmedAt)
      onTitle(v.title)
      // reach tracking: once per load; never blocks reading
      withGroup('bulletins.open', id, group).then(
        (r) => {
          if (r.groupCounted) setGroupName(r.groupName)
          if (r.confirmedAt) setConfirmedAt(r.confirmedAt)
        },
        () => undefined,
      )
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? '这条信息不存在或已撤回' : (e as Error).message)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  async function confirm() {
    if (confirming || confirmedAt) return
    setConfirming(true)
    try {
      const r = await withGroup('bulletins.confirm', id, group)
      setConfirmedAt(r.confirmedAt ?? new Date().toISOString())
      void Taro.showToast({ title: '已确认，谢谢您', icon: 'success' })
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message || '操作失败，请稍后再试', icon: 'none', duration: 3000 })
    } finally {
      setConfirming(false)
    }
  }

  if (error) return <Screen><ErrorBlock message={error} onRetry={() => void load()} /></Screen>
  if (!b) return <Screen><Loading /></Screen>
  const canFeedback = me.memberships.some((m) => roleHas(m.role, 'feedback.write'))
  return (
    <Screen className="reader">
      {b.urgency === 'urgent' ? <View className="urgent-banner e2e-reader-urgent">紧急预警，请马上告诉家人</View> : null}
      <Card>
        <View className="e2e-reader-title">
          <BulletinHeader title={b.title} category={b.category} urgency={b.urgency} fraudTypes={b.fraudTypes} />
        </View>
        <View className="reader-meta">
          {b.authorName}
          {b.publishedAt ? ` · ${formatWhen(b.publishedAt)}发布` : ''}
        </View>
        {groupName ? <View className="group-note">您是从“{groupName}”打开的</View> : null}
        <View className="e2e-reader-body">
          <BulletinBody blocks={b.body} />
        </View>
      </Card>
      <Card>
        {confirmedAt ? (
          <View className="confirm-done e2e-confirm-done">✓ 您已阅读（{formatWhen(confirmedAt)}）</View>
        ) : (
          <>
            <View className="muted">看完了请点下面的按钮，让村里知道您已经收到。</View>
            <Button type="primary" size="large" block loading={confirming} className="big-button e2e-confirm" onClick={() => void confirm()}>
              已阅
            </Button>
          </>
        )}
        {process.env.TARO_ENV === 'weapp' ? (
          <NativeButton openType="share" className="native-plain e2e-share">
            转发给家人或微信群
          </NativeButton>
        ) : null}
        {canFeedback ? (
          <View className="link-button e2e-reader-feedback" onClick={() => go(PAGES.feedback, { bulletinId: b.id, title: b.title })}>
            就这条信息向上反馈
          </View>
        ) : null}
      </Card>
    </Screen>
  )
}

export default function BulletinPage() {
  const router = useRouter()
  const id = Number(param(router.params.id))
  const title = useRef('')

  useEffect(enableShareTicket, [])
  useShareAppMessage(() => ({ title: title.current || '反诈提醒', path: sharePath(id) }))

  return (
    <SessionGate>
      {(me) =>
        id > 0 ? (
          <Reader id={id} me={me} onTitle={(t) => (title.current = t)} />
        ) : (
          <Screen>
            <ErrorBlock message="找不到这条信息，请从首页或群里的卡片打开" />
          </Screen>
        )
      }
    </SessionGate>
  )
}
