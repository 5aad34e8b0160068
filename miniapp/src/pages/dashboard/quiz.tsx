import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { roleHas } from '@wuzha/shared/dist/roles'
import type { QuizStats } from '@wuzha/shared/dist/schemas/quiz'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { api, showError } from '../../services/request'
import { go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { QUIZ_PAGES } from '../../services/quiz-admin'
import { downloadXlsx } from '../../services/quiz-admin-io'
import { Chart } from './Chart'
import { typeAccuracyOption, weeklyOption } from './charts'
import { Integrity, Ranking, Summary, WeakestQuestions, WeakestTypes } from './quiz-parts'
import './index.scss'
import './quiz-stats.scss'

export function QuizStatsView({ id, nodeId, me }: { id: number; nodeId?: number; me: MeResponse }) {
  const [s, setS] = useState<QuizStats | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const canWrite = me.memberships.some((m) => roleHas(m.role, 'bulletins.write'))
  const canExport = me.memberships.some((m) => roleHas(m.role, 'export'))

  function load() {
    setError(null)
    api('quiz.campaigns.stats', { params: { id }, query: nodeId ? { nodeId } : {}, toast: false })
      .then(setS)
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
  if (!s) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }

  async function exportXlsx() {
    setBusy(true)
    try {
      await downloadXlsx('quiz.campaigns.export', { id }, nodeId ? { nodeId } : {}, `答题统计-${id}.xlsx`)
    } catch (e) {
      showError(e)
    } finally {
      setBusy(false)
    }
  }

  const exam = s.campaign.kind === 'exam'
  const answeredTypes = s.byFraudType.filter((t) => t.answered > 0)
  return (
    <Screen className="dashboard">
      <View className="page-title e2e-qs-title">{s.campaign.title}</View>
      {s.trail.length > 1 ? (
        <View className="trail">
          {s.trail.map((n, i) =>
            n.id === s.node.id ? (
              <View key={n.id} className="trail-item current">
                {n.name}
              </View>
            ) : (
              <View key={n.id} className="trail-item e2e-qs-trail" onClick={() => go(QUIZ_PAGES.stats, { id, nodeId: i === 0 ? undefined : n.id })}>
                {n.name} ›
              </View>
            ),
          )}
        </View>
      ) : null}
      <View className="muted e2e-qs-node">
        {s.node.name}
        {exam ? ` · ${s.campaign.passPercent}分及格 · ${s.campaign.counting === 'best' ? '按最好一次统计' : '按最后一次统计'}` : ' · 练习（不打分）'} · 更新于 {formatWhen(s.generatedAt)}
      </View>
      {canExport ? (
        <Button type="primary" fill="outline" size="large" block disabled={busy} className="big-button e2e-qs-export" onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
      ) : null}
      <Summary s={s.summary} exam={exam} />
      <Ranking stats={s} exam={exam} />
      <Card title="各类骗局的正确率" className="e2e-qs-types">
        {answeredTypes.length ? <Chart option={typeAccuracyOption(s.byFraudType)} height={Math.max(160, answeredTypes.length * 48 + 40)} className="e2e-chart-types" /> : <View className="muted">还没有人答题。</View>}
        <View className="field-hint">红色：正确率不到60%，需要多宣传。</View>
      </Card>
      {s.weekly.length ? (
        <Card title="每周变化" className="e2e-qs-weekly">
          <Chart option={weeklyOption(s.weekly)} height={260} className="e2e-chart-weekly" />
        </Card>
      ) : null}
      <WeakestTypes stats={s} canWrite={canWrite} />
      <WeakestQuestions stats={s} />
      <Integrity id={id} nodeId={nodeId} />
    </Screen>
  )
}

export default function QuizStatsPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || 0
  const nodeId = Number(param(router.params.nodeId)) || undefined
  return (
    <SessionGate>
      {(me) =>
        id > 0 ? (
          <QuizStatsView id={id} nodeId={nodeId} me={me} />
        ) : (
          <Screen>
            <ErrorBlock message="请从“答题活动”里选一个活动查看统计" />
          </Screen>
        )
      }
    </SessionGate>
  )
}
