// The pledge staff pages' logic, kept free of UI for tests: the campaign and roster forms and their
// translation to the API inputs, field errors in plain Chinese, China-time deadlines, rates and
// progress bars, the scope picker's rules, the remind result and the class card's share title.
import {
  GUARDIAN_RELATIONSHIP_LABELS,
  NODE_KIND_LABELS,
  PLEDGE_KINDS,
  PLEDGE_KIND_AUDIENCES,
  type NodeKind,
  type PledgeAudience,
  type PledgeKind,
  type Role,
} from '@wuzha/shared/dist/enums'
import { roleHas, type Permission } from '@wuzha/shared/dist/roles'
import {
  PledgeCampaignInput,
  PledgeTemplateInput,
  RosterEntryInput,
  type PledgeCampaignView,
  type PledgeRemindResponse,
  type PledgeTemplateView,
  type RosterEntryView,
} from '@wuzha/shared/dist/schemas/pledge'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'

export const PLEDGE_PAGES = {
  campaigns: '/pages/pledge-campaigns/index',
  campaignEdit: '/pages/pledge-campaign-edit/index',
  roster: '/pages/pledge-roster/index',
  progress: '/pages/pledge-progress/index',
  templates: '/pages/pledge-templates/index',
  // the signer's page (helper pages of the signing side): a class card opens it
  sign: '/pages/pledge-sign/index',
} as const

// Errors keyed by form field ('form' for the rest).
export type FormErrors = Record<string, string>
type Issue = { path: string | readonly PropertyKey[]; message: string }

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s)

// A zod or server issue path ("body.scopeNodeIds.2" or ["scopeNodeIds", 2]) without "body." (a
// text's own field is named body: "body.body" from the server, ["body"] from zod).
function pathOf(p: string | readonly PropertyKey[]): string[] {
  const parts = typeof p === 'string' ? p.split('.') : p.map(String)
  return (parts[0] === 'body' || parts[0] === 'query') && parts.length > 1 ? parts.slice(1) : parts
}

// Maps issues to form fields through a table of [field, message used when zod's is not Chinese].
function errorsBy(table: Record<string, [string, string]>, issues: readonly Issue[], plain: readonly string[] = []): FormErrors {
  const e: FormErrors = {}
  for (const i of issues) {
    const entry = table[pathOf(i.path)[0] ?? '']
    if (!entry) {
      e.form ??= hasChinese(i.message) ? i.message : '填写有误，请检查'
      continue
    }
    const [field, fallback] = entry
    // a number's range or a format is clearer in our words than in zod's
    e[field] ??= hasChinese(i.message) && !plain.includes(field) ? i.message : fallback
  }
  return e
}

// ---- who may do what ----------------------------------------------------------------------------

export function membershipsWith(me: MeResponse, p: Permission): MembershipView[] {
  return me.memberships.filter((m) => roleHas(m.role, p))
}

const uniqueNodes = (ms: MembershipView[]) => ms.filter((m, i, all) => all.findIndex((x) => x.node.id === m.node.id) === i)

// Towns and schools where the person may run campaigns (pledge.manage held there).
export function pledgeOwners(me: MeResponse): MembershipView[] {
  return uniqueNodes(membershipsWith(me, 'pledge.manage').filter((m) => m.node.kind === 'town' || m.node.kind === 'school'))
}

// The node whose campaigns the list shows: the one asked for if the person tracks or manages there,
// else their first such membership.
export function trackingNode(me: MeResponse, nodeId?: number): MembershipView | null {
  const ms = me.memberships.filter((m) => roleHas(m.role, 'pledge.track') || roleHas(m.role, 'pledge.manage'))
  return ms.find((m) => m.node.id === nodeId) ?? ms[0] ?? null
}

// Who reminds whom: teachers, school admins and town admins for students; village cadres and town
// admins for residents; unit contacts and town admins for staff and units (the server decides too).
const REMINDERS: Record<PledgeAudience, readonly Role[]> = {
  students: ['teacher', 'school_admin', 'town_admin'],
  residents: ['village_cadre', 'town_admin'],
  staff: ['unit_contact', 'town_admin'],
  units: ['unit_contact', 'town_admin'],
}
export function canRemind(me: MeResponse, audience: PledgeAudience): boolean {
  return me.memberships.some((m) => REMINDERS[audience].includes(m.role))
}

