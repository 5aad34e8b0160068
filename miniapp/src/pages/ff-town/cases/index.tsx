// The police liaison's monthly figures: a month switch, the town's villages, communities, schools
// and units (units inside a village opened on demand) with the month's cases and losses, each
// entered or corrected in place; the server's refusals (absurd figures, a month still to come)
// shown at the field with both numbers. Aggregates only: no victim data is asked for.
import { useEffect, useState } from 'react'
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { NODE_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { CaseFigureView } from '@wuzha/shared/dist/schemas/fraud-free'
import type { MembershipView, NodeView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { ApiError } from '../../../services/request'
import { errorText } from '../../../services/ff'
import {
  CASE_BROWSE_KINDS,
  CASE_KINDS,
  caseErrors,
  caseFieldErrors,
  can,
  deskAt,
  deskFor,
  ffAdmin,
  lastMonth,
  monthText,
  thisMonth,
  toCaseInput,
  yuanText,
  type CaseForm,
  type FormErrors,
} from '../../../services/ff-admin'
import { DeskPage, FieldError, MonthSwitch } from '../parts'
import '../../quiz-bank/quiz-admin.scss'
import '../ff-town.scss'

type Editing = { nodeId: number; form: CaseForm; errors: FormErrors }

function figureText(f: CaseFigureView | undefined): string {
  if (!f) return '未填报'
  return f.cases === 0 ? '0起' : `${f.cases}起 · 损失${yuanText(f.lossYuan)}`
}

export function CaseDesk({ at, write }: { at: MembershipView; write: boolean }) {
  const [month, setMonth] = useState(lastMonth())
  const [tree, setTree] = useState<Record<number, NodeView[]>>({})
  const [open, setOpen] = useState<number[]>([])
  const [figures, setFigures] = useState<Map<number, CaseFigureView> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState<Editing | null>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)

  async function children(id: number) {
    const r = await ffAdmin.children(id)
    setTree((t) => ({ ...t, [id]: r.items.filter((n) => CASE_BROWSE_KINDS.includes(n.kind)) }))
  }
  function loadFigures(m: string) {
    setFigures(null)
    ffAdmin
      .cases(at.node.id, m)
      .then((l) => setFigures(new Map(l.items.map((f) => [f.node.id, f]))))
      .catch((e) => setError(errorText(e)))
  }
  function load() {
    setError(null)
    children(at.node.id).catch((e) => setError(errorText(e)))
    loadFigures(month)
  }
  useEffect(load, [at.node.id])

  function switchMonth(m: string) {
    setMonth(m)
    setEditing(null)
    setSaved(null)
    loadFigures(m)
  }
  function expand(n: NodeView) {
    if (open.includes(n.id)) return setOpen(open.filter((x) => x !== n.id))
    setOpen([...open, n.id])
    if (!tree[n.id]) children(n.id).catch((e) => setError(errorText(e)))
  }
  function startEdit(n: NodeView) {
    const f = figures?.get(n.id)
    setSaved(null)
    setEditing({ nodeId: n.id, form: { cases: f ? String(f.cases) : '', lossYuan: f && f.lossYuan ? String(f.lossYuan) : '' }, errors: {} })
  }
  async function save(n: NodeView) {
    if (!editing) return
    const local = caseErrors(editing.form)
    if (Object.keys(local).length) return setEditing({ ...editing, errors: local })
    setBusy(true)
    try {
      const f = await ffAdmin.saveCase(toCaseInput(n.id, month, editing.form))
      setFigures((prev) => new Map(prev ?? []).set(n.id, f))
      setEditing(null)
      setSaved(`${n.name}${monthText(month)}：${figureText(f)}，已保存。${f.reviewsOpened ? `有${f.reviewsOpened}个称号因此进入复核。` : ''}`)
    } catch (e) {
      // absurd figures: the field's words plus the message naming both numbers
      const fields = e instanceof ApiError && e.fields?.length ? caseFieldErrors(e.fields) : {}
      setEditing({ ...editing, errors: { ...fields, form: e instanceof ApiError && e.code !== 'NOT_FOUND' ? e.message : errorText(e) } })
    } finally {
      setBusy(false)
    }
  }

  function rows(parent: number, depth: number): JSX.Element[] {
    return (tree[parent] ?? []).flatMap((n) => {
      const enterable = CASE_KINDS.includes(n.kind)
      const f = figures?.get(n.id)
      const ed = editing?.nodeId === n.id ? editing : null
      return [
        <View key={n.id} className="fft-case-row e2e-ffcase-row" style={depth ? { paddingLeft: `${depth * 40}px` } : undefined}>
          <View className="row">
            <View>
              <View className="fft-title e2e-ffcase-name">{n.name}</View>
              <View className="muted">{NODE_KIND_LABELS[n.kind]}</View>
            </View>
            {enterable ? <View className={`fft-case-fig e2e-ffcase-fig ${f ? '' : 'muted'}`}>{figures ? figureText(f) : ''}</View> : null}
          </View>
          {ed ? (
            <View className="e2e-ffcase-form">
              <View className="fft-inline">
                <View className="field">
                  <View className="field-label">发案数（起）</View>
                  <Input className="fft-num e2e-ffcase-cases" type="number" value={ed.form.cases} maxlength={6} onInput={(e) => setEditing({ ...ed, form: { ...ed.form, cases: e.detail.value }, errors: {} })} />
                </View>
                <View className="field">
                  <View className="field-label">损失（元）</View>
                  <Input className="fft-num e2e-ffcase-loss" type="number" value={ed.form.lossYuan} maxlength={10} placeholder="0" onInput={(e) => setEditing({ ...ed, form: { ...ed.form, lossYuan: e.detail.value }, errors: {} })} />
                </View>
              </View>
              <FieldError text={ed.errors.cases} />
              <FieldError text={ed.errors.lossYuan} />
              {ed.errors.form ? <View className="warn-text e2e-ffcase-error">{ed.errors.form}</View> : null}
              <View className="button-row">
                <Button type="primary" loading={busy} disabled={busy} className="e2e-ffcase-save" onClick={() => void save(n)}>
                  保存
                </Button>
                <Button type="default" disabled={busy} className="e2e-ffcase-cancel" onClick={() => setEditing(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className="row">
              {n.childCount > 0 && n.kind !== 'school' ? (
                <View className="expand e2e-ffcase-expand" onClick={() => expand(n)}>
                  {open.includes(n.id) ? '收起下属单位' : '展开下属单位'}
                </View>
              ) : (
                <View />
              )}
              {write && enterable && figures ? (
                <View className="link-button e2e-ffcase-edit" onClick={() => startEdit(n)}>
                  {f ? '修改' : '填报'}
                </View>
              ) : null}
            </View>
          )}
        </View>,
        ...(open.includes(n.id) ? rows(n.id, depth + 1) : []),
      ]
    })
  }

  const list = figures ? [...figures.values()] : []
  return (
    <Screen className="quiz-admin ff-town">
      <View className="page-title">{write ? '填报发案数' : '发案数'}</View>
      <View className="muted">{at.node.name}</View>
      <View className="fft-note">按月填报各村（社区）、学校和单位的电信网络诈骗发案数和损失金额。只填汇总数，不填受害人信息。</View>
      <MonthSwitch month={month} max={thisMonth()} onChange={switchMonth} />
      {figures ? (
        <View className="muted e2e-ffcase-total">
          {monthText(month)}已填报{list.length}个，共{list.reduce((n, f) => n + f.cases, 0)}起，损失{yuanText(list.reduce((n, f) => n + f.lossYuan, 0))}
        </View>
      ) : null}
      {saved ? <View className="fft-note e2e-ffcase-saved">{saved}</View> : null}
      {error ? <ErrorBlock message={error} onRetry={load} /> : null}
      {!tree[at.node.id] && !error ? <Loading /> : null}
      {tree[at.node.id] ? <Card>{rows(at.node.id, 0)}</Card> : null}
    </Screen>
  )
}

export default function CasesPage() {
  return (
    <DeskPage pick={(me, nodeId) => deskFor(me, 'cases.write', nodeId) ?? deskAt(me, nodeId)} refusal="发案数由派出所联络员按镇填报">
      {(at) => (at.node.kind === 'town' ? <CaseDesk at={at} write={can(at, 'cases.write')} /> : <ErrorBlock message="发案数按镇填报，请从镇的工作台打开" />)}
    </DeskPage>
  )
}
