import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { roleHas } from '@wuzha/shared/dist/roles'
import type { RosterEntryView, RosterImportResult } from '@wuzha/shared/dist/schemas/pledge'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView, NodeRef, NodeView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { ApiError, api, showError, type FieldError as RowError } from '../../services/request'
import { param } from '../../services/nav'
import { downloadFile, importSheet, pickXlsx } from '../../services/quiz-admin-io'
import { ROSTER_CODE_FIELD, emptyRosterEntry, rosterErrors, rosterFormFrom, toRosterInput, validateRosterEntry, type FormErrors, type RosterForm } from '../../services/pledge-admin'
import { FieldError } from '../pledge-campaigns/parts'
import '../quiz-bank/quiz-admin.scss'
import '../pledge-campaigns/pledge-admin.scss'

// A class with its grade's name for lists ("七年级 · 七年级1班").
interface ClassItem {
  node: NodeRef
  label: string
}

// Classes at or under a node (a school's grades hold its classes; a class is its own list).
export async function classesUnder(node: NodeRef): Promise<ClassItem[]> {
  if (node.kind === 'class') return [{ node, label: node.name }]
  const kids = (await api('org.children', { params: { id: node.id }, toast: false })).items
  const direct = kids.filter((k) => k.kind === 'class').map((k) => ({ node: ref(k), label: k.name }))
  const grades = kids.filter((k) => k.kind === 'grade')
  const nested = await Promise.all(
    grades.map(async (g) => (await api('org.children', { params: { id: g.id }, toast: false })).items.filter((k) => k.kind === 'class').map((k) => ({ node: ref(k), label: k.name.startsWith(g.name) ? k.name : `${g.name} · ${k.name}` }))),
  )
  return [...direct, ...nested.flat()]
}
const ref = (n: NodeView): NodeRef => ({ id: n.id, name: n.name, kind: n.kind })

export function RosterImportReport({ result, error }: { result: RosterImportResult | null; error: ApiError | null }) {
  if (result) {
    return (
      <View className="result-ok e2e-roster-import-result">
        <View className="item-main">导入成功</View>
        <View>
          共 {result.rows} 名学生：新加入 {result.created} 名，更新 {result.updated} 名，没有变化 {result.unchanged} 名。
        </View>
        {result.classes.map((c) => (
          <View key={c.class.id} className="muted">
            {c.class.name}：{c.count} 名
          </View>
        ))}
      </View>
    )
  }
  if (!error) return null
  const rows: RowError[] = error.fields ?? []
  return (
    <View className="result-bad e2e-roster-import-errors">
      <View className="item-main">{error.message}</View>
      {rows.map((f, i) => (
        <View key={i} className="row-error e2e-roster-import-error-row">
          <View className="row-error-path">{f.path.replace(/^(query|body)\./, '')}</View>
          <View>{f.message}</View>
        </View>
      ))}
      {rows.length >= 100 ? <View className="muted">只列出前100处错误。</View> : null}
    </View>
  )
}

