// 无诈创建, the town's side without UI: typed calls of the town admins, reviewers and the police
// liaison; who gets which entry; the program form (indicator set, weights summing to 100, the
// published program's few editable fields); the reviewer's manual scores; months, warning colours
// and rules; case figures; rankings rows. Words shown for an indicator's value, a day or a time come
// from services/ff.ts (the applicant's side) so both sides say the same thing.
import {
  DEFAULT_INDICATORS,
  DEFAULT_WARNING_RULES,
  chinaMonthKey,
  type IndicatorDef,
  type WarningRules,
} from '@wuzha/shared/dist/fraud-free'
import {
  INDICATOR_SOURCE_LABELS,
  PERCENT_SOURCES,
  PROGRAM_KIND_LABELS,
  type ApplicationStatus,
  type AwardState,
  type IndicatorSource,
  type NodeKind,
  type ProgramKind,
  type ScoringRule,
  type WarningColour,
} from '@wuzha/shared/dist/enums'
import { roleHas, type Permission } from '@wuzha/shared/dist/roles'
import {
  CaseFigureInput,
  ProgramInput,
  WarningRulesInput,
  type ApplicationReviewRequest,
  type IndicatorValue,
  type ProgramView,
  type Rankings,
  type WarningList,
  type WarningView,
} from '@wuzha/shared/dist/schemas/fraud-free'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import Taro from '@tarojs/taro'
import { api } from './request'
import { chinaToday, fileSrc } from './ff'

export const FF_TOWN_PAGES = {
  home: '/pages/ff-town/index',
  programEdit: '/pages/ff-town/program-edit/index',
  review: '/pages/ff-town/review/index',
  application: '/pages/ff-town/application/index',
  awards: '/pages/ff-town/awards/index',
  warnings: '/pages/ff-town/warnings/index',
  rankings: '/pages/ff-town/rankings/index',
  cases: '/pages/ff-town/cases/index',
} as const

// ---- calls (pages show the errors themselves) ------------------------------------------------
export const ffAdmin = {
  programs: (nodeId: number) => api('ff.programs.list', { query: { nodeId }, toast: false }),
  program: (id: number) => api('ff.programs.get', { params: { id }, toast: false }),
  create: (body: ProgramInput) => api('ff.programs.create', { body, toast: false }),
  update: (id: number, body: ProgramInput) => api('ff.programs.update', { params: { id }, body, toast: false }),
  publish: (id: number) => api('ff.programs.publish', { params: { id }, toast: false }),
  close: (id: number) => api('ff.programs.close', { params: { id }, toast: false }),
  compute: (id: number) => api('ff.compute', { params: { id }, toast: false }),
  rankings: (id: number, nodeId?: number) => api('ff.rankings', { params: { id }, query: nodeId ? { nodeId } : {}, toast: false }),
  summary: (nodeId: number) => api('ff.summary', { query: { nodeId }, toast: false }),
  applications: (nodeId: number, status?: ApplicationStatus) => api('ff.applications.list', { query: { nodeId, ...(status ? { status } : {}) }, toast: false }),
  application: (id: number) => api('ff.applications.get', { params: { id }, toast: false }),
  review: (id: number, body: ApplicationReviewRequest) => api('ff.applications.review', { params: { id }, body, toast: false }),
  decide: (id: number, decision: 'award' | 'reject', comment: string) =>
    api('ff.applications.decide', { params: { id }, body: { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }, toast: false }),
  awards: (nodeId: number, state?: AwardState) => api('ff.awards.list', { query: { nodeId, ...(state ? { state } : {}) }, toast: false }),
  keep: (id: number, comment: string) => api('ff.awards.keep', { params: { id }, body: { comment: comment.trim() }, toast: false }),
  revoke: (id: number, reason: string) => api('ff.awards.revoke', { params: { id }, body: { reason: reason.trim() }, toast: false }),
  warnings: (nodeId: number, period?: string) => api('ff.warnings.list', { query: { nodeId, ...(period ? { period } : {}) }, toast: false }),
  computeWarnings: (townId: number, period: string) => api('ff.warnings.compute', { body: { townId, period }, toast: false }),
  rules: (townId: number) => api('ff.warnings.rules', { query: { townId }, toast: false }),
  saveRules: (townId: number, body: WarningRulesInput) => api('ff.warnings.rules.update', { query: { townId }, body, toast: false }),
  cases: (nodeId: number, month: string) => api('ff.cases.list', { query: { nodeId, from: month, to: month }, toast: false }),
  saveCase: (body: CaseFigureInput) => api('ff.cases.upsert', { body, toast: false }),
  children: (id: number) => api('org.children', { params: { id }, toast: false }),
}

