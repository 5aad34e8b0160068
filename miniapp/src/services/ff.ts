// 无诈创建, the applicant's side without UI: typed calls, who may apply for what, the words shown for
// an indicator, a window, an application or a title, and the application form.
// Type-only imports from the schemas keep zod out of the bundle.
import {
  APPLICATION_STATUS_LABELS,
  AWARD_STATE_LABELS,
  LOWER_IS_BETTER,
  PERCENT_SOURCES,
  PROGRAM_KIND_LABELS,
  PROGRAM_KIND_NODE_KINDS,
  type ApplicationStatus,
  type IndicatorSource,
  type NodeKind,
  type ProgramKind,
} from '@wuzha/shared/dist/enums'
import { roleHas } from '@wuzha/shared/dist/roles'
import type { FileView } from '@wuzha/shared/dist/schemas/bulletins'
import type {
  ActivityInput,
  ActivityListQuery,
  ApplicationInput,
  ApplicationView,
  AwardView,
  IndicatorValue,
  IndicatorView,
  ProgramView,
} from '@wuzha/shared/dist/schemas/fraud-free'
import type { MembershipView, NodeRef } from '@wuzha/shared/dist/schemas/org'
import { errorText as plainError } from './error-text'
import { API_BASE, api } from './request'

export const FF_PAGES = {
  programs: '/pages/ff/programs/index',
  mine: '/pages/ff/mine/index',
  apply: '/pages/ff/apply/index',
  activities: '/pages/ff/activities/index',
} as const

// ---- calls (pages show the errors themselves) ------------------------------------------------
export const ffCalls = {
  programs: (nodeId: number) => api('ff.programs.list', { query: { nodeId, status: 'published' }, toast: false }),
  program: (id: number) => api('ff.programs.get', { params: { id }, toast: false }),
  indicators: (id: number, nodeId: number) => api('ff.indicators', { params: { id }, query: { nodeId }, toast: false }),
  applications: (nodeId: number, programId?: number) => api('ff.applications.list', { query: { nodeId, ...(programId ? { programId } : {}) }, toast: false }),
  application: (id: number) => api('ff.applications.get', { params: { id }, toast: false }),
  create: (programId: number, body: ApplicationInput) => api('ff.applications.create', { params: { id: programId }, body, toast: false }),
  update: (id: number, body: ApplicationInput) => api('ff.applications.update', { params: { id }, body, toast: false }),
  submit: (id: number) => api('ff.applications.submit', { params: { id }, toast: false }),
  awards: (nodeId: number) => api('ff.awards.list', { query: { nodeId }, toast: false }),
  warnings: (nodeId: number) => api('ff.warnings.list', { query: { nodeId }, toast: false }),
  activities: (q: Partial<ActivityListQuery> & { nodeId: number }) => api('ff.activities.list', { query: { limit: 20, ...q }, toast: false }),
  logActivity: (body: ActivityInput) => api('ff.activities.create', { body, toast: false }),
  removeActivity: (id: number) => api('ff.activities.remove', { params: { id }, toast: false }),
}

// ---- who applies for what ----------------------------------------------------------------------

// The organisations this person may apply for (ff.apply: village cadres, unit contacts, school admins).
export function applicantNodes(memberships: readonly MembershipView[]): NodeRef[] {
  return uniqueNodes(memberships.filter((m) => roleHas(m.role, 'ff.apply')).map((m) => m.node))
}

// Where this person may log propaganda activities (activities.write), below the town.
export function ledgerNodes(memberships: readonly MembershipView[]): NodeRef[] {
  return uniqueNodes(memberships.filter((m) => roleHas(m.role, 'activities.write') && m.node.kind !== 'town' && m.node.kind !== 'county').map((m) => m.node))
}

function uniqueNodes(nodes: NodeRef[]): NodeRef[] {
  const seen = new Set<number>()
  return nodes.filter((n) => (seen.has(n.id) ? false : (seen.add(n.id), true)))
}

export function fitsKind(kind: ProgramKind, nodeKind: NodeKind): boolean {
  return PROGRAM_KIND_NODE_KINDS[kind].includes(nodeKind)
}

// The organisation in plain words, as the explanations say it: 本村（社区）, 本单位, 本校, 本楼宇.
export function ourWord(kind: ProgramKind): string {
  return { community: '本村（社区）', unit: '本单位', campus: '本校', building: '本楼宇' }[kind]
}

// ---- dates and windows -------------------------------------------------------------------------

// '2026-03-01' → '2026年3月1日'
export function dayText(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return y && m && d ? `${y}年${m}月${d}日` : day
}

// 2026-03-01 in China time (the server's days are China days)
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

export type WindowState = 'open' | 'soon' | 'over'

