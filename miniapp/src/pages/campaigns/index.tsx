import { useEffect, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CAMPAIGN_STATES, CAMPAIGN_STATE_LABELS, type CampaignState } from '@wuzha/shared/dist/enums'
import type { CampaignView } from '@wuzha/shared/dist/schemas/quiz'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { api } from '../../services/request'
import { go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { KIND_TEXT, QUIZ_PAGES, campaignLimits, membershipsWith } from '../../services/quiz-admin'
import '../quiz-bank/quiz-admin.scss'

function CampaignItem({ c, busy, onPublish, onClose }: { c: CampaignView; busy: boolean; onPublish: (c: CampaignView) => void; onClose: (c: CampaignView) => void }) {
  const canEdit = c.canManage && c.state !== 'ended'
  return (
    <View className="c-item e2e-campaign">
      <View className="row">
        <View className="item-main e2e-campaign-title">{c.title}</View>
        <View className={`state-tag state-${c.state} e2e-campaign-state`}>{CAMPAIGN_STATE_LABELS[c.state]}</View>
      </View>
      <View className="muted">
        {KIND_TEXT[c.kind][0]} · {c.owner.name} · {c.audience.map((n) => n.name).join('、')}
      </View>
      <View className="muted">
        {formatWhen(c.startsAt)} 至 {formatWhen(c.endsAt)}
      </View>
      <View className="muted">{campaignLimits(c)}</View>
      <View className="button-row">
        {c.state !== 'draft' ? (
          <Button type="primary" className="e2e-campaign-stats" onClick={() => go(QUIZ_PAGES.stats, { id: c.id })}>
            统计
          </Button>
        ) : null}
        {canEdit ? (
          <Button type="primary" fill="outline" className="e2e-campaign-edit" onClick={() => go(QUIZ_PAGES.campaignEdit, { id: c.id })}>
            修改
          </Button>
        ) : null}
        {c.canManage && c.status === 'draft' ? (
          <Button type="success" disabled={busy} className="e2e-campaign-publish" onClick={() => onPublish(c)}>
            发布
          </Button>
        ) : null}
        {c.canManage && c.status === 'published' && c.state !== 'ended' ? (
          <Button type="danger" fill="outline" disabled={busy} className="e2e-campaign-close" onClick={() => onClose(c)}>
            提前结束
          </Button>
        ) : null}
      </View>
    </View>
  )
}

export function CampaignList({ me, statsOnly }: { me: MeResponse; statsOnly: boolean }) {
  const [state, setState] = useState<CampaignState | null>(null)
  const [items, setItems] = useState<CampaignView[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const canCreate = membershipsWith(me, 'quiz.manage').length > 0

  async function load(next?: string) {
    setError(null)
    try {
      const page = await api('quiz.campaigns.list', { query: { view: 'manage', state: state ?? undefined, cursor: next, limit: 20 }, toast: false })
      setItems((prev) => (next && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state])
  useDidShow(() => {
    if (items) void load()
  })

  function replace(c: CampaignView) {
    setItems((prev) => prev?.map((x) => (x.id === c.id ? c : x)) ?? prev)
  }
  async function publish(c: CampaignView) {
    if (!(await confirm('发布答题活动', `发布后，“${c.title}”会出现在范围内的人的答题列表里，抽题规则就不能再改了。确定发布吗？`, '发布'))) return
    setBusy(true)
    try {
      replace(await api('quiz.campaigns.publish', { params: { id: c.id } }))
      void Taro.showToast({ title: '已发布', icon: 'success' })
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(false)
    }
  }
  async function close(c: CampaignView) {
    if (!(await confirm('提前结束', `结束后就不能再答“${c.title}”了，已有的成绩和统计会保留。确定结束吗？`, '结束'))) return
    setBusy(true)
    try {
      replace(await api('quiz.campaigns.close', { params: { id: c.id } }))
      void Taro.showToast({ title: '已结束', icon: 'success' })
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(false)
    }
  }

  const shown = statsOnly ? items?.filter((c) => c.state !== 'draft') : items
  return (
    <Screen className="quiz-admin">
      <View className="page-title">{statsOnly ? '答题统计' : '答题活动'}</View>
      {statsOnly ? <View className="muted">选一个活动，看各组织的参与率和知晓率。</View> : null}
      {canCreate && !statsOnly ? (
        <Button type="primary" size="large" block className="big-button e2e-campaign-new" onClick={() => go(QUIZ_PAGES.campaignEdit)}>
          新建答题活动
        </Button>
      ) : null}
      <View className="segmented">
        <View className={`seg e2e-state-all ${state === null ? 'selected' : ''}`} onClick={() => setState(null)}>
          全部
        </View>
        {CAMPAIGN_STATES.filter((s) => !statsOnly || s !== 'draft').map((s) => (
          <View key={s} className={`seg e2e-state-${s} ${state === s ? 'selected' : ''}`} onClick={() => setState(s)}>
            {CAMPAIGN_STATE_LABELS[s]}
          </View>
        ))}
      </View>
      {error ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!shown && !error ? <Loading /> : null}
      {shown ? (
        <Card>
          {shown.length === 0 ? <View className="muted e2e-campaigns-empty">{canCreate && !statsOnly ? '还没有答题活动。点上面的“新建答题活动”开始。' : '还没有答题活动。'}</View> : null}
          {shown.map((c) => (
            <CampaignItem key={c.id} c={c} busy={busy} onPublish={(x) => void publish(x)} onClose={(x) => void close(x)} />
          ))}
          {cursor ? (
            <Button type="primary" fill="outline" block className="big-button e2e-campaigns-more" onClick={() => void load(cursor)}>
              加载更多
            </Button>
          ) : null}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function CampaignsPage() {
  const router = useRouter()
  const statsOnly = param(router.params.stats) === '1'
  return (
    <SessionGate>
      {(me) =>
        membershipsWith(me, 'quiz.manage').length || membershipsWith(me, 'quiz.stats').length ? (
          <CampaignList me={me} statsOnly={statsOnly} />
        ) : (
          <Screen>
            <ErrorBlock message="您没有管理答题活动的权限" />
          </Screen>
        )
      }
    </SessionGate>
  )
}
