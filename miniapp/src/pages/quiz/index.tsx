// Taking a quiz: a campaign's intro (or the practice chooser), then one question a screen with a
// countdown from the server's deadline, the answer sheet, and a submit that says what is left blank.
// Opened as ?campaignId= (start or resume), ?attemptId= (resume), ?practice=1 or ?fromMistakes=1.
import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { FRAUD_TYPES, FRAUD_TYPE_LABELS, HIGH_INCIDENCE_FRAUD_TYPES, type FraudType } from '@wuzha/shared/dist/enums'
import type { AttemptView, CampaignView, CheckResponse } from '@wuzha/shared/dist/schemas/quiz'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { Explanation, OptionList, QuestionHead, Verdict } from '../../components/QuizParts'
import { confirm } from '../../components/confirm'
import { ApiError, api, showError } from '../../services/request'
import { param } from '../../services/nav'
import {
  type Answers,
  HURRY_SECONDS,
  MAX_PRACTICE_COUNT,
  PRACTICE_COUNT,
  QUIZ_PAGES,
  attemptsLeftText,
  blankCount,
  campaignAction,
  clearDraft,
  clockOffset,
  formatClock,
  loadDraft,
  myResultText,
  progressLabel,
  saveDraft,
  secondsLeft,
  sheetCells,
  submitAnswers,
  submitPrompt,
  toggleChoice,
  typeHint,
} from '../../services/quiz'
import './index.scss'

export interface QuizParams {
  campaignId: number
  attemptId: number
  practice: boolean
  fromMistakes: boolean
  count: number
}

export function readParams(p: Record<string, string | undefined>): QuizParams {
  const n = (v: string | undefined) => {
    const x = Number(param(v))
    return Number.isInteger(x) && x > 0 ? x : 0
  }
  return {
    campaignId: n(p.campaignId),
    attemptId: n(p.attemptId),
    practice: param(p.practice) === '1',
    fromMistakes: param(p.fromMistakes) === '1',
    count: Math.min(MAX_PRACTICE_COUNT, n(p.count) || PRACTICE_COUNT),
  }
}

function toResult(attemptId: number): void {
  void Taro.redirectTo({ url: `${QUIZ_PAGES.result}?attemptId=${attemptId}` })
}

function errorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 404) return '没有找到这次答题，可能已经结束或不在您的答题范围内'
  return e instanceof Error && e.message ? e.message : '加载失败，请稍后再试'
}

// Counts how often the app goes to the background while a quiz is on screen (wx.onAppHide).
// Recorded with the submit for the organisers; never used to fail anyone.
function useHideCounter(active: boolean, initial: number): [number, () => number] {
  const count = useRef(initial)
  const [shown, setShown] = useState(initial)
  useEffect(() => {
    count.current = initial
    setShown(initial)
  }, [initial])
  useEffect(() => {
    if (!active || typeof Taro.onAppHide !== 'function') return
    const onHide = () => {
      count.current += 1
      setShown(count.current)
    }
    Taro.onAppHide(onHide)
    return () => {
      if (typeof Taro.offAppHide === 'function') Taro.offAppHide(onHide)
    }
  }, [active])
  return [shown, () => count.current]
}

// Exams: ask WeChat to hide the page in screenshots and recordings, where the API exists.
function useCaptureGuard(active: boolean): void {
  useEffect(() => {
    if (!active || process.env.TARO_ENV !== 'weapp' || typeof Taro.setVisualEffectOnCapture !== 'function') return
    Taro.setVisualEffectOnCapture({ visualEffect: 'hidden' }).catch(() => undefined)
    return () => {
      Taro.setVisualEffectOnCapture({ visualEffect: 'none' }).catch(() => undefined)
    }
  }, [active])
}

