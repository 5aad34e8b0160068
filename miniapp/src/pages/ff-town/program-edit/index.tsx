// A rating program's editor (town admins): kind, name, period, application window, notice days,
// validity, and the indicator set starting from the kind's defaults — name, source, weight, target,
// scoring rule, note — with the weights' live sum that must be 100. Save as a draft, publish, close.
// Once published only the name, a later application deadline and the notice days change.
import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { INDICATOR_SOURCES, INDICATOR_SOURCE_LABELS, LOWER_IS_BETTER, PROGRAM_KINDS, PROGRAM_KIND_LABELS, type ProgramKind } from '@wuzha/shared/dist/enums'
import type { ProgramView } from '@wuzha/shared/dist/schemas/fraud-free'
import { Card, ErrorBlock, Screen } from '../../../components/Screen'
import { EditorActions } from '../../../components/EditorActions'
import { SessionGate } from '../../../components/SessionGate'
import { confirm } from '../../../components/confirm'
import { ApiError } from '../../../services/request'
import { param } from '../../../services/nav'
import { dayText, errorText } from '../../../services/ff'
import {
  CLOSE_PROGRAM_TEXT,
  FF_TOWN_PAGES,
  PROGRAM_CODE_FIELD,
  PUBLISH_PROGRAM_TEXT,
  deskFor,
  emptyProgram,
  ffAdmin,
  indicatorRows,
  isPercent,
  newIndicator,
  programErrors,
  programFormFrom,
  targetUnit,
  toProgramInput,
  validateProgram,
  weightTotal,
  withKind,
  type FormErrors,
  type IndicatorRow,
  type ProgramForm,
} from '../../../services/ff-admin'
import { DEFAULT_INDICATORS } from '@wuzha/shared/dist/fraud-free'
import { FieldError, FirstLoad } from '../parts'
import '../../quiz-bank/quiz-admin.scss'
import '../ff-town.scss'

const SOURCE_LABELS = INDICATOR_SOURCES.map((s) => INDICATOR_SOURCE_LABELS[s])

function DayField({ value, onChange, disabled, className }: { value: string; onChange: (v: string) => void; disabled?: boolean; className: string }) {
  if (disabled) return <View className={`dt-box muted ${className}`}>{dayText(value)}</View>
  return (
    <Picker mode="date" value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View className={`dt-box ${className}`}>{dayText(value)}</View>
    </Picker>
  )
}