// ---- who gets what ------------------------------------------------------------------------------

const has = (m: MembershipView, p: Permission) => roleHas(m.role, p)
const atTown = (m: MembershipView) => m.node.kind === 'town' || m.node.kind === 'county'

// The town (or county) desks of this person: where they run, review, read or enter figures.
export function townDesks(me: Pick<MeResponse, 'memberships'>): MembershipView[] {
  const out = me.memberships.filter((m) => atTown(m) && (has(m, 'ff.manage') || has(m, 'ff.review') || has(m, 'ff.read') || has(m, 'cases.write')))
  return out.filter((m, i) => out.findIndex((x) => x.node.id === m.node.id) === i)
}

// The desk a page works at: the one asked for, else the first one holding the permission.
export function deskFor(me: Pick<MeResponse, 'memberships'>, p: Permission, nodeId?: number): MembershipView | null {
  const ms = townDesks(me).filter((m) => me.memberships.some((x) => x.node.id === m.node.id && has(x, p)))
  return ms.find((m) => m.node.id === nodeId) ?? ms[0] ?? null
}

// What the desk's role may do (a county desk opening one of its towns keeps the county role).
export function can(desk: Pick<MembershipView, 'role'>, p: Permission): boolean {
  return roleHas(desk.role, p)
}

// A desk for a node asked by id: the person's own desk there, else a town under their county desk.
export function deskAt(me: Pick<MeResponse, 'memberships'>, nodeId?: number): MembershipView | null {
  const desks = townDesks(me)
  const own = desks.find((m) => m.node.id === nodeId)
  if (own) return own
  const county = desks.find((m) => m.node.kind === 'county')
  if (nodeId && county) return { ...county, node: { id: nodeId, name: '', kind: 'town' } }
  return desks[0] ?? null
}

// ---- months (China time) --------------------------------------------------------------------------

