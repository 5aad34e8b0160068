import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Picker, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CAMPAIGN_KINDS, COUNTING_MODES, DIFFICULTIES, DIFFICULTY_LABELS, FRAUD_TYPES, FRAUD_TYPE_LABELS, NODE_KIND_LABELS, type Difficulty, type FraudType } from '@wuzha/shared/dist/enums'
import { MAX_PAPER_QUESTIONS } from '@wuzha/shared/dist/quiz'
import type { CampaignView, QuestionView } from '@wuzha/shared/dist/schemas/quiz'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView, NodeView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { ApiError, api, showError } from '../../services/request'
import { param } from '../../services/nav'
import { localDate } from '../../services/format'
import { townOf } from '../../services/town'
import {
  COUNTING_TEXT,
  KIND_TEXT,
  QUIZ_PAGES,
  campaignErrors,
  campaignFromView,
  defaultRoles,
  drawTotal,
  emptyCampaign,
  membershipsWith,
  roleChoices,
  ruleRow,
  toCampaignInput,
  validateCampaign,
  type CampaignForm,
  type DateTime,
  type FormErrors,
  type RuleRow,
} from '../../services/quiz-admin'
import '../quiz-bank/quiz-admin.scss'

// Domain errors that belong to one field.
const CODE_FIELD: Record<string, string> = { QUIZ_AUDIENCE_OUTSIDE: 'audience', QUIZ_NOT_ENOUGH_QUESTIONS: 'draw', QUIZ_NOT_EDITABLE: 'form' }

function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error e2e-field-error">{text}</View> : null
}

function DateTimeField({ value, onChange, className }: { value: DateTime; onChange: (v: DateTime) => void; className: string }) {
  return (
    <View className={`dt-row ${className}`}>
      <Picker mode="date" value={value.date} start={localDate(new Date(Date.now() - 86400000 * 365))} onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}>
        <View className="dt-box e2e-dt-date">{value.date}</View>
      </Picker>
      <Picker mode="time" value={value.time} onChange={(e) => onChange({ ...value, time: String(e.detail.value) })}>
        <View className="dt-box e2e-dt-time">{value.time}</View>
      </Picker>
    </View>
  )
}

function Switch({ on, onChange, className }: { on: boolean; onChange: (v: boolean) => void; className: string }) {
  return (
    <View className={`switch ${className} ${on ? 'on' : ''}`} onClick={() => onChange(!on)}>
      {on ? '打乱' : '不打乱'}
    </View>
  )
}