function IndicatorEditor({ r, i, errors, locked, onChange, onRemove }: { r: IndicatorRow; i: number; errors: FormErrors; locked: boolean; onChange: (p: Partial<IndicatorRow>) => void; onRemove: () => void }) {
  const err = (f: string) => errors[`ind.${i}.${f}`]
  const bad = ['name', 'source', 'weight', 'target', 'rule', 'note', 'key'].some((f) => err(f))
  const lower = LOWER_IS_BETTER.includes(r.source)
  if (locked) {
    return (
      <View className="fft-edit-ind e2e-ffedit-ind">
        <View className="row">
          <View className="fft-title">{r.name}</View>
          <View className="tag blue">{r.weight}分</View>
        </View>
        <View className="muted">
          {INDICATOR_SOURCE_LABELS[r.source]} · 目标 {lower ? '≤' : '≥'} {r.target}
          {targetUnit(r.source)} · {r.rule === 'threshold' ? '达标得满分' : '按比例得分'}
        </View>
        {r.note ? <View className="muted">{r.note}</View> : null}
      </View>
    )
  }
  return (
    <View className={`fft-edit-ind e2e-ffedit-ind ${bad ? 'bad' : ''}`}>
      <View className="row">
        <View className="field-label">第{i + 1}项</View>
        <View className="fft-remove e2e-ffedit-ind-remove" onClick={onRemove}>
          删除
        </View>
      </View>
      <View className="field">
        <View className="field-label">指标名称</View>
        <Input className="field-input e2e-ffedit-ind-name" value={r.name} maxlength={40} placeholder="例如：群众反诈知晓率" onInput={(e) => onChange({ name: e.detail.value })} />
        <FieldError text={err('name') ?? err('key')} />
      </View>
      <View className="field">
        <View className="field-label">数据来源</View>
        <Picker mode="selector" range={SOURCE_LABELS} value={INDICATOR_SOURCES.indexOf(r.source)} onChange={(e) => onChange({ source: INDICATOR_SOURCES[Number(e.detail.value)] })}>
          <View className="picker-box e2e-ffedit-ind-source">{INDICATOR_SOURCE_LABELS[r.source]} ▾</View>
        </Picker>
        <View className="field-hint">{r.source === 'manual' ? '由评审人员根据申报材料打分。' : lower ? '派出所填报的数字，越少越好。' : '平台自动统计，不用再填表。'}</View>
      </View>
      <View className="fft-inline">
        <View className="field">
          <View className="field-label">分值</View>
          <Input className="fft-num e2e-ffedit-ind-weight" type="number" value={r.weight} maxlength={3} onInput={(e) => onChange({ weight: e.detail.value })} />
        </View>
        <View className="field">
          <View className="field-label">
            目标（{lower ? '不超过' : r.source === 'manual' ? '参考' : '达到'}
            {targetUnit(r.source)}）
          </View>
          <Input className="fft-num e2e-ffedit-ind-target" type="digit" value={r.target} maxlength={10} onInput={(e) => onChange({ target: e.detail.value })} />
        </View>
      </View>
      <FieldError text={err('weight')} />
      <FieldError text={err('target')} />
      {r.source !== 'manual' ? (
        <View className="field">
          <View className="field-label">计分方法</View>
          <View className="segmented">
            <View className={`seg e2e-ffedit-ind-threshold ${r.rule === 'threshold' ? 'selected' : ''}`} onClick={() => onChange({ rule: 'threshold' })}>
              达标得满分
            </View>
            <View className={`seg e2e-ffedit-ind-linear ${r.rule === 'linear' ? 'selected' : ''}`} onClick={() => onChange({ rule: 'linear' })}>
              按比例得分
            </View>
          </View>
          <View className="field-hint">
            {r.rule === 'threshold' ? '达到目标得满分，达不到不得分。' : lower ? '不超过目标得满分，超过越多得分越少。' : '按完成目标的比例得分。'}
            {isPercent(r.source) ? ' 目标是百分比，不超过100。' : ''}
          </View>
        </View>
      ) : null}
      <View className="field">
        <View className="field-label">说明（可不填）</View>
        <Input className="field-input e2e-ffedit-ind-note" value={r.note} maxlength={100} placeholder={r.source === 'manual' ? '例如：上传会议记录或照片' : '例如：每月不少于5次'} onInput={(e) => onChange({ note: e.detail.value })} />
        <FieldError text={err('note')} />
      </View>
    </View>
  )
}

type Done = { p: ProgramView; what: 'saved' | 'published' | 'closed' }

