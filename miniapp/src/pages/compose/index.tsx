import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  BULLETIN_CATEGORIES,
  BULLETIN_CATEGORY_LABELS,
  FRAUD_TYPES,
  FRAUD_TYPE_LABELS,
  HIGH_INCIDENCE_FRAUD_TYPES,
  NODE_KIND_LABELS,
  type FraudType,
} from '@wuzha/shared/dist/enums'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { BulletinView, ContentCheckView } from '@wuzha/shared/dist/schemas/bulletins'
import type { NodeView } from '@wuzha/shared/dist/schemas/org'
import { BulletinBody, BulletinHeader } from '../../components/BulletinBody'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { ApiError, api, showError } from '../../services/request'
import { PAGES, param } from '../../services/nav'
import { localDate } from '../../services/format'
import { pickImages, uploadImage } from '../../services/upload'
import { CheckVerdict } from '../../components/CheckVerdict'
import {
  CODE_FIELD,
  type DateTime,
  type DraftBlock,
  type DraftForm,
  type FormErrors,
  dailyPresets,
  emptyForm,
  formFromView,
  moveBlock,
  newKey,
  paragraph,
  previewBlocks,
  serverErrors,
  toBody,
  toInput,
  validate,
} from './form'
import './index.scss'

// the six high-incidence types first, then the others
const TAG_ORDER: FraudType[] = [...HIGH_INCIDENCE_FRAUD_TYPES, ...FRAUD_TYPES.filter((t) => !HIGH_INCIDENCE_FRAUD_TYPES.includes(t))]
const UNIT_KINDS = ['village', 'community', 'enterprise', 'institution', 'school', 'building']

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error e2e-field-error">{text}</View> : null
}

function DateTimeField({
  label,
  value,
  onChange,
  hint,
  className,
}: {
  label: string
  value: DateTime | null
  onChange: (v: DateTime | null) => void
  hint: string
  className: string
}) {
  const today = localDate(new Date())
  return (
    <View className={`dt-field ${className}`}>
      <View className="row">
        <Picker mode="date" value={value?.date ?? today} start={today} onChange={(e) => onChange({ date: String(e.detail.value), time: value?.time ?? '18:00' })}>
          <View className="dt-box e2e-dt-date">{value ? value.date : `选择${label}日期`}</View>
        </Picker>
        <Picker mode="time" value={value?.time ?? '18:00'} onChange={(e) => onChange({ date: value?.date ?? today, time: String(e.detail.value) })}>
          <View className="dt-box e2e-dt-time">{value ? value.time : '时间'}</View>
        </Picker>
        {value ? (
          <View className="dt-clear e2e-dt-clear" onClick={() => onChange(null)}>
            不设置
          </View>
        ) : null}
      </View>
      <View className="field-hint">{hint}</View>
    </View>
  )
}