// The owner's subtree: the whole owner, or some of its children (and their children, e.g. classes).
function AudiencePicker({ owner, selected, onChange }: { owner: MembershipView['node']; selected: number[]; onChange: (ids: number[]) => void }) {
  const [tree, setTree] = useState<Record<number, NodeView[]>>({})
  const [open, setOpen] = useState<number[]>([])
  const [error, setError] = useState<string | null>(null)

  async function loadChildren(id: number): Promise<NodeView[]> {
    const r = await api('org.children', { params: { id }, toast: false })
    setTree((t) => ({ ...t, [id]: r.items }))
    return r.items
  }
  useEffect(() => {
    setError(null)
    loadChildren(owner.id)
      .then(async (kids) => {
        // a school admin picks classes: show each grade's classes straight away
        if (owner.kind === 'school') {
          await Promise.all(kids.filter((k) => k.childCount > 0).map((k) => loadChildren(k.id)))
          setOpen(kids.map((k) => k.id))
        }
      })
      .catch((e: Error) => setError(e.message))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [owner.id])

  function toggle(id: number) {
    const rest = selected.filter((x) => x !== owner.id)
    onChange(rest.includes(id) ? rest.filter((x) => x !== id) : [...rest, id])
  }
  function expand(n: NodeView) {
    if (open.includes(n.id)) setOpen(open.filter((x) => x !== n.id))
    else {
      setOpen([...open, n.id])
      if (!tree[n.id]) loadChildren(n.id).catch((e: Error) => setError(e.message))
    }
  }
  function rows(parent: number, depth: number): JSX.Element[] {
    return (tree[parent] ?? []).flatMap((n) => [
      <View key={n.id} className={`check-row e2e-audience-node ${depth ? 'child' : ''} ${selected.includes(n.id) ? 'checked' : ''}`}>
        <View className="check-box" onClick={() => toggle(n.id)}>
          {selected.includes(n.id) ? '✓' : ''}
        </View>
        <View className="check-name" onClick={() => toggle(n.id)}>
          {n.name}
          <View className="muted">{NODE_KIND_LABELS[n.kind]}</View>
        </View>
        {n.childCount > 0 && depth < 2 ? (
          <View className="expand e2e-audience-expand" onClick={() => expand(n)}>
            {open.includes(n.id) ? '收起' : '展开'}
          </View>
        ) : null}
      </View>,
      ...(open.includes(n.id) ? rows(n.id, depth + 1) : []),
    ])
  }

  const whole = selected.includes(owner.id)
  return (
    <View>
      <View className={`check-row e2e-audience-whole ${whole ? 'checked' : ''}`} onClick={() => onChange([owner.id])}>
        <View className="check-box">{whole ? '✓' : ''}</View>
        <View className="check-name">整个{owner.name}</View>
      </View>
      {error ? <View className="field-error">{error}</View> : null}
      {rows(owner.id, 0)}
      <View className="muted">{whole ? `${owner.name}的所有人` : `已选 ${selected.length} 个`}</View>
    </View>
  )
}

function RuleEditor({ r, error, onChange, onRemove }: { r: RuleRow; error?: string; onChange: (p: Partial<RuleRow>) => void; onRemove?: () => void }) {
  const types = ['任何类型', ...FRAUD_TYPES.map((t) => FRAUD_TYPE_LABELS[t])]
  const levels = ['任何难度', ...DIFFICULTIES.map((d) => DIFFICULTY_LABELS[d])]
  return (
    <View className="rule-row e2e-rule">
      <View className="rule-fields">
        <Picker className="picker" mode="selector" range={types} value={r.fraudType ? FRAUD_TYPES.indexOf(r.fraudType) + 1 : 0} onChange={(e) => onChange({ fraudType: Number(e.detail.value) > 0 ? (FRAUD_TYPES[Number(e.detail.value) - 1] as FraudType) : null })}>
          <View className="picker-box e2e-rule-type">{r.fraudType ? FRAUD_TYPE_LABELS[r.fraudType] : '任何类型'}</View>
        </Picker>
        <Picker className="picker" mode="selector" range={levels} value={r.difficulty ?? 0} onChange={(e) => onChange({ difficulty: Number(e.detail.value) > 0 ? (DIFFICULTIES[Number(e.detail.value) - 1] as Difficulty) : null })}>
          <View className="picker-box e2e-rule-difficulty">{r.difficulty ? DIFFICULTY_LABELS[r.difficulty] : '任何难度'}</View>
        </Picker>
      </View>
      <View className="num-row">
        <View>抽</View>
        <Input className="count-input e2e-rule-count" type="number" value={r.count} maxlength={3} onInput={(e) => onChange({ count: e.detail.value })} />
        <View>道题</View>
        {onRemove ? (
          <View className="opt-remove e2e-rule-remove" onClick={onRemove}>
            删除这条
          </View>
        ) : null}
      </View>
      <FieldError text={error} />
    </View>
  )
}

// Picking a fixed paper from the bank (the built-in bank and the owner's town).
function PaperPicker({ townId, selected, onToggle, onDone }: { townId: number; selected: number[]; onToggle: (q: QuestionView) => void; onDone: () => void }) {
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const [fraudType, setFraudType] = useState<FraudType | null>(null)
  const [items, setItems] = useState<QuestionView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setError(null)
    api('quiz.questions.list', { query: { townId, bank: 'all', q: q || undefined, fraudType: fraudType ?? undefined, limit: 50 }, toast: false })
      .then((p) => setItems(p.items))
      .catch((e: Error) => setError(e.message))
  }, [townId, q, fraudType])
  const types = ['全部类型', ...FRAUD_TYPES.map((t) => FRAUD_TYPE_LABELS[t])]
  return (
    <View className="overlay">
      <View className="overlay-panel quiz-admin">
        <View className="row">
          <View className="card-title">从题库选题（已选 {selected.length} 道）</View>
          <Button type="primary" className="e2e-paper-done" onClick={onDone}>
            选好了
          </Button>
        </View>
        <View className="filter-row">
          <Input className="search-input e2e-paper-search" value={search} placeholder="搜索题目里的字" onInput={(e) => setSearch(e.detail.value)} onConfirm={() => setQ(search.trim())} />
          <Button type="primary" fill="outline" onClick={() => setQ(search.trim())}>
            搜索
          </Button>
        </View>
        <View className="gap" />
        <Picker mode="selector" range={types} value={fraudType ? FRAUD_TYPES.indexOf(fraudType) + 1 : 0} onChange={(e) => setFraudType(Number(e.detail.value) > 0 ? FRAUD_TYPES[Number(e.detail.value) - 1] : null)}>
          <View className="picker-box">{fraudType ? FRAUD_TYPE_LABELS[fraudType] : '全部类型'}</View>
        </Picker>
        {error ? <View className="field-error">{error}</View> : null}
        {!items && !error ? <Loading /> : null}
        {items?.map((x) => {
          const on = selected.includes(x.id)
          return (
            <View key={x.id} className={`check-row e2e-paper-item ${on ? 'checked' : ''}`} onClick={() => onToggle(x)}>
              <View className="check-box">{on ? '✓' : ''}</View>
              <View className="check-name">
                {x.stem}
                <View className="muted">
                  {x.code} · {x.fraudTypes.map((t) => FRAUD_TYPE_LABELS[t]).join('、')}
                </View>
              </View>
            </View>
          )
        })}
      </View>
    </View>
  )
}

