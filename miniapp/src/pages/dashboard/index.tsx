import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { DashboardResponse, DashboardRow, LevelStats, PeriodStatsResponse, ReachTotals } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { api, showError } from '../../services/request'
import { downloadXlsx } from '../../services/quiz-admin-io'
import { PAGES, go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { formatMinutes } from '../../services/format'
import { Chart } from './Chart'
import { levelBarOption, levelLabel, reachPieOption } from './charts'
import './index.scss'

function Num({ value, label, className }: { value: number | string; label: string; className?: string }) {
  return (
    <View className="num">
      <View className={`num-value ${className ?? ''}`}>{value}</View>
      <View className="num-label">{label}</View>
    </View>
  )
}

function Totals({ t }: { t: ReachTotals }) {
  return (
    <Card title="阅读情况" className="e2e-dash-totals">
      <View className="nums">
        <Num value={t.allReaders} label="阅读人数（全部）" className="e2e-dash-all-readers" />
        <Num value={t.allConfirmations} label="点了“已阅”（全部）" className="e2e-dash-all-confirmations" />
        <Num value={t.readers} label="从登记的群打开" className="e2e-dash-readers" />
        <Num value={t.confirmations} label="其中点了“已阅”" className="e2e-dash-confirmations" />
        <Num value={`${t.groupsReached}/${t.groupsRegistered}`} label="群有人打开/登记的群" className="e2e-dash-groups" />
        <Num value={t.offlineForwards} label="线下转发" className="e2e-dash-offline" />
      </View>
      {t.groupsRegistered > 0 ? <Chart option={reachPieOption(t)} height={240} className="e2e-chart-reach" /> : <View className="muted">范围内还没有登记微信群。</View>}
      <View className="field-hint">只统计从已登记的微信群里打开的人；公告栏、广播等线下转发单独计数。</View>
    </Card>
  )
}

function Levels({ levels }: { levels: LevelStats[] }) {
  if (!levels.length) return null
  return (
    <Card title="各级转发" className="e2e-dash-levels">
      {levels.map((l) => (
        <View key={l.level} className={`level-card e2e-level-${l.level}`}>
          <View className="level-title">{levelLabel(l.level)}（共 {l.total} 个）</View>
          <View className="nums">
            <Num value={l.forwarded} label="已转发" className={`e2e-level-forwarded ${l.level === 1 ? 'e2e-dash-villages-forwarded' : ''}`} />
            <Num value={l.offline} label="线下转发" className="e2e-level-offline" />
            <Num value={l.pending} label="未转发" className="e2e-level-pending" />
            <Num value={l.overdue} label="超时" className={`e2e-level-overdue ${l.overdue > 0 ? 'red' : ''}`} />
          </View>
          <View className="muted">{l.medianMinutesToForward === null ? '还没有转发的' : `从发布到转发：一半在 ${formatMinutes(l.medianMinutesToForward)} 内完成`}</View>
        </View>
      ))}
      <Chart option={levelBarOption(levels)} height={260} className="e2e-chart-levels" />
    </Card>
  )
}

const STATUS_TEXT = { pending: '未转发', forwarded: '已转发', offline: '线下转发' } as const

function RowItem({ r, onRemind, busy }: { r: DashboardRow; onRemind: (r: DashboardRow) => void; busy: boolean }) {
  return (
    <View className={`dash-row e2e-dash-row ${r.overdue ? 'overdue e2e-row-overdue' : ''}`}>
      <View className="row">
        <View className="item-main">{r.node.name}</View>
        <View className={`row-status status-${r.status} ${r.overdue ? 'red' : ''}`}>
          {STATUS_TEXT[r.status]}
          {r.overdue ? '（超时）' : ''}
        </View>
      </View>
      <View className="muted">
        {r.forwardedAt ? `${formatWhen(r.forwardedAt)} 转发，用时 ${formatMinutes(r.minutesToForward)} · ` : ''}群 {r.groupsReached}/{r.groupsRegistered} · 阅读 {r.readers} · 已阅 {r.confirmations}
      </View>
      {r.status === 'pending' ? (
        <View className="row">
          <View className="muted">{r.lastRemindedAt ? `上次催办 ${formatWhen(r.lastRemindedAt)}` : '还没催办过'}</View>
          <Button type="warning" size="small" className="e2e-row-remind" disabled={busy} onClick={() => onRemind(r)}>
            催办
          </Button>
        </View>
      ) : null}
    </View>
  )
}

export function BulletinDashboard({ id, nodeId, canExport }: { id: number; nodeId?: number; canExport: boolean }) {
  const [d, setD] = useState<DashboardResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [remindResult, setRemindResult] = useState<string | null>(null)

  function load() {
    setError(null)
    api('bulletins.dashboard', { params: { id }, query: nodeId ? { nodeId } : {}, toast: false })
      .then(setD)
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [id, nodeId])

  if (error) {
    return (
      <Screen>
        <ErrorBlock message={error} onRetry={load} />
      </Screen>
    )
  }
  if (!d) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }

  async function remindAll() {
    setBusy(true)
    try {
      const r = await api('bulletins.remind', { params: { id }, body: nodeId ? { nodeId } : {} })
      setRemindResult(`已催办 ${r.reminded} 个${r.skipped ? `，${r.skipped} 个两小时内已催办过，这次跳过` : ''}。`)
      load()
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(false)
    }
  }
  async function remindOne(row: DashboardRow) {
    setBusy(true)
    try {
      const r = await api('tasks.remind', { params: { id: row.taskId } })
      void Taro.showToast({ title: r.reminded ? `已催办${row.node.name}` : '两小时内已催办过，请稍后再催', icon: 'none' })
      if (r.reminded) load()
    } catch {
      // REMIND_TOO_SOON and others: the request client shows the server's message
    } finally {
      setBusy(false)
    }
  }
  async function exportXlsx() {
    setBusy(true)
    try {
      await downloadXlsx('bulletins.export', { id }, nodeId ? { nodeId } : {}, `转发统计-${id}.xlsx`)
    } catch (e) {
      showError(e)
    } finally {
      setBusy(false)
    }
  }

  const pending = d.rows.filter((r) => r.status === 'pending').length
  const levelRows = [...new Set(d.rows.map((r) => r.level))].sort()
  return (
    <Screen className="dashboard">
      <View className="page-title e2e-dash-title">{d.bulletin.title}</View>
      <View className="muted">
        {d.node.name} · {d.bulletin.publishedAt ? `发布于 ${formatWhen(d.bulletin.publishedAt)}` : '未发布'}
        {d.bulletin.forwardDeadline ? ` · 转发截止 ${formatWhen(d.bulletin.forwardDeadline)}` : ''}
      </View>
      <View className="button-row">
        <Button type="warning" size="large" className="e2e-remind-all" disabled={busy || pending === 0} onClick={() => void remindAll()}>
          一键催办{pending ? `（${pending}）` : ''}
        </Button>
        {canExport ? (
          <Button type="primary" fill="outline" size="large" className="e2e-export" disabled={busy} onClick={() => void exportXlsx()}>
            导出 Excel
          </Button>
        ) : null}
      </View>
      {remindResult ? <View className="notice e2e-remind-result">{remindResult}</View> : null}
      <Totals t={d.totals} />
      <Levels levels={d.levels} />
      {levelRows.map((level) => (
        <Card key={level} title={`${levelLabel(level)}明细`} className={`e2e-dash-rows-${level}`}>
          {d.rows
            .filter((r) => r.level === level)
            .map((r) => (
              <RowItem key={r.taskId} r={r} busy={busy} onRemind={(x) => void remindOne(x)} />
            ))}
        </Card>
      ))}
      {d.rows.length === 0 ? <View className="muted">还没有转发任务。</View> : null}
      <View className="link-button" onClick={() => go(PAGES.dashboard, { nodeId: d.node.id })}>
        看本周、本月的汇总
      </View>
    </Screen>
  )
}