export function windowState(p: Pick<ProgramView, 'status' | 'applyFrom' | 'applyUntil' | 'open'>, today = chinaToday()): WindowState {
  if (p.open) return 'open'
  if (p.status === 'published' && today < p.applyFrom) return 'soon'
  return 'over'
}

export function windowText(p: Pick<ProgramView, 'status' | 'applyFrom' | 'applyUntil' | 'open'>, today = chinaToday()): string {
  const s = windowState(p, today)
  if (s === 'open') return `正在申报，${dayText(p.applyUntil)}截止`
  if (s === 'soon') return `${dayText(p.applyFrom)}开始申报`
  return p.status === 'closed' ? '评比已结束' : `申报已截止（${dayText(p.applyUntil)}）`
}

// ---- indicators in plain words -----------------------------------------------------------------

// What counts, for people who did not write the rules.
export function explainSource(source: IndicatorSource, kind: ProgramKind): string {
  const we = ourWord(kind)
  switch (source) {
    case 'quiz_participation':
      return `镇里组织的反诈答题中，${we}应参加的人里，已经参加答题的比例。`
    case 'quiz_awareness':
      return '参加答题的人里，成绩及格的比例，就是“知晓率”。'
    case 'pledge_rate':
      return `镇里发起的承诺书签署中，${we}应签的人（或单位）里，已经签署的比例。`
    case 'forward_timeliness':
      return '镇里下发的三级群信息，在规定时间前转发到群里（或线下传达）的比例。只算已经过了截止时间的。'
    case 'group_reach':
      return `${we}已绑定的微信群里，评比期间至少有人打开过一条信息的群所占的比例。`
    case 'feedback_sent':
      return `评比期间${we}向上级发送的基层反馈条数。`
    case 'activities':
      return `评比期间在“宣传活动台账”里登记的活动次数，下属网格、班级登记的也算。`
    case 'activity_people':
      return '评比期间登记的宣传活动一共覆盖了多少人次。'
    case 'cases':
      return `评比期间${we}发生的电信网络诈骗案件数，由派出所填报，越少越好。`
    case 'case_loss':
      return '评比期间案件造成的损失金额，由派出所填报，越少越好。'
    case 'manual':
      return '由镇里的评审人员根据您上传的材料打分。'
  }
}

const UNITS: Partial<Record<IndicatorSource, string>> = {
  feedback_sent: '条',
  activities: '次',
  activity_people: '人次',
  cases: '起',
  case_loss: '元',
}

function amount(source: IndicatorSource, n: number): string {
  if (PERCENT_SOURCES.includes(source)) return `${n}%`
  if (source === 'manual') return `${n}分`
  return `${n}${UNITS[source] ?? ''}`
}

// 86.5%（45/52）, 12次, 暂无数据, 待评审打分
export function valueText(v: Pick<IndicatorValue, 'source' | 'value' | 'detail'>): string {
  if (v.value === null) return v.source === 'manual' ? '待评审打分' : '暂无数据'
  const base = amount(v.source, v.value)
  return v.detail && PERCENT_SOURCES.includes(v.source) ? `${base}（${v.detail.numerator}/${v.detail.denominator}）` : base
}

// 目标 ≥ 92%, 目标 ≤ 2起, 满分10分
export function targetText(v: Pick<IndicatorValue, 'source' | 'target' | 'weight'>): string {
  if (v.source === 'manual') return `满分${v.weight}分`
  return `目标 ${LOWER_IS_BETTER.includes(v.source) ? '≤' : '≥'} ${amount(v.source, v.target)}`
}

// How points are given, in one sentence.
export function ruleText(v: Pick<IndicatorValue, 'source' | 'rule' | 'weight'>): string {
  if (v.source === 'manual') return `评审打0～${v.weight}分。`
  if (LOWER_IS_BETTER.includes(v.source)) return v.rule === 'threshold' ? `不超过目标得${v.weight}分，超过不得分。` : `不超过目标得${v.weight}分，超过越多得分越少。`
  return v.rule === 'threshold' ? `达到目标得${v.weight}分，达不到不得分。` : `按完成的比例得分，达到目标得满分${v.weight}分。`
}

export type MetState = 'met' | 'unmet' | 'nodata' | 'pending'

export function metState(v: Pick<IndicatorValue, 'source' | 'value' | 'met'>): MetState {
  if (v.value === null) return v.source === 'manual' ? 'pending' : 'nodata'
  return v.met ? 'met' : 'unmet'
}

export const MET_LABELS: Record<MetState, string> = { met: '达标', unmet: '未达标', nodata: '暂无数据', pending: '待评审' }

// The program's own note of an indicator (e.g. 上传会议记录或照片), by key.
export function noteOf(program: Pick<ProgramView, 'indicators'>, key: string): string | null {
  return program.indicators.find((i: IndicatorView) => i.key === key)?.note ?? null
}