// Student names and numbers: only teachers, school admins and town admins.
export function seesChildren(me: MeResponse): boolean {
  return me.memberships.some((m) => m.role === 'teacher' || m.role === 'school_admin' || m.role === 'town_admin')
}

// ---- rates and deadlines ------------------------------------------------------------------------

// A rate in percent (the server's signRate: 86.7) for people; null → "—".
export function rateText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—'
  return `${Math.round(rate * 10) / 10}%`
}

// Width of a progress bar in percent, 0..100.
export function barWidth(rate: number | null | undefined): number {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return 0
  return Math.max(0, Math.min(100, rate))
}

// Green at or above the target, amber from half of it, red below.
export function rateTone(rate: number | null | undefined, target: number): 'good' | 'mid' | 'low' {
  const r = rate ?? 0
  if (r >= target) return 'good'
  return r >= target / 2 ? 'mid' : 'low'
}

export interface DateTime {
  date: string // YYYY-MM-DD, China time
  time: string // HH:mm, China time
}

const CHINA_OFFSET_MS = 8 * 3600_000
const pad = (n: number) => String(n).padStart(2, '0')

// Deadlines are China time whatever the phone's zone (a school in 庆元 means 18:00 in China).
export function chinaDateTime(d: Date | string): DateTime {
  const t = new Date(new Date(d).getTime() + CHINA_OFFSET_MS)
  return { date: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`, time: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}` }
}

export function chinaIso(v: DateTime): string {
  const [y, mo, da] = v.date.split('-').map(Number)
  const [h, mi] = v.time.split(':').map(Number)
  return new Date(Date.UTC(y, mo - 1, da, h, mi) - CHINA_OFFSET_MS).toISOString()
}

// "12月6日 18:00" in China time (with the year when not this year).
export function deadlineText(iso: string, now: Date = new Date()): string {
  const v = chinaDateTime(iso)
  const [y, mo, da] = v.date.split('-').map(Number)
  const day = `${mo}月${da}日 ${v.time}`
  return y === Number(chinaDateTime(now).date.slice(0, 4)) ? day : `${y}年${day}`
}

// "还剩3天" / "还剩5小时" / "已截止".
export function timeLeft(iso: string, now: Date = new Date()): string {
  const ms = new Date(iso).getTime() - now.getTime()
  if (ms <= 0) return '已截止'
  const hours = Math.floor(ms / 3600_000)
  if (hours >= 48) return `还剩${Math.floor(hours / 24)}天`
  if (hours >= 1) return `还剩${hours}小时`
  return `还剩${Math.max(1, Math.floor(ms / 60_000))}分钟`
}

// ---- campaign form ------------------------------------------------------------------------------

export interface PledgeCampaignForm {
  ownerNodeId: number
  kind: PledgeKind
  templateId: number | null
  audience: PledgeAudience
  title: string
  intro: string
  scopeNodeIds: number[]
  deadline: DateTime
  targetPercent: string
  guardianSigns: boolean
}

// A school runs campaigns for its students and staff; a town for any audience in it.
export function ownerAudiences(ownerKind: NodeKind): PledgeAudience[] {
  return ownerKind === 'school' ? ['students', 'staff'] : ['students', 'residents', 'staff', 'units']
}

export function kindAudiences(kind: PledgeKind, ownerKind: NodeKind): PledgeAudience[] {
  const allowed = ownerAudiences(ownerKind)
  return PLEDGE_KIND_AUDIENCES[kind].filter((a) => allowed.includes(a))
}

// Kinds of text an owner can use (those with an audience it may address).
export function ownerKinds(ownerKind: NodeKind): PledgeKind[] {
  return PLEDGE_KINDS.filter((k) => kindAudiences(k, ownerKind).length > 0)
}

