// Pieces of the quiz statistics page: summary numbers, the organisation ranking, the weakest fraud
// types per organisation (with a link to the composer) and the integrity list.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { FRAUD_TYPE_LABELS } from '@wuzha/shared/dist/enums'
import type { AttemptAuditItem, QuizMetrics, QuizStats } from '@wuzha/shared/dist/schemas/quiz'
import { Card } from '../../components/Screen'
import { api } from '../../services/request'
import { go } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { QUIZ_PAGES, formatSeconds, pct, rankRows, type RankBy } from '../../services/quiz-admin'

function Num({ value, label, className }: { value: string | number; label: string; className?: string }) {
  return (
    <View className="num">
      <View className={`num-value ${className ?? ''}`}>{value}</View>
      <View className="num-label">{label}</View>
    </View>
  )
}

export function Summary({ s, exam }: { s: QuizMetrics; exam: boolean }) {
  return (
    <Card title="总体情况" className="e2e-qs-summary">
      <View className="nums">
        <Num value={pct(s.participation)} label="参与率" className="e2e-qs-participation" />
        {exam ? <Num value={pct(s.awarenessRate)} label="知晓率" className="e2e-qs-awareness" /> : null}
        <Num value={pct(s.meanAccuracy)} label="平均正确率" className="e2e-qs-accuracy" />
        <Num value={`${s.participants}/${s.population}`} label="参与人数/应参与人数" className="e2e-qs-people" />
        <Num value={s.attempts} label="作答次数" className="e2e-qs-attempts" />
        <Num value={s.flagged} label="异常标记" className={`e2e-qs-flagged ${s.flagged > 0 ? 'red' : ''}`} />
      </View>
      <View className="field-hint">参与率＝答过题的人÷应参与的人；知晓率＝达到及格线的人÷答过题的人；平均正确率＝答对的题÷答过的题。</View>
    </Card>
  )
}

export function Ranking({ stats, exam }: { stats: QuizStats; exam: boolean }) {
  const [by, setBy] = useState<RankBy>(exam ? 'awareness' : 'participation')
  if (!stats.children.length) return null
  const rows = rankRows(stats.children, by)
  return (
    <Card title="各组织排名" className="e2e-qs-ranking">
      <View className="period-tabs">
        {exam ? (
          <View className={`period-tab e2e-rank-awareness ${by === 'awareness' ? 'selected' : ''}`} onClick={() => setBy('awareness')}>
            按知晓率
          </View>
        ) : null}
        <View className={`period-tab e2e-rank-participation ${by === 'participation' ? 'selected' : ''}`} onClick={() => setBy('participation')}>
          按参与率
        </View>
      </View>
      {rows.map(({ row, rankText }) => (
        <View key={row.node.id} className="dash-row e2e-qs-child" onClick={() => go(QUIZ_PAGES.stats, { id: stats.campaign.id, nodeId: row.node.id })}>
          <View className="row">
            <View className="item-main">
              <View className="rank-no">{rankText}</View> {row.node.name}
            </View>
            <View className="qs-open">查看 ›</View>
          </View>
          <View className="muted">
            {exam ? `知晓率 ${pct(row.awarenessRate)} · ` : ''}参与率 {pct(row.participation)} · {row.participants}/{row.population}人 · 正确率 {pct(row.meanAccuracy)}
          </View>
        </View>
      ))}
      <View className="field-hint">只给组织排名，不给个人排名；个人成绩只有本人能看到。</View>
    </Card>
  )
}

export function WeakestQuestions({ stats }: { stats: QuizStats }) {
  const answered = stats.questions.filter((q) => q.answered > 0).slice(0, 10)
  if (!answered.length) return null
  return (
    <Card title="答错最多的题" className="e2e-qs-questions">
      {answered.map((q, i) => (
        <View key={q.questionId} className="dash-row e2e-qs-question">
          <View>
            {i + 1}. {q.stem}
          </View>
          <View className="muted">
            正确率 <View className={`inline-num ${(q.correctRate ?? 1) < 0.6 ? 'qs-red' : ''}`}>{pct(q.correctRate)}</View>（{q.correct}/{q.answered}）
          </View>
        </View>
      ))}
    </Card>
  )
}