export function ProgramEditor({ town, id }: { town: { id: number; name: string }; id?: number }) {
  const [form, setForm] = useState<ProgramForm | null>(id ? null : emptyProgram(town))
  const [saved, setSaved] = useState<ProgramView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<Done | null>(null)

  function load() {
    if (!id) return
    setLoadError(null)
    ffAdmin
      .program(id)
      .then((p) => {
        if (!p.canManage) {
          setLoadError('您不能修改这个评比')
          return
        }
        setSaved(p)
        setForm(programFormFrom(p))
      })
      .catch((e) => setLoadError(errorText(e)))
  }
  useEffect(load, [id])

  if (loadError || !form) return <FirstLoad error={loadError} onRetry={load} />
  const f = form
  const locked = Boolean(saved && saved.status !== 'draft')
  const townName = saved?.town.name ?? town.name

  function set(p: Partial<ProgramForm>, fields: string[] = Object.keys(p)) {
    setForm((prev) => (prev ? { ...prev, ...p } : prev))
    setErrors((e) => {
      const next = { ...e }
      for (const k of [...fields, 'form']) delete next[k]
      return next
    })
  }
  function setInd(i: number, p: Partial<IndicatorRow>) {
    setForm((prev) => (prev ? { ...prev, indicators: prev.indicators.map((r, j) => (j === i ? { ...r, ...p } : r)) } : prev))
    setErrors((e) => {
      const next = { ...e }
      for (const k of Object.keys(p)) delete next[`ind.${i}.${k}`]
      if ('weight' in p) delete next.indicators
      delete next.form
      return next
    })
  }
  // removing shifts the rows below: their errors would point at the wrong rows, so they go
  function removeInd(i: number) {
    set({ indicators: f.indicators.filter((_, j) => j !== i) }, ['indicators', ...Object.keys(errors).filter((k) => k.startsWith('ind.'))])
  }
  async function resetDefaults() {
    if (!(await confirm('恢复默认指标', `换成“${PROGRAM_KIND_LABELS[f.kind]}”的默认指标？已经改过的指标会丢失。`, '恢复'))) return
    set({ indicators: indicatorRows(DEFAULT_INDICATORS[f.kind]) }, ['indicators', ...Object.keys(errors).filter((k) => k.startsWith('ind.'))])
  }
  function chooseKind(kind: ProgramKind) {
    if (kind === f.kind) return
    setForm(withKind(f, kind, townName))
    setErrors({})
  }

  function fail(e: unknown) {
    if (e instanceof ApiError && e.code === 'FF_WEIGHTS_SUM') setErrors({ indicators: e.message })
    else if (e instanceof ApiError && e.fields?.length) setErrors(programErrors(e.fields))
    else if (e instanceof ApiError && PROGRAM_CODE_FIELD[e.code]) setErrors({ [PROGRAM_CODE_FIELD[e.code]]: e.message })
    else {
      setErrors({ form: errorText(e) })
      return
    }
    void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
  }

  async function save(): Promise<ProgramView | null> {
    const local = validateProgram(f, saved)
    if (Object.keys(local).length) {
      setErrors(local)
      void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      return null
    }
    try {
      const body = toProgramInput(f)
      const p = saved ? await ffAdmin.update(saved.id, body) : await ffAdmin.create(body)
      setSaved(p)
      setErrors({})
      return p
    } catch (e) {
      fail(e)
      return null
    }
  }
  async function onSave() {
    setBusy(true)
    const p = await save()
    setBusy(false)
    if (p) setDone({ p, what: 'saved' })
  }
  async function onPublish() {
    setBusy(true)
    const p = await save()
    setBusy(false)
    if (!p || !(await confirm('发布评比', PUBLISH_PROGRAM_TEXT(p), '发布'))) return
    setBusy(true)
    try {
      setDone({ p: await ffAdmin.publish(p.id), what: 'published' })
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }
  async function onClose() {
    if (!saved || !(await confirm('结束评比', CLOSE_PROGRAM_TEXT(saved), '结束'))) return
    setBusy(true)
    try {
      setDone({ p: await ffAdmin.close(saved.id), what: 'closed' })
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  if (done) {
    const p = done.p
    const head = { saved: p.status === 'draft' ? '已保存为草稿' : '已保存修改', published: '评比已发布', closed: '评比已结束' }[done.what]
    return (
      <Screen className="quiz-admin ff-town">
        <Card className="e2e-ffedit-done">
          <View className="card-title e2e-ffedit-done-head">{head}</View>
          <View className="item-main">{p.title}</View>
          <View className="muted">
            {p.status === 'draft' ? '草稿只有镇里的管理员能看到。检查无误后点“发布”。' : `申报时间 ${dayText(p.applyFrom)}至${dayText(p.applyUntil)} · 公示${p.noticeDays}天`}
          </View>
        </Card>
        {p.status === 'draft' ? (
          <Button type="success" size="large" block className="big-button e2e-ffedit-continue" onClick={() => setDone(null)}>
            继续修改或发布
          </Button>
        ) : null}
        <Button type="primary" fill="outline" size="large" block className="big-button e2e-ffedit-back" onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${FF_TOWN_PAGES.home}?nodeId=${p.town.id}` }))}>
          返回无诈创建
        </Button>
      </Screen>
    )
  }

  const sum = weightTotal(f.indicators)
  return (
    <Screen className="quiz-admin ff-town">
      <View className="page-title">{saved ? '修改评比' : '新建评比'}</View>
      <View className="muted">{townName}</View>
      {locked ? <View className="warn-text e2e-ffedit-locked">评比已发布：指标、类别和评比周期不能再改，只能修改名称、延长申报截止日期和调整公示天数。</View> : null}

      <Card title="评比类别">
        {locked ? (
          <View className="item-main">{PROGRAM_KIND_LABELS[f.kind]}</View>
        ) : (
          <>
            <View className="segmented">
              {PROGRAM_KINDS.map((k) => (
                <View key={k} className={`seg e2e-ffedit-kind-${k} ${f.kind === k ? 'selected' : ''}`} onClick={() => chooseKind(k)}>
                  {PROGRAM_KIND_LABELS[k]}
                </View>
              ))}
            </View>
            <View className="field-hint">换类别会换成该类别的默认指标。</View>
          </>
        )}
        <View className="field">
          <View className="field-label">评比名称</View>
          <Input className="field-input e2e-ffedit-title" value={f.title} maxlength={60} onInput={(e) => set({ title: e.detail.value })} />
          <FieldError text={errors.title} />
        </View>
      </Card>

      <Card title="时间">
        <View className="field">
          <View className="field-label">评比周期（统计这段时间的数据）</View>
          <View className="dt-row">
            <DayField className="e2e-ffedit-period-start" value={f.periodStart} disabled={locked} onChange={(v) => set({ periodStart: v })} />
            <View className="muted">至</View>
            <DayField className="e2e-ffedit-period-end" value={f.periodEnd} disabled={locked} onChange={(v) => set({ periodEnd: v })} />
          </View>
          <FieldError text={errors.periodStart ?? errors.periodEnd} />
        </View>
        <View className="field">
          <View className="field-label">申报时间</View>
          <View className="dt-row">
            <DayField className="e2e-ffedit-apply-from" value={f.applyFrom} disabled={locked} onChange={(v) => set({ applyFrom: v })} />
            <View className="muted">至</View>
            <DayField className="e2e-ffedit-apply-until" value={f.applyUntil} onChange={(v) => set({ applyUntil: v })} />
          </View>
          {locked ? <View className="field-hint">申报截止只能延后。</View> : null}
          <FieldError text={errors.applyFrom ?? errors.applyUntil} />
        </View>
        <View className="fft-inline">
          <View className="field">
            <View className="field-label">公示天数</View>
            <Input className="fft-num e2e-ffedit-notice" type="number" value={f.noticeDays} maxlength={2} onInput={(e) => set({ noticeDays: e.detail.value })} />
          </View>
          <View className="field">
            <View className="field-label">称号有效期（月）</View>
            {locked ? (
              <View className="fft-num muted">{f.validityMonths}</View>
            ) : (
              <Input className="fft-num e2e-ffedit-validity" type="number" value={f.validityMonths} maxlength={2} onInput={(e) => set({ validityMonths: e.detail.value })} />
            )}
          </View>
        </View>
        <FieldError text={errors.noticeDays} />
        <FieldError text={errors.validityMonths} />
      </Card>

      <Card title="指标和分值">
        <View className={`fft-sum e2e-ffedit-sum ${sum === 100 ? '' : 'bad'}`}>
          分值合计 {sum} / 100{sum === 100 ? ' ✓' : sum < 100 ? `，还差${100 - sum}分` : `，多了${sum - 100}分`}
        </View>
        <FieldError className="e2e-ffedit-indicators-error" text={errors.indicators} />
        {f.indicators.map((r, i) => (
          <IndicatorEditor key={r.key} r={r} i={i} errors={errors} locked={locked} onChange={(p) => setInd(i, p)} onRemove={() => removeInd(i)} />
        ))}
        {!locked ? (
          <View className="button-row">
            <Button type="primary" fill="outline" className="e2e-ffedit-add" disabled={f.indicators.length >= 20} onClick={() => set({ indicators: [...f.indicators, newIndicator(f.indicators)] }, ['indicators'])}>
              添加指标
            </Button>
            <Button type="default" className="e2e-ffedit-defaults" onClick={() => void resetDefaults()}>
              恢复默认指标
            </Button>
          </View>
        ) : null}
      </Card>

      {errors.form ? <View className="warn-text e2e-form-error">{errors.form}</View> : null}
      <EditorActions
        locked={locked}
        published={saved?.status === 'published'}
        busy={busy}
        e2e="ffedit"
        closeLabel="结束评比"
        onPublish={() => void onPublish()}
        onSave={() => void onSave()}
        onClose={() => void onClose()}
      />
    </Screen>
  )
}

export default function ProgramEditPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || undefined
  const townId = Number(param(router.params.townId)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const desk = deskFor(me, 'ff.manage', townId)
        return desk && desk.node.kind === 'town' ? (
          <ProgramEditor town={desk.node} id={id} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇里的管理员可以设置创建评比" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