// ---- taking -------------------------------------------------------------------------------------
export function Taking({ attempt }: { attempt: AttemptView }) {
  const questions = attempt.questions
  const practice = attempt.kind === 'practice'
  const draft = useRef(loadDraft(attempt.id, questions))
  const [answers, setAnswers] = useState<Answers>(draft.current.answers)
  const [index, setIndex] = useState(draft.current.index)
  const [checks, setChecks] = useState<Record<number, CheckResponse>>({})
  const [checking, setChecking] = useState(false)
  const [sheetOpen, setSheetOpen] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const busy = useRef(false)
  const [hidden, hiddenNow] = useHideCounter(true, draft.current.hidden)
  useCaptureGuard(!practice)

  // the countdown: phone time corrected by the server's clock at load
  const offset = useRef(clockOffset(attempt.serverNow, Date.now()))
  const [left, setLeft] = useState<number | null>(() => secondsLeft(attempt.deadline, offset.current, Date.now()))

  useEffect(() => {
    saveDraft(attempt.id, { answers, index, hidden })
  }, [attempt.id, answers, index, hidden])

  async function submit(auto: boolean) {
    if (busy.current) return
    busy.current = true
    if (!auto && !(await confirm(practice ? '完成练习' : '交卷', submitPrompt(questions, answers), practice ? '确定完成' : '确定交卷'))) {
      busy.current = false
      return
    }
    setSubmitting(true)
    try {
      await api('quiz.attempts.submit', { params: { id: attempt.id }, body: { answers: submitAnswers(questions, answers), hiddenCount: hiddenNow() }, toast: false })
      clearDraft(attempt.id)
      if (auto) void Taro.showToast({ title: '时间到，已自动交卷', icon: 'none', duration: 3000 })
      toResult(attempt.id)
    } catch (e) {
      if (e instanceof ApiError && e.code === 'QUIZ_TIME_UP') {
        // the attempt is closed on the server: its page says so kindly
        clearDraft(attempt.id)
        toResult(attempt.id)
        return
      }
      showError(e)
      busy.current = false
      setSubmitting(false)
    }
  }

  const submitRef = useRef(submit)
  submitRef.current = submit
  useEffect(() => {
    if (!attempt.deadline) return
    const tick = () => {
      const s = secondsLeft(attempt.deadline, offset.current, Date.now())
      setLeft(s)
      if (s === 0) void submitRef.current(true)
    }
    tick()
    const t = setInterval(tick, 1000)
    return () => clearInterval(t)
  }, [attempt.deadline])

  const q = questions[index]
  const check = checks[q.questionId]
  const chosen = answers[q.questionId] ?? []

  function pick(i: number) {
    if (check) return
    setAnswers((a) => ({ ...a, [q.questionId]: toggleChoice(q.type, a[q.questionId], i) }))
  }

  async function reveal() {
    if (checking || check) return
    setChecking(true)
    try {
      const r = await api('quiz.attempts.check', { params: { id: attempt.id }, body: { questionId: q.questionId, chosen } })
      setChecks((c) => ({ ...c, [q.questionId]: r }))
    } catch {
      // the toast said why
    } finally {
      setChecking(false)
    }
  }

  const last = index === questions.length - 1
  const cells = sheetCells(questions, answers)
  const blanks = blankCount(questions, answers)
  return (
    <Screen className="quiz-taking">
      <View className="qz-bar">
        <View className="qz-progress e2e-quiz-progress">{progressLabel(index, questions.length)}</View>
        {left !== null ? (
          <View className={`qz-timer e2e-quiz-timer ${left <= HURRY_SECONDS ? 'hurry' : ''}`}>剩余 {formatClock(left)}</View>
        ) : null}
      </View>
      {!practice ? (
        <View className="qz-notice e2e-quiz-hide-note">
          {hidden > 0 ? `您离开过答题页面 ${hidden} 次，系统已记录，不影响成绩。请安心继续作答。` : '答题时请尽量不要切换到别的应用，切换会被记录（不影响成绩）。'}
        </View>
      ) : null}
      <Card className="e2e-quiz-question">
        <QuestionHead type={q.type} stem={q.stem} />
        <View className="muted qz-hint">{typeHint(q.type)}</View>
        <OptionList options={q.options} chosen={chosen} answer={check?.answer} onPick={check ? undefined : pick} />
        {practice && !check ? (
          <Button type="primary" fill="outline" size="large" block loading={checking} className="big-button e2e-quiz-check" onClick={() => void reveal()}>
            看答案
          </Button>
        ) : null}
        {check ? (
          <View className="e2e-quiz-checked">
            <Verdict correct={check.correct} />
            <Explanation explanation={check.explanation} source={check.source} />
          </View>
        ) : null}
      </Card>
      <View className="qz-nav">
        <Button size="large" disabled={index === 0} className="e2e-quiz-prev" onClick={() => setIndex((i) => Math.max(0, i - 1))}>
          上一题
        </Button>
        {last ? (
          <Button type="primary" size="large" loading={submitting} className="e2e-quiz-submit" onClick={() => void submit(false)}>
            {practice ? '完成练习' : '交卷'}
          </Button>
        ) : (
          <Button type="primary" size="large" className="e2e-quiz-next" onClick={() => setIndex((i) => Math.min(questions.length - 1, i + 1))}>
            下一题
          </Button>
        )}
      </View>
      <View className="link-button e2e-quiz-sheet" onClick={() => setSheetOpen(true)}>
        答题卡（还有 {blanks} 题没答）
      </View>
      {sheetOpen ? (
        // closed by its own buttons only: H5 views listen natively, so stopping a tap on the panel
        // would also swallow its buttons' clicks
        <View className="overlay">
          <View className="overlay-panel e2e-quiz-sheet-panel">
            <View className="card-title">答题卡</View>
            <View className="muted">蓝色是已答，白色是还没答。点题号可以跳到那道题。</View>
            <View className="qz-sheet">
              {cells.map((c, i) => (
                <View
                  key={questions[i].questionId}
                  className={`qz-cell e2e-quiz-cell ${c} ${i === index ? 'current' : ''}`}
                  onClick={() => {
                    setIndex(i)
                    setSheetOpen(false)
                  }}
                >
                  {i + 1}
                </View>
              ))}
            </View>
            <View className="button-row">
              <Button size="large" className="e2e-quiz-sheet-close" onClick={() => setSheetOpen(false)}>
                继续答题
              </Button>
              <Button
                type="primary"
                size="large"
                loading={submitting}
                className="e2e-quiz-sheet-submit"
                onClick={() => {
                  setSheetOpen(false)
                  void submit(false)
                }}
              >
                {practice ? '完成练习' : '交卷'}
              </Button>
            </View>
          </View>
        </View>
      ) : null}
    </Screen>
  )
}

