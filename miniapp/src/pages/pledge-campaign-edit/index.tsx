import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Picker, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { NODE_KIND_LABELS, PLEDGE_AUDIENCE_LABELS, PLEDGE_KIND_LABELS, type NodeKind, type PledgeAudience } from '@wuzha/shared/dist/enums'
import type { PledgeCampaignView, PledgeTemplateList } from '@wuzha/shared/dist/schemas/pledge'
import type { MembershipView, NodeRef, NodeView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { EditorActions } from '../../components/EditorActions'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { ApiError, api, showError } from '../../services/request'
import { param } from '../../services/nav'
import { townOf } from '../../services/town'
import {
  CAMPAIGN_CODE_FIELD,
  CLOSE_TEXT,
  PUBLISH_TEXT,
  PLEDGE_PAGES,
  SCOPE_BROWSE_KINDS,
  SCOPE_HINT,
  chinaDateTime,
  deadlineText,
  emptyPledgeCampaign,
  kindAudiences,
  ownerKinds,
  pledgeCampaignErrors,
  pledgeCampaignFromView,
  pledgeOwners,
  scopeSelectable,
  toPledgeCampaignInput,
  validatePledgeCampaign,
  withAudience,
  withKind,
  type DateTime,
  type FormErrors,
  type PledgeCampaignForm,
} from '../../services/pledge-admin'
import { FieldError, PledgeText } from '../pledge-campaigns/parts'
import '../quiz-bank/quiz-admin.scss'
import '../pledge-campaigns/pledge-admin.scss'

type Owner = MembershipView['node']
type TemplateItem = PledgeTemplateList['items'][number]

function DeadlineField({ value, onChange }: { value: DateTime; onChange: (v: DateTime) => void }) {
  return (
    <View className="dt-row e2e-pc-deadline">
      <Picker mode="date" value={value.date} start={chinaDateTime(new Date()).date} onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}>
        <View className="dt-box e2e-dt-date">{value.date}</View>
      </Picker>
      <Picker mode="time" value={value.time} onChange={(e) => onChange({ ...value, time: String(e.detail.value) })}>
        <View className="dt-box e2e-dt-time">{value.time}</View>
      </Picker>
    </View>
  )
}