type Period = 'week' | 'month'
// The server counts China days (UTC+8); compute the range there too, whatever the device's zone.
export function periodRange(p: Period, now = new Date()): { from: string; to: string } {
  const cn = new Date(now.getTime() + 8 * 3600 * 1000)
  const day = (d: Date) => d.toISOString().slice(0, 10)
  const y = cn.getUTCFullYear()
  const m = cn.getUTCMonth()
  const start = p === 'week' ? new Date(Date.UTC(y, m, cn.getUTCDate() - ((cn.getUTCDay() + 6) % 7))) : new Date(Date.UTC(y, m, 1))
  return { from: day(start), to: day(cn) }
}

export function PeriodStats({ nodeId }: { nodeId: number }) {
  const [period, setPeriod] = useState<Period>('week')
  const [s, setS] = useState<PeriodStatsResponse | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load(p = period) {
    setError(null)
    setS(null)
    api('bulletins.stats', { query: { nodeId, ...periodRange(p) }, toast: false })
      .then(setS)
      .catch((e: Error) => setError(e.message))
  }
  useEffect(() => load(period), [nodeId, period])

  return (
    <Screen className="dashboard">
      <View className="page-title">转发与阅读统计</View>
      <View className="period-tabs">
        <View className={`period-tab e2e-period-week ${period === 'week' ? 'selected' : ''}`} onClick={() => setPeriod('week')}>
          本周
        </View>
        <View className={`period-tab e2e-period-month ${period === 'month' ? 'selected' : ''}`} onClick={() => setPeriod('month')}>
          本月
        </View>
      </View>
      {error ? <ErrorBlock message={error} onRetry={() => load()} /> : null}
      {!error && !s ? <Loading /> : null}
      {s ? (
        <>
          <View className="muted">
            {s.node.name} · {s.from} 至 {s.to} · 发布信息 <View className="inline-num e2e-period-bulletins">{s.bulletins}</View> 条
          </View>
          <Totals t={s.totals} />
          <Levels levels={s.levels} />
          <Card title="每条信息">
            {s.perBulletin.length === 0 ? <View className="muted">这段时间没有发布信息。</View> : null}
            {s.perBulletin.map((p) => (
              <View key={p.bulletin.id} className="dash-row e2e-period-item" onClick={() => go(PAGES.dashboard, { id: p.bulletin.id, nodeId: s.node.kind === 'town' ? undefined : s.node.id })}>
                <View className="item-main">{p.bulletin.title}</View>
                <View className="muted">
                  {formatWhen(p.bulletin.publishedAt)} · 转发率 {Math.round(p.forwardedRate * 100)}% · 群 {p.groupsReached} · 阅读 {p.readers} · 已阅 {p.confirmations}
                </View>
              </View>
            ))}
          </Card>
        </>
      ) : null}
    </Screen>
  )
}

// Whose view: town staff see the town (no nodeId); a village cadre sees their own village.
export function dashboardNode(me: MeResponse): { nodeId: number; isTown: boolean; canExport: boolean } | null {
  const ms = me.memberships.filter((m) => ROLE_META[m.role].permissions.includes('dashboard.read'))
  const m = ms.find((x) => x.node.kind === 'town') ?? ms[0]
  if (!m) return null
  return { nodeId: m.node.id, isTown: m.node.kind === 'town', canExport: ROLE_META[m.role].permissions.includes('export') }
}

export default function DashboardPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || 0
  const nodeParam = Number(param(router.params.nodeId)) || 0
  return (
    <SessionGate>
      {(me) => {
        const who = dashboardNode(me)
        if (!who) {
          return (
            <Screen>
              <ErrorBlock message="您没有查看统计的权限" />
            </Screen>
          )
        }
        const nodeId = nodeParam || (who.isTown ? undefined : who.nodeId)
        if (id > 0) return <BulletinDashboard id={id} nodeId={nodeId} canExport={who.canExport} />
        return <PeriodStats nodeId={nodeId ?? who.nodeId} />
      }}
    </SessionGate>
  )
}
