import { useEffect, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Input, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PLEDGE_KINDS, PLEDGE_KIND_LABELS, type PledgeKind } from '@wuzha/shared/dist/enums'
import { roleHas } from '@wuzha/shared/dist/roles'
import type { PledgeTemplateList, PledgeTemplateView } from '@wuzha/shared/dist/schemas/pledge'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { ApiError, api, showError } from '../../services/request'
import { go, param } from '../../services/nav'
import { townOf } from '../../services/town'
import { formatWhen } from '../../services/when'
import { PLEDGE_PAGES, shortHash, templateErrors, templateFormFrom, toTemplateInput, validateTemplate, type FormErrors, type TemplateForm } from '../../services/pledge-admin'
import { FieldError, PledgeText } from '../pledge-campaigns/parts'
import '../quiz-bank/quiz-admin.scss'
import '../pledge-campaigns/pledge-admin.scss'

type Item = PledgeTemplateList['items'][number]

// The town's text editor: a new text, an edit (a new version when the current one is in use), or a
// copy of a built-in text saved as the town's own.
export function TemplateEditor({ townId, initial, editing, onSaved, onCancel }: { townId: number; initial: TemplateForm; editing: PledgeTemplateView | null; onSaved: (t: PledgeTemplateView) => void; onCancel: () => void }) {
  const [f, setF] = useState<TemplateForm>(initial)
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)
  const set = (p: Partial<TemplateForm>) => {
    setF({ ...f, ...p })
    const e = { ...errors }
    for (const k of [...Object.keys(p), 'form']) delete e[k]
    setErrors(e)
  }
  async function save() {
    const local = validateTemplate(f)
    if (Object.keys(local).length) {
      setErrors(local)
      void Taro.showToast({ title: '请按红字提示修改', icon: 'none' })
      return
    }
    setBusy(true)
    try {
      const body = toTemplateInput(f)
      onSaved(editing ? await api('pledge.templates.update', { params: { id: editing.id }, body, toast: false }) : await api('pledge.templates.create', { query: { townId }, body, toast: false }))
    } catch (e) {
      if (e instanceof ApiError && e.fields?.length) setErrors(templateErrors(e.fields))
      else if (e instanceof ApiError && e.status < 500 && e.status > 0) setErrors({ form: e.message })
      else showError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title={editing ? '修改本镇范本' : '新建本镇范本'} className="e2e-tpl-form">
      {!editing ? (
        <View className="field">
          <View className="field-label">种类</View>
          <View className="segmented">
            {PLEDGE_KINDS.map((k) => (
              <View key={k} className={`seg e2e-tf-kind-${k} ${f.kind === k ? 'selected' : ''}`} onClick={() => set({ kind: k })}>
                {PLEDGE_KIND_LABELS[k]}
              </View>
            ))}
          </View>
          <FieldError text={errors.kind} />
        </View>
      ) : (
        <View className="muted">{PLEDGE_KIND_LABELS[f.kind]}</View>
      )}
      <View className="field">
        <View className="field-label">标题</View>
        <Input className="field-input e2e-tf-title" value={f.title} maxlength={40} onInput={(e) => set({ title: e.detail.value })} />
        <FieldError text={errors.title} />
      </View>
      <View className="field">
        <View className="field-label">正文（每段一行）</View>
        <Textarea className="field-textarea e2e-tf-body" value={f.body} maxlength={5000} autoHeight onInput={(e) => set({ body: e.detail.value })} />
        <View className="field-hint">
          已写 {f.body.trim().length} 字。{editing?.current.locked ? `第${editing.current.version}版已经用于签署，保存后会生成第${editing.current.version + 1}版，已签的承诺书不受影响。` : ''}
        </View>
        <FieldError text={errors.body} />
      </View>
      {errors.form ? <View className="warn-text e2e-form-error">{errors.form}</View> : null}
      <View className="button-row">
        <Button type="primary" loading={busy} disabled={busy} className="e2e-tf-save" onClick={() => void save()}>
          保存
        </Button>
        <Button type="primary" fill="outline" disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </Card>
  )
}

function TemplateDetail({ id, townId, canEdit }: { id: number; townId: number | null; canEdit: boolean }) {
  const [t, setT] = useState<PledgeTemplateView | null>(null)
  const [error, setError] = useState<string | null>(null)
  // 'edit' this text, or 'copy' a built-in one into a new town text
  const [mode, setMode] = useState<'edit' | 'copy' | null>(null)

  function load() {
    setError(null)
    api('pledge.templates.get', { params: { id }, toast: false })
      .then(setT)
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [id])

  if (error) return <ErrorBlock message={error} onRetry={load} />
  if (!t) return <Loading />
  const own = !t.builtin && t.townId === townId
  return (
    <>
      <View className="page-title e2e-tpl-title">{t.current.title}</View>
      <View className="muted">
        {PLEDGE_KIND_LABELS[t.kind]} · {t.builtin ? '系统范本' : '本镇范本'} · 第{t.current.version}版
      </View>
      {mode && townId ? (
        <TemplateEditor
          townId={townId}
          initial={templateFormFrom(t)}
          editing={mode === 'edit' ? t : null}
          onCancel={() => setMode(null)}
          onSaved={(saved) => {
            setMode(null)
            void Taro.showToast({ title: '已保存', icon: 'success' })
            if (saved.id === t.id) setT(saved)
            else void Taro.redirectTo({ url: `${PLEDGE_PAGES.templates}?id=${saved.id}` })
          }}
        />
      ) : (
        <>
          <PledgeText className="e2e-tpl-text" title={t.current.title} body={t.current.body} version={t.current.version} />
          {canEdit && own ? (
            <Button type="primary" size="large" block className="big-button e2e-tpl-edit" onClick={() => setMode('edit')}>
              修改
            </Button>
          ) : null}
          {canEdit && t.builtin ? (
            <Button type="primary" fill="outline" size="large" block className="big-button e2e-tpl-copy" onClick={() => setMode('copy')}>
              另存为本镇范本再修改
            </Button>
          ) : null}
        </>
      )}
      <Card title="版本" className="e2e-tpl-versions">
        <View className="field-hint">每次修改已用于签署的范本都会生成新版本；签过的承诺书绑定当时的版本和它的校验值。</View>
        {t.versions.map((v) => (
          <View key={v.id} className="p-version e2e-tpl-version">
            <View className="row">
              <View className="item-main">
                第{v.version}版 {v.title}
              </View>
              {v.locked ? <View className="badge green">已用于签署</View> : <View className="badge">未使用</View>}
            </View>
            <View className="muted">
              {formatWhen(v.createdAt)} · 校验值 {shortHash(v.textHash)}
            </View>
          </View>
        ))}
      </Card>
    </>
  )
}