// The owner's subtree, listing the node kinds the audience can name (and those to open to reach
// them). A students campaign stays inside one school: picking a class of another school starts over.
export function ScopePicker({ owner, audience, selected, names, onChange }: { owner: Owner; audience: PledgeAudience; selected: number[]; names: Record<number, string>; onChange: (ids: number[], names: Record<number, string>) => void }) {
  const [tree, setTree] = useState<Record<number, NodeView[]>>({})
  const [open, setOpen] = useState<number[]>([])
  const [error, setError] = useState<string | null>(null)
  const browse = SCOPE_BROWSE_KINDS[audience]

  async function loadChildren(id: number): Promise<NodeView[]> {
    const r = await api('org.children', { params: { id }, toast: false })
    const kids = r.items.filter((n) => browse.includes(n.kind))
    setTree((t) => ({ ...t, [id]: kids }))
    return kids
  }
  useEffect(() => {
    setError(null)
    setOpen([])
    loadChildren(owner.id)
      .then(async (kids) => {
        // a school's classes straight away: open every grade
        if (owner.kind === 'school' && audience === 'students') {
          const grades = kids.filter((k) => k.childCount > 0)
          await Promise.all(grades.map((k) => loadChildren(k.id)))
          setOpen(grades.map((k) => k.id))
        }
      })
      .catch((e: Error) => setError(e.message))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [owner.id, audience])

  // parent and kind of every listed node (the owner at the top)
  const parentOf: Record<number, number> = {}
  const kindOf: Record<number, NodeKind> = { [owner.id]: owner.kind }
  const nameOf: Record<number, string> = { ...names, [owner.id]: owner.name }
  for (const [pid, kids] of Object.entries(tree)) {
    for (const k of kids) {
      parentOf[k.id] = Number(pid)
      kindOf[k.id] = k.kind
      nameOf[k.id] = k.name
    }
  }
  const chain = (id: number): number[] => {
    const out: number[] = []
    for (let p = parentOf[id]; p !== undefined; p = parentOf[p]) out.push(p)
    return out
  }
  const schoolOf = (id: number): number | undefined => [id, ...chain(id)].find((x) => kindOf[x] === 'school')

  function toggle(id: number) {
    let rest = selected.filter((x) => x !== owner.id)
    if (rest.includes(id)) {
      onChange(
        rest.filter((x) => x !== id),
        nameOf,
      )
      return
    }
    if (audience === 'students') {
      const school = schoolOf(id)
      rest = rest.filter((x) => schoolOf(x) === school)
    }
    // a node and one inside it would count the same people twice: keep the newer choice
    const up = chain(id)
    rest = rest.filter((x) => !up.includes(x) && !chain(x).includes(id))
    onChange([...rest, id], nameOf)
  }
  function expand(n: NodeView) {
    if (open.includes(n.id)) setOpen(open.filter((x) => x !== n.id))
    else {
      setOpen([...open, n.id])
      if (!tree[n.id]) loadChildren(n.id).catch((e: Error) => setError(e.message))
    }
  }
  function rows(parent: number, depth: number): JSX.Element[] {
    return (tree[parent] ?? []).flatMap((n) => {
      const can = scopeSelectable(audience, n.kind)
      const on = selected.includes(n.id)
      return [
        <View key={n.id} className={`check-row e2e-scope-node ${depth ? 'child' : ''} ${on ? 'checked' : ''}`} style={depth > 1 ? { paddingLeft: `${depth * 48}px` } : undefined}>
          {can ? (
            <View className="check-box" onClick={() => toggle(n.id)}>
              {on ? '✓' : ''}
            </View>
          ) : null}
          <View className="check-name" onClick={() => (can ? toggle(n.id) : expand(n))}>
            {n.name}
            <View className="muted">{NODE_KIND_LABELS[n.kind]}</View>
          </View>
          {n.childCount > 0 && depth < 3 ? (
            <View className="expand e2e-scope-expand" onClick={() => expand(n)}>
              {open.includes(n.id) ? '收起' : '展开'}
            </View>
          ) : null}
        </View>,
        ...(open.includes(n.id) ? rows(n.id, depth + 1) : []),
      ]
    })
  }

  const wholeAllowed = scopeSelectable(audience, owner.kind)
  const whole = selected.includes(owner.id)
  return (
    <View className="e2e-scope-picker">
      {wholeAllowed ? (
        <View className={`check-row e2e-scope-whole ${whole ? 'checked' : ''}`} onClick={() => onChange([owner.id], nameOf)}>
          <View className="check-box">{whole ? '✓' : ''}</View>
          <View className="check-name">整个{owner.name}</View>
        </View>
      ) : null}
      {error ? <View className="field-error">{error}</View> : null}
      {rows(owner.id, 0)}
      <View className="muted e2e-scope-summary">{selected.length ? `已选：${selected.map((id) => nameOf[id] ?? `#${id}`).join('、')}` : '还没有选'}</View>
    </View>
  )
}

// The texts of a kind the owner may use: built-in ones and its town's.
function TemplatePicker({ townId, form, onPick, error }: { townId: number; form: PledgeCampaignForm; onPick: (t: TemplateItem) => void; error?: string }) {
  const [items, setItems] = useState<TemplateItem[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  useEffect(() => {
    setItems(null)
    setLoadError(null)
    api('pledge.templates.list', { query: { townId, kind: form.kind }, toast: false })
      .then((r) => {
        setItems(r.items)
        // one text of this kind: choose it at once
        if (form.templateId === null && r.items.length === 1) onPick(r.items[0])
      })
      .catch((e: Error) => setLoadError(e.message))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [townId, form.kind])
  const chosen = items?.find((t) => t.id === form.templateId) ?? null
  return (
    <View className="field">
      <View className="field-label">承诺书</View>
      {loadError ? <View className="field-error">{loadError}</View> : null}
      {!items && !loadError ? <Loading /> : null}
      {items?.length === 0 ? <View className="muted">这一类还没有承诺书范本。</View> : null}
      {items?.map((t) => (
        <View key={t.id} className={`choice e2e-pc-template ${t.id === form.templateId ? 'selected' : ''}`} onClick={() => onPick(t)}>
          <View className="item-main">
            {t.id === form.templateId ? '● ' : '○ '}
            {t.current.title}
          </View>
          <View className="choice-sub">
            {t.builtin ? '系统范本' : '本镇范本'} · 第{t.current.version}版
          </View>
        </View>
      ))}
      <FieldError text={error} />
      {chosen ? (
        <>
          <View className="field-label">预览（第{chosen.current.version}版）</View>
          <PledgeText className="e2e-pc-preview" title={chosen.current.title} body={chosen.current.body} version={chosen.current.version} />
          <View className="field-hint">发布时承诺书内容固定为这一版。以后范本再修改，也不影响这次签署。</View>
        </>
      ) : null}
    </View>
  )
}

type Done = { c: PledgeCampaignView; what: 'saved' | 'published' | 'closed' }

export function PledgeCampaignEditor({ owners, id, ownerId }: { owners: MembershipView[]; id?: number; ownerId?: number }) {
  const first = owners.find((m) => m.node.id === ownerId) ?? owners[0]
  const [form, setForm] = useState<PledgeCampaignForm | null>(id ? null : emptyPledgeCampaign(first.node))
  const [saved, setSaved] = useState<PledgeCampaignView | null>(null)
  const [names, setNames] = useState<Record<number, string>>({})
  const [townId, setTownId] = useState<number | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<Done | null>(null)

  function load() {
    if (!id) return
    setLoadError(null)
    api('pledge.campaigns.get', { params: { id }, toast: false })
      .then((c) => {
        if (!c.canManage) {
          setLoadError('您不能修改这个签署活动')
          return
        }
        setSaved(c)
        setForm(pledgeCampaignFromView(c))
        setNames(Object.fromEntries(c.scope.map((n: NodeRef) => [n.id, n.name])))
      })
      .catch((e: Error) => setLoadError(e.message))
  }
  useEffect(load, [id])

  const owner: Owner | null = owners.find((m) => m.node.id === form?.ownerNodeId)?.node ?? (saved ? saved.owner : null)
  useEffect(() => {
    if (!owner) return
    // the texts an owner uses: its town's and the built-in ones
    townOf(owner).then(setTownId, () => setTownId(null))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [owner?.id])

  if (loadError) {
    return (
      <Screen>
        <ErrorBlock message={loadError} onRetry={load} />
      </Screen>
    )
  }
  if (!form || !owner) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }
  const f = form
  const o = owner
  // after publishing only the title, intro and deadline change (the server refuses the rest)
  const locked = Boolean(saved && saved.status !== 'draft')

  function clear(fields: string[]) {
    setErrors((e) => {
      const cleared = { ...e }
      for (const k of [...fields, 'form']) delete cleared[k]
      return cleared
    })
  }
  function patch(next: PledgeCampaignForm, fields: string[]) {
    setForm(next)
    clear(fields)
  }
  // on top of the latest form: the text list may answer after other fields changed
  const set = (p: Partial<PledgeCampaignForm> | ((prev: PledgeCampaignForm) => Partial<PledgeCampaignForm>), fields: string[] = typeof p === 'function' ? [] : Object.keys(p)) => {
    setForm((prev) => (prev ? { ...prev, ...(typeof p === 'function' ? p(prev) : p) } : prev))
    clear(fields)
  }

  function fail(e: unknown) {
    if (e instanceof ApiError && e.fields?.length) setErrors(pledgeCampaignErrors(e.fields))
    else if (e instanceof ApiError && CAMPAIGN_CODE_FIELD[e.code]) setErrors({ [CAMPAIGN_CODE_FIELD[e.code]]: e.message })
    else {
      showError(e)
      return
    }
    void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
  }

  async function save(): Promise<PledgeCampaignView | null> {
    const local = validatePledgeCampaign(f, o.kind)
    // a published campaign keeps its text and scope: only check what can change
    if (locked) for (const k of Object.keys(local)) if (!['title', 'intro', 'deadline', 'form'].includes(k)) delete local[k]
    if (Object.keys(local).length) {
      setErrors(local)
      void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      return null
    }
    try {
      const body = toPledgeCampaignInput(f)
      const c = saved ? await api('pledge.campaigns.update', { params: { id: saved.id }, body, toast: false }) : await api('pledge.campaigns.create', { body, toast: false })
      setSaved(c)
      setErrors({})
      return c
    } catch (e) {
      fail(e)
      return null
    }
  }

  async function onSave() {
    setBusy(true)
    const c = await save()
    setBusy(false)
    if (c) setDone({ c, what: 'saved' })
  }

  async function onPublish() {
    setBusy(true)
    const c = await save()
    setBusy(false)
    if (!c) return
    if (!(await confirm('发布签署活动', PUBLISH_TEXT(c), '发布'))) return
    setBusy(true)
    try {
      setDone({ c: await api('pledge.campaigns.publish', { params: { id: c.id }, toast: false }), what: 'published' })
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  async function onClose() {
    if (!saved || !(await confirm('结束签署', CLOSE_TEXT(saved), '结束'))) return
    setBusy(true)
    try {
      setDone({ c: await api('pledge.campaigns.close', { params: { id: saved.id } }), what: 'closed' })
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(false)
    }
  }

  if (done) {
    const c = done.c
    const head = { saved: c.status === 'draft' ? '已保存为草稿' : '已保存修改', published: '签署活动已发布', closed: '签署活动已结束' }[done.what]
    return (
      <Screen className="quiz-admin pledge-admin">
        <Card className="e2e-pc-done">
          <View className="card-title e2e-pc-done-head">{head}</View>
          <View className="item-main">{c.title}</View>
          <View className="muted">
            {c.status === 'draft'
              ? '草稿只有管理员能看到。检查无误后点“发布”。'
              : `${c.scope.map((n) => n.name).join('、')} · 截止 ${deadlineText(c.deadline)} · 承诺书第${c.template.version}版`}
          </View>
          {done.what === 'published' && c.audience === 'students' ? <View className="p-note">请班主任在“班级签署进度”里把班级卡片分享到家长群，家长点开就能签。</View> : null}
        </Card>
        {c.status === 'draft' ? (
          <Button type="success" size="large" block disabled={busy} className="big-button e2e-pc-done-publish" onClick={() => setDone(null)}>
            继续修改或发布
          </Button>
        ) : (
          <Button type="primary" size="large" block className="big-button e2e-pc-done-progress" onClick={() => void Taro.redirectTo({ url: `${PLEDGE_PAGES.progress}?id=${c.id}` })}>
            看签署进度
          </Button>
        )}
        <Button type="primary" fill="outline" size="large" block className="big-button e2e-pc-done-list" onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: PLEDGE_PAGES.campaigns }))}>
          返回签署活动
        </Button>
      </Screen>
    )
  }

  const audiences = kindAudiences(f.kind, o.kind)
  return (
    <Screen className="quiz-admin pledge-admin">
      <View className="page-title">{saved ? '修改签署活动' : '发起承诺书签署'}</View>
      {locked ? <View className="warn-text e2e-pc-locked">活动已发布：承诺书（第{saved?.template.version}版）、签署对象和范围不能再改，只能修改标题、说明和截止时间。</View> : null}

      <Card>
        {owners.length > 1 && !saved ? (
          <View className="field">
            <View className="field-label">发起单位</View>
            <View className="segmented">
              {owners.map((m) => (
                <View key={m.id} className={`seg e2e-pc-owner ${f.ownerNodeId === m.node.id ? 'selected' : ''}`} onClick={() => patch(emptyPledgeCampaign(m.node), ['owner'])}>
                  {m.node.name}
                </View>
              ))}
            </View>
            <FieldError text={errors.owner} />
          </View>
        ) : (
          <View className="muted">发起单位：{o.name}</View>
        )}
        {!locked ? (
          <View className="field">
            <View className="field-label">承诺书种类</View>
            <View className="segmented">
              {ownerKinds(o.kind).map((k) => (
                <View key={k} className={`seg e2e-pc-kind-${k} ${f.kind === k ? 'selected' : ''}`} onClick={() => patch(withKind(f, k, o), ['template', 'audience', 'scope'])}>
                  {PLEDGE_KIND_LABELS[k]}
                </View>
              ))}
            </View>
          </View>
        ) : null}
        {townId && !locked ? <TemplatePicker townId={townId} form={f} error={errors.template} onPick={(t) => set((prev) => ({ templateId: t.id, title: prev.title || t.current.title }), ['template', 'title'])} /> : null}
        {locked && saved ? (
          <View className="muted">
            承诺书：{saved.template.title}（第{saved.template.version}版）
          </View>
        ) : null}
      </Card>

      <Card title="谁来签">
        {!locked ? (
          <>
            <View className="segmented">
              {audiences.map((a) => (
                <View key={a} className={`seg e2e-pc-audience-${a} ${f.audience === a ? 'selected' : ''}`} onClick={() => patch(withAudience(f, a, o), ['audience', 'scope'])}>
                  {PLEDGE_AUDIENCE_LABELS[a]}
                </View>
              ))}
            </View>
            <FieldError text={errors.audience} />
            <View className="field-hint">{SCOPE_HINT[f.audience]}</View>
            <ScopePicker
              owner={o}
              audience={f.audience}
              selected={f.scopeNodeIds}
              names={names}
              onChange={(ids, n) => {
                setNames(n)
                set({ scopeNodeIds: ids }, ['scope'])
              }}
            />
            <FieldError text={errors.scope} />
            {f.audience === 'students' ? (
              <View className="switch-row">
                <View>
                  <View>全部由家长代签</View>
                  <View className="field-hint">小学适用。不开时，未满14周岁的学生由家长签，其他学生本人签。</View>
                </View>
                <View className={`switch e2e-pc-guardian ${f.guardianSigns ? 'on' : ''}`} onClick={() => set({ guardianSigns: !f.guardianSigns })}>
                  {f.guardianSigns ? '家长签' : '按年龄'}
                </View>
              </View>
            ) : null}
          </>
        ) : (
          <View className="muted">
            {PLEDGE_AUDIENCE_LABELS[f.audience]} · {saved?.scope.map((n) => n.name).join('、')}
            {f.audience === 'students' && f.guardianSigns ? ' · 全部由家长代签' : ''}
          </View>
        )}
      </Card>

      <Card title="标题和说明">
        <View className="field">
          <View className="field-label">标题</View>
          <Input className="field-input e2e-pc-title" value={f.title} maxlength={60} placeholder="例如：七年级反诈承诺书签署" onInput={(e) => set({ title: e.detail.value })} />
          <FieldError text={errors.title} />
        </View>
        <View className="field">
          <View className="field-label">说明（可不填）</View>
          <Textarea className="field-textarea e2e-pc-intro" value={f.intro} maxlength={500} autoHeight placeholder="告诉大家为什么签、什么时候前签完" onInput={(e) => set({ intro: e.detail.value })} />
          <FieldError text={errors.intro} />
        </View>
      </Card>

      <Card title="截止和目标">
        <View className="field">
          <View className="field-label">截止时间（北京时间）</View>
          <DeadlineField value={f.deadline} onChange={(v) => set({ deadline: v })} />
          <FieldError text={errors.deadline} />
        </View>
        <View className="field">
          <View className="field-label">目标签署率（%）</View>
          <Input className="field-input e2e-pc-target" type="number" value={f.targetPercent} maxlength={3} disabled={locked} onInput={(e) => !locked && set({ targetPercent: e.detail.value }, ['target'])} />
          <View className="field-hint">一般是100%：花名册上的每个人都要签。</View>
          <FieldError text={errors.target} />
        </View>
      </Card>

      {errors.form ? <View className="warn-text e2e-form-error">{errors.form}</View> : null}
      <EditorActions
        locked={locked}
        published={saved?.status === 'published'}
        busy={busy}
        e2e="pc"
        closeLabel="结束签署" draftNote="草稿只有管理员能看到；发布后才能签署。"
        onPublish={() => void onPublish()}
        onSave={() => void onSave()}
        onClose={() => void onClose()}
      />
    </Screen>
  )
}

export default function PledgeCampaignEditPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || undefined
  const ownerId = Number(param(router.params.owner)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const owners = pledgeOwners(me)
        return owners.length ? (
          <PledgeCampaignEditor owners={owners} id={id} ownerId={ownerId} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇和学校的管理员可以发起承诺书签署" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