export function Composer({ townId, id: initialId, tag }: { townId: number; id?: number; tag?: FraudType }) {
  const [id, setId] = useState<number | undefined>(initialId)
  const [form, setForm] = useState<DraftForm | null>(initialId ? null : emptyForm(tag))
  const [units, setUnits] = useState<NodeView[]>([])
  const [loadError, setLoadError] = useState<string | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState<'save' | 'submit' | 'upload' | null>(null)
  const [saved, setSaved] = useState<BulletinView | null>(null)
  const [submitted, setSubmitted] = useState<BulletinView | null>(null)
  const [returnReason, setReturnReason] = useState<string | null>(null)

  function load() {
    setLoadError(null)
    api('org.children', { params: { id: townId }, toast: false })
      .then((r) => setUnits(r.items.filter((n) => UNIT_KINDS.includes(n.kind))))
      .catch((e: Error) => setLoadError(e.message))
    if (initialId) {
      api('bulletins.get', { params: { id: initialId }, toast: false })
        .then((b) => {
          if (b.status !== 'draft' && b.status !== 'returned') {
            setLoadError('这条信息已提交，不能再修改')
            return
          }
          setForm(formFromView(b))
          setReturnReason(b.status === 'returned' ? b.returnReason : null)
        })
        .catch((e: Error) => setLoadError(e.message))
    }
  }
  useEffect(load, [townId, initialId])

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

  function patch(p: Partial<DraftForm>) {
    setForm((prev) => (prev ? { ...prev, ...p } : prev))
    setSaved(null)
    // an edited field's error is stale
    const cleared = { ...errors }
    for (const k of Object.keys(p)) delete cleared[k === 'nodeIds' || k === 'scopeKind' ? 'scope' : k === 'blocks' ? 'body' : k]
    setErrors(cleared)
  }
  function patchBlock(key: number, p: Partial<DraftBlock>) {
    patch({ blocks: f.blocks.map((b) => (b.key === key ? ({ ...b, ...p } as DraftBlock) : b)) })
    if (errors[`block:${key}`]) setErrors((e) => ({ ...e, [`block:${key}`]: '' }))
  }

  function toggleTag(t: FraudType) {
    if (f.fraudTypes.includes(t)) patch({ fraudTypes: f.fraudTypes.filter((x) => x !== t) })
    else if (f.fraudTypes.length >= 6) void Taro.showToast({ title: '最多选6个标签', icon: 'none' })
    else patch({ fraudTypes: [...f.fraudTypes, t] })
  }
  function toggleNode(nodeId: number) {
    patch({ nodeIds: f.nodeIds.includes(nodeId) ? f.nodeIds.filter((x) => x !== nodeId) : [...f.nodeIds, nodeId] })
  }

  async function addImage() {
    try {
      const [img] = await pickImages(1)
      if (!img) return
      setBusy('upload')
      const file = await uploadImage(img, 'bulletin')
      patch({ blocks: [...f.blocks, { key: newKey(), type: 'image', fileId: file.id, url: file.url, caption: '' }] })
    } catch (e) {
      showError(e)
    } finally {
      setBusy(null)
    }
  }

  // Saves (create or update); returns the saved bulletin, or null with the errors shown.
  async function save(): Promise<BulletinView | null> {
    const local = validate(f)
    if (Object.keys(local).length) {
      setErrors(local)
      void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      return null
    }
    const { keys } = toBody(f.blocks)
    const input = toInput(f, townId)
    try {
      const b = id ? await api('bulletins.update', { params: { id }, body: input, toast: false }) : await api('bulletins.create', { body: input, toast: false })
      setId(b.id)
      setErrors({})
      return b
    } catch (e) {
      if (e instanceof ApiError && e.fields?.length) {
        setErrors(serverErrors(e.fields, keys))
        void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      } else if (e instanceof ApiError && CODE_FIELD[e.code]) {
        setErrors({ [CODE_FIELD[e.code]]: e.message })
      } else showError(e)
      return null
    }
  }

  async function onSave() {
    setBusy('save')
    const b = await save()
    setBusy(null)
    if (b) {
      setSaved(b)
      void Taro.showToast({ title: '草稿已保存', icon: 'success' })
    }
  }

  async function onSubmit() {
    setBusy('submit')
    try {
      const b = await save()
      if (!b) return
      const s = await api('bulletins.submit', { params: { id: b.id } })
      setSubmitted(s)
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(null)
    }
  }

  if (submitted) return <Submitted b={submitted} />

  const presets = f.category === 'daily_log' ? dailyPresets(new Date()) : []
  const preview = previewBlocks(f.blocks)

  return (
    <Screen className="compose">
      <View className="page-title">{id ? '修改信息' : '写信息'}</View>
      {returnReason ? (
        <Card className="returned-card e2e-return-reason">
          <View className="card-title">审核退回</View>
          <View>{returnReason}</View>
        </Card>
      ) : null}

      <Card>
        <View className="field">
          <View className="field-label">标题</View>
          <Input className="field-input e2e-compose-title" value={f.title} maxlength={60} placeholder="例如：警惕冒充快递客服退款骗局" onInput={(e) => patch({ title: e.detail.value })} />
          <FieldError text={errors.title} />
        </View>

        <View className="field">
          <View className="field-label">类别</View>
          <View className="segmented e2e-compose-category">
            {BULLETIN_CATEGORIES.map((c) => (
              <View key={c} className={`seg e2e-category-${c} ${f.category === c ? 'selected' : ''}`} onClick={() => patch({ category: c })}>
                {BULLETIN_CATEGORY_LABELS[c]}
              </View>
            ))}
          </View>
          <FieldError text={errors.category} />
        </View>

        <View className="field">
          <View className="field-label">紧急程度</View>
          <View className="segmented">
            <View className={`seg e2e-urgency-normal ${f.urgency === 'normal' ? 'selected' : ''}`} onClick={() => patch({ urgency: 'normal' })}>
              普通
            </View>
            <View className={`seg urgent e2e-urgency-urgent ${f.urgency === 'urgent' ? 'selected' : ''}`} onClick={() => patch({ urgency: 'urgent' })}>
              紧急预警
            </View>
          </View>
        </View>

        <View className="field">
          <View className="field-label">诈骗类型标签（可多选，最多6个）</View>
          <View className="chips">
            <View className="chip-group">六类高发诈骗</View>
            {TAG_ORDER.map((t, i) => [
              i === HIGH_INCIDENCE_FRAUD_TYPES.length ? (
                <View key="others" className="chip-group">
                  其他类型
                </View>
              ) : null,
              <View key={t} className={`chip e2e-tag-${t} ${f.fraudTypes.includes(t) ? 'selected' : ''}`} onClick={() => toggleTag(t)}>
                {FRAUD_TYPE_LABELS[t]}
              </View>,
            ])}
          </View>
          <FieldError text={errors.fraudTypes} />
        </View>
      </Card>

      <Card title="发给谁">
        <View className="segmented">
          <View className={`seg e2e-scope-town ${f.scopeKind === 'town' ? 'selected' : ''}`} onClick={() => patch({ scopeKind: 'town' })}>
            全镇
          </View>
          <View className={`seg e2e-scope-nodes ${f.scopeKind === 'nodes' ? 'selected' : ''}`} onClick={() => patch({ scopeKind: 'nodes' })}>
            选择村（社区）、单位
          </View>
        </View>
        {f.scopeKind === 'nodes' ? (
          <View className="checklist">
            {units.length === 0 ? <View className="muted">本镇还没有村（社区）或单位。</View> : null}
            {units.map((n) => (
              <View key={n.id} className={`check-row e2e-scope-node ${f.nodeIds.includes(n.id) ? 'checked' : ''}`} onClick={() => toggleNode(n.id)}>
                <View className="check-box">{f.nodeIds.includes(n.id) ? '✓' : ''}</View>
                <View className="check-name">{n.name}</View>
                <View className="choice-sub">{NODE_KIND_LABELS[n.kind]}</View>
              </View>
            ))}
            <View className="muted">已选 {f.nodeIds.length} 个</View>
          </View>
        ) : (
          <View className="muted">本镇所有村（社区）和单位都会收到转发任务。</View>
        )}
        <FieldError text={errors.scope} />
      </Card>

      <Card title="时间（可不填）">
        <View className="field">
          <View className="field-label">转发截止时间</View>
          <DateTimeField label="截止" className="e2e-deadline" value={f.deadline} onChange={(v) => patch({ deadline: v })} hint="超过这个时间还没转发的村（网格）会标红。" />
          <FieldError text={errors.deadline} />
        </View>
        <View className="field">
          <View className="field-label">定时发布</View>
          {presets.length ? (
            <View className="chips">
              <Text className="muted">每天定时：</Text>
              {presets.map((p) => (
                <View
                  key={p.label}
                  className={`chip e2e-preset ${f.publishAt?.date === p.value.date && f.publishAt?.time === p.value.time ? 'selected' : ''}`}
                  onClick={() => patch({ publishAt: p.value })}
                >
                  {p.label}
                </View>
              ))}
            </View>
          ) : null}
          <DateTimeField label="发布" className="e2e-publish-at" value={f.publishAt} onChange={(v) => patch({ publishAt: v })} hint="不设置时，审核通过后由审核人发布。" />
          <FieldError text={errors.publishAt} />
        </View>
      </Card>

      <Card title="正文">
        <View className="field">
          <View className="field-label">摘要（可不填，显示在分享卡片上）</View>
          <Input className="field-input e2e-compose-summary" value={f.summary} maxlength={100} placeholder="不填则取正文开头" onInput={(e) => patch({ summary: e.detail.value })} />
          <FieldError text={errors.summary} />
        </View>
        {f.blocks.map((b, i) => (
          <View key={b.key} className="block e2e-block">
            <View className="block-head row">
              <View className="block-kind">{b.type === 'paragraph' ? `第${i + 1}段` : `图片`}</View>
              <View className="block-tools">
                <View className={`tool e2e-block-up ${i === 0 ? 'off' : ''}`} onClick={() => patch({ blocks: moveBlock(f.blocks, b.key, -1) })}>
                  上移
                </View>
                <View className={`tool e2e-block-down ${i === f.blocks.length - 1 ? 'off' : ''}`} onClick={() => patch({ blocks: moveBlock(f.blocks, b.key, 1) })}>
                  下移
                </View>
                <View className="tool danger e2e-block-delete" onClick={() => patch({ blocks: f.blocks.filter((x) => x.key !== b.key) })}>
                  删除
                </View>
              </View>
            </View>
            {b.type === 'paragraph' ? (
              <>
                <Textarea
                  className={`field-textarea block-text e2e-compose-paragraph ${b.bold ? 'bold' : ''} ${b.highlight ? 'red' : ''}`}
                  value={b.text}
                  maxlength={2000}
                  autoHeight
                  placeholder="在这里写一段话"
                  onInput={(e) => patchBlock(b.key, { text: e.detail.value })}
                />
                <View className="toggles">
                  <View className={`toggle e2e-toggle-bold ${b.bold ? 'on' : ''}`} onClick={() => patchBlock(b.key, { bold: !b.bold })}>
                    加粗
                  </View>
                  <View className={`toggle red e2e-toggle-red ${b.highlight ? 'on' : ''}`} onClick={() => patchBlock(b.key, { highlight: !b.highlight })}>
                    标红
                  </View>
                </View>
              </>
            ) : (
              <>
                <BulletinBody blocks={[{ type: 'image', fileId: b.fileId, url: b.url }]} />
                <Input className="field-input e2e-image-caption" value={b.caption} maxlength={60} placeholder="图片说明（可不填）" onInput={(e) => patchBlock(b.key, { caption: e.detail.value })} />
              </>
            )}
            <FieldError text={errors[`block:${b.key}`]} />
          </View>
        ))}
        <FieldError text={errors.body} />
        <View className="button-row">
          <Button type="primary" fill="outline" className="e2e-add-paragraph" onClick={() => patch({ blocks: [...f.blocks, paragraph()] })}>
            加一段文字
          </Button>
          <Button type="primary" fill="outline" loading={busy === 'upload'} className="e2e-add-image" onClick={() => void addImage()}>
            加一张图片
          </Button>
        </View>
      </Card>

      <Card title="预览（居民看到的样子）" className="preview-card e2e-preview">
        <BulletinHeader title={f.title.trim() || '（标题）'} category={f.category ?? 'warning'} urgency={f.urgency} fraudTypes={f.fraudTypes} />
        {preview.length ? <BulletinBody blocks={preview} /> : <View className="muted">正文还是空的。</View>}
      </Card>

      {errors.form ? <View className="warn-text">{errors.form}</View> : null}
      {saved ? <View className="muted e2e-saved">草稿已保存。</View> : null}
      <View className="button-row">
        <Button type="primary" fill="outline" size="large" loading={busy === 'save'} disabled={busy !== null} className="e2e-compose-save" onClick={() => void onSave()}>
          保存草稿
        </Button>
        <Button type="primary" size="large" loading={busy === 'submit'} disabled={busy !== null} className="e2e-compose-submit" onClick={() => void onSubmit()}>
          提交审核
        </Button>
      </View>
      <View className="muted">提交后由本镇另一位工作人员审核，通过后才会发布。</View>
    </Screen>
  )
}

function Submitted({ b }: { b: BulletinView }) {
  return (
    <Screen className="compose">
      <Card className="e2e-submitted">
        <View className="card-title">已提交审核</View>
        <View>“{b.title}”已提交，请等本镇另一位工作人员审核。</View>
      </Card>
      <CheckVerdict check={b.contentCheck as ContentCheckView | null} />
      <Button type="primary" size="large" block className="big-button e2e-to-bulletins" onClick={() => void Taro.redirectTo({ url: PAGES.bulletins })}>
        返回信息管理
      </Button>
    </Screen>
  )
}

// The town the person writes for: their first town membership allowed to write bulletins.
export function writerTown(me: MeResponse): number | null {
  const m = me.memberships.find((x) => x.node.kind === 'town' && ROLE_META[x.role].permissions.includes('bulletins.write'))
  return m ? m.node.id : null
}

export default function ComposePage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || undefined
  const tagParam = param(router.params.tag) as FraudType
  const tag = FRAUD_TYPES.includes(tagParam) ? tagParam : undefined
  return (
    <SessionGate>
      {(me) => {
        const townId = writerTown(me)
        return townId ? (
          <Composer townId={townId} id={id} tag={tag} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇反诈分中心的工作人员可以撰写信息" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