function EntryForm({ classes, initial, entry, onDone, onCancel }: { classes: ClassItem[]; initial: RosterForm; entry: RosterEntryView | null; onDone: (e: RosterEntryView) => void; onCancel: () => void }) {
  const [f, setF] = useState<RosterForm>(initial)
  const [errors, setErrors] = useState<FormErrors>({})
  const [busy, setBusy] = useState(false)
  const set = (p: Partial<RosterForm>) => {
    setF({ ...f, ...p })
    const e = { ...errors }
    for (const k of [...Object.keys(p), 'form']) delete e[k]
    setErrors(e)
  }
  async function save() {
    const local = validateRosterEntry(f)
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setBusy(true)
    try {
      const body = toRosterInput(f)
      onDone(entry ? await api('pledge.roster.update', { params: { id: entry.id }, body, toast: false }) : await api('pledge.roster.create', { body, toast: false }))
    } catch (e) {
      if (e instanceof ApiError && e.fields?.length) setErrors(rosterErrors(e.fields))
      else if (e instanceof ApiError && ROSTER_CODE_FIELD[e.code]) setErrors({ [ROSTER_CODE_FIELD[e.code]]: e.message })
      else showError(e)
    } finally {
      setBusy(false)
    }
  }
  const classIndex = Math.max(0, classes.findIndex((c) => c.node.id === f.classId))
  return (
    <View className="overlay">
      <View className="overlay-panel quiz-admin pledge-admin e2e-roster-form">
        <View className="card-title">{entry ? '修改学生信息' : '添加学生'}</View>
        <View className="field">
          <View className="field-label">班级</View>
          <Picker mode="selector" range={classes.map((c) => c.label)} value={classIndex} onChange={(e) => set({ classId: classes[Number(e.detail.value)]?.node.id ?? f.classId })}>
            <View className="picker-box e2e-rf-class">{classes[classIndex]?.label ?? '请选择班级'}</View>
          </Picker>
          <FieldError text={errors.classId} />
        </View>
        <View className="field">
          <View className="field-label">姓名</View>
          <Input className="field-input e2e-rf-name" value={f.name} maxlength={20} onInput={(e) => set({ name: e.detail.value })} />
          <FieldError text={errors.name} />
        </View>
        <View className="field">
          <View className="field-label">学号</View>
          <Input className="field-input e2e-rf-no" value={f.studentNo} maxlength={20} onInput={(e) => set({ studentNo: e.detail.value })} />
          <FieldError text={errors.studentNo} />
        </View>
        <View className="field">
          <View className="field-label">出生年份（可不填）</View>
          <Input className="field-input e2e-rf-year" type="number" value={f.birthYear} maxlength={4} placeholder="例如 2013" onInput={(e) => set({ birthYear: e.detail.value })} />
          <View className="field-hint">只用来判断是否未满14周岁（未满的由家长代签），不收集生日和身份证号。</View>
          <FieldError text={errors.birthYear} />
        </View>
        <View className="field">
          <View className="field-label">家长手机（可不填）</View>
          <Input className="field-input e2e-rf-phone" type="number" value={f.guardianPhone} maxlength={11} placeholder="11位手机号" onInput={(e) => set({ guardianPhone: e.detail.value })} />
          {entry?.guardianPhoneMasked ? (
            <View className="field-hint warn-text e2e-rf-phone-note">已登记 {entry.guardianPhoneMasked}。保存时请重新填写；留空会删除这个号码。</View>
          ) : (
            <View className="field-hint">家长用这个手机号登录后，能直接看到要为孩子签的承诺书。</View>
          )}
          <FieldError text={errors.guardianPhone} />
        </View>
        {errors.form ? <View className="warn-text">{errors.form}</View> : null}
        <View className="button-row">
          <Button type="primary" loading={busy} disabled={busy} className="e2e-rf-save" onClick={() => void save()}>
            保存
          </Button>
          <Button type="primary" fill="outline" disabled={busy} className="e2e-rf-cancel" onClick={onCancel}>
            取消
          </Button>
        </View>
      </View>
    </View>
  )
}