// Node kinds a scope may name per audience (mirrors the server's SCOPE_KINDS).
export const SCOPE_KINDS: Record<PledgeAudience, readonly NodeKind[]> = {
  students: ['school', 'grade', 'class'],
  residents: ['town', 'village', 'community', 'grid'],
  staff: ['town', 'village', 'community', 'school', 'enterprise', 'institution', 'building'],
  units: ['town', 'village', 'community', 'grid', 'enterprise', 'institution', 'building'],
}
// Node kinds the scope picker lists (selectable ones and the ones to open to reach them).
export const SCOPE_BROWSE_KINDS: Record<PledgeAudience, readonly NodeKind[]> = {
  students: ['school', 'grade', 'class'],
  residents: ['village', 'community', 'grid'],
  staff: ['village', 'community', 'grid', 'school', 'enterprise', 'institution', 'building'],
  units: ['village', 'community', 'grid', 'enterprise', 'institution', 'building'],
}

export function scopeSelectable(audience: PledgeAudience, kind: NodeKind): boolean {
  return SCOPE_KINDS[audience].includes(kind)
}

// What the scope picker says to choose, per audience.
export const SCOPE_HINT: Record<PledgeAudience, string> = {
  students: '选择班级（或整个年级、整个学校），学生按班级花名册签署。',
  residents: '选择村、社区或网格，居民本人签署。',
  staff: '选择单位、学校或村（社区），职工和教职工本人签署。',
  units: '选择单位，或村（社区）、整个镇表示其中所有单位，由单位联络员代表单位签署。',
}

// Students campaigns lie inside one school: the whole school is the natural default for a school.
export function defaultScope(audience: PledgeAudience, owner: { id: number; kind: NodeKind }): number[] {
  if (audience === 'students') return owner.kind === 'school' ? [owner.id] : []
  return owner.kind === 'town' ? [owner.id] : []
}

export function emptyPledgeCampaign(owner: { id: number; kind: NodeKind }, now = new Date()): PledgeCampaignForm {
  const kind: PledgeKind = owner.kind === 'school' ? 'student' : 'resident'
  const audience = kindAudiences(kind, owner.kind)[0]
  // two weeks from today, 18:00 China time
  const day = chinaDateTime(new Date(now.getTime() + 14 * 86400_000)).date
  return {
    ownerNodeId: owner.id,
    kind,
    templateId: null,
    audience,
    title: '',
    intro: '',
    scopeNodeIds: defaultScope(audience, owner),
    deadline: { date: day, time: '18:00' },
    targetPercent: '100',
    guardianSigns: false,
  }
}

// Another kind of text: its first allowed audience, no template yet, the scope from scratch.
export function withKind(f: PledgeCampaignForm, kind: PledgeKind, owner: { id: number; kind: NodeKind }): PledgeCampaignForm {
  if (kind === f.kind) return f
  const audiences = kindAudiences(kind, owner.kind)
  const audience = audiences.includes(f.audience) ? f.audience : audiences[0]
  return withAudience({ ...f, kind, templateId: null }, audience, owner)
}

export function withAudience(f: PledgeCampaignForm, audience: PledgeAudience, owner: { id: number; kind: NodeKind }): PledgeCampaignForm {
  if (audience === f.audience) return f
  return { ...f, audience, scopeNodeIds: defaultScope(audience, owner), guardianSigns: audience === 'students' ? f.guardianSigns : false }
}

export function pledgeCampaignFromView(c: PledgeCampaignView): PledgeCampaignForm {
  return {
    ownerNodeId: c.owner.id,
    kind: c.kind,
    templateId: c.template.id,
    audience: c.audience,
    title: c.title,
    intro: c.intro,
    scopeNodeIds: c.scope.map((n) => n.id),
    deadline: chinaDateTime(c.deadline),
    targetPercent: String(c.targetPercent),
    guardianSigns: c.guardianSigns,
  }
}

export function toPledgeCampaignInput(f: PledgeCampaignForm): PledgeCampaignInput {
  return {
    ownerNodeId: f.ownerNodeId,
    // 0 is refused by the schema as "choose a text"
    templateId: f.templateId ?? 0,
    audience: f.audience,
    title: f.title.trim(),
    ...(f.intro.trim() ? { intro: f.intro.trim() } : {}),
    scopeNodeIds: f.scopeNodeIds,
    deadline: chinaIso(f.deadline),
    targetPercent: Number(f.targetPercent.trim() || NaN),
    guardianSigns: f.audience === 'students' ? f.guardianSigns : false,
  }
}

