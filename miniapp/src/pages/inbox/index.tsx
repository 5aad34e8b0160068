import { type MutableRefObject, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, useShareAppMessage } from '@tarojs/taro'
import { Button as NativeButton, Image, Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BULLETIN_CATEGORY_LABELS } from '@wuzha/shared/dist/enums'
import type { InboxPage, TaskView } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { enableShareTicket } from '../../services/group-info'
import { PAGES, go } from '../../services/nav'
import { api, showError } from '../../services/request'
import { type PickedImage, pickImages, uploadImage } from '../../services/upload'
import { formatWhen } from '../../services/when'
import './index.scss'

export type Tab = 'pending' | 'forwarded' | 'overdue'
export const TABS: { key: Tab; label: string }[] = [
  { key: 'pending', label: '待转发' },
  { key: 'forwarded', label: '已转发' },
  { key: 'overdue', label: '已超时' },
]

// The card a cadre shares is the bulletin itself: whoever opens it from the group lands in the reader.
export function bulletinSharePath(bulletinId: number): string {
  return `${PAGES.bulletin}?id=${bulletinId}`
}

interface ShareState {
  // the task whose 转发到群 button was tapped last
  target: MutableRefObject<TaskView | null>
  // set when the share sheet was opened; asked about when the page shows again
  onReturn: MutableRefObject<(() => void) | null>
}

async function markForwarded(t: TaskView, after: () => void): Promise<void> {
  // WeChat never tells us whether the card was really sent: ask the cadre.
  const ok = await confirm('转发确认', `“${t.bulletin.title}”已经发到群里了吗？`, '已经发了')
  if (!ok) return
  try {
    await api('tasks.forward', { params: { id: t.id } })
    void Taro.showToast({ title: '已记录为已转发', icon: 'success' })
  } catch {
    // toast shown by the request client
  }
  after()
}