function TemplateList({ townId, canEdit, nodeId }: { townId: number; canEdit: boolean; nodeId?: number }) {
  const [kind, setKind] = useState<PledgeKind | null>(null)
  const [items, setItems] = useState<Item[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)

  function load() {
    setError(null)
    api('pledge.templates.list', { query: { townId, kind: kind ?? undefined }, toast: false })
      .then((r) => setItems(r.items))
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [townId, kind])
  useDidShow(() => {
    if (items) load()
  })

  return (
    <>
      <View className="page-title">承诺书范本</View>
      <View className="muted">系统范本可以直接用；镇管理员可以另写本镇的范本。</View>
      {canEdit && !creating ? (
        <Button type="primary" size="large" block className="big-button e2e-tpl-new" onClick={() => setCreating(true)}>
          新建本镇范本
        </Button>
      ) : null}
      {creating ? (
        <TemplateEditor
          townId={townId}
          initial={{ kind: kind ?? 'student', title: '', body: '' }}
          editing={null}
          onCancel={() => setCreating(false)}
          onSaved={(t) => {
            setCreating(false)
            load()
            go(PLEDGE_PAGES.templates, { id: t.id, nodeId })
          }}
        />
      ) : null}
      <View className="segmented">
        <View className={`seg e2e-tpl-kind-all ${kind === null ? 'selected' : ''}`} onClick={() => setKind(null)}>
          全部
        </View>
        {PLEDGE_KINDS.map((k) => (
          <View key={k} className={`seg e2e-tpl-kind-${k} ${kind === k ? 'selected' : ''}`} onClick={() => setKind(k)}>
            {PLEDGE_KIND_LABELS[k]}
          </View>
        ))}
      </View>
      {error ? <ErrorBlock message={error} onRetry={load} /> : null}
      {!items && !error ? <Loading /> : null}
      {items ? (
        <Card>
          {items.length === 0 ? <View className="muted">这一类还没有范本。</View> : null}
          {items.map((t) => (
            <View key={t.id} className="p-item e2e-tpl-item" onClick={() => go(PLEDGE_PAGES.templates, { id: t.id, nodeId })}>
              <View className="row">
                <View className="p-title">{t.current.title}</View>
                <View className={`badge ${t.builtin ? 'blue' : 'green'}`}>{t.builtin ? '系统范本' : '本镇范本'}</View>
              </View>
              <View className="muted">
                {PLEDGE_KIND_LABELS[t.kind]} · 第{t.current.version}版 · {formatWhen(t.updatedAt)}
              </View>
            </View>
          ))}
        </Card>
      ) : null}
    </>
  )
}

// The membership whose town's texts are shown, and whether it writes them (pledge.templates at a town).
export function templatePlace(me: MeResponse, nodeId?: number): { m: MembershipView; canEdit: boolean } | null {
  const fits = me.memberships.filter((m) => roleHas(m.role, 'pledge.templates') || roleHas(m.role, 'pledge.manage'))
  const m = fits.find((x) => x.node.id === nodeId) ?? fits[0]
  return m ? { m, canEdit: roleHas(m.role, 'pledge.templates') && m.node.kind === 'town' } : null
}

function TemplatesScreen({ m, canEdit, id, nodeId }: { m: MembershipView; canEdit: boolean; id?: number; nodeId?: number }) {
  const [townId, setTownId] = useState<number | null>(m.node.kind === 'town' ? m.node.id : null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    townOf(m.node)
      .then((t) => (t ? setTownId(t) : setError('没有找到所在的镇')))
      .catch((e: Error) => setError(e.message))
  }, [m.node.id])
  return (
    <Screen className="quiz-admin pledge-admin">
      {error ? <ErrorBlock message={error} /> : null}
      {id ? <TemplateDetail id={id} townId={townId} canEdit={canEdit} /> : townId ? <TemplateList townId={townId} canEdit={canEdit} nodeId={nodeId} /> : !error ? <Loading /> : null}
    </Screen>
  )
}

export default function PledgeTemplatesPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || undefined
  const nodeId = Number(param(router.params.nodeId)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const place = templatePlace(me, nodeId)
        return place ? (
          <TemplatesScreen m={place.m} canEdit={place.canEdit} id={id} nodeId={nodeId} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇和学校的管理员可以查看承诺书范本" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
