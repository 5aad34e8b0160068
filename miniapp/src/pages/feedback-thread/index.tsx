import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { FEEDBACK_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { FeedbackView } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { PAGES, go, param } from '../../services/nav'
import { ApiError, api } from '../../services/request'
import { formatWhen } from '../../services/when'
import './index.scss'

export function Thread({ id }: { id: number }) {
  const [f, setF] = useState<FeedbackView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reply, setReply] = useState('')
  const [sending, setSending] = useState(false)
  const [replyError, setReplyError] = useState<string | null>(null)

  async function load() {
    setError(null)
    try {
      setF(await api('feedback.get', { params: { id }, toast: false }))
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? '这条反馈不存在，或您无权查看' : (e as Error).message)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  async function send() {
    if (!reply.trim()) return setReplyError('请写下回复内容')
    setSending(true)
    setReplyError(null)
    try {
      setF(await api('feedback.reply', { params: { id }, body: { body: reply.trim() }, toast: false }))
      setReply('')
      void Taro.showToast({ title: '已回复', icon: 'success' })
    } catch (e) {
      setReplyError((e as Error).message)
    } finally {
      setSending(false)
    }
  }

  if (error) return <Screen><ErrorBlock message={error} onRetry={() => void load()} /></Screen>
  if (!f) return <Screen><Loading /></Screen>
  const urls = f.photos.map((p) => p.url)
  return (
    <Screen className="feedback-thread">
      <Card className="e2e-thread">
        <View className="row">
          <View className="card-title">{FEEDBACK_KIND_LABELS[f.kind]}</View>
          <View className="muted">{formatWhen(f.createdAt)}</View>
        </View>
        <View className="muted">
          {f.node.name} · {f.authorName}
        </View>
        {f.bulletin ? (
          <View className="link-button e2e-thread-bulletin" onClick={() => go(PAGES.bulletin, { id: f.bulletin!.id })}>
            关于信息：{f.bulletin.title}
          </View>
        ) : null}
        <View className="thread-body e2e-thread-body">{f.body}</View>
        {urls.length ? (
          <View className="photos">
            {urls.map((u) => (
              <Image key={u} className="photo-img" src={u} mode="aspectFill" onClick={() => void Taro.previewImage({ urls, current: u }).catch(() => undefined)} />
            ))}
          </View>
        ) : null}
      </Card>
      <Card title={f.replies.length ? `回复（${f.replies.length}）` : '还没有回复'}>
        {f.replies.map((r) => (
          <View key={r.id} className="reply e2e-reply">
            <View className="row">
              <View className="item-main">
                {r.authorName} <View className="tag-role">{r.authorNode.name}</View>
              </View>
              <View className="muted">{formatWhen(r.createdAt)}</View>
            </View>
            <View className="reply-body">{r.body}</View>
          </View>
        ))}
        <View className="field">
          <Textarea className="field-textarea e2e-reply-input" value={reply} maxlength={1000} placeholder="写回复" onInput={(e) => setReply(e.detail.value)} />
        </View>
        {replyError ? <View className="field-error e2e-reply-error">{replyError}</View> : null}
        <Button type="primary" size="large" block loading={sending} className="big-button e2e-reply-send" onClick={() => void send()}>
          发送回复
        </Button>
      </Card>
    </Screen>
  )
}

export default function FeedbackThreadPage() {
  const router = useRouter()
  const id = Number(param(router.params.id))
  return <SessionGate>{() => (id > 0 ? <Thread id={id} /> : <Screen><ErrorBlock message="找不到这条反馈" /></Screen>)}</SessionGate>
}