function OfflineForm({ task, onDone }: { task: TaskView; onDone: () => void }) {
  const [note, setNote] = useState('')
  const [photo, setPhoto] = useState<{ path: string; fileId: number } | null>(null)
  const [uploading, setUploading] = useState(false)
  const [saving, setSaving] = useState(false)
  const [err, setErr] = useState<string | null>(null)

  async function addPhoto() {
    setErr(null)
    let picked: PickedImage[] = []
    try {
      picked = await pickImages(1)
    } catch (e) {
      setErr((e as Error).message)
      return
    }
    if (!picked.length) return
    setUploading(true)
    try {
      const f = await uploadImage(picked[0], 'offline_forward')
      setPhoto({ path: picked[0].path, fileId: f.id })
    } catch (e) {
      setErr((e as Error).message)
    } finally {
      setUploading(false)
    }
  }

  async function submit() {
    if (!note.trim()) {
      setErr('请写一句怎么转发的，例如“已贴在村务公开栏”')
      return
    }
    setSaving(true)
    setErr(null)
    try {
      await api('tasks.offline', { params: { id: task.id }, body: { note: note.trim(), ...(photo ? { photoFileId: photo.fileId } : {}) }, toast: false })
      void Taro.showToast({ title: '已记录线下转发', icon: 'success' })
      onDone()
    } catch (e) {
      setErr((e as Error).message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="offline-form e2e-offline-form">
      <View className="field">
        <View className="field-label">怎么转发的</View>
        <Input className="field-input e2e-offline-note" value={note} maxlength={200} placeholder="例如：已贴在村务公开栏、已用大喇叭广播" onInput={(e) => setNote(e.detail.value)} />
      </View>
      {photo ? <Image className="photo-thumb" src={photo.path} mode="aspectFill" /> : null}
      <Button fill="outline" type="primary" block loading={uploading} className="big-button e2e-offline-photo" onClick={() => void addPhoto()}>
        {photo ? '换一张照片' : '拍照或选照片（可不传）'}
      </Button>
      {err ? <View className="field-error e2e-offline-error">{err}</View> : null}
      <Button type="primary" size="large" block loading={saving} disabled={uploading} className="big-button e2e-offline-submit" onClick={() => void submit()}>
        提交线下转发
      </Button>
    </View>
  )
}

function TaskCard({ t, share, reload }: { t: TaskView; share: ShareState; reload: () => void }) {
  const [offline, setOffline] = useState(false)
  const done = t.status !== 'pending'
  return (
    <Card className={`e2e-task ${t.overdue ? 'e2e-task-overdue' : ''}`}>
      <View className="task-title e2e-task-title" onClick={() => go(PAGES.bulletin, { id: t.bulletin.id })}>
        {t.bulletin.urgency === 'urgent' ? '【紧急】' : ''}
        {t.bulletin.title}
      </View>
      <View className="task-line muted">
        {BULLETIN_CATEGORY_LABELS[t.bulletin.category]} · {t.node.name}
      </View>
      {t.deadline ? (
        <View className={`task-line ${t.overdue && !done ? 'overdue e2e-task-deadline-overdue' : ''}`}>
          {t.overdue && !done ? '已超过截止时间：' : '请在此前转发：'}
          {formatWhen(t.deadline)}
        </View>
      ) : null}
      {t.status === 'forwarded' ? <View className="task-line done">✓ 已转发到群（{formatWhen(t.forwardedAt)}）</View> : null}
      {t.status === 'offline' ? (
        <View className="task-line done">
          ✓ 线下转发（{formatWhen(t.forwardedAt)}）：{t.offlineNote}
        </View>
      ) : null}
      <View className="task-line muted">
        本级已登记 {t.groupsBound} 个微信群
        {t.groupsBound === 0 ? (
          <View className="link-button e2e-task-bind" onClick={() => go(PAGES.groups, { nodeId: t.node.id, name: t.node.name })}>
            去登记微信群
          </View>
        ) : null}
      </View>
      <Button fill="outline" type="primary" block className="big-button e2e-task-open" onClick={() => go(PAGES.bulletin, { id: t.bulletin.id })}>
        打开信息
      </Button>
      {!done ? (
        <>
          {process.env.TARO_ENV === 'weapp' ? (
            <NativeButton
              openType="share"
              className="native-primary e2e-task-share"
              data-task={t.id}
              onClick={() => {
                share.target.current = t
              }}
            >
              转发到群
            </NativeButton>
          ) : null}
          <Button type="primary" block className="big-button e2e-task-forwarded" onClick={() => void markForwarded(t, reload)}>
            已发到群里，标记完成
          </Button>
          {offline ? (
            <OfflineForm task={t} onDone={reload} />
          ) : (
            <View className="link-button e2e-task-offline" onClick={() => setOffline(true)}>
              没有群？线下转发（公告栏、广播）
            </View>
          )}
        </>
      ) : null}
    </Card>
  )
}

export function Inbox({ share, reloadRef }: { share: ShareState; reloadRef?: MutableRefObject<() => void> }) {
  const [tab, setTab] = useState<Tab>('pending')
  const [page, setPage] = useState<InboxPage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  async function load(which: Tab = tab) {
    setError(null)
    try {
      setPage(await api('tasks.inbox', { query: { status: which, limit: 20 }, toast: false }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  async function more() {
    if (!page?.nextCursor) return
    setLoadingMore(true)
    try {
      const next = await api('tasks.inbox', { query: { status: tab, limit: 20, cursor: page.nextCursor } })
      setPage({ ...next, items: [...page.items, ...next.items] })
    } catch {
      // toast shown
    } finally {
      setLoadingMore(false)
    }
  }
  useEffect(() => {
    void load(tab)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab])

  const reload = () => void load(tab)
  // the page reloads the current tab when it shows again
  if (reloadRef) reloadRef.current = reload

  return (
    <Screen className="inbox">
      <View className="page-title">转发任务</View>
      <View className="tabs">
        {TABS.map((x) => (
          <View key={x.key} className={`tab e2e-tab-${x.key} ${tab === x.key ? 'tab-active' : ''}`} onClick={() => setTab(x.key)}>
            {x.label}
            {page ? ` ${page.counts[x.key]}` : ''}
          </View>
        ))}
      </View>
      {error && !page ? <ErrorBlock message={error} onRetry={reload} /> : null}
      {!page && !error ? <Loading /> : null}
      {page && page.items.length === 0 ? (
        <Card className="e2e-inbox-empty">
          <View className="muted">{tab === 'pending' ? '没有要转发的信息。镇里发布新信息后会出现在这里。' : tab === 'forwarded' ? '还没有已转发的信息。' : '没有超时的任务。'}</View>
        </Card>
      ) : null}
      {page?.items.map((t) => <TaskCard key={t.id} t={t} share={share} reload={reload} />)}
      {page?.nextCursor ? (
        <Button type="primary" fill="outline" block loading={loadingMore} className="big-button" onClick={() => void more()}>
          加载更多
        </Button>
      ) : null}
    </Screen>
  )
}

export default function InboxPageScreen() {
  const target = useRef<TaskView | null>(null)
  const onReturn = useRef<(() => void) | null>(null)
  const reloadRef = useRef<() => void>(() => undefined)

  useEffect(enableShareTicket, [])
  useShareAppMessage((res) => {
    const t = res?.from === 'button' ? target.current : null
    if (!t) return { title: '无诈：反诈骗提醒', path: PAGES.home }
    onReturn.current = () => void markForwarded(t, () => reloadRef.current())
    return { title: t.bulletin.title, path: bulletinSharePath(t.bulletin.id) }
  })
  const shownOnce = useRef(false)
  useDidShow(() => {
    const ask = onReturn.current
    onReturn.current = null
    if (ask) ask()
    // back from a reader or another page: counts may have changed (the first show loads by itself)
    else if (shownOnce.current) reloadRef.current()
    shownOnce.current = true
  })

  return <SessionGate>{() => <Inbox share={{ target, onReturn }} reloadRef={reloadRef} />}</SessionGate>
}