function Students({ klass, classes, canEdit, refreshKey }: { klass: ClassItem; classes: ClassItem[]; canEdit: boolean; refreshKey: number }) {
  const [items, setItems] = useState<RosterEntryView[] | null>(null)
  const [total, setTotal] = useState(0)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [search, setSearch] = useState('')
  const [q, setQ] = useState('')
  const [editing, setEditing] = useState<{ entry: RosterEntryView | null; form: RosterForm } | null>(null)

  async function load(next?: string) {
    setError(null)
    try {
      const page = await api('pledge.roster.list', { query: { nodeId: klass.node.id, q: q || undefined, cursor: next, limit: 50 }, toast: false })
      setItems((prev) => (next && prev ? [...prev, ...page.items] : page.items))
      setTotal(page.total)
      setCursor(page.nextCursor)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  useEffect(() => {
    setItems(null)
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [klass.node.id, q, refreshKey])

  async function remove(e: RosterEntryView) {
    if (!(await confirm('移出花名册', `把${e.name}（学号${e.studentNo}）移出花名册吗？已签的承诺书会保留；以后用同一个学号添加可以恢复。`, '移出'))) return
    try {
      await api('pledge.roster.remove', { params: { id: e.id } })
      void Taro.showToast({ title: '已移出', icon: 'success' })
      void load()
    } catch {
      // toast shown by the request client
    }
  }

  return (
    <Card className="e2e-roster-students">
      <View className="row">
        <View className="card-title">{klass.label}</View>
        <View className="muted e2e-roster-total">共 {total} 名</View>
      </View>
      <View className="filter-row">
        <Input className="search-input e2e-roster-search" value={search} placeholder="搜学号或完整姓名" onInput={(e) => setSearch(e.detail.value)} onConfirm={() => setQ(search.trim())} />
        <Button type="primary" fill="outline" onClick={() => setQ(search.trim())}>
          搜索
        </Button>
      </View>
      {canEdit ? (
        <Button type="primary" size="large" block className="big-button e2e-roster-add" onClick={() => setEditing({ entry: null, form: emptyRosterEntry(klass.node.id) })}>
          添加学生
        </Button>
      ) : null}
      {error ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!items && !error ? <Loading /> : null}
      {items?.length === 0 ? <View className="muted e2e-roster-empty">{q ? '没有找到。' : canEdit ? '这个班还没有学生。可以导入花名册，或一个一个添加。' : '这个班的花名册还没有导入，请联系学校管理员。'}</View> : null}
      {items?.map((e) => (
        <View key={e.id} className="p-person e2e-roster-entry">
          <View>
            <View className="p-person-name">
              {e.name}
              {e.guardianRequired ? <View className="badge e2e-roster-guardian">需家长签</View> : null}
            </View>
            <View className="muted">
              学号 {e.studentNo}
              {e.birthYear ? ` · ${e.birthYear}年生` : ''}
              {e.guardianPhoneMasked ? ` · 家长 ${e.guardianPhoneMasked}` : ''}
            </View>
          </View>
          {canEdit ? (
            <View>
              <View className="p-open e2e-roster-edit" onClick={() => setEditing({ entry: e, form: rosterFormFrom(e) })}>
                修改
              </View>
              <View className="opt-remove e2e-roster-remove" onClick={() => void remove(e)}>
                移出
              </View>
            </View>
          ) : null}
        </View>
      ))}
      {cursor ? (
        <Button type="primary" fill="outline" block className="big-button e2e-roster-more" onClick={() => void load(cursor)}>
          加载更多
        </Button>
      ) : null}
      {editing ? (
        <EntryForm
          classes={classes}
          initial={editing.form}
          entry={editing.entry}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null)
            void Taro.showToast({ title: '已保存', icon: 'success' })
            void load()
          }}
        />
      ) : null}
    </Card>
  )
}

// One school's roster: its classes, import and template (school admins and town admins), students.
export function SchoolRoster({ school, canEdit }: { school: NodeRef; canEdit: boolean }) {
  const [classes, setClasses] = useState<ClassItem[] | null>(null)
  const [chosen, setChosen] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'import' | 'template' | null>(null)
  const [imported, setImported] = useState<RosterImportResult | null>(null)
  const [importError, setImportError] = useState<ApiError | null>(null)
  const [refreshKey, setRefreshKey] = useState(0)

  function load() {
    setError(null)
    classesUnder(school)
      .then((cs) => {
        setClasses(cs)
        setChosen((c) => (c && cs.some((x) => x.node.id === c) ? c : (cs[0]?.node.id ?? null)))
      })
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [school.id])

  async function onImport() {
    setImported(null)
    setImportError(null)
    try {
      const file = await pickXlsx({ csv: true })
      if (!file) return
      setBusy('import')
      setImported(await importSheet('pledge.roster.import', { schoolId: school.id }, file))
      setRefreshKey((k) => k + 1)
    } catch (e) {
      if (e instanceof ApiError && e.status > 0 && e.status < 500) setImportError(e)
      else showError(e)
    } finally {
      setBusy(null)
    }
  }
  async function onTemplate() {
    setBusy('template')
    try {
      await downloadFile('pledge.roster.template', undefined, { schoolId: school.id }, `花名册模板-${school.name}.xlsx`)
    } catch (e) {
      showError(e)
    } finally {
      setBusy(null)
    }
  }

  const klass = classes?.find((c) => c.node.id === chosen) ?? null
  return (
    <>
      {canEdit ? (
        <Card title="导入花名册" className="e2e-roster-import-card">
          <View className="button-row">
            <Button type="primary" loading={busy === 'import'} disabled={busy !== null} className="e2e-roster-import" onClick={() => void onImport()}>
              导入 Excel/CSV
            </Button>
            <Button type="primary" fill="outline" loading={busy === 'template'} disabled={busy !== null} className="e2e-roster-template" onClick={() => void onTemplate()}>
              下载模板
            </Button>
          </View>
          <View className="field-hint muted">模板里已经列好本校的班级。每行一名学生：班级、姓名、学号，出生年份和家长手机可不填。有一行出错，整个文件都不会导入；学号相同的学生会更新。</View>
          <View className="gap" />
          <RosterImportReport result={imported} error={importError} />
        </Card>
      ) : null}
      {error ? <ErrorBlock message={error} onRetry={load} /> : null}
      {!classes && !error ? <Loading /> : null}
      {classes?.length === 0 ? <View className="muted">{school.name}还没有班级。请先在“成员”里建年级和班级。</View> : null}
      {classes && classes.length > 1 ? (
        <View className="chips e2e-roster-classes">
          {classes.map((c) => (
            <View key={c.node.id} className={`chip e2e-roster-class ${c.node.id === chosen ? 'selected' : ''}`} onClick={() => setChosen(c.node.id)}>
              {c.node.name}
            </View>
          ))}
        </View>
      ) : null}
      {klass && classes ? <Students klass={klass} classes={canEdit ? classes : [klass]} canEdit={canEdit} refreshKey={refreshKey} /> : null}
    </>
  )
}

