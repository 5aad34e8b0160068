import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  AUDIENCE_TAGS,
  AUDIENCE_TAG_LABELS,
  DIFFICULTIES,
  DIFFICULTY_LABELS,
  FRAUD_TYPES,
  FRAUD_TYPE_LABELS,
  HIGH_INCIDENCE_FRAUD_TYPES,
  QUESTION_TYPES,
  QUESTION_TYPE_LABELS,
  type FraudType,
} from '@wuzha/shared/dist/enums'
import { optionLetter } from '@wuzha/shared/dist/quiz'
import type { QuestionView } from '@wuzha/shared/dist/schemas/quiz'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { ApiError, api, showError } from '../../services/request'
import { param } from '../../services/nav'
import {
  MAX_OPTIONS,
  QUIZ_PAGES,
  addOption,
  bankTown,
  emptyQuestion,
  questionErrors,
  questionFromView,
  removeOption,
  toQuestionInput,
  toggleAnswer,
  validateQuestion,
  withType,
  type FormErrors,
  type QuestionForm,
} from '../../services/quiz-admin'
import '../quiz-bank/quiz-admin.scss'

const TAG_ORDER: FraudType[] = [...HIGH_INCIDENCE_FRAUD_TYPES, ...FRAUD_TYPES.filter((t) => !HIGH_INCIDENCE_FRAUD_TYPES.includes(t))]

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error e2e-field-error">{text}</View> : null
}

