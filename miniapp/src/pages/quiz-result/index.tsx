// After submitting: the score in kind words, the certificate for a pass, and every question with
// the person's choice, the right answer and the explanation. Opened as ?attemptId=.
import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { AttemptView } from '@wuzha/shared/dist/schemas/quiz'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { Explanation, OptionList, QuestionHead, Verdict } from '../../components/QuizParts'
import { API_BASE, ApiError, api } from '../../services/request'
import { PAGES, go, goTab, param } from '../../services/nav'
import { QUIZ_PAGES, absoluteUrl, formatDuration, verdict } from '../../services/quiz'
import './index.scss'

function again(a: AttemptView): void {
  const url = a.campaign ? `${QUIZ_PAGES.quiz}?campaignId=${a.campaign.id}` : `${QUIZ_PAGES.quiz}?practice=1`
  void Taro.redirectTo({ url })
}

function Actions({ a }: { a: AttemptView }) {
  return (
    <View className="qr-actions">
      <Button type="primary" size="large" block className="big-button e2e-result-again" onClick={() => again(a)}>
        再练一次
      </Button>
      <View className="button-row">
        <Button type="primary" fill="outline" size="large" className="e2e-result-mistakes" onClick={() => go(QUIZ_PAGES.mistakes)}>
          错题本
        </Button>
        <Button size="large" className="e2e-result-back" onClick={() => goTab(PAGES.learn)}>
          返回
        </Button>
      </View>
    </View>
  )
}

export function ResultView({ a }: { a: AttemptView }) {
  const r = a.result
  if (a.status === 'open') {
    return (
      <Screen>
        <Card title="这次答题还没有交卷">
          <Button type="primary" size="large" block className="big-button e2e-result-resume" onClick={() => void Taro.redirectTo({ url: `${QUIZ_PAGES.quiz}?attemptId=${a.id}` })}>
            继续答题
          </Button>
        </Card>
      </Screen>
    )
  }
  if (!r) {
    // expired: the time ran out before the answers reached the server
    return (
      <Screen className="quiz-result">
        <Card className="e2e-result-expired">
          <View className="page-title">这次答题超过了时间</View>
          <View className="lead">答案没能在规定时间内交上去，这次不计成绩。没关系，看看“学习”页的防骗知识，再来试一次。</View>
          <Actions a={a} />
        </Card>
      </Screen>
    )
  }
  const v = verdict(r, a.campaign?.passPercent ?? null)
  const cert = r.certificateUrl ? absoluteUrl(r.certificateUrl, API_BASE) : null
  return (
    <Screen className="quiz-result">
      <Card className={`qr-score ${v.tone} e2e-result-score`}>
        {a.campaign ? <View className="muted">{a.campaign.title}</View> : <View className="muted">自由练习</View>}
        {r.passed !== null ? (
          <View className="qr-big e2e-result-percent">
            {r.percent}
            <View className="qr-unit">分</View>
          </View>
        ) : null}
        <View className="qr-title e2e-result-verdict">{v.title}</View>
        <View className="qr-line">
          答对 {r.correct} 题，共 {r.total} 题 · 用时 {formatDuration(r.elapsedSeconds)}
        </View>
        <View className="qr-line">{v.text}</View>
      </Card>
      {cert ? (
        <Card title="合格证书" className="e2e-result-certificate">
          <View className="e2e-result-certificate-open" onClick={() => void Taro.previewImage({ urls: [cert], current: cert }).catch(() => undefined)}>
            <Image className="qr-cert" src={cert} mode="widthFix" />
          </View>
          <View className="muted">点证书可以放大，长按可以保存或发给家人。</View>
        </Card>
      ) : null}
      <Actions a={a} />
      <View className="page-title">逐题解析</View>
      {r.items.map((it) => (
        <Card key={it.questionId} className={`e2e-result-item ${it.correct ? 'e2e-result-right' : 'e2e-result-wrong'}`}>
          <QuestionHead no={it.no} type={it.type} stem={it.stem} />
          <Verdict correct={it.correct} />
          {it.chosen.length === 0 ? <View className="warn-text">这道题没有作答</View> : null}
          <OptionList options={it.options} chosen={it.chosen} answer={it.answer} />
          <Explanation explanation={it.explanation} source={it.source} />
        </Card>
      ))}
      <Actions a={a} />
    </Screen>
  )
}

function Result({ id }: { id: number }) {
  const [a, setA] = useState<AttemptView | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function load() {
    setError(null)
    try {
      setA(await api('quiz.attempts.get', { params: { id }, toast: false }))
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? '没有找到这次答题' : (e as Error).message)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  if (error) return <Screen><ErrorBlock message={error} onRetry={() => void load()} /></Screen>
  if (!a) return <Screen><Loading /></Screen>
  return <ResultView a={a} />
}

export default function QuizResultPage() {
  const router = useRouter()
  const id = Number(param(router.params.attemptId))
  return (
    <SessionGate>
      {() => (id > 0 ? <Result id={id} /> : <Screen><ErrorBlock message="找不到这次答题，请从“学习”页进入" /></Screen>)}
    </SessionGate>
  )
}