export function shiftMonth(month: string, n: number): string {
  const k = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`
}

export function thisMonth(now: Date = new Date()): string {
  return chinaMonthKey(now)
}

// The month warnings and figures are usually about: the one before the current China month.
export function lastMonth(now: Date = new Date()): string {
  return shiftMonth(chinaMonthKey(now), -1)
}

// '2026-11' → '2026年11月'
export function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
}

// ---- the program form ---------------------------------------------------------------------------

// Numbers as typed (strings) until sent.
export interface IndicatorRow {
  key: string
  name: string
  source: IndicatorSource
  weight: string
  target: string
  rule: ScoringRule
  note: string
}

export interface ProgramForm {
  townId: number
  kind: ProgramKind
  title: string
  periodStart: string
  periodEnd: string
  applyFrom: string
  applyUntil: string
  noticeDays: string
  validityMonths: string
  indicators: IndicatorRow[]
}

export type FormErrors = Record<string, string>

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10)

export function indicatorRows(defs: readonly (IndicatorDef | ProgramView['indicators'][number])[]): IndicatorRow[] {
  return defs.map((d) => ({ key: d.key, name: d.name, source: d.source, weight: String(d.weight), target: String(d.target), rule: d.rule, note: d.note ?? '' }))
}

export function defaultTitle(townName: string, kind: ProgramKind, year: string): string {
  return `${townName}${year}年度“${PROGRAM_KIND_LABELS[kind]}”创建评比`
}

// A new program: this China year, applications from today for 30 days, notice 7 days, valid a year,
// the kind's default indicators.
export function emptyProgram(town: { id: number; name: string }, kind: ProgramKind = 'community', now: Date = new Date()): ProgramForm {
  const today = chinaToday(now)
  const year = today.slice(0, 4)
  return {
    townId: town.id,
    kind,
    title: defaultTitle(town.name, kind, year),
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    applyFrom: today,
    applyUntil: addDays(today, 29),
    noticeDays: '7',
    validityMonths: '12',
    indicators: indicatorRows(DEFAULT_INDICATORS[kind]),
  }
}

// Another kind: its default indicators; the title follows when it was the default one.
export function withKind(f: ProgramForm, kind: ProgramKind, townName: string): ProgramForm {
  if (kind === f.kind) return f
  const year = f.periodStart.slice(0, 4)
  const title = f.title === defaultTitle(townName, f.kind, year) ? defaultTitle(townName, kind, year) : f.title
  return { ...f, kind, title, indicators: indicatorRows(DEFAULT_INDICATORS[kind]) }
}

export function programFormFrom(p: ProgramView): ProgramForm {
  return {
    townId: p.town.id,
    kind: p.kind,
    title: p.title,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    applyFrom: p.applyFrom,
    applyUntil: p.applyUntil,
    noticeDays: String(p.noticeDays),
    validityMonths: String(p.validityMonths),
    indicators: indicatorRows(p.indicators),
  }
}

// A key not used yet: i1, i2…
export function nextKey(rows: readonly Pick<IndicatorRow, 'key'>[]): string {
  const used = new Set(rows.map((r) => r.key))
  let n = 1
  while (used.has(`i${n}`)) n++
  return `i${n}`
}

export function newIndicator(rows: readonly IndicatorRow[]): IndicatorRow {
  return { key: nextKey(rows), name: '', source: 'manual', weight: '', target: '1', rule: 'threshold', note: '' }
}

const num = (s: string) => (s.trim() === '' ? NaN : Number(s.trim()))

// The live sum under the list (blank or unreadable weights count 0).
export function weightTotal(rows: readonly Pick<IndicatorRow, 'weight'>[]): number {
  return rows.reduce((n, r) => n + (Number.isFinite(num(r.weight)) ? num(r.weight) : 0), 0)
}

export function isPercent(source: IndicatorSource): boolean {
  return PERCENT_SOURCES.includes(source)
}

// What the target is counted in, next to its box.
export function targetUnit(source: IndicatorSource): string {
  if (isPercent(source)) return '%'
  return ({ feedback_sent: '条', activities: '次', activity_people: '人次', cases: '起', case_loss: '元', manual: '分' } as Partial<Record<IndicatorSource, string>>)[source] ?? ''
}

export function toProgramInput(f: ProgramForm): ProgramInput {
  return {
    townId: f.townId,
    kind: f.kind,
    title: f.title.trim(),
    periodStart: f.periodStart,
    periodEnd: f.periodEnd,
    applyFrom: f.applyFrom,
    applyUntil: f.applyUntil,
    noticeDays: num(f.noticeDays),
    validityMonths: num(f.validityMonths),
    indicators: f.indicators.map((r) => ({
      key: r.key,
      name: r.name.trim(),
      source: r.source,
      weight: num(r.weight),
      target: num(r.target),
      rule: r.rule,
      ...(r.note.trim() ? { note: r.note.trim() } : {}),
    })),
  }
}

type Issue = { path: string | readonly PropertyKey[]; message: string }
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s)

// A zod or server issue path ("body.indicators.2.target" or ["indicators", 2, "target"]) without "body."
function pathOf(p: Issue['path']): string[] {
  const parts = typeof p === 'string' ? p.split('.') : p.map(String)
  return parts[0] === 'body' || parts[0] === 'query' ? parts.slice(1) : parts
}

const PROGRAM_FIELDS: Record<string, string> = {
  townId: '请选择镇',
  kind: '请选择评比类别',
  title: '请填写评比名称，2到60个字',
  periodStart: '请选择评比周期的开始日期',
  periodEnd: '请选择评比周期的结束日期',
  applyFrom: '请选择申报开始日期',
  applyUntil: '请选择申报截止日期',
  noticeDays: '公示天数请填1到30之间的整数',
  validityMonths: '有效期请填1到60之间的整数（月）',
}
const INDICATOR_FIELDS: Record<string, string> = {
  key: '指标代码有误',
  name: '请填写指标名称，2到40个字',
  source: '请选择数据来源',
  weight: '分值请填1到100之间的整数',
  target: '请填写目标，不能是负数',
  rule: '请选择计分方法',
  note: '说明不能超过100个字',
}

// Errors keyed by form field: 'title', 'applyUntil'…, 'indicators' (the set as a whole),
// 'ind.<i>.<field>' for one indicator, 'form' for the rest. Numbers and ranges in our words.
export function programErrors(issues: readonly Issue[]): FormErrors {
  const e: FormErrors = {}
  for (const i of issues) {
    const p = pathOf(i.path)
    if (p[0] === 'indicators' && p.length >= 3 && INDICATOR_FIELDS[p[2]]) {
      const k = `ind.${p[1]}.${p[2]}`
      // Chinese messages are the schema's or the server's own words; zod's English ones (numbers) are replaced
      e[k] ??= hasChinese(i.message) ? i.message : INDICATOR_FIELDS[p[2]]
    } else if (p[0] === 'indicators') {
      e.indicators ??= hasChinese(i.message) ? i.message : '请检查指标'
    } else if (PROGRAM_FIELDS[p[0] ?? '']) {
      e[p[0]] ??= hasChinese(i.message) ? i.message : PROGRAM_FIELDS[p[0]]
    } else {
      e.form ??= hasChinese(i.message) ? i.message : '填写有误，请检查'
    }
  }
  return e
}

// Domain errors of the server that belong to one place of the form.
export const PROGRAM_CODE_FIELD: Record<string, string> = {
  FF_WEIGHTS_SUM: 'indicators',
  FF_PROGRAM_NOT_EDITABLE: 'form',
  FF_BAD_STATE: 'form',
}

const isRealDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s

export function weightsMessage(rows: readonly Pick<IndicatorRow, 'weight'>[]): string | null {
  const sum = weightTotal(rows)
  return sum === 100 ? null : `各项指标的分值加起来要等于100，现在是${sum}`
}

// The checks before saving: the schema the server uses, the weights, percent targets, real dates.
// `saved`: a published program only changes title, applyUntil (later only) and noticeDays.
export function validateProgram(f: ProgramForm, saved?: Pick<ProgramView, 'status' | 'applyUntil'> | null): FormErrors {
  const r = ProgramInput.safeParse(toProgramInput(f))
  const e = r.success ? {} : programErrors(r.error.issues.map((i) => ({ path: i.path as PropertyKey[], message: i.message })))
  for (const k of ['periodStart', 'periodEnd', 'applyFrom', 'applyUntil'] as const) if (!e[k] && !isRealDay(f[k])) e[k] = '没有这一天，请检查日期'
  if (!e.applyUntil && f.applyUntil < f.periodStart) e.applyUntil = '申报截止不能早于评比周期开始'
  f.indicators.forEach((r, i) => {
    const t = num(r.target)
    if (isPercent(r.source) && t > 100) e[`ind.${i}.target`] ??= '百分比指标的目标不能超过100'
  })
  const w = weightsMessage(f.indicators)
  if (w) e.indicators ??= w
  if (saved && saved.status !== 'draft') {
    for (const k of Object.keys(e)) if (!['title', 'applyUntil', 'noticeDays', 'form'].includes(k)) delete e[k]
    if (!e.applyUntil && f.applyUntil < saved.applyUntil) e.applyUntil = `申报截止只能延后，不能早于${saved.applyUntil}`
  }
  return e
}

export const PUBLISH_PROGRAM_TEXT = (p: Pick<ProgramView, 'title' | 'applyFrom' | 'applyUntil'>) =>
  `发布后，各村（社区）、单位就能看到“${p.title}”并在${p.applyFrom}至${p.applyUntil}申报。发布后指标不能再改，只能改名称、延长申报截止和调整公示天数。确定发布吗？`
export const CLOSE_PROGRAM_TEXT = (p: Pick<ProgramView, 'title'>) => `结束后“${p.title}”不能再申报，已有的申报、评审和称号都会保留。确定结束吗？`

// ---- review -------------------------------------------------------------------------------------

export function manualValues(values: readonly IndicatorValue[]): IndicatorValue[] {
  return values.filter((v) => v.source === 'manual')
}

// Score boxes start from the stored scores (a returned and resubmitted application keeps them).
export function scoreForm(values: readonly IndicatorValue[], stored: Record<string, number>): Record<string, string> {
  return Object.fromEntries(manualValues(values).map((v) => [v.key, stored[v.key] === undefined ? '' : String(stored[v.key])]))
}

// Every manual item scored 0…weight (one decimal at most), by key.
export function scoreErrors(values: readonly IndicatorValue[], scores: Record<string, string>): FormErrors {
  const e: FormErrors = {}
  for (const v of manualValues(values)) {
    const s = (scores[v.key] ?? '').trim()
    const n = num(s)
    if (s === '') e[v.key] = `请为“${v.name}”打分（0～${v.weight}分）`
    else if (!Number.isFinite(n) || n < 0 || n > v.weight) e[v.key] = `打分要在0～${v.weight}分之间`
    else if (Math.round(n * 10) !== n * 10) e[v.key] = '最多保留一位小数'
  }
  return e
}

export function toManualScores(values: readonly IndicatorValue[], scores: Record<string, string>): Record<string, number> {
  return Object.fromEntries(manualValues(values).map((v) => [v.key, num(scores[v.key] ?? '')]))
}

// The total the application would get with these scores: automatic scores as they stand, manual ones as typed.
export function totalWith(values: readonly IndicatorValue[], scores: Record<string, string>): number {
  const t = values.reduce((n, v) => {
    if (v.source !== 'manual') return n + v.score
    const s = num(scores[v.key] ?? '')
    return n + (Number.isFinite(s) ? Math.max(0, Math.min(v.weight, s)) : 0)
  }, 0)
  return Math.round(t * 10) / 10
}

export function noticeOver(noticeEndsAt: string | null, now: Date = new Date()): boolean {
  return noticeEndsAt !== null && Date.parse(noticeEndsAt) <= now.getTime()
}

// The queue's tabs: what the reviewer acts on first.
export const QUEUE_STATUSES: readonly ApplicationStatus[] = ['submitted', 'notice', 'returned', 'awarded', 'rejected']

// ---- warnings -----------------------------------------------------------------------------------

export const COLOUR_ORDER: readonly WarningColour[] = ['red', 'yellow', 'green']
export const COLOUR_WORDS: Record<WarningColour, string> = { red: '红色', yellow: '黄色', green: '绿色' }

// Red first, then yellow, then green; by name within a colour.
export function sortTiles(items: readonly WarningView[]): WarningView[] {
  return [...items].sort((a, b) => COLOUR_ORDER.indexOf(a.colour) - COLOUR_ORDER.indexOf(b.colour) || a.node.name.localeCompare(b.node.name, 'zh'))
}

export function countsText(l: Pick<WarningList, 'counts'>): string {
  return `红色${l.counts.red}个 · 黄色${l.counts.yellow}个 · 绿色${l.counts.green}个`
}

export type RulesForm = Record<Exclude<keyof WarningRules, 'noActivityYellow'>, string> & { noActivityYellow: boolean }

export function rulesForm(r: WarningRules = DEFAULT_WARNING_RULES): RulesForm {
  return {
    casesUpRedPercent: String(r.casesUpRedPercent),
    casesRed: String(r.casesRed),
    awarenessBelow: String(r.awarenessBelow),
    overdueYellow: String(r.overdueYellow),
    overdueRed: String(r.overdueRed),
    noActivityYellow: r.noActivityYellow,
  }
}

export function toRulesInput(f: RulesForm): WarningRulesInput {
  return {
    casesUpRedPercent: num(f.casesUpRedPercent),
    casesRed: num(f.casesRed),
    awarenessBelow: num(f.awarenessBelow),
    overdueYellow: num(f.overdueYellow),
    overdueRed: num(f.overdueRed),
    noActivityYellow: f.noActivityYellow,
  }
}

const RULE_FIELDS: Record<string, string> = {
  casesUpRedPercent: '请填1到1000之间的整数',
  casesRed: '请填1到1000之间的整数',
  awarenessBelow: '请填0到100之间的整数',
  overdueYellow: '请填1到100之间的整数',
  overdueRed: '请填1到100之间的整数',
}

export function rulesErrors(issues: readonly Issue[]): FormErrors {
  const e: FormErrors = {}
  for (const i of issues) {
    const k = pathOf(i.path)[0]
    if (k && RULE_FIELDS[k]) e[k] ??= hasChinese(i.message) ? i.message : RULE_FIELDS[k]
    else e.form ??= hasChinese(i.message) ? i.message : '填写有误，请检查'
  }
  return e
}

export function validateRules(f: RulesForm): FormErrors {
  const r = WarningRulesInput.safeParse(toRulesInput(f))
  return r.success ? {} : rulesErrors(r.error.issues.map((i) => ({ path: i.path as PropertyKey[], message: i.message })))
}

// ---- case figures -------------------------------------------------------------------------------

// Organisations figures are entered for (the server's CASE_NODE_KINDS), and those opened to reach them.
export const CASE_KINDS: readonly NodeKind[] = ['village', 'community', 'school', 'enterprise', 'institution', 'building']
export const CASE_BROWSE_KINDS: readonly NodeKind[] = [...CASE_KINDS, 'grid']

export interface CaseForm {
  cases: string
  lossYuan: string
}

export function toCaseInput(nodeId: number, month: string, f: CaseForm): CaseFigureInput {
  return { nodeId, month, cases: num(f.cases), lossYuan: f.lossYuan.trim() === '' ? 0 : num(f.lossYuan) }
}

// Before sending: whole numbers, not negative, a loss only with a case. (More cases than registered
// people, or an absurd loss, the server answers with both numbers.)
export function caseErrors(f: CaseForm): FormErrors {
  const e: FormErrors = {}
  const c = num(f.cases)
  const l = f.lossYuan.trim() === '' ? 0 : num(f.lossYuan)
  if (f.cases.trim() === '') e.cases = '请填写发案数，没有发案填0'
  else if (!Number.isInteger(c) || c < 0) e.cases = '发案数请填0或正整数'
  else if (c > 100_000) e.cases = '发案数太大，请核对'
  if (!Number.isInteger(l) || l < 0) e.lossYuan = '损失请填整数（元），不能是负数'
  else if (!e.cases && c === 0 && l > 0) e.lossYuan = '没有发案时损失应为0'
  return e
}

export function caseFieldErrors(fields: readonly { path: string; message: string }[]): FormErrors {
  const e: FormErrors = {}
  for (const f of fields) {
    const k = pathOf(f.path).join('.')
    if (k === 'cases' || k === 'lossYuan') e[k] ??= f.message
    else e.form ??= f.message
  }
  return e
}

// ¥8,600 → "8,600元"
export function yuanText(n: number): string {
  return `${n.toLocaleString('en-US')}元`
}

// ---- rankings -----------------------------------------------------------------------------------

export interface RankCell {
  key: string
  name: string
  value: IndicatorValue
}

// A row's values with the program's indicator names, sources and weights, in the program's order.
export function rankCells(program: Pick<ProgramView, 'indicators'>, row: Rankings['rows'][number]): RankCell[] {
  const byKey = new Map(row.values.map((v) => [v.key, v]))
  return program.indicators.map((d) => {
    const v = byKey.get(d.key)
    return {
      key: d.key,
      name: d.name,
      value: { key: d.key, name: d.name, source: d.source, weight: d.weight, target: d.target, rule: d.rule, value: v?.value ?? null, detail: null, score: v?.score ?? 0, met: v?.met ?? false },
    }
  })
}

export function sourceLabel(s: IndicatorSource): string {
  return INDICATOR_SOURCE_LABELS[s]
}

export function rankingsFileName(p: Pick<ProgramView, 'title'>): string {
  return `${p.title.replace(/[\\/:*?"<>|\s]+/g, '')}-排名.xlsx`
}

// ---- files --------------------------------------------------------------------------------------

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

// The printable certificate (an SVG page): a browser opens it to print; WeChat cannot print, so
// the link is copied for a computer's browser.
export async function openCertificate(url: string): Promise<'opened' | 'copied'> {
  if (!IS_WEAPP) {
    window.open(fileSrc(url), '_blank')
    return 'opened'
  }
  await Taro.setClipboardData({ data: fileSrc(url) })
  return 'copied'
}