export function QuestionEditor({ townId, id, copyOf }: { townId: number; id?: number; copyOf?: number }) {
  const [form, setForm] = useState<QuestionForm | null>(id || copyOf ? null : emptyQuestion())
  const [saved, setSaved] = useState<QuestionView | null>(null)
  const [version, setVersion] = useState<number | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)

  function load() {
    const from = id ?? copyOf
    if (!from) return
    setLoadError(null)
    api('quiz.questions.get', { params: { id: from }, toast: false })
      .then((q) => {
        if (id && q.builtin) {
          setLoadError('系统题库的题目不能修改，可以照着它新建一道')
          return
        }
        setForm(questionFromView(q))
        if (id) setVersion(q.version)
      })
      .catch((e: Error) => setLoadError(e.message))
  }
  useEffect(load, [id, copyOf])

  if (loadError) {
    return (
      <Screen>
        <ErrorBlock message={loadError} onRetry={load} />
      </Screen>
    )
  }
  if (!form) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }
  const f = form

  function update(next: QuestionForm, fields: string[]) {
    setForm(next)
    setSaved(null)
    const cleared = { ...errors }
    for (const k of Object.keys(cleared)) if (fields.some((x) => k === x || k.startsWith(`${x}:`) || (x === 'options' && k.startsWith('option:')))) delete cleared[k]
    delete cleared.form
    setErrors(cleared)
  }

  function toggleTag(t: FraudType) {
    if (f.fraudTypes.includes(t)) update({ ...f, fraudTypes: f.fraudTypes.filter((x) => x !== t) }, ['fraudTypes'])
    else if (f.fraudTypes.length >= 4) void Taro.showToast({ title: '最多选4个类型', icon: 'none' })
    else update({ ...f, fraudTypes: [...f.fraudTypes, t] }, ['fraudTypes'])
  }

  async function save() {
    const local = validateQuestion(f)
    if (Object.keys(local).length) {
      setErrors(local)
      void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      return
    }
    setBusy(true)
    try {
      const body = toQuestionInput(f)
      const q = id ? await api('quiz.questions.update', { params: { id }, body, toast: false }) : await api('quiz.questions.create', { query: { townId }, body, toast: false })
      setSaved(q)
      setErrors({})
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      if (e instanceof ApiError && e.fields?.length) {
        setErrors(questionErrors(e.fields))
        void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      } else showError(e)
    } finally {
      setBusy(false)
    }
  }

  if (saved) {
    const newVersion = version !== null && saved.version > version
    return (
      <Screen className="quiz-admin">
        <Card className="e2e-question-saved">
          <View className="card-title">题目已保存</View>
          <View>
            编号 {saved.code}
            {id ? `，现在是第${saved.version}版` : ''}。
          </View>
          {newVersion ? <View className="muted e2e-new-version">这道题已经有人答过，所以保存成了新版本。以前的答题记录仍按旧版本计算。</View> : null}
        </Card>
        <Button type="primary" size="large" block className="big-button e2e-saved-view" onClick={() => void Taro.redirectTo({ url: `${QUIZ_PAGES.bank}?id=${saved.id}` })}>
          查看这道题
        </Button>
        <Button type="primary" fill="outline" size="large" block className="big-button e2e-saved-back" onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: QUIZ_PAGES.bank }))}>
          返回题库
        </Button>
      </Screen>
    )
  }

  return (
    <Screen className="quiz-admin">
      <View className="page-title">{id ? '修改题目' : '新建题目'}</View>
      {id ? <View className="muted e2e-version-hint">如果这道题已经有人答过，保存后会生成新版本，以前的答题记录不受影响。</View> : null}
      <Card>
        <View className="field">
          <View className="field-label">题型</View>
          <View className="segmented">
            {QUESTION_TYPES.map((t) => (
              <View key={t} className={`seg e2e-type-${t} ${f.type === t ? 'selected' : ''}`} onClick={() => update(withType(f, t), ['type', 'options', 'answer'])}>
                {QUESTION_TYPE_LABELS[t]}
              </View>
            ))}
          </View>
        </View>
        <View className="field">
          <View className="field-label">题目</View>
          <Textarea className="field-textarea e2e-q-stem" value={f.stem} maxlength={500} autoHeight placeholder="例如：陌生人让您下载App做“刷单”，先给小额返利，这是什么？" onInput={(e) => update({ ...f, stem: e.detail.value }, ['stem'])} />
          <FieldError text={errors.stem} />
        </View>
      </Card>

      <Card title={f.type === 'multiple' ? '选项（点圆圈选出所有正确答案）' : '选项（点圆圈选出正确答案）'}>
        {f.options.map((o, i) => (
          <View key={i}>
            <View className="opt-edit e2e-q-option">
              <View className={`opt-check e2e-q-answer ${f.answer.includes(i) ? 'on' : ''}`} onClick={() => update(toggleAnswer(f, i), ['answer'])}>
                {f.answer.includes(i) ? '✓' : optionLetter(i)}
              </View>
              {f.type === 'true_false' ? (
                <View className="item-main">{o}</View>
              ) : (
                <Input
                  className="field-input e2e-q-option-text"
                  value={o}
                  maxlength={200}
                  placeholder={`选项${optionLetter(i)}`}
                  onInput={(e) => update({ ...f, options: f.options.map((x, j) => (j === i ? e.detail.value : x)) }, [`option:${i}`, 'options'])}
                />
              )}
              {f.type !== 'true_false' && f.options.length > 2 ? (
                <View className="opt-remove e2e-q-option-remove" onClick={() => update(removeOption(f, i), ['options', 'answer'])}>
                  删除
                </View>
              ) : null}
            </View>
            <FieldError text={errors[`option:${i}`]} />
          </View>
        ))}
        <FieldError text={errors.options} />
        <FieldError text={errors.answer} />
        {f.type !== 'true_false' && f.options.length < MAX_OPTIONS ? (
          <Button type="primary" fill="outline" className="e2e-q-option-add" onClick={() => update(addOption(f), ['options'])}>
            加一个选项
          </Button>
        ) : null}
        {f.type !== 'true_false' ? <View className="field-hint muted">最多{MAX_OPTIONS}个选项。</View> : null}
      </Card>

      <Card>
        <View className="field">
          <View className="field-label">解析（答完后给答题人看）</View>
          <Textarea className="field-textarea e2e-q-explanation" value={f.explanation} maxlength={1000} autoHeight placeholder="说清楚为什么，遇到了该怎么做" onInput={(e) => update({ ...f, explanation: e.detail.value }, ['explanation'])} />
          <FieldError text={errors.explanation} />
        </View>
        <View className="field">
          <View className="field-label">出处（可不填）</View>
          <Input className="field-input e2e-q-source" value={f.source} maxlength={200} placeholder="例如：《反电信网络诈骗法》第三十一条" onInput={(e) => update({ ...f, source: e.detail.value }, ['source'])} />
          <FieldError text={errors.source} />
        </View>
      </Card>

      <Card>
        <View className="field">
          <View className="field-label">骗局类型（1到4个）</View>
          <View className="chips">
            {TAG_ORDER.map((t) => (
              <View key={t} className={`chip e2e-q-tag-${t} ${f.fraudTypes.includes(t) ? 'selected' : ''}`} onClick={() => toggleTag(t)}>
                {FRAUD_TYPE_LABELS[t]}
              </View>
            ))}
          </View>
          <FieldError text={errors.fraudTypes} />
        </View>
        <View className="field">
          <View className="field-label">适合人群（可不选，不选就是所有人）</View>
          <View className="chips">
            {AUDIENCE_TAGS.map((a) => (
              <View
                key={a}
                className={`chip e2e-q-audience-${a} ${f.audiences.includes(a) ? 'selected' : ''}`}
                onClick={() => update({ ...f, audiences: f.audiences.includes(a) ? f.audiences.filter((x) => x !== a) : [...f.audiences, a] }, ['audiences'])}
              >
                {AUDIENCE_TAG_LABELS[a]}
              </View>
            ))}
          </View>
          <FieldError text={errors.audiences} />
        </View>
        <View className="field">
          <View className="field-label">难度</View>
          <View className="segmented">
            {DIFFICULTIES.map((d) => (
              <View key={d} className={`seg e2e-q-difficulty-${d} ${f.difficulty === d ? 'selected' : ''}`} onClick={() => update({ ...f, difficulty: d }, ['difficulty'])}>
                {DIFFICULTY_LABELS[d]}
              </View>
            ))}
          </View>
        </View>
      </Card>

      {errors.form ? <View className="warn-text">{errors.form}</View> : null}
      <Button type="primary" size="large" block loading={busy} disabled={busy} className="big-button e2e-q-save" onClick={() => void save()}>
        保存
      </Button>
    </Screen>
  )
}

export default function QuestionEditPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || undefined
  const copyOf = Number(param(router.params.copy)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const town = bankTown(me)
        return town ? (
          <QuestionEditor townId={town.node.id} id={id} copyOf={copyOf} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇反诈分中心的管理员可以编辑题库" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