const CAMPAIGN_FIELDS: Record<string, [string, string]> = {
  ownerNodeId: ['owner', '请选择发起单位'],
  templateId: ['template', '请选择一份承诺书'],
  audience: ['audience', '请选择签署对象'],
  title: ['title', '请填写标题，2到60个字'],
  intro: ['intro', '说明不能超过500个字'],
  scopeNodeIds: ['scope', '请至少选择一个签署范围'],
  deadline: ['deadline', '请选择截止时间'],
  targetPercent: ['target', '目标请填1到100之间的整数'],
  guardianSigns: ['guardianSigns', '设置有误'],
}

// Errors keyed by form field (owner, template, audience, title, intro, scope, deadline, target).
export function pledgeCampaignErrors(issues: readonly Issue[]): FormErrors {
  return errorsBy(CAMPAIGN_FIELDS, issues, ['target', 'scope', 'template', 'deadline'])
}

// Domain errors of the server that belong to one field.
export const CAMPAIGN_CODE_FIELD: Record<string, string> = {
  PLEDGE_KIND_AUDIENCE_MISMATCH: 'audience',
  PLEDGE_SCOPE_INVALID: 'scope',
  PLEDGE_NOT_EDITABLE: 'form',
  PLEDGE_BAD_STATE: 'form',
}

// The client-side check before saving: the schema the server uses plus the cross-field rules.
// `published`: only title, intro and deadline can change, and the deadline must still be ahead.
export function validatePledgeCampaign(f: PledgeCampaignForm, ownerKind: NodeKind, now = new Date()): FormErrors {
  const r = PledgeCampaignInput.safeParse(toPledgeCampaignInput(f))
  const e = r.success ? {} : pledgeCampaignErrors(r.error.issues.map((i) => ({ path: i.path as PropertyKey[], message: i.message })))
  if (!kindAudiences(f.kind, ownerKind).includes(f.audience)) e.audience ??= '这种承诺书不能发给所选的签署对象'
  if (f.templateId === null) e.template = '请选择一份承诺书'
  if (f.scopeNodeIds.length === 0) e.scope = f.audience === 'students' ? '请选择要签署的班级' : '请至少选择一个签署范围'
  if (!e.deadline && new Date(chinaIso(f.deadline)).getTime() <= now.getTime()) e.deadline = '截止时间要晚于现在'
  return e
}

// The confirmations before publishing (the text version is fixed) and closing.
export const PUBLISH_TEXT = (c: Pick<PledgeCampaignView, 'title' | 'template'>) =>
  `发布后，“${c.title}”就可以签署了。承诺书的内容固定为第${c.template.version}版，签署对象、范围和目标也不能再改，只能改标题、说明和截止时间。确定发布吗？`
export const CLOSE_TEXT = (c: Pick<PledgeCampaignView, 'title'>) => `结束后就不能再签“${c.title}”了，已签的承诺书和名单都会保留。确定结束吗？`

// ---- templates ----------------------------------------------------------------------------------

export interface TemplateForm {
  kind: PledgeKind
  title: string
  body: string
}

export function templateFormFrom(t: Pick<PledgeTemplateView, 'kind' | 'current'>): TemplateForm {
  return { kind: t.kind, title: t.current.title, body: t.current.body }
}

export function toTemplateInput(f: TemplateForm): PledgeTemplateInput {
  // paragraphs: trimmed lines, runs of blank lines folded to one
  const body = f.body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return { kind: f.kind, title: f.title.trim(), body }
}

const TEMPLATE_FIELDS: Record<string, [string, string]> = {
  kind: ['kind', '请选择承诺书种类'],
  title: ['title', '请填写标题，2到40个字'],
  body: ['body', '请填写正文，20到5000个字'],
}

export function templateErrors(issues: readonly Issue[]): FormErrors {
  return errorsBy(TEMPLATE_FIELDS, issues)
}

export function validateTemplate(f: TemplateForm): FormErrors {
  const r = PledgeTemplateInput.safeParse(toTemplateInput(f))
  return r.success ? {} : templateErrors(r.error.issues.map((i) => ({ path: i.path as PropertyKey[], message: i.message })))
}