// ---- before starting ----------------------------------------------------------------------------
function CampaignIntro({ c, onStart, onResume, starting }: { c: CampaignView; onStart: () => void; onResume: (id: number) => void; starting: boolean }) {
  const action = campaignAction(c)
  const mine = myResultText(c)
  return (
    <Screen className="quiz-intro">
      <Card>
        <View className="page-title e2e-quiz-title">{c.title}</View>
        <View className="muted">{c.owner.name}</View>
        {c.intro ? <View className="qz-intro-text">{c.intro}</View> : null}
        <View className="qz-facts">
          <View>共 {c.questionCount} 道题</View>
          <View>{c.timeLimitMinutes ? `限时 ${c.timeLimitMinutes} 分钟，时间到会自动交卷` : '不限时间'}</View>
          {c.kind === 'exam' ? <View>{c.passPercent} 分及以上为通过</View> : <View>练习：每道题都可以马上看答案</View>}
          <View>{attemptsLeftText(c)}</View>
        </View>
        {mine ? <View className="qz-mine e2e-quiz-mine">{mine}（只有您自己能看到）</View> : null}
        {c.kind === 'exam' ? <View className="muted">答题时请尽量不要切换到别的应用，切换会被记录，但不会影响您的成绩。</View> : null}
        {action.kind === 'resume' ? (
          <Button type="primary" size="large" block className="big-button e2e-quiz-resume" onClick={() => onResume(action.attemptId)}>
            继续答题
          </Button>
        ) : action.kind === 'start' ? (
          <Button type="primary" size="large" block loading={starting} className="big-button e2e-quiz-start" onClick={onStart}>
            开始答题
          </Button>
        ) : (
          <View className="warn-text e2e-quiz-blocked">{action.reason}</View>
        )}
      </Card>
    </Screen>
  )
}

