import { useEffect, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Image, Picker, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { FEEDBACK_KINDS, FEEDBACK_KIND_LABELS, type FeedbackKind } from '@wuzha/shared/dist/enums'
import { roleHas } from '@wuzha/shared/dist/roles'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { FeedbackPage } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { PAGES, go, param } from '../../services/nav'
import { api } from '../../services/request'
import { pickImages, uploadImage } from '../../services/upload'
import { formatWhen } from '../../services/when'
import './index.scss'

export const MAX_PHOTOS = 9

type Item = FeedbackPage['items'][number]
interface Photo {
  path: string
  fileId: number
}

export function Composer({ me, bulletin, onSent }: { me: MeResponse; bulletin: { id: number; title: string } | null; onSent: (it: Item) => void }) {
  // one entry per node where this person may write feedback
  const nodes = me.memberships.filter((m) => roleHas(m.role, 'feedback.write')).map((m) => m.node)
  const [nodeIdx, setNodeIdx] = useState(0)
  const [kind, setKind] = useState<FeedbackKind | null>(bulletin ? 'concern' : null)
  const [body, setBody] = useState('')
  const [photos, setPhotos] = useState<Photo[]>([])
  const [link, setLink] = useState(bulletin)
  const [uploading, setUploading] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function addPhotos() {
    setError(null)
    try {
      const picked = await pickImages(MAX_PHOTOS - photos.length)
      if (!picked.length) return
      setUploading(true)
      // one by one: a failure names itself and keeps the ones already uploaded
      for (const p of picked) {
        const f = await uploadImage(p, 'feedback')
        setPhotos((prev) => (prev.length < MAX_PHOTOS ? [...prev, { path: p.path, fileId: f.id }] : prev))
      }
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setUploading(false)
    }
  }

  async function send() {
    const node = nodes[nodeIdx]
    if (!node) return
    if (!kind) return setError('请选择反馈的类型')
    if (!body.trim()) return setError('请写下您要反馈的情况')
    setSending(true)
    setError(null)
    try {
      const v = await api('feedback.create', {
        body: { nodeId: node.id, kind, body: body.trim(), photoFileIds: photos.map((p) => p.fileId), ...(link ? { bulletinId: link.id } : {}) },
        toast: false,
      })
      void Taro.showToast({ title: '已发送', icon: 'success' })
      setBody('')
      setPhotos([])
      setKind(null)
      setLink(null)
      const { replies, ...rest } = v
      onSent({ ...rest, replyCount: replies.length })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setSending(false)
    }
  }

  if (!nodes.length) return null
  return (
    <Card title="写反馈" className="e2e-feedback-composer">
      <View className="muted">反馈会送到上一级和镇反诈分中心，他们可以回复您。</View>
      <View className="gap" />
      {nodes.length > 1 ? (
        <View className="field">
          <View className="field-label">以哪个组织的名义</View>
          <Picker mode="selector" range={nodes.map((n) => n.name)} value={nodeIdx} onChange={(e) => setNodeIdx(Number(e.detail.value) || 0)}>
            <View className="field-input e2e-feedback-node">{nodes[nodeIdx].name}</View>
          </Picker>
        </View>
      ) : (
        <View className="field muted">来自：{nodes[0].name}</View>
      )}
      <View className="field">
        <View className="field-label">反馈什么</View>
        <View className="kinds">
          {FEEDBACK_KINDS.map((k) => (
            <View key={k} className={`kind e2e-kind-${k} ${kind === k ? 'kind-active' : ''}`} onClick={() => setKind(k)}>
              {FEEDBACK_KIND_LABELS[k]}
            </View>
          ))}
        </View>
      </View>
      {link ? (
        <View className="field">
          <View className="muted e2e-feedback-link">关于信息：{link.title}</View>
          <View className="link-button" onClick={() => setLink(null)}>
            不关联这条信息
          </View>
        </View>
      ) : null}
      <View className="field">
        <View className="field-label">情况说明</View>
        <Textarea className="field-textarea e2e-feedback-body" value={body} maxlength={1000} placeholder="例如：村里有老人接到自称医保局的电话，要求转账" onInput={(e) => setBody(e.detail.value)} />
      </View>
      <View className="field">
        <View className="field-label">照片（最多{MAX_PHOTOS}张，可不传）</View>
        <View className="photos">
          {photos.map((p, i) => (
            <View key={p.fileId} className="photo e2e-feedback-photo">
              <Image className="photo-img" src={p.path} mode="aspectFill" />
              <View className="photo-del" onClick={() => setPhotos((prev) => prev.filter((_, j) => j !== i))}>
                删除
              </View>
            </View>
          ))}
        </View>
        {photos.length < MAX_PHOTOS ? (
          <Button fill="outline" type="primary" block loading={uploading} className="big-button e2e-feedback-add-photo" onClick={() => void addPhotos()}>
            拍照或选照片
          </Button>
        ) : null}
      </View>
      {error ? <View className="field-error e2e-feedback-error">{error}</View> : null}
      <Button type="primary" size="large" block loading={sending} disabled={uploading} className="big-button e2e-feedback-send" onClick={() => void send()}>
        发送反馈
      </Button>
    </Card>
  )
}

export function FeedbackList({ me, bulletin }: { me: MeResponse; bulletin: { id: number; title: string } | null }) {
  const [page, setPage] = useState<FeedbackPage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const canWrite = me.memberships.some((m) => roleHas(m.role, 'feedback.write'))
  const [composing, setComposing] = useState(Boolean(bulletin))

  async function load() {
    setError(null)
    try {
      setPage(await api('feedback.list', { query: { limit: 20 }, toast: false }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  async function more() {
    if (!page?.nextCursor) return
    setLoadingMore(true)
    try {
      const next = await api('feedback.list', { query: { limit: 20, cursor: page.nextCursor } })
      setPage({ ...next, items: [...page.items, ...next.items] })
    } catch {
      // toast shown
    } finally {
      setLoadingMore(false)
    }
  }
  useEffect(() => {
    void load()
  }, [])
  useDidShow(() => {
    // back from a thread: reply counts may have changed
    if (page) void load()
  })

  return (
    <Screen className="feedback">
      <View className="page-title">基层反馈</View>
      {canWrite && !composing ? (
        <Button type="primary" size="large" block className="big-button e2e-feedback-new" onClick={() => setComposing(true)}>
          写反馈
        </Button>
      ) : null}
      {canWrite && composing ? (
        <Composer
          me={me}
          bulletin={bulletin}
          onSent={(it) => {
            setComposing(false)
            setPage((p) => (p ? { ...p, items: [it, ...p.items] } : p))
          }}
        />
      ) : null}
      {error && !page ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!page && !error ? <Loading /> : null}
      {page ? (
        <Card title="反馈记录">
          {page.items.length === 0 ? <View className="muted e2e-feedback-empty">还没有反馈。</View> : null}
          {page.items.map((f) => (
            <View key={f.id} className="list-item e2e-feedback-item" onClick={() => go(PAGES.feedbackThread, { id: f.id })}>
              <View className="row">
                <View className="thread-title">{FEEDBACK_KIND_LABELS[f.kind]}</View>
                <View className="muted">{formatWhen(f.lastActivityAt)}</View>
              </View>
              <View className="excerpt">{f.body}</View>
              <View className="muted">
                {f.node.name} · {f.authorName}
                {f.photos.length ? ` · ${f.photos.length}张照片` : ''}
                {f.replyCount ? ` · ${f.replyCount}条回复` : ' · 暂无回复'}
              </View>
            </View>
          ))}
          {page.nextCursor ? (
            <Button type="primary" fill="outline" block loading={loadingMore} className="big-button" onClick={() => void more()}>
              加载更多
            </Button>
          ) : null}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function FeedbackScreen() {
  const router = useRouter()
  const bulletinId = Number(param(router.params.bulletinId))
  const bulletin = bulletinId > 0 ? { id: bulletinId, title: param(router.params.title) || '（信息）' } : null
  return <SessionGate>{(me) => <FeedbackList me={me} bulletin={bulletin} />}</SessionGate>
}