export function CampaignEditor({ owners, id }: { owners: MembershipView[]; id?: number }) {
  const [form, setForm] = useState<CampaignForm | null>(id ? null : emptyCampaign(owners[0].node))
  const [status, setStatus] = useState<CampaignView['status']>('draft')
  const [townId, setTownId] = useState<number | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)
  const [picking, setPicking] = useState(false)
  const [saved, setSaved] = useState<CampaignView | null>(null)
  const [paperTitles, setPaperTitles] = useState<Record<number, string>>({})

  function load() {
    if (!id) return
    setLoadError(null)
    api('quiz.campaigns.get', { params: { id }, toast: false })
      .then((c) => {
        if (!c.canManage) {
          setLoadError('您不能修改这个答题活动')
          return
        }
        setForm(campaignFromView(c))
        setStatus(c.status)
        // the stems of a saved fixed paper, for its list
        if (c.draw.mode === 'fixed') {
          for (const qid of c.draw.questionIds) {
            api('quiz.questions.get', { params: { id: qid }, toast: false })
              .then((x) => setPaperTitles((t) => ({ ...t, [qid]: x.stem })))
              .catch(() => undefined)
          }
        }
      })
      .catch((e: Error) => setLoadError(e.message))
  }
  useEffect(load, [id])

  const ownerNode = owners.find((m) => m.node.id === form?.ownerNodeId)?.node ?? null
  useEffect(() => {
    if (!ownerNode) return
    // the bank a campaign draws from: the owner's town
    townOf(ownerNode).then((t) => setTownId(t ?? ownerNode.id), () => setTownId(null))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ownerNode?.id])

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
  // a published campaign keeps its rules (the server allows only title, intro and end)
  const locked = status !== 'draft'

  function patch(p: Partial<CampaignForm>, fields: string[] = Object.keys(p)) {
    setForm((prev) => (prev ? { ...prev, ...p } : prev))
    const cleared = { ...errors }
    for (const k of fields) delete cleared[k === 'audienceNodeIds' ? 'audience' : k === 'rules' || k === 'drawMode' ? 'draw' : k === 'questionIds' ? 'questions' : k]
    delete cleared.form
    setErrors(cleared)
  }
  function patchRule(key: number, p: Partial<RuleRow>) {
    patch({ rules: f.rules.map((r) => (r.key === key ? { ...r, ...p } : r)) }, ['rules', `rule:${key}`])
  }

  async function save(): Promise<CampaignView | null> {
    const local = validateCampaign(f)
    if (Object.keys(local).length) {
      setErrors(local)
      void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      return null
    }
    try {
      const body = toCampaignInput(f)
      const c = id ? await api('quiz.campaigns.update', { params: { id }, body, toast: false }) : await api('quiz.campaigns.create', { body, toast: false })
      setErrors({})
      return c
    } catch (e) {
      if (e instanceof ApiError && e.fields?.length) {
        setErrors(campaignErrors(e.fields, f))
        void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      } else if (e instanceof ApiError && CODE_FIELD[e.code]) {
        setErrors({ [CODE_FIELD[e.code]]: e.message })
        void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      } else showError(e)
      return null
    }
  }

  async function onSave() {
    setBusy(true)
    const c = await save()
    setBusy(false)
    if (c) setSaved(c)
  }

  async function publish(c: CampaignView) {
    if (!(await confirm('发布答题活动', `发布后，“${c.title}”会出现在范围内的人的答题列表里，抽题规则就不能再改了。确定发布吗？`, '发布'))) return
    setBusy(true)
    try {
      setSaved(await api('quiz.campaigns.publish', { params: { id: c.id } }))
      void Taro.showToast({ title: '已发布', icon: 'success' })
    } catch {
      // toast shown by the request client (e.g. not enough questions)
    } finally {
      setBusy(false)
    }
  }

  if (saved) {
    return (
      <Screen className="quiz-admin">
        <Card className="e2e-campaign-saved">
          <View className="card-title">{saved.status === 'draft' ? '已保存为草稿' : '答题活动已发布'}</View>
          <View className="item-main">{saved.title}</View>
          <View className="muted">
            {saved.status === 'draft' ? '草稿只有管理员能看到。检查无误后点“发布”。' : `${saved.audience.map((n) => n.name).join('、')}的人现在可以在“反诈答题”里看到它。`}
          </View>
        </Card>
        {saved.status === 'draft' ? (
          <Button type="success" size="large" block disabled={busy} className="big-button e2e-saved-publish" onClick={() => void publish(saved)}>
            发布
          </Button>
        ) : (
          <Button type="primary" size="large" block className="big-button e2e-saved-stats" onClick={() => void Taro.redirectTo({ url: `${QUIZ_PAGES.stats}?id=${saved.id}` })}>
            看统计
          </Button>
        )}
        <Button type="primary" fill="outline" size="large" block className="big-button e2e-saved-list" onClick={() => void Taro.redirectTo({ url: QUIZ_PAGES.campaigns })}>
          返回答题活动
        </Button>
      </Screen>
    )
  }

  const total = drawTotal(f.rules)
  return (
    <Screen className="quiz-admin">
      <View className="page-title">{id ? '修改答题活动' : '新建答题活动'}</View>
      {locked ? <View className="warn-text">活动已发布，只能修改标题、说明和结束时间。</View> : null}

      <Card>
        {owners.length > 1 ? (
          <View className="field">
            <View className="field-label">举办单位</View>
            <View className="segmented">
              {owners.map((m) => (
                <View
                  key={m.id}
                  className={`seg e2e-owner ${f.ownerNodeId === m.node.id ? 'selected' : ''}`}
                  onClick={() => !locked && !id && patch({ ownerNodeId: m.node.id, audienceNodeIds: [m.node.id], roles: defaultRoles(m.node.kind) })}
                >
                  {m.node.name}
                </View>
              ))}
            </View>
            <FieldError text={errors.owner} />
          </View>
        ) : (
          <View className="muted">举办单位：{owners[0].node.name}</View>
        )}
        <View className="field">
          <View className="field-label">标题</View>
          <Input className="field-input e2e-c-title" value={f.title} maxlength={60} placeholder="例如：东山村防范刷单返利知识答题" onInput={(e) => patch({ title: e.detail.value })} />
          <FieldError text={errors.title} />
        </View>
        <View className="field">
          <View className="field-label">说明（可不填）</View>
          <Textarea className="field-textarea e2e-c-intro" value={f.intro} maxlength={500} autoHeight placeholder="告诉大家为什么答、答完有什么" onInput={(e) => patch({ intro: e.detail.value })} />
          <FieldError text={errors.intro} />
        </View>
        <View className="field">
          <View className="field-label">类型</View>
          <View className="segmented">
            {CAMPAIGN_KINDS.map((k) => (
              <View key={k} className={`seg e2e-kind-${k} ${f.kind === k ? 'selected' : ''}`} onClick={() => !locked && patch({ kind: k })}>
                {KIND_TEXT[k][0]}
              </View>
            ))}
          </View>
          <View className="field-hint">{KIND_TEXT[f.kind][1]}</View>
        </View>
      </Card>

      <Card title="谁来答">
        {ownerNode && !locked ? <AudiencePicker owner={ownerNode} selected={f.audienceNodeIds} onChange={(ids) => patch({ audienceNodeIds: ids })} /> : null}
        <FieldError text={errors.audience} />
        <View className="field">
          <View className="field-label">哪些身份的人要答（算参与率用）</View>
          <View className="chips">
            {roleChoices().map(({ role, label }) => (
              <View
                key={role}
                className={`chip e2e-role-${role} ${f.roles.includes(role) ? 'selected' : ''}`}
                onClick={() => !locked && patch({ roles: f.roles.includes(role) ? f.roles.filter((r) => r !== role) : [...f.roles, role] })}
              >
                {label}
              </View>
            ))}
          </View>
          <FieldError text={errors.roles} />
        </View>
      </Card>

      <Card title="时间">
        <View className="field">
          <View className="field-label">开始</View>
          <DateTimeField className="e2e-c-start" value={f.start} onChange={(v) => !locked && patch({ start: v })} />
          <FieldError text={errors.start} />
        </View>
        <View className="field">
          <View className="field-label">结束</View>
          <DateTimeField className="e2e-c-end" value={f.end} onChange={(v) => patch({ end: v })} />
          <FieldError text={errors.end} />
        </View>
      </Card>

      <Card title="出题">
        <View className="segmented">
          <View className={`seg e2e-draw-random ${f.drawMode === 'random' ? 'selected' : ''}`} onClick={() => !locked && patch({ drawMode: 'random' })}>
            按规则随机抽题
          </View>
          <View className={`seg e2e-draw-fixed ${f.drawMode === 'fixed' ? 'selected' : ''}`} onClick={() => !locked && patch({ drawMode: 'fixed' })}>
            固定试卷
          </View>
        </View>
        {f.drawMode === 'random' ? (
          <>
            <View className="field-hint">每个人的试卷从题库（系统题库和本镇题目）里按下面的规则随机抽。</View>
            {f.rules.map((r) => (
              <RuleEditor key={r.key} r={r} error={errors[`rule:${r.key}`]} onChange={(p) => !locked && patchRule(r.key, p)} onRemove={f.rules.length > 1 && !locked ? () => patch({ rules: f.rules.filter((x) => x.key !== r.key) }) : undefined} />
            ))}
            {!locked && f.rules.length < 20 ? (
              <Button type="primary" fill="outline" className="e2e-rule-add" onClick={() => patch({ rules: [...f.rules, ruleRow()] })}>
                加一条规则
              </Button>
            ) : null}
            <View className={`total-line e2e-draw-total ${total > MAX_PAPER_QUESTIONS ? 'warn-text' : ''}`}>
              每份试卷共 {total} 道题{total > MAX_PAPER_QUESTIONS ? `，超过了${MAX_PAPER_QUESTIONS}道` : ''}
            </View>
          </>
        ) : (
          <>
            <View className="field-hint">每个人答同样的题。</View>
            {f.questionIds.map((qid, i) => (
              <View key={qid} className="row list-item e2e-paper-selected">
                <View>
                  {i + 1}. {paperTitles[qid] ?? `题目 ${qid}`}
                </View>
                {!locked ? (
                  <View className="opt-remove" onClick={() => patch({ questionIds: f.questionIds.filter((x) => x !== qid) })}>
                    移除
                  </View>
                ) : null}
              </View>
            ))}
            <View className="total-line e2e-paper-total">共 {f.questionIds.length} 道题</View>
            {!locked && townId ? (
              <Button type="primary" fill="outline" className="e2e-paper-pick" onClick={() => setPicking(true)}>
                从题库选题
              </Button>
            ) : null}
            <FieldError text={errors.questions} />
          </>
        )}
        <FieldError text={errors.draw} />
        <View className="switch-row">
          <View>题目顺序</View>
          <Switch className="e2e-shuffle-questions" on={f.shuffleQuestions} onChange={(v) => !locked && patch({ shuffleQuestions: v })} />
        </View>
        <View className="switch-row">
          <View>选项顺序</View>
          <Switch className="e2e-shuffle-options" on={f.shuffleOptions} onChange={(v) => !locked && patch({ shuffleOptions: v })} />
        </View>
        <View className="field-hint">打乱后每个人看到的顺序不一样，不好互相抄答案。</View>
      </Card>

      <Card title="规则">
        <View className="field">
          <View className="field-label">限时（分钟，不限时请留空）</View>
          <Input className="field-input e2e-c-time-limit" type="number" value={f.timeLimit} maxlength={3} placeholder="不限时" onInput={(e) => !locked && patch({ timeLimit: e.detail.value })} />
          <FieldError text={errors.timeLimit} />
        </View>
        <View className="field">
          <View className="field-label">每人每天最多答几次（不限请留空）</View>
          <Input className="field-input e2e-c-per-day" type="number" value={f.attemptsPerDay} maxlength={2} placeholder="不限" onInput={(e) => !locked && patch({ attemptsPerDay: e.detail.value })} />
          <FieldError text={errors.attemptsPerDay} />
        </View>
        <View className="field">
          <View className="field-label">每人一共最多答几次（不限请留空）</View>
          <Input className="field-input e2e-c-total" type="number" value={f.attemptsTotal} maxlength={3} placeholder="不限" onInput={(e) => !locked && patch({ attemptsTotal: e.detail.value })} />
          <FieldError text={errors.attemptsTotal} />
        </View>
        {f.kind === 'exam' ? (
          <>
            <View className="field">
              <View className="field-label">及格线（百分制）</View>
              <Input className="field-input e2e-c-pass" type="number" value={f.passPercent} maxlength={3} onInput={(e) => !locked && patch({ passPercent: e.detail.value })} />
              <View className="field-hint">达到及格线的人算“知晓”，用来算知晓率。</View>
              <FieldError text={errors.passPercent} />
            </View>
            <View className="field">
              <View className="field-label">答了几次的，按哪一次统计</View>
              {COUNTING_MODES.map((m) => (
                <View key={m} className={`choice e2e-counting-${m} ${f.counting === m ? 'selected' : ''}`} onClick={() => !locked && patch({ counting: m })}>
                  <View className="item-main">
                    {f.counting === m ? '● ' : '○ '}
                    {COUNTING_TEXT[m][0]}
                  </View>
                  <View className="choice-sub">{COUNTING_TEXT[m][1]}</View>
                </View>
              ))}
              <FieldError text={errors.counting} />
            </View>
          </>
        ) : null}
      </Card>

      {errors.form ? <View className="warn-text e2e-form-error">{errors.form}</View> : null}
      <Button type="primary" size="large" block loading={busy} disabled={busy} className="big-button e2e-c-save" onClick={() => void onSave()}>
        {locked ? '保存修改' : '保存'}
      </Button>
      {!locked ? <View className="muted">保存后是草稿，发布后大家才能看到。</View> : null}
      {picking && townId ? (
        <PaperPicker
          townId={townId}
          selected={f.questionIds}
          onToggle={(x) => {
            setPaperTitles((t) => ({ ...t, [x.id]: x.stem }))
            patch({ questionIds: f.questionIds.includes(x.id) ? f.questionIds.filter((i) => i !== x.id) : [...f.questionIds, x.id] })
          }}
          onDone={() => setPicking(false)}
        />
      ) : null}
    </Screen>
  )
}

export function managedOwners(me: MeResponse): MembershipView[] {
  return membershipsWith(me, 'quiz.manage').filter((m, i, all) => all.findIndex((x) => x.node.id === m.node.id) === i)
}

export default function CampaignEditPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const owners = managedOwners(me)
        return owners.length ? (
          <CampaignEditor owners={owners} id={id} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇、学校和单位的管理员可以办答题活动" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