export function WeakestTypes({ stats, canWrite }: { stats: QuizStats; canWrite: boolean }) {
  const rows = stats.weakest.filter((w) => w.fraudTypes.length)
  if (!rows.length) return null
  return (
    <Card title="各村（社区）最薄弱的骗局类型" className="e2e-qs-weakest">
      <View className="field-hint">正确率最低的放在前面。{canWrite ? '可以针对它发一条提醒。' : ''}</View>
      {rows.map((w) => (
        <View key={w.node.id} className="dash-row e2e-qs-weak-node">
          <View className="item-main">{w.node.name}</View>
          {w.fraudTypes.map((t) => (
            <View key={t.fraudType} className="row weak-type">
              <View>
                {FRAUD_TYPE_LABELS[t.fraudType]}：正确率 <View className={`inline-num ${(t.accuracy ?? 1) < 0.6 ? 'qs-red' : ''}`}>{pct(t.accuracy)}</View>
              </View>
              {canWrite ? (
                <Button type="warning" size="small" className={`e2e-qs-remind e2e-qs-remind-${t.fraudType}`} onClick={() => go(QUIZ_PAGES.compose, { tag: t.fraudType })}>
                  发一条提醒
                </Button>
              ) : null}
            </View>
          ))}
        </View>
      ))}
    </Card>
  )
}

// Integrity signals of attempts (masked names, time used, times the app was left, the flag), never
// scores. Hidden for those the server does not show it to.
export function Integrity({ id, nodeId }: { id: number; nodeId?: number }) {
  const [items, setItems] = useState<AttemptAuditItem[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [flaggedOnly, setFlaggedOnly] = useState(false)
  const [hidden, setHidden] = useState(false)

  async function load(next?: string) {
    try {
      const page = await api('quiz.campaigns.attempts', { params: { id }, query: { nodeId, flagged: flaggedOnly ? 'true' : undefined, cursor: next, limit: 20 }, toast: false })
      setItems((prev) => (next && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
    } catch {
      setHidden(true)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, nodeId, flaggedOnly])

  if (hidden || !items) return null
  return (
    <Card title="作答记录" className="e2e-qs-integrity">
      <View className="field-hint">只显示用时和切出次数，供核实用，不会据此判人不合格。“异常”是指全部答对、每题不到2秒。</View>
      <View className="period-tabs">
        <View className={`period-tab ${!flaggedOnly ? 'selected' : ''}`} onClick={() => setFlaggedOnly(false)}>
          全部
        </View>
        <View className={`period-tab e2e-qs-flagged-only ${flaggedOnly ? 'selected' : ''}`} onClick={() => setFlaggedOnly(true)}>
          只看异常
        </View>
      </View>
      {items.length === 0 ? <View className="muted">还没有作答记录。</View> : null}
      {items.map((a) => (
        <View key={a.id} className={`dash-row e2e-qs-attempt ${a.flagged ? 'overdue' : ''}`}>
          <View className="row">
            <View className="item-main">
              {a.name} <View className="muted inline-num">{a.node.name}</View>
            </View>
            {a.flagged ? <View className="qs-red e2e-qs-attempt-flag">异常</View> : null}
          </View>
          <View className="muted">
            {a.submittedAt ? `${formatWhen(a.submittedAt)}交卷` : a.status === 'open' ? '还在答' : '超时未交'} · 用时 {formatSeconds(a.elapsedSeconds)} · 切出 {a.hiddenCount} 次 · {a.questionCount}道题
          </View>
        </View>
      ))}
      {cursor ? (
        <Button type="primary" fill="outline" block className="big-button" onClick={() => void load(cursor)}>
          加载更多
        </Button>
      ) : null}
    </Card>
  )
}
