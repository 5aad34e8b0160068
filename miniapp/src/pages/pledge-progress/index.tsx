import { useEffect, useRef, useState, type MutableRefObject } from 'react'
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button as NativeButton, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PLEDGE_AUDIENCE_LABELS, PLEDGE_CAMPAIGN_STATE_LABELS } from '@wuzha/shared/dist/enums'
import type { PledgeProgress, PledgeRemindResponse, SignerRow } from '@wuzha/shared/dist/schemas/pledge'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { api, showError } from '../../services/request'
import { go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { downloadFile } from '../../services/quiz-admin-io'
import { PLEDGE_PAGES, canRemind, countUnit, deadlineText, rateText, remindSummary, shareCard, signerText, timeLeft } from '../../services/pledge-admin'
import { Counts, RateBar } from '../pledge-campaigns/parts'
import '../quiz-bank/quiz-admin.scss'
import '../pledge-campaigns/pledge-admin.scss'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'
type ShareCard = { title: string; path: string }

function Summary({ p }: { p: PledgeProgress }) {
  const s = p.summary
  const target = p.campaign.targetPercent
  const unit = countUnit(p.campaign.audience)
  // people still needed to reach the target
  const missing = Math.max(0, Math.ceil((target * s.total) / 100) - s.signed)
  return (
    <Card className="e2e-pp-summary">
      <View className="p-big-row">
        <View>
          <View className="p-big e2e-pp-signed">
            {s.signed}/{s.total}
          </View>
          <View className="muted">{unit}已签</View>
        </View>
        <View>
          <View className="p-big e2e-pp-rate">{rateText(s.rate)}</View>
          <View className="muted">签署率 · 目标 {target}%</View>
        </View>
      </View>
      <RateBar rate={s.rate} target={target} />
      {p.reachedTarget ? (
        <View className="p-reached e2e-pp-reached">已达到目标</View>
      ) : (
        <View className="p-behind e2e-pp-behind">
          还差{missing}
          {unit}达到目标，未签{s.total - s.signed}
          {unit}
        </View>
      )}
      {p.campaign.audience === 'students' ? <View className="muted e2e-pp-guardian">其中家长代签 {s.byGuardian} 人</View> : null}
    </Card>
  )
}

function Children({ p, id }: { p: PledgeProgress; id: number }) {
  if (!p.children.length) return null
  const unit = countUnit(p.campaign.audience)
  return (
    <Card title={`各${p.children[0].node.kind === 'class' ? '班' : '单位'}进度`} className="e2e-pp-children">
      {p.children.map((r) => (
        <View key={r.node.id} className="p-child e2e-pp-child" onClick={() => go(PLEDGE_PAGES.progress, { id, nodeId: r.node.id })}>
          <View className="row">
            <View className="p-child-name">{r.node.name}</View>
            <View className="p-open">查看 ›</View>
          </View>
          <Counts className="e2e-pp-child-counts" signed={r.signed} total={r.total} rate={r.rate} unit={unit} />
          <RateBar rate={r.rate} target={p.campaign.targetPercent} />
        </View>
      ))}
    </Card>
  )
}

function Daily({ p }: { p: PledgeProgress }) {
  const days = p.daily.slice(-7)
  if (!days.length) return null
  const max = Math.max(1, ...days.map((d) => d.signed))
  return (
    <Card title="最近每天签署" className="e2e-pp-daily">
      {days.map((d) => (
        <View key={d.day} className="row">
          <View style={{ minWidth: '6em' }}>{d.day.slice(5).replace('-', '月')}日</View>
          <View className="p-bar" style={{ flex: 1, margin: '6px 16px' }}>
            <View className="p-bar-fill good" style={{ width: `${(d.signed / max) * 100}%` }} />
          </View>
          <View style={{ minWidth: '3em', textAlign: 'right' }}>{d.signed}</View>
        </View>
      ))}
    </Card>
  )
}

function Signers({ id, nodeId, audience, refreshKey }: { id: number; nodeId: number; audience: PledgeProgress['campaign']['audience']; refreshKey: number }) {
  const [status, setStatus] = useState<'unsigned' | 'signed'>('unsigned')
  const [rows, setRows] = useState<SignerRow[] | null>(null)
  const [total, setTotal] = useState(0)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function load(next?: string) {
    setError(null)
    try {
      const page = await api('pledge.signers', { params: { id }, query: { nodeId, status, cursor: next, limit: 50 }, toast: false })
      setRows((prev) => (next && prev ? [...prev, ...page.items] : page.items))
      setTotal(page.total)
      setCursor(page.nextCursor)
    } catch (e) {
      setRows(null)
      setError((e as Error).message)
    }
  }
  useEffect(() => {
    setRows(null)
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, nodeId, status, refreshKey])

  const students = audience === 'students'
  return (
    <Card title="名单" className="e2e-pp-signers">
      <View className="segmented">
        <View className={`seg e2e-pp-unsigned-tab ${status === 'unsigned' ? 'selected' : ''}`} onClick={() => setStatus('unsigned')}>
          未签
        </View>
        <View className={`seg e2e-pp-signed-tab ${status === 'signed' ? 'selected' : ''}`} onClick={() => setStatus('signed')}>
          已签
        </View>
      </View>
      {error ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!rows && !error ? <Loading /> : null}
      {rows ? (
        <View className="muted e2e-pp-list-total">
          {status === 'unsigned' ? '未签' : '已签'} {total} {countUnit(audience)}
          {students ? '（姓名只显示一部分）' : ''}
        </View>
      ) : null}
      {rows?.length === 0 ? <View className="muted e2e-pp-list-empty">{status === 'unsigned' ? '全部都签了。' : '还没有人签。'}</View> : null}
      {rows?.map((r) => (
        <View key={r.key} className={`p-person e2e-pp-person ${r.signed ? 'e2e-pp-person-signed' : 'e2e-pp-person-unsigned'}`}>
          <View>
            <View className="p-person-name">
              {r.nameMasked}
              {r.studentNo ? <View className="muted" style={{ display: 'inline', marginLeft: '0.6em' }}>学号 {r.studentNo}</View> : null}
            </View>
            {r.node.id !== nodeId ? <View className="muted">{r.node.name}</View> : null}
            {r.signed ? (
              <View className="muted">
                {signerText(r)} · {formatWhen(r.signedAt)}
                {r.code ? ` · ${r.code}` : ''}
              </View>
            ) : null}
          </View>
          {!r.signed && r.remindable ? <View className="badge blue">可微信提醒</View> : null}
          {r.signed ? <View className="badge green">已签</View> : null}
        </View>
      ))}
      {cursor ? (
        <Button type="primary" fill="outline" block className="big-button e2e-pp-more" onClick={() => void load(cursor)}>
          加载更多
        </Button>
      ) : null}
    </Card>
  )
}

export function PledgeProgressView({ id, nodeId, me, shareRef }: { id: number; nodeId?: number; me: MeResponse; shareRef: MutableRefObject<ShareCard | null> }) {
  const [p, setP] = useState<PledgeProgress | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'remind' | 'export' | 'images' | null>(null)
  const [reminded, setReminded] = useState<PledgeRemindResponse | null>(null)
  const [refreshKey, setRefreshKey] = useState(0)

  function load() {
    setError(null)
    api('pledge.progress', { params: { id }, query: nodeId ? { nodeId } : {}, toast: false })
      .then((x) => {
        setP(x)
        shareRef.current = shareCard(x.campaign, x.node, x.summary.signed, x.summary.total)
      })
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [id, nodeId])
  // back on this page: new signatures may have come in
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) {
      load()
      setRefreshKey((k) => k + 1)
    }
    shown.current = true
  })

  if (error) {
    return (
      <Screen>
        <ErrorBlock message={error} onRetry={load} />
      </Screen>
    )
  }
  if (!p) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }
  const c = p.campaign
  const open = c.state === 'open'
  const students = c.audience === 'students'
  const atClass = p.node.kind === 'class'
  // the class card is for a class group; other audiences share their own node's card
  const canShare = open && (!students || atClass)
  // a zip of one class's pledges (or of a unit's / village's people)
  const canImages = atClass || (!students && p.children.length === 0)
  const card = shareCard(c, p.node, p.summary.signed, p.summary.total)

  async function remind() {
    if (!(await confirm(students ? '提醒未签家长' : '提醒未签的人', `给${p!.node.name}还没签、并且同意接收提醒的${students ? '家长' : '人'}发一条微信提醒。一天最多提醒一次。确定发送吗？`, '发送'))) return
    setBusy('remind')
    try {
      setReminded(await api('pledge.remind', { params: { id }, body: { nodeId: p!.node.id } }))
      setRefreshKey((k) => k + 1)
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(null)
    }
  }
  async function download(what: 'export' | 'images') {
    setBusy(what)
    try {
      const base = `${c.title}-${p!.node.name}`
      if (what === 'export') await downloadFile('pledge.export', { id }, { nodeId: p!.node.id }, `签署名单-${base}.xlsx`)
      else await downloadFile('pledge.images', { id }, { nodeId: p!.node.id }, `承诺书-${base}.zip`)
    } catch (e) {
      showError(e)
    } finally {
      setBusy(null)
    }
  }
  async function shareH5() {
    // a browser cannot post into a WeChat group: show what the card says
    await Taro.showModal({ title: '班级卡片', content: `在微信里点“分享班级卡片”，把这张卡片发到群里：\n${card.title}`, showCancel: false, confirmText: '知道了' })
  }

  return (
    <Screen className="quiz-admin pledge-admin">
      <View className="page-title e2e-pp-title">{c.title}</View>
      {p.trail.length > 1 ? (
        <View className="trail">
          {p.trail.map((n, i) =>
            n.id === p.node.id ? (
              <View key={n.id} className="trail-item current">
                {n.name}
              </View>
            ) : (
              <View key={n.id} className="trail-item e2e-pp-trail" onClick={() => go(PLEDGE_PAGES.progress, { id, nodeId: i === 0 ? undefined : n.id })}>
                {n.name} ›
              </View>
            ),
          )}
        </View>
      ) : null}
      <View className="muted e2e-pp-meta">
        {p.node.name} · {PLEDGE_AUDIENCE_LABELS[c.audience]} · {PLEDGE_CAMPAIGN_STATE_LABELS[c.state]}
      </View>
      <View className="muted">
        截止 {deadlineText(c.deadline)}
        {open ? `（${timeLeft(c.deadline)}）` : ''} · 承诺书第{c.template.version}版
      </View>
      <Summary p={p} />

      {open && canRemind(me, c.audience) ? (
        <Button type="primary" size="large" block loading={busy === 'remind'} disabled={busy !== null} className="big-button e2e-pp-remind" onClick={() => void remind()}>
          {students ? '提醒未签家长' : '提醒未签的人'}
        </Button>
      ) : null}
      {reminded ? (
        <View className={`${reminded.disabled ? 'result-bad' : 'result-ok'} e2e-pp-remind-result`}>
          <View className="item-main">{reminded.disabled ? '微信提醒未开通' : '提醒已发出'}</View>
          <View>{remindSummary(reminded)}</View>
          {!reminded.disabled ? (
            <View className="muted e2e-pp-remind-counts">
              发出 {reminded.sent} · 未开通提醒 {reminded.noConsent} · 一天内已提醒 {reminded.recent}
            </View>
          ) : null}
        </View>
      ) : null}
      {canShare ? (
        IS_WEAPP ? (
          <NativeButton openType="share" className="native-plain e2e-pp-share">
            {students ? '分享班级卡片' : '分享签署卡片'}
          </NativeButton>
        ) : (
          <Button type="primary" fill="outline" size="large" block className="big-button e2e-pp-share" onClick={() => void shareH5()}>
            {students ? '分享班级卡片' : '分享签署卡片'}
          </Button>
        )
      ) : null}
      {canShare ? <View className="field-hint muted">卡片上只有已签人数和总人数，不显示谁没签。</View> : null}

      <Children p={p} id={id} />
      <Signers id={id} nodeId={p.node.id} audience={c.audience} refreshKey={refreshKey} />
      <Daily p={p} />

      <View className="button-row">
        <Button type="primary" fill="outline" loading={busy === 'export'} disabled={busy !== null} className="e2e-pp-export" onClick={() => void download('export')}>
          导出名单
        </Button>
        {canImages ? (
          <Button type="primary" fill="outline" loading={busy === 'images'} disabled={busy !== null} className="e2e-pp-images" onClick={() => void download('images')}>
            下载承诺书图片
          </Button>
        ) : null}
      </View>
      {IS_WEAPP ? <View className="field-hint muted">承诺书图片是一个压缩包，可以发到“文件传输助手”，在电脑上打开。</View> : null}
    </Screen>
  )
}

export default function PledgeProgressPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || 0
  const nodeId = Number(param(router.params.nodeId)) || undefined
  const shareRef = useRef<ShareCard | null>(null)
  useShareAppMessage(() => shareRef.current ?? { title: '反诈承诺书签署', path: PLEDGE_PAGES.sign + (id ? `?id=${id}` : '') })
  return (
    <SessionGate>
      {(me) =>
        id > 0 ? (
          <PledgeProgressView id={id} nodeId={nodeId} me={me} shareRef={shareRef} />
        ) : (
          <Screen>
            <ErrorBlock message="请从“签署活动”里选一个活动查看进度" />
          </Screen>
        )
      }
    </SessionGate>
  )
}
