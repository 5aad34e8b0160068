// 无诈创建 at a town (or county) desk: the summary (applications and titles per kind, the latest
// warning colours, activities, cases; per town at a county), the entries (review, titles, warnings,
// case figures) and the programs with their actions (rankings, edit, publish, close, new).
import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { APPLICATION_STATUS_LABELS, AWARD_STATE_LABELS, PROGRAM_KIND_LABELS, type ApplicationStatus, type AwardState } from '@wuzha/shared/dist/enums'
import type { FfSummary, ProgramView } from '@wuzha/shared/dist/schemas/fraud-free'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { confirm } from '../../components/confirm'
import { go } from '../../services/nav'
import { dayText, errorText, windowText } from '../../services/ff'
import { CLOSE_PROGRAM_TEXT, FF_TOWN_PAGES, PUBLISH_PROGRAM_TEXT, can, deskAt, ffAdmin, yuanText } from '../../services/ff-admin'
import { DeskPage, Dot } from './parts'
import '../quiz-bank/quiz-admin.scss'
import './ff-town.scss'

const STATUS_TAG: Record<ProgramView['status'], string> = { draft: '草稿', published: '进行中', closed: '已结束' }
const STATE_CLASS: Record<ProgramView['status'], string> = { draft: 'state-draft', published: 'state-open', closed: '' }

function counts<K extends string>(rec: Record<string, number>, labels: Record<K, string>, keys: K[]): string {
  const parts = keys.filter((k) => (rec[k] ?? 0) > 0).map((k) => `${labels[k]}${rec[k]}`)
  return parts.length ? parts.join(' · ') : '暂无'
}

function Summary({ s, at }: { s: FfSummary; at: MembershipView }) {
  const w = s.warnings
  return (
    <Card title={`${s.node.name}创建概况`} className="e2e-fftown-summary">
      {s.programs
        .filter((p) => p.programs > 0 || p.eligible > 0)
        .map((p) => (
          <View key={p.kind} className="fft-item e2e-fftown-summary-kind">
            <View className="fft-title">{PROGRAM_KIND_LABELS[p.kind]}</View>
            <View className="muted">
              评比{p.programs}个 · 可申报的组织{p.eligible}个
            </View>
            <View>申报：{counts(p.applications, APPLICATION_STATUS_LABELS, ['submitted', 'returned', 'notice', 'awarded', 'rejected'] as ApplicationStatus[])}</View>
            <View>称号：{counts(p.awards, AWARD_STATE_LABELS, ['active', 'review', 'revoked', 'expired'] as AwardState[])}</View>
          </View>
        ))}
      <View className="fft-item" onClick={() => go(FF_TOWN_PAGES.warnings, { nodeId: at.node.id })}>
        <View className="fft-title">红黄绿预警{w.period ? `（${w.period.slice(0, 4)}年${Number(w.period.slice(5, 7))}月）` : ''}</View>
        {w.period ? (
          <View className="fft-stats e2e-fftown-summary-warnings">
            <View>
              <Dot colour="red" />红色 {w.red}
            </View>
            <View>
              <Dot colour="yellow" />黄色 {w.yellow}
            </View>
            <View>
              <Dot colour="green" />绿色 {w.green}
            </View>
          </View>
        ) : (
          <View className="muted">还没有计算过预警。</View>
        )}
      </View>
      <View className="fft-item fft-stats">
        <View>
          <View className="muted">宣传活动</View>
          <View className="fft-title e2e-fftown-summary-activities">
            {s.activities.count}次 · {s.activities.people}人次
          </View>
        </View>
        <View>
          <View className="muted">发案（派出所填报）</View>
          <View className="fft-title e2e-fftown-summary-cases">
            {s.cases.cases}起 · 损失{yuanText(s.cases.lossYuan)}
          </View>
        </View>
      </View>
      {s.towns.length ? (
        <View className="fft-item">
          <View className="fft-title">各镇</View>
          {s.towns.map((t) => (
            <View key={t.town.id} className="list-item e2e-fftown-summary-town" onClick={() => go(FF_TOWN_PAGES.home, { nodeId: t.town.id })}>
              <View className="item-main">{t.town.name}</View>
              <View className="muted">
                称号{t.awards} · 红色{t.red} · 黄色{t.yellow} · 发案{t.cases}起
              </View>
            </View>
          ))}
        </View>
      ) : null}
    </Card>
  )
}