const PRACTICE_TYPES: FraudType[] = [...HIGH_INCIDENCE_FRAUD_TYPES, ...FRAUD_TYPES.filter((t) => !HIGH_INCIDENCE_FRAUD_TYPES.includes(t) && t !== 'other')]

function PracticeChooser({ onPick, starting }: { onPick: (t: FraudType | undefined) => void; starting: boolean }) {
  return (
    <Screen className="quiz-intro">
      <View className="page-title">自由练习</View>
      <View className="lead">选一类骗局，做 {PRACTICE_COUNT} 道题。每道题都可以点“看答案”，马上看到解析。练习不计分。</View>
      <View className={`qz-types ${starting ? 'busy' : ''}`}>
        <View className="qz-type-item all e2e-practice-all" onClick={() => onPick(undefined)}>
          各类都练
        </View>
        {PRACTICE_TYPES.map((t) => (
          <View key={t} className={`qz-type-item e2e-practice-${t}`} onClick={() => onPick(t)}>
            {FRAUD_TYPE_LABELS[t]}
          </View>
        ))}
      </View>
    </Screen>
  )
}

// ---- the page ---------------------------------------------------------------------------------
export function QuizFlow({ p }: { p: QuizParams }) {
  const [attempt, setAttempt] = useState<AttemptView | null>(null)
  const [campaign, setCampaign] = useState<CampaignView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [starting, setStarting] = useState(false)

  // an attempt that is no longer open belongs on the result page
  function open(v: AttemptView) {
    if (v.status !== 'open') toResult(v.id)
    else setAttempt(v)
  }

  async function resume(id: number) {
    setLoading(true)
    setError(null)
    try {
      open(await api('quiz.attempts.get', { params: { id }, toast: false }))
    } catch (e) {
      setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }

  async function begin(run: () => Promise<AttemptView>) {
    if (starting) return
    setStarting(true)
    try {
      open(await run())
    } catch (e) {
      // the toast said why; refresh the intro's counts, or say it where there is nothing else to show
      if (p.campaignId) void load()
      else if (p.fromMistakes) setError(errorText(e))
    } finally {
      setStarting(false)
    }
  }

  const startPractice = (fraudType: FraudType | undefined) =>
    begin(() => api('quiz.practice.start', { body: { fraudType, count: p.fromMistakes ? p.count : PRACTICE_COUNT, fromMistakes: p.fromMistakes } }))

  async function load() {
    setError(null)
    if (p.attemptId) return resume(p.attemptId)
    if (p.campaignId) {
      setLoading(true)
      try {
        setCampaign(await api('quiz.campaigns.get', { params: { id: p.campaignId }, toast: false }))
      } catch (e) {
        setError(errorText(e))
      } finally {
        setLoading(false)
      }
      return
    }
    setLoading(false)
    if (p.fromMistakes) await startPractice(undefined)
  }

  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.attemptId, p.campaignId, p.practice, p.fromMistakes])

  if (attempt) return <Taking attempt={attempt} />
  if (error) return <Screen><ErrorBlock message={error} onRetry={() => void load()} /></Screen>
  if (loading || (p.fromMistakes && !p.campaignId)) return <Screen><Loading text={starting ? '正在出题…' : '正在加载…'} /></Screen>
  if (campaign) {
    return <CampaignIntro c={campaign} starting={starting} onResume={(id) => void resume(id)} onStart={() => void begin(() => api('quiz.attempts.start', { params: { id: campaign.id }, body: {} }))} />
  }
  if (p.practice) return <PracticeChooser starting={starting} onPick={(t) => void startPractice(t)} />
  return <Screen><ErrorBlock message="请从“学习”页的答题列表进入" /></Screen>
}

export default function QuizPage() {
  const router = useRouter()
  const p = readParams(router.params)
  return <SessionGate>{() => <QuizFlow p={p} />}</SessionGate>
}
