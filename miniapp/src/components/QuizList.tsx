// The 学习 tab's 反诈答题 card: the campaigns I may take (with my own result, shown only to me),
// plus 自由练习 and 错题本. Lives in the main package, so it stays small: the pages it opens are
// subpackages and carry the rest.
import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CAMPAIGN_STATE_LABELS } from '@wuzha/shared/dist/enums'
import type { CampaignView } from '@wuzha/shared/dist/schemas/quiz'
import { Card } from './Screen'
import { go } from '../services/nav'
import { api } from '../services/request'
import { QUIZ_PAGES, attemptsLeftText, campaignAction, myResultText } from '../services/quiz'
import { useSession } from '../store/session'
import './QuizList.scss'

const ORDER = { open: 0, upcoming: 1, ended: 2, draft: 3 } as const

export function openCampaign(c: CampaignView): void {
  const a = campaignAction(c)
  if (a.kind === 'resume') go(QUIZ_PAGES.quiz, { attemptId: a.attemptId })
  else go(QUIZ_PAGES.quiz, { campaignId: c.id })
}

function Row({ c }: { c: CampaignView }) {
  const a = campaignAction(c)
  const mine = myResultText(c)
  return (
    <View className={`list-item quiz-row e2e-quiz-campaign state-${c.state} kind-${c.kind}`} onClick={() => openCampaign(c)}>
      <View className="row">
        <View className="item-main">{c.title}</View>
        <View className={c.state === 'open' ? 'tag-role' : 'tag-soon'}>{CAMPAIGN_STATE_LABELS[c.state]}</View>
      </View>
      <View className="muted">
        {c.kind === 'practice' ? '练习 · ' : ''}
        {c.owner.name} · {c.questionCount} 题{c.timeLimitMinutes ? ` · 限时 ${c.timeLimitMinutes} 分钟` : ''}
        {c.state === 'open' ? ` · ${attemptsLeftText(c)}` : ''}
      </View>
      {mine ? <View className="muted e2e-quiz-my-result">{mine}（仅自己可见）</View> : null}
      {a.kind === 'resume' ? <View className="quiz-link">您有一次还没交卷，点这里继续 ›</View> : null}
      {a.kind === 'start' ? <View className="quiz-link">点这里开始答题 ›</View> : null}
    </View>
  )
}

export function QuizList() {
  const s = useSession()
  const ready = s.phase === 'ready'
  const [items, setItems] = useState<CampaignView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load() {
    if (!ready) return
    setError(null)
    api('quiz.campaigns.list', { query: { view: 'mine', limit: 20 }, toast: false }).then(
      (p) => setItems(p.items.filter((c) => c.state !== 'draft').sort((x, y) => ORDER[x.state] - ORDER[y.state])),
      (e: Error) => setError(e.message),
    )
  }
  useEffect(load, [ready])
  // back from a quiz: attempts left and my result have changed
  useDidShow(() => {
    if (items) load()
  })

  return (
    <Card title="反诈答题" className="quiz-list e2e-quiz-list">
      {!ready ? <View className="muted">登录后可以参加答题、做练习。</View> : null}
      {error ? (
        <View className="error-block">
          <View className="error-text">{error}</View>
          <View className="link-button" onClick={load}>
            重试
          </View>
        </View>
      ) : null}
      {ready && !items && !error ? <View className="muted">正在加载…</View> : null}
      {items && items.length === 0 ? <View className="muted e2e-quiz-none">现在没有需要参加的答题活动。可以先做做自由练习。</View> : null}
      {items?.map((c) => <Row key={c.id} c={c} />)}
      {ready ? (
        <View className="button-row">
          <Button type="primary" fill="outline" size="large" className="e2e-go-practice" onClick={() => go(QUIZ_PAGES.quiz, { practice: 1 })}>
            自由练习
          </Button>
          <Button type="primary" fill="outline" size="large" className="e2e-go-mistakes" onClick={() => go(QUIZ_PAGES.mistakes)}>
            错题本
          </Button>
        </View>
      ) : null}
    </Card>
  )
}
