import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BULLETIN_STATUS_LABELS, NODE_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { BulletinView } from '@wuzha/shared/dist/schemas/bulletins'
import { BulletinBody, BulletinHeader } from '../../components/BulletinBody'
import { CheckVerdict } from '../../components/CheckVerdict'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { ApiError, api, showError } from '../../services/request'
import { PAGES, go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import './index.scss'

function scopeText(b: BulletinView): string {
  if (b.scope.kind === 'town') return '全镇'
  return b.scope.nodes.map((n) => `${n.name}（${NODE_KIND_LABELS[n.kind]}）`).join('、')
}

// Scheduled publishing only when the chosen time is still ahead; otherwise publishing is immediate.
function scheduledAhead(b: BulletinView, now = Date.now()): boolean {
  return Boolean(b.publishAt && new Date(b.publishAt).getTime() > now)
}

export function Review({ id }: { id: number }) {
  const [b, setB] = useState<BulletinView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [mode, setMode] = useState<'decide' | 'return'>('decide')
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  function load() {
    setLoadError(null)
    api('bulletins.get', { params: { id }, toast: false })
      .then(setB)
      .catch((e: Error) => setLoadError(e.message))
  }
  useEffect(load, [id])

  async function act(fn: () => Promise<BulletinView>) {
    setBusy(true)
    setActionError(null)
    try {
      setB(await fn())
      setMode('decide')
    } catch (e) {
      // SELF_REVIEW, a state changed by someone else, …: shown on the page, not just a toast
      if (e instanceof ApiError) setActionError(e.message)
      else showError(e)
    } finally {
      setBusy(false)
    }
  }

  if (loadError) {
    return (
      <Screen>
        <ErrorBlock message={loadError} onRetry={load} />
      </Screen>
    )
  }
  if (!b) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }

  function approve() {
    void act(() => api('bulletins.review', { params: { id }, body: { decision: 'approve' }, toast: false }))
  }
  function sendBack() {
    if (!reason.trim()) {
      setReasonError('退回时请写明原因')
      return
    }
    void act(() => api('bulletins.review', { params: { id }, body: { decision: 'return', reason: reason.trim() }, toast: false }))
  }
  async function publish(current: BulletinView) {
    const ahead = scheduledAhead(current)
    const ok = await confirm(
      ahead ? '确认定时发布' : '确认发布',
      ahead ? `将于${formatWhen(current.publishAt)}发布到${scopeText(current)}。` : `发布后，${scopeText(current)}的村（社区）和单位会马上收到转发任务。`,
      ahead ? '定时发布' : '发布',
    )
    if (ok) void act(() => api('bulletins.publish', { params: { id }, toast: false }))
  }

  return (
    <Screen className="review">
      <View className="row">
        <View className="page-title">审核信息</View>
        <View className={`status-tag e2e-review-status status-${b.status}`}>{BULLETIN_STATUS_LABELS[b.status]}</View>
      </View>

      <CheckVerdict check={b.contentCheck} />

      <Card className="meta">
        <View>撰写人：{b.authorName}</View>
        {b.submittedAt ? <View>提交时间：{formatWhen(b.submittedAt)}</View> : null}
        <View>发送范围：{scopeText(b)}</View>
        <View>转发截止：{b.forwardDeadline ? formatWhen(b.forwardDeadline) : '不限'}</View>
        <View>定时发布：{b.publishAt ? formatWhen(b.publishAt) : '不定时（审核通过后手动发布）'}</View>
        {b.reviewerName ? <View>审核人：{b.reviewerName}</View> : null}
        {b.summary ? <View className="muted">摘要：{b.summary}</View> : null}
      </Card>

      <Card title="全文（居民看到的样子）" className="preview-card e2e-review-preview">
        <BulletinHeader title={b.title} category={b.category} urgency={b.urgency} fraudTypes={b.fraudTypes} />
        <BulletinBody blocks={b.body} />
      </Card>

      {actionError ? <View className="action-error e2e-action-error">{actionError}</View> : null}

      {b.status === 'submitted' && mode === 'decide' ? (
        <View className="button-row">
          <Button type="danger" fill="outline" size="large" className="e2e-review-return" disabled={busy} onClick={() => setMode('return')}>
            退回修改
          </Button>
          <Button type="primary" size="large" className="e2e-review-approve" loading={busy} disabled={busy} onClick={approve}>
            审核通过
          </Button>
        </View>
      ) : null}

      {b.status === 'submitted' && mode === 'return' ? (
        <Card title="退回原因（必填）">
          <Textarea
            className="field-textarea reason-input e2e-review-reason"
            value={reason}
            maxlength={200}
            placeholder="例如：第二段案情描述需核实金额，请修改后再提交"
            onInput={(e) => {
              setReason(e.detail.value)
              setReasonError(null)
            }}
          />
          {reasonError ? <View className="field-error e2e-field-error">{reasonError}</View> : null}
          <View className="button-row">
            <Button type="default" size="large" disabled={busy} onClick={() => setMode('decide')}>
              取消
            </Button>
            <Button type="danger" size="large" className="e2e-review-return-confirm" loading={busy} disabled={busy} onClick={sendBack}>
              确认退回
            </Button>
          </View>
        </Card>
      ) : null}

      {b.status === 'approved' ? (
        <Card className="e2e-approved">
          <View className="card-title">审核已通过</View>
          <Button type="primary" size="large" block className="big-button e2e-review-publish" loading={busy} disabled={busy} onClick={() => void publish(b)}>
            {scheduledAhead(b) ? `定时发布（${formatWhen(b.publishAt)}）` : '立即发布'}
          </Button>
        </Card>
      ) : null}

      {b.status === 'scheduled' ? (
        <Card className="e2e-scheduled">
          <View className="card-title">已设定时发布</View>
          <View>将于 {formatWhen(b.publishAt)} 自动发布。</View>
        </Card>
      ) : null}

      {b.status === 'returned' ? (
        <Card className="e2e-returned">
          <View className="card-title">已退回</View>
          <View>原因：{b.returnReason}</View>
        </Card>
      ) : null}

      {b.status === 'published' ? (
        <Card className="e2e-published">
          <View className="card-title">已发布</View>
          <View>发布时间：{formatWhen(b.publishedAt)}</View>
          <Button type="primary" size="large" block className="big-button e2e-to-dashboard" onClick={() => go(PAGES.dashboard, { id: b.id })}>
            查看转发和阅读情况
          </Button>
        </Card>
      ) : null}

      <View className="link-button" onClick={() => void Taro.navigateBack().catch(() => go(PAGES.bulletins))}>
        返回
      </View>
    </Screen>
  )
}

export default function ReviewPage() {
  const router = useRouter()
  const id = Number(param(router.params.id))
  return (
    <SessionGate>
      {() =>
        id > 0 ? (
          <Review id={id} />
        ) : (
          <Screen>
            <ErrorBlock message="缺少信息编号，请从信息管理进入" />
          </Screen>
        )
      }
    </SessionGate>
  )
}