// Paragraphs of a text for display.
export function paragraphs(body: string): string[] {
  return body.split('\n').map((l) => l.trim()).filter(Boolean)
}

// The first characters of a hash, enough to tell versions apart on screen.
export function shortHash(h: string): string {
  return h.slice(0, 8)
}

// ---- roster -------------------------------------------------------------------------------------

export interface RosterForm {
  classId: number
  name: string
  studentNo: string
  birthYear: string
  guardianPhone: string
}

export function emptyRosterEntry(classId: number): RosterForm {
  return { classId, name: '', studentNo: '', birthYear: '', guardianPhone: '' }
}

// Editing: the phone is shown masked only, so the field starts empty (the page says what that does).
export function rosterFormFrom(e: RosterEntryView): RosterForm {
  return { classId: e.class.id, name: e.name, studentNo: e.studentNo, birthYear: e.birthYear === null ? '' : String(e.birthYear), guardianPhone: '' }
}

export function toRosterInput(f: RosterForm): RosterEntryInput {
  const year = f.birthYear.trim()
  const phone = f.guardianPhone.replace(/[\s-]/g, '')
  return {
    classId: f.classId,
    name: f.name.trim(),
    studentNo: f.studentNo.trim(),
    birthYear: year ? Number(year) : null,
    guardianPhone: phone || null,
  }
}

const ROSTER_FIELDS: Record<string, [string, string]> = {
  classId: ['classId', '请选择班级'],
  name: ['name', '请填写学生姓名，2到20个字'],
  studentNo: ['studentNo', '请填写学号'],
  birthYear: ['birthYear', '出生年份请填4位数字，例如2013，不知道可以不填'],
  guardianPhone: ['guardianPhone', '请填写11位手机号，没有可以不填'],
}

export function rosterErrors(issues: readonly Issue[]): FormErrors {
  return errorsBy(ROSTER_FIELDS, issues, ['birthYear'])
}

export function validateRosterEntry(f: RosterForm): FormErrors {
  const r = RosterEntryInput.safeParse(toRosterInput(f))
  return r.success ? {} : rosterErrors(r.error.issues.map((i) => ({ path: i.path as PropertyKey[], message: i.message })))
}

export const ROSTER_CODE_FIELD: Record<string, string> = { ROSTER_DUPLICATE: 'studentNo' }

// ---- progress: reminders and the class card -----------------------------------------------------

// What a remind did, in one sentence for the teacher.
export function remindSummary(r: PledgeRemindResponse): string {
  if (r.disabled) return '微信提醒还没有开通。请点“分享班级卡片”，发到家长群里提醒大家。'
  const parts = [r.sent > 0 ? `已给${r.sent}人发了微信提醒` : '这次没有可以发微信提醒的人']
  if (r.noConsent > 0) parts.push(`${r.noConsent}人没有开通提醒，请分享班级卡片到群里`)
  if (r.recent > 0) parts.push(`${r.recent}人一天内已提醒过`)
  return `${parts.join('；')}。`
}

// The class card: counts only, never who has not signed.
export function shareCard(c: { id: number; title: string }, node: { id: number; name: string; kind: NodeKind }, signed: number, total: number): { title: string; path: string } {
  const classId = node.kind === 'class' ? `&classId=${node.id}` : ''
  return {
    title: `${node.name}已签${signed}人，共${total}人：请签《${c.title}》`,
    path: `${PLEDGE_PAGES.sign}?id=${c.id}${classId}`,
  }
}

export function nodeKindLabel(kind: NodeKind): string {
  return NODE_KIND_LABELS[kind]
}

// The signer rows' who-signed words.
export function signerText(row: { signerType: 'self' | 'guardian' | 'unit' | null; relationship: keyof typeof GUARDIAN_RELATIONSHIP_LABELS | null }): string {
  if (row.signerType === 'guardian') return `家长代签${row.relationship ? `（${GUARDIAN_RELATIONSHIP_LABELS[row.relationship]}）` : ''}`
  if (row.signerType === 'unit') return '单位签署'
  if (row.signerType === 'self') return '本人签署'
  return ''
}

// What is counted: people, or units (家).
export function countUnit(audience: PledgeAudience): string {
  return audience === 'units' ? '家' : '人'
}
