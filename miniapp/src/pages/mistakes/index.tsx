// 错题本: the questions I got wrong, each with the right answer and the explanation. 已掌握 takes one
// out; 错题重练 starts a practice from them (a later right answer also takes a question out).
import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MistakeItem } from '@wuzha/shared/dist/schemas/quiz'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { Explanation, OptionList, QuestionHead } from '../../components/QuizParts'
import { api } from '../../services/request'
import { go } from '../../services/nav'
import { MAX_PRACTICE_COUNT, QUIZ_PAGES } from '../../services/quiz'

const PAGE = 20

export function Mistakes() {
  const [items, setItems] = useState<MistakeItem[] | null>(null)
  const [total, setTotal] = useState(0)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [more, setMore] = useState(false)
  const [removing, setRemoving] = useState<number | null>(null)

  async function load() {
    setError(null)
    try {
      const p = await api('quiz.mistakes.list', { query: { limit: PAGE }, toast: false })
      setItems(p.items)
      setTotal(p.total)
      setCursor(p.nextCursor)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  useEffect(() => {
    void load()
  }, [])
  // back from a 错题重练: questions answered right have left the book
  useDidShow(() => {
    if (items) void load()
  })

  async function loadMore() {
    if (!cursor || more) return
    setMore(true)
    try {
      const p = await api('quiz.mistakes.list', { query: { limit: PAGE, cursor } })
      setItems((cur) => [...(cur ?? []), ...p.items.filter((x) => !cur?.some((c) => c.id === x.id))])
      setTotal(p.total)
      setCursor(p.nextCursor)
    } catch {
      // the toast said why
    } finally {
      setMore(false)
    }
  }

  async function mastered(m: MistakeItem) {
    if (removing) return
    setRemoving(m.id)
    try {
      await api('quiz.mistakes.remove', { params: { id: m.id } })
      setItems((cur) => (cur ?? []).filter((x) => x.id !== m.id))
      setTotal((t) => Math.max(0, t - 1))
      void Taro.showToast({ title: '已移出错题本', icon: 'success' })
    } catch {
      // the toast said why
    } finally {
      setRemoving(null)
    }
  }

  if (error) return <Screen><ErrorBlock message={error} onRetry={() => void load()} /></Screen>
  if (!items) return <Screen><Loading /></Screen>
  return (
    <Screen className="mistakes">
      <View className="page-title">错题本</View>
      {items.length === 0 ? (
        <Card className="e2e-mistakes-empty">
          <View className="lead">错题本是空的。答错的题会自动放到这里，方便您再看看解析、再练一练。</View>
        </Card>
      ) : (
        <>
          <View className="lead e2e-mistakes-total">共 {total} 道错题。看懂了就点“已掌握”，想再练就点下面的按钮。</View>
          <Button
            type="primary"
            size="large"
            block
            className="big-button e2e-mistakes-redo"
            onClick={() => go(QUIZ_PAGES.quiz, { fromMistakes: 1, count: Math.min(total, MAX_PRACTICE_COUNT) })}
          >
            错题重练
          </Button>
        </>
      )}
      {items.map((m) => (
        <Card key={m.id} className="e2e-mistake">
          <QuestionHead type={m.question.type} stem={m.question.stem} />
          <View className="muted">答错过 {m.wrongCount} 次</View>
          <OptionList options={m.question.options} chosen={m.lastChosen} answer={m.question.answer} />
          <Explanation explanation={m.question.explanation} source={m.question.source} />
          <Button size="large" block loading={removing === m.id} className="big-button e2e-mistake-mastered" onClick={() => void mastered(m)}>
            已掌握，移出错题本
          </Button>
        </Card>
      ))}
      {cursor ? (
        <View className="link-button e2e-mistakes-more" onClick={() => void loadMore()}>
          {more ? '正在加载…' : '加载更多'}
        </View>
      ) : null}
    </Screen>
  )
}

export default function MistakesPage() {
  return <SessionGate>{() => <Mistakes />}</SessionGate>
}