// A town admin picks one of the town's schools first.
function SchoolPicker({ town, onPick }: { town: NodeRef; onPick: (s: NodeRef) => void }) {
  const [schools, setSchools] = useState<NodeRef[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api('org.children', { params: { id: town.id }, toast: false })
      .then((r) => setSchools(r.items.filter((n) => n.kind === 'school').map(ref)))
      .catch((e: Error) => setError(e.message))
  }, [town.id])
  return (
    <Card title="选择学校">
      {error ? <ErrorBlock message={error} /> : null}
      {!schools && !error ? <Loading /> : null}
      {schools?.length === 0 ? <View className="muted">{town.name}还没有学校。</View> : null}
      {schools?.map((s) => (
        <View key={s.id} className="choice e2e-roster-school" onClick={() => onPick(s)}>
          {s.name}
        </View>
      ))}
    </Card>
  )
}

// Who sees which roster: pledge.roster holders edit their school (or a school of their town);
// teachers read their own classes.
export function rosterPlace(me: MeResponse, nodeId?: number): { m: MembershipView; canEdit: boolean } | null {
  const fits = me.memberships.filter((m) => (roleHas(m.role, 'pledge.roster') && (m.node.kind === 'school' || m.node.kind === 'town')) || (m.role === 'teacher' && ['school', 'grade', 'class'].includes(m.node.kind)))
  const m = fits.find((x) => x.node.id === nodeId) ?? fits[0]
  return m ? { m, canEdit: roleHas(m.role, 'pledge.roster') } : null
}

function RosterScreen({ m, canEdit }: { m: MembershipView; canEdit: boolean }) {
  const [school, setSchool] = useState<NodeRef | null>(m.node.kind === 'town' ? null : m.node)
  return (
    <Screen className="quiz-admin pledge-admin">
      <View className="page-title">{canEdit ? '学生花名册' : '班级花名册'}</View>
      <View className="muted e2e-roster-school-name">
        {school ? school.name : m.node.name}
        {canEdit ? '' : '（只能查看）'}
      </View>
      <View className="field-hint muted">学生信息只有班主任、学校管理员和镇管理员能看到。</View>
      {m.node.kind === 'town' && !school ? <SchoolPicker town={m.node} onPick={setSchool} /> : null}
      {m.node.kind === 'town' && school ? (
        <View className="link-button" onClick={() => setSchool(null)}>
          换一所学校
        </View>
      ) : null}
      {school ? <SchoolRoster key={school.id} school={school} canEdit={canEdit} /> : null}
    </Screen>
  )
}

export default function PledgeRosterPage() {
  const router = useRouter()
  const nodeId = Number(param(router.params.nodeId)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const place = rosterPlace(me, nodeId)
        return place ? (
          <RosterScreen m={place.m} canEdit={place.canEdit} />
        ) : (
          <Screen>
            <ErrorBlock message="只有学校管理员和老师可以查看花名册" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}
