// One application for the reviewer: the self-assessment, the indicators against their targets (live
// while it waits, frozen once reviewed), the evidence per indicator (photos shown, PDFs opened), the
// manual items scored 0…weight with a comment, approve (into the notice) or return; during the
// notice its objections; after it the decision (award or reject).
import { useEffect, useState } from 'react'
import { Input, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { APPLICATION_STATUS_LABELS, PROGRAM_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { ApplicationView, IndicatorValue } from '@wuzha/shared/dist/schemas/fraud-free'
import { Card, Screen } from '../../../components/Screen'
import { confirm } from '../../../components/confirm'
import { ApiError } from '../../../services/request'
import { errorText, shortTime } from '../../../services/ff'
import { ffAdmin, noticeOver, scoreErrors, scoreForm, toManualScores, totalWith, type FormErrors } from '../../../services/ff-admin'
import { FieldError, FirstLoad, IdPage } from '../parts'
import { FileList, IndicatorCard } from '../../ff/parts'
import '../../quiz-bank/quiz-admin.scss'
import '../../ff/ff.scss'
import '../ff-town.scss'

function Evidence({ app }: { app: ApplicationView }) {
  const names = new Map(app.indicators.values.map((v) => [v.key, v.name]))
  if (app.evidence.length === 0) return <View className="muted e2e-ffapp-no-evidence">没有上传材料。</View>
  return (
    <>
      {app.evidence.map((e) => (
        <View key={e.indicatorKey} className="fft-item e2e-ffapp-evidence">
          <View className="fft-title">{names.get(e.indicatorKey) ?? e.indicatorKey}</View>
          {e.note ? <View>{e.note}</View> : null}
          <FileList files={e.files} />
        </View>
      ))}
    </>
  )
}

function ScoreBox({ v, value, error, onChange }: { v: IndicatorValue; value: string; error?: string; onChange: (s: string) => void }) {
  return (
    <View className="field e2e-ffapp-score">
      <View className="field-label">评审打分（0～{v.weight}分）</View>
      <Input className="fft-num e2e-ffapp-score-input" type="digit" value={value} maxlength={5} onInput={(e) => onChange(e.detail.value)} />
      <FieldError text={error} />
    </View>
  )
}

export function ApplicationReview({ id }: { id: number }) {
  const [app, setApp] = useState<ApplicationView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [scores, setScores] = useState<Record<string, string>>({})
  const [comment, setComment] = useState('')
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)

  function show(a: ApplicationView) {
    setApp(a)
    setScores(scoreForm(a.indicators.values, a.manualScores))
  }
  function load() {
    setLoadError(null)
    ffAdmin
      .application(id)
      .then(show)
      .catch((e) => setLoadError(errorText(e, '没有找到这份申报，可能您没有查看的权限')))
  }
  useEffect(load, [id])

  if (loadError || !app) return <FirstLoad error={loadError} onRetry={load} />
  const a = app
  const reviewing = a.status === 'submitted' && a.canReview
  const deciding = a.status === 'notice' && a.canReview
  const over = noticeOver(a.noticeEndsAt)

  function fail(e: unknown) {
    if (e instanceof ApiError && e.code === 'FF_MANUAL_SCORE_INVALID' && e.fields?.length) {
      setErrors(Object.fromEntries(e.fields.map((f) => [f.path.split('.').pop() ?? 'form', f.message])))
    } else if (e instanceof ApiError && e.fields?.some((f) => f.path.endsWith('comment'))) {
      setErrors({ comment: e.fields.find((f) => f.path.endsWith('comment'))?.message ?? e.message })
    } else setErrors({ form: errorText(e) })
  }

  async function review(decision: 'approve' | 'return') {
    if (decision === 'approve') {
      const local = scoreErrors(a.indicators.values, scores)
      if (Object.keys(local).length) {
        setErrors(local)
        return
      }
      const total = totalWith(a.indicators.values, scores)
      if (!(await confirm('评审通过', `${a.node.name}的申报评审通过，总分${total}分，进入公示。公示期间任何人都可以提出异议。确定吗？`, '通过'))) return
    } else {
      if (!comment.trim()) {
        setErrors({ comment: '退回时请写明需要补充或修改的内容' })
        return
      }
      if (!(await confirm('退回申报', `退回给${a.node.name}修改后重新提交？`, '退回'))) return
    }
    setBusy(true)
    setErrors({})
    try {
      const next = await ffAdmin.review(a.id, {
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        manualScores: decision === 'approve' ? toManualScores(a.indicators.values, scores) : {},
      })
      show(next)
      setComment('')
      setDone(decision === 'approve' ? `评审通过，公示到${next.noticeEndsAt ? shortTime(next.noticeEndsAt) : ''}` : '已退回，等待申报单位修改后重新提交')
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  async function decide(decision: 'award' | 'reject') {
    const text = decision === 'award' ? `授予${a.node.name}“${PROGRAM_KIND_LABELS[a.kind]}”称号？` : `${a.node.name}的申报不予通过？`
    if (!(await confirm(decision === 'award' ? '授牌' : '不予通过', text, decision === 'award' ? '授牌' : '不予通过'))) return
    setBusy(true)
    setErrors({})
    try {
      show(await ffAdmin.decide(a.id, decision, comment))
      setComment('')
      setDone(decision === 'award' ? '已授牌，可在“称号管理”里打印牌匾证书' : '已作出不予通过的决定')
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  const frozen = !['draft', 'submitted', 'returned'].includes(a.status)
  return (
    <Screen className="quiz-admin ff ff-town">
      <View className="page-title e2e-ffapp-node">{a.node.name}</View>
      <View className="muted">
        {PROGRAM_KIND_LABELS[a.kind]} · {a.programTitle}
      </View>
      <View className="row">
        <View className="state-tag e2e-ffapp-status">{APPLICATION_STATUS_LABELS[a.status]}</View>
        {a.score !== null ? <View className="fft-title e2e-ffapp-total">总分 {a.score}</View> : null}
      </View>
      {a.submittedAt ? <View className="muted">提交于{shortTime(a.submittedAt)}</View> : null}
      {done ? <View className="fft-note e2e-ffapp-done">{done}</View> : null}
      {a.status === 'submitted' && !a.canReview ? <View className="warn-text e2e-ffapp-not-reviewer">您不能评审这份申报（自己或本单位的申报要由其他工作人员评审）。</View> : null}

      <Card title="自我评价">
        <View className="e2e-ffapp-self">{a.selfAssessment}</View>
      </Card>

      <Card title={frozen ? '评审时的指标（已固定）' : '实时指标（对照目标）'} className="e2e-ffapp-indicators">
        {a.indicators.values.map((v) => (
          <View key={v.key}>
            <IndicatorCard v={v} kind={a.kind} explain={false} />
            {reviewing && v.source === 'manual' ? <ScoreBox v={v} value={scores[v.key] ?? ''} error={errors[v.key]} onChange={(s) => {
                  setScores({ ...scores, [v.key]: s })
                  setErrors(({ [v.key]: _, ...rest }) => rest)
                }}
              /> : null}
          </View>
        ))}
        <View className="total-line e2e-ffapp-sheet-total">{reviewing ? `按现在的打分，总分 ${totalWith(a.indicators.values, scores)} 分` : `合计 ${a.indicators.total} 分`}</View>
        <View className="muted">数据时间 {shortTime(a.indicators.computedAt)}</View>
      </Card>

      <Card title="申报材料">
        <Evidence app={a} />
      </Card>

      {a.reviewComment ? (
        <Card title="评审意见">
          <View className="e2e-ffapp-comment">{a.reviewComment}</View>
        </Card>
      ) : null}

      {a.status === 'notice' || a.objections.length ? (
        <Card title={`公示异议（${a.objections.length}条）`} className="e2e-ffapp-objections">
          {a.noticeEndsAt ? <View className="muted">{over ? `公示已于${shortTime(a.noticeEndsAt)}结束` : `公示到${shortTime(a.noticeEndsAt)}结束`}</View> : null}
          {a.objections.length === 0 ? <View className="muted">没有人提出异议。</View> : null}
          {a.objections.map((o) => (
            <View key={o.id} className="fft-objection e2e-ffapp-objection">
              <View>{o.text}</View>
              <View className="muted">{shortTime(o.createdAt)}</View>
            </View>
          ))}
        </Card>
      ) : null}

      {reviewing || (deciding && over) ? (
        <Card title={reviewing ? '评审' : '公示期满，作出决定'}>
          <View className="field">
            <View className="field-label">{reviewing ? '评审意见（退回时必填）' : '说明（可不填）'}</View>
            <Textarea className="field-textarea e2e-ffapp-comment-input" value={comment} maxlength={1000} autoHeight placeholder={reviewing ? '例如：请补充第三季度例会记录' : '例如：公示期间无异议'} onInput={(e) => setComment(e.detail.value)} />
            <FieldError text={errors.comment} />
          </View>
          {errors.form ? <View className="warn-text e2e-form-error">{errors.form}</View> : null}
          {reviewing ? (
            <>
              <Button type="success" size="large" block loading={busy} disabled={busy} className="big-button e2e-ffapp-approve" onClick={() => void review('approve')}>
                评审通过，进入公示
              </Button>
              <Button type="danger" fill="outline" size="large" block disabled={busy} className="big-button e2e-ffapp-return" onClick={() => void review('return')}>
                退回修改
              </Button>
            </>
          ) : (
            <>
              <Button type="success" size="large" block loading={busy} disabled={busy} className="big-button e2e-ffapp-award" onClick={() => void decide('award')}>
                授牌
              </Button>
              <Button type="danger" fill="outline" size="large" block disabled={busy} className="big-button e2e-ffapp-reject" onClick={() => void decide('reject')}>
                不予通过
              </Button>
            </>
          )}
        </Card>
      ) : null}
      {deciding && !over ? <View className="muted e2e-ffapp-wait">公示期满后才能授牌或作出不予通过的决定。</View> : null}
    </Screen>
  )
}

export default function ApplicationPage() {
  return <IdPage missing="没有找到这份申报">{(id) => <ApplicationReview id={id} />}</IdPage>
}
