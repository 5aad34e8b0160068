import { useEffect, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PLEDGE_AUDIENCE_LABELS, PLEDGE_CAMPAIGN_STATES, PLEDGE_CAMPAIGN_STATE_LABELS, PLEDGE_KIND_LABELS, type PledgeCampaignState } from '@wuzha/shared/dist/enums'
import type { PledgeCampaignView } from '@wuzha/shared/dist/schemas/pledge'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { api } from '../../services/request'
import { go, param } from '../../services/nav'
import { CLOSE_TEXT, PLEDGE_PAGES, PUBLISH_TEXT, countUnit, deadlineText, pledgeOwners, timeLeft, trackingNode } from '../../services/pledge-admin'
import { Counts, RateBar } from './parts'
import '../quiz-bank/quiz-admin.scss'
import './pledge-admin.scss'

function CampaignItem({ c, busy, onPublish, onClose }: { c: PledgeCampaignView; busy: boolean; onPublish: (c: PledgeCampaignView) => void; onClose: (c: PledgeCampaignView) => void }) {
  const open = () => (c.state === 'draft' ? go(PLEDGE_PAGES.campaignEdit, { id: c.id }) : go(PLEDGE_PAGES.progress, { id: c.id }))
  return (
    <View className="p-item e2e-pledge-campaign">
      <View className="row" onClick={open}>
        <View className="p-title e2e-pledge-campaign-title">{c.title}</View>
        <View className={`state-tag state-${c.state} e2e-pledge-campaign-state`}>{PLEDGE_CAMPAIGN_STATE_LABELS[c.state]}</View>
      </View>
      <View className="muted" onClick={open}>
        {PLEDGE_KIND_LABELS[c.kind]} · {c.owner.name} · {PLEDGE_AUDIENCE_LABELS[c.audience]}
      </View>
      <View className="muted">范围：{c.scope.map((n) => n.name).join('、')}</View>
      <View className="muted e2e-pledge-campaign-deadline">
        截止：{deadlineText(c.deadline)}
        {c.state === 'open' ? `（${timeLeft(c.deadline)}）` : ''}
      </View>
      {c.state !== 'draft' ? (
        <View onClick={open}>
          <Counts className="e2e-pledge-campaign-counts" signed={c.signed} total={c.total} rate={c.rate} unit={countUnit(c.audience)} />
          <RateBar rate={c.rate} target={c.targetPercent} />
          <View className="muted">目标 {c.targetPercent}%</View>
        </View>
      ) : null}
      <View className="button-row">
        {c.state !== 'draft' ? (
          <Button type="primary" className="e2e-pledge-campaign-progress" onClick={() => go(PLEDGE_PAGES.progress, { id: c.id })}>
            看进度
          </Button>
        ) : null}
        {c.canManage && c.state !== 'ended' ? (
          <Button type="primary" fill="outline" className="e2e-pledge-campaign-edit" onClick={() => go(PLEDGE_PAGES.campaignEdit, { id: c.id })}>
            修改
          </Button>
        ) : null}
        {c.canManage && c.status === 'draft' ? (
          <Button type="success" disabled={busy} className="e2e-pledge-campaign-publish" onClick={() => onPublish(c)}>
            发布
          </Button>
        ) : null}
        {c.canManage && c.status === 'published' ? (
          <Button type="danger" fill="outline" disabled={busy} className="e2e-pledge-campaign-close" onClick={() => onClose(c)}>
            结束
          </Button>
        ) : null}
      </View>
    </View>
  )
}

export function PledgeCampaignList({ me, at }: { me: MeResponse; at: MembershipView }) {
  const [state, setState] = useState<PledgeCampaignState | null>(null)
  const [items, setItems] = useState<PledgeCampaignView[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const owners = pledgeOwners(me)
  const canCreate = owners.length > 0

  async function load(next?: string) {
    setError(null)
    try {
      const page = await api('pledge.campaigns.list', { query: { nodeId: at.node.id, state: state ?? undefined, cursor: next, limit: 20 }, toast: false })
      setItems((prev) => (next && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, at.node.id])
  // back from the editor or the progress page: counts and states may have changed
  useDidShow(() => {
    if (items) void load()
  })

  function replace(c: PledgeCampaignView) {
    setItems((prev) => prev?.map((x) => (x.id === c.id ? c : x)) ?? prev)
  }
  async function act(c: PledgeCampaignView, what: 'publish' | 'close') {
    const ok = what === 'publish' ? await confirm('发布签署活动', PUBLISH_TEXT(c), '发布') : await confirm('结束签署', CLOSE_TEXT(c), '结束')
    if (!ok) return
    setBusy(true)
    try {
      replace(await api(what === 'publish' ? 'pledge.campaigns.publish' : 'pledge.campaigns.close', { params: { id: c.id } }))
      void Taro.showToast({ title: what === 'publish' ? '已发布' : '已结束', icon: 'success' })
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen className="quiz-admin pledge-admin">
      <View className="page-title">{canCreate ? '承诺书签署活动' : '承诺书签署进度'}</View>
      <View className="muted e2e-pledge-campaigns-node">{at.node.name}</View>
      {canCreate ? (
        <Button
          type="primary"
          size="large"
          block
          className="big-button e2e-pledge-campaign-new"
          onClick={() => go(PLEDGE_PAGES.campaignEdit, { owner: owners.some((o) => o.node.id === at.node.id) ? at.node.id : undefined })}
        >
          发起承诺书签署
        </Button>
      ) : null}
      <View className="segmented">
        <View className={`seg e2e-pledge-state-all ${state === null ? 'selected' : ''}`} onClick={() => setState(null)}>
          全部
        </View>
        {PLEDGE_CAMPAIGN_STATES.filter((s) => canCreate || s !== 'draft').map((s) => (
          <View key={s} className={`seg e2e-pledge-state-${s} ${state === s ? 'selected' : ''}`} onClick={() => setState(s)}>
            {PLEDGE_CAMPAIGN_STATE_LABELS[s]}
          </View>
        ))}
      </View>
      {error ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!items && !error ? <Loading /> : null}
      {items ? (
        <Card>
          {items.length === 0 ? (
            <View className="muted e2e-pledge-campaigns-empty">{canCreate ? '还没有签署活动。点上面的“发起承诺书签署”开始。' : '这里还没有需要签署的承诺书。'}</View>
          ) : null}
          {items.map((c) => (
            <CampaignItem key={c.id} c={c} busy={busy} onPublish={(x) => void act(x, 'publish')} onClose={(x) => void act(x, 'close')} />
          ))}
          {cursor ? (
            <Button type="primary" fill="outline" block className="big-button e2e-pledge-campaigns-more" onClick={() => void load(cursor)}>
              加载更多
            </Button>
          ) : null}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function PledgeCampaignsPage() {
  const router = useRouter()
  const nodeId = Number(param(router.params.nodeId)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const at = trackingNode(me, nodeId)
        return at ? (
          <PledgeCampaignList me={me} at={at} />
        ) : (
          <Screen>
            <ErrorBlock message="您没有查看承诺书签署的权限" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