// ---- applications and titles ------------------------------------------------------------------

export function statusLabel(s: ApplicationStatus | null): string {
  return s ? APPLICATION_STATUS_LABELS[s] : '未申报'
}

// One sentence under the status: what happens next.
export function statusHint(app: Pick<ApplicationView, 'status' | 'noticeEndsAt'>): string {
  switch (app.status) {
    case 'draft':
      return '还没有提交。写好自我评价、传好材料后，点“提交申报”。'
    case 'submitted':
      return '已提交，镇里正在评审，请耐心等待。'
    case 'returned':
      return '镇里退回了申报，请按评审意见修改后重新提交。'
    case 'notice':
      return app.noticeEndsAt ? `评审通过，正在公示，${shortTime(app.noticeEndsAt)}结束。` : '评审通过，正在公示。'
    case 'awarded':
      return '已授牌，祝贺！'
    case 'rejected':
      return '这次没有通过。'
  }
}

// the title a program gives: 无诈社区（村）
export function titleOf(kind: ProgramKind): string {
  return PROGRAM_KIND_LABELS[kind]
}

export function awardLine(a: Pick<AwardView, 'kind' | 'state' | 'validUntil'>): string {
  const valid = a.state === 'active' || a.state === 'review' ? `，有效期到${shortDay(a.validUntil)}` : ''
  return `“${titleOf(a.kind)}”称号（${AWARD_STATE_LABELS[a.state]}）${valid}`
}

// An ISO time as a China date (and time): 2026年3月8日 18:30
export function shortTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  if (Number.isNaN(d.getTime())) return ''
  const hm = d.toISOString().slice(11, 16)
  return `${dayText(d.toISOString().slice(0, 10))} ${hm}`
}

export function shortDay(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  return Number.isNaN(d.getTime()) ? '' : dayText(d.toISOString().slice(0, 10))
}

// Signed file links (evidence, photos, certificates) come relative to the API; WeChat needs an absolute address.
export function fileSrc(url: string): string {
  return url.startsWith('/') ? API_BASE + url : url
}

export function isPdf(f: Pick<FileView, 'mime'>): boolean {
  return f.mime === 'application/pdf'
}

// Errors in plain words: the server's message, the first field error when there is one.
export function errorText(e: unknown, notFound = '没有找到，可能已被删除，或者您没有查看的权限'): string {
  return plainError(e, notFound)
}

// ---- the application form -----------------------------------------------------------------------
export const MAX_FILES = 9
export const MIN_SELF = 10
export const MAX_SELF = 2000
export const MAX_NOTE = 300

export interface EvidenceDraft {
  note: string
  files: FileView[]
}

export interface ApplyForm {
  selfAssessment: string
  // by indicator key
  evidence: Record<string, EvidenceDraft>
}

export function formFrom(program: Pick<ProgramView, 'indicators'>, app: Pick<ApplicationView, 'selfAssessment' | 'evidence'> | null): ApplyForm {
  const evidence: Record<string, EvidenceDraft> = {}
  for (const i of program.indicators) evidence[i.key] = { note: '', files: [] }
  for (const e of app?.evidence ?? []) evidence[e.indicatorKey] = { note: e.note ?? '', files: [...e.files] }
  return { selfAssessment: app?.selfAssessment ?? '', evidence }
}

// What the API takes: only the indicators with a note or a file, in the program's order.
export function toInput(nodeId: number, program: Pick<ProgramView, 'indicators'>, form: ApplyForm): ApplicationInput {
  const evidence = program.indicators.flatMap((i) => {
    const e = form.evidence[i.key]
    if (!e) return []
    const note = e.note.trim()
    if (!note && e.files.length === 0) return []
    return [{ indicatorKey: i.key, ...(note ? { note } : {}), fileIds: e.files.map((f) => f.id) }]
  })
  return { nodeId, selfAssessment: form.selfAssessment.trim(), evidence }
}

// The one thing to fix before saving, or null.
export function formProblem(form: ApplyForm, program: Pick<ProgramView, 'indicators'>): string | null {
  const n = form.selfAssessment.trim().length
  if (n < MIN_SELF) return n === 0 ? `请先写自我评价（至少${MIN_SELF}个字）` : `自我评价至少写${MIN_SELF}个字，现在是${n}个字`
  if (n > MAX_SELF) return `自我评价最多${MAX_SELF}个字，现在是${n}个字`
  for (const i of program.indicators) {
    if ((form.evidence[i.key]?.note.trim().length ?? 0) > MAX_NOTE) return `“${i.name}”的说明最多${MAX_NOTE}个字`
  }
  return null
}