function ProgramItem({ p, busy, onAct }: { p: ProgramView; busy: boolean; onAct: (p: ProgramView, what: 'publish' | 'close') => void }) {
  return (
    <View className="fft-item e2e-fftown-program">
      <View className="row">
        <View className="fft-title e2e-fftown-program-title">{p.title}</View>
        <View className={`state-tag ${STATE_CLASS[p.status]}`}>{STATUS_TAG[p.status]}</View>
      </View>
      <View className="muted">
        {PROGRAM_KIND_LABELS[p.kind]} · 评比周期 {dayText(p.periodStart)}至{dayText(p.periodEnd)}
      </View>
      <View className="muted">{p.status === 'draft' ? `申报时间 ${dayText(p.applyFrom)}至${dayText(p.applyUntil)}` : windowText(p)}</View>
      {p.status !== 'draft' ? (
        <View className="muted e2e-fftown-program-counts">
          申报{p.counts.applications}个 · 授牌{p.counts.awarded}个
        </View>
      ) : null}
      <View className="button-row">
        {p.status !== 'draft' ? (
          <Button type="primary" className="e2e-fftown-rankings" onClick={() => go(FF_TOWN_PAGES.rankings, { id: p.id })}>
            排名
          </Button>
        ) : null}
        {p.canManage && p.status !== 'closed' ? (
          <Button type="primary" fill="outline" className="e2e-fftown-edit" onClick={() => go(FF_TOWN_PAGES.programEdit, { id: p.id })}>
            修改
          </Button>
        ) : null}
        {p.canManage && p.status === 'draft' ? (
          <Button type="success" disabled={busy} className="e2e-fftown-publish" onClick={() => onAct(p, 'publish')}>
            发布
          </Button>
        ) : null}
        {p.canManage && p.status === 'published' ? (
          <Button type="danger" fill="outline" disabled={busy} className="e2e-fftown-close" onClick={() => onAct(p, 'close')}>
            结束
          </Button>
        ) : null}
      </View>
    </View>
  )
}

export function TownHub({ at }: { at: MembershipView }) {
  const id = at.node.id
  const [summary, setSummary] = useState<FfSummary | null>(null)
  const [programs, setPrograms] = useState<ProgramView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const manage = can(at, 'ff.manage') && at.node.kind === 'town'
  const review = can(at, 'ff.review')
  const cases = can(at, 'cases.write')

  function load() {
    setError(null)
    Promise.all([ffAdmin.summary(id), ffAdmin.programs(id)])
      .then(([s, l]) => {
        setSummary(s)
        setPrograms(l.items)
      })
      .catch((e) => setError(errorText(e)))
  }
  useEffect(load, [id])
  // back from the editor: states and counts may have changed
  useDidShow(() => {
    if (programs) load()
  })

  async function act(p: ProgramView, what: 'publish' | 'close') {
    const ok = what === 'publish' ? await confirm('发布评比', PUBLISH_PROGRAM_TEXT(p), '发布') : await confirm('结束评比', CLOSE_PROGRAM_TEXT(p), '结束')
    if (!ok) return
    setBusy(true)
    try {
      const next = what === 'publish' ? await ffAdmin.publish(p.id) : await ffAdmin.close(p.id)
      setPrograms((prev) => prev?.map((x) => (x.id === next.id ? next : x)) ?? prev)
      void Taro.showToast({ title: what === 'publish' ? '已发布' : '已结束', icon: 'success' })
    } catch (e) {
      void Taro.showToast({ title: errorText(e), icon: 'none', duration: 3000 })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen className="quiz-admin ff-town">
      <View className="page-title">无诈创建</View>
      <View className="muted e2e-fftown-node">{at.node.name || summary?.node.name}</View>
      <View className="button-row">
        {review ? (
          <Button type="primary" className="e2e-fftown-review" onClick={() => go(FF_TOWN_PAGES.review, { nodeId: id })}>
            申报评审
          </Button>
        ) : null}
        {review ? (
          <Button type="primary" fill="outline" className="e2e-fftown-awards" onClick={() => go(FF_TOWN_PAGES.awards, { nodeId: id })}>
            称号管理
          </Button>
        ) : null}
      </View>
      <View className="button-row">
        <Button type="primary" fill="outline" className="e2e-fftown-warnings" onClick={() => go(FF_TOWN_PAGES.warnings, { nodeId: id })}>
          红黄绿预警
        </Button>
        {at.node.kind === 'town' ? (
          <Button type="primary" fill="outline" className="e2e-fftown-cases" onClick={() => go(FF_TOWN_PAGES.cases, { nodeId: id })}>
            {cases ? '填报发案数' : '发案数'}
          </Button>
        ) : null}
      </View>
      {error ? <ErrorBlock message={error} onRetry={load} /> : null}
      {!summary && !error ? <Loading /> : null}
      {summary ? <Summary s={summary} at={at} /> : null}
      {programs ? (
        <Card title="创建评比" className="e2e-fftown-programs">
          {manage ? (
            <Button type="primary" size="large" block className="big-button e2e-fftown-new" onClick={() => go(FF_TOWN_PAGES.programEdit, { townId: id })}>
              新建评比
            </Button>
          ) : null}
          {programs.length === 0 ? <View className="muted e2e-fftown-programs-empty">还没有创建评比。</View> : null}
          {programs.map((p) => (
            <ProgramItem key={p.id} p={p} busy={busy} onAct={(x, what) => void act(x, what)} />
          ))}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function TownHubPage() {
  return (
    <DeskPage pick={deskAt} refusal="只有镇（县）的管理员和派出所联络员可以打开这里">
      {(at) => <TownHub at={at} />}
    </DeskPage>
  )
}
