// The signer's side of pledges without UI: typed calls, the form rules the server also applies,
// and the words shown for a campaign, a signature or an error.
// Type-only imports from the schemas keep zod out of the bundle.
import Taro from '@tarojs/taro'
import { GUARDIAN_RELATIONSHIPS, GUARDIAN_RELATIONSHIP_LABELS, type GuardianRelationship } from '@wuzha/shared/dist/enums'
import { errorMessage } from '@wuzha/shared/dist/errors'
import type { MatchView, SignPageView, SignRequest, SignatureView, StudentRef } from '@wuzha/shared/dist/schemas/pledge'
import { errorText as plainError } from './error-text'
import { API_BASE, api } from './request'
import { formatWhen } from './when'

export const PLEDGE_PAGES = {
  sign: '/pages/pledge-sign/index',
  mine: '/pages/pledges/index',
  view: '/pages/pledge-view/index',
  verify: '/pages/pledge-verify/index',
} as const

// ---- calls (pages show the errors themselves) ------------------------------------------------
export const pledgeCalls = {
  page: (id: number, classId?: number) => api('pledge.sign.page', { params: { id }, query: classId ? { classId } : {}, toast: false }),
  match: (id: number, student: StudentRef) => api('pledge.sign.match', { params: { id }, body: { student }, toast: false }),
  submit: (id: number, body: SignRequest) => api('pledge.sign.submit', { params: { id }, body, toast: false }),
  subscribe: (id: number, student?: StudentRef) => api('pledge.sign.subscribe', { params: { id }, body: student ? { student } : {}, toast: false }),
  mine: () => api('pledge.mine', { toast: false }),
  signature: (id: number) => api('pledge.signatures.get', { params: { id }, toast: false }),
  verify: (code: string) => api('pledge.verify', { params: { code }, toast: false }),
}

// ---- words ------------------------------------------------------------------------------------
const DAY_MS = 24 * 3600_000

// 截止 11月30日 18:00（还剩 3 天）; the last day counts in hours.
export function deadlineText(deadline: string, now: Date = new Date()): string {
  const left = Date.parse(deadline) - now.getTime()
  const when = `截止 ${formatWhen(deadline, now)}`
  if (!Number.isFinite(left)) return when
  if (left <= 0) return `${when}（已截止）`
  if (left < DAY_MS) return `${when}（还剩 ${Math.max(1, Math.floor(left / 3600_000))} 小时）`
  return `${when}（还剩 ${Math.floor(left / DAY_MS)} 天）`
}

export const RELATIONSHIP_OPTIONS: { value: GuardianRelationship; label: string }[] = GUARDIAN_RELATIONSHIPS.map((value) => ({
  value,
  label: GUARDIAN_RELATIONSHIP_LABELS[value],
}))

// Who signed, in one line: 吴海涛（父亲）为 吴*轩 签署 · 郑伟（总经理）代表 和平纺织有限公司.
export function signerLine(s: Pick<SignatureView, 'signerType' | 'signerName' | 'studentMasked' | 'relationship' | 'unitName' | 'signerTitle'>): string {
  if (s.signerType === 'guardian') {
    const rel = s.relationship ? `（${GUARDIAN_RELATIONSHIP_LABELS[s.relationship]}）` : ''
    return `${s.signerName}${rel}为 ${s.studentMasked ?? '学生'} 签署`
  }
  if (s.signerType === 'unit') return `${s.signerName}${s.signerTitle ? `（${s.signerTitle}）` : ''}代表 ${s.unitName ?? '单位'}`
  return s.studentMasked ? `${s.studentMasked}（学生本人）` : s.signerName
}

// The reason code of SignPageView.reason in plain words.
export function reasonText(code: string | null): string {
  if (!code) return '现在不能签署'
  const m = errorMessage(code as Parameters<typeof errorMessage>[0])
  return m || '现在不能签署'
}

// Errors in plain words: the server's message, except where a page has better words for a code.
export function errorText(e: unknown, notFound = '没有找到这份承诺书，请核对链接或联系发起单位'): string {
  return plainError(e, notFound)
}

// Pledge images come as signed links relative to the API; WeChat needs an absolute address.
export function imageSrc(url: string): string {
  return url.startsWith('/') ? API_BASE + url : url
}

// ---- the form -------------------------------------------------------------------------------
export type SignAs = 'self' | 'guardian'

export interface SignForm {
  // students: who is being signed for
  classId: number | null
  studentName: string
  studentNo: string
  signAs: SignAs
  relationship: GuardianRelationship | null
  consent: boolean
  // units
  unitId: number | null
  signerTitle: string
  // everyone: their own name
  signerName: string
}

export function emptyForm(page: SignPageView, classId?: number): SignForm {
  const preset = classId && page.classes.some((c) => c.id === classId) ? classId : page.classes.length === 1 ? page.classes[0].id : null
  return {
    classId: preset,
    studentName: '',
    studentNo: '',
    signAs: page.campaign.guardianSigns ? 'guardian' : 'self',
    relationship: null,
    consent: false,
    unitId: page.units.length === 1 ? page.units[0].id : null,
    signerTitle: '',
    signerName: '',
  }
}

// A parent must sign when the campaign says so or the student is under 14 (the roster's birth year).
export function guardianForced(page: SignPageView, match: MatchView | null): boolean {
  return page.campaign.guardianSigns || Boolean(match?.guardianRequired)
}

const NAME_CHARS = (s: string) => Array.from(s.trim()).length
const STUDENT_NO = /^[0-9A-Za-z-]{1,20}$/

export function studentRef(f: SignForm): StudentRef | null {
  if (!f.classId || NAME_CHARS(f.studentName) < 2 || !STUDENT_NO.test(f.studentNo.trim())) return null
  return { classId: f.classId, name: f.studentName.trim(), studentNo: f.studentNo.trim() }
}

// What is missing before matching a student, in plain words (null when ready).
export function matchProblem(f: SignForm): string | null {
  if (!f.classId) return '请选择班级'
  if (NAME_CHARS(f.studentName) < 2) return '请填写学生的姓名'
  if (NAME_CHARS(f.studentName) > 20) return '学生姓名不能超过20个字'
  if (!f.studentNo.trim()) return '请填写学号'
  if (!STUDENT_NO.test(f.studentNo.trim())) return '学号只能包含数字、字母和短横线'
  return null
}

// What is missing before signing (the signature itself is checked by the pad), or null.
export function formProblem(page: SignPageView, f: SignForm, match: MatchView | null): string | null {
  const audience = page.campaign.audience
  if (audience === 'students') {
    if (!match) return '请先核对学生信息'
    const as = guardianForced(page, match) ? 'guardian' : f.signAs
    if (as === 'guardian') {
      if (!f.relationship) return '请选择您和孩子的关系'
      if (!f.consent) return '请家长勾选确认同意'
    }
  }
  if (audience === 'units') {
    if (!f.unitId) return '请选择单位'
    if (NAME_CHARS(f.signerTitle) < 2) return '请填写您的职务，例如“总经理”'
    if (NAME_CHARS(f.signerTitle) > 20) return '职务不能超过20个字'
  }
  if (NAME_CHARS(f.signerName) < 2) return '请填写您本人的姓名'
  if (NAME_CHARS(f.signerName) > 20) return '姓名不能超过20个字'
  return null
}

export function signRequest(page: SignPageView, f: SignForm, match: MatchView | null, signaturePng: string): SignRequest {
  const body: SignRequest = { textHash: page.text.textHash, readToEnd: true, signerName: f.signerName.trim(), signaturePng }
  if (page.campaign.audience === 'students') {
    const student = studentRef(f)
    if (student) body.student = student
    const as = guardianForced(page, match) ? 'guardian' : f.signAs
    if (as === 'guardian' && f.relationship) body.guardian = { relationship: f.relationship, consent: f.consent }
  }
  if (page.campaign.audience === 'units') {
    if (f.unitId) body.unitId = f.unitId
    body.signerTitle = f.signerTitle.trim()
  }
  return body
}

// The confirm text before signing.
export function confirmText(page: SignPageView, f: SignForm, match: MatchView | null): string {
  const name = f.signerName.trim()
  const title = `《${page.text.title}》`
  if (page.campaign.audience === 'students' && match) {
    const as = guardianForced(page, match) ? 'guardian' : f.signAs
    if (as === 'guardian') return `${name}，您将以家长身份为 ${match.class.name} ${match.studentMasked} 签署${title}。签署后不能修改，确定吗？`
    return `${name}同学，您将签署${title}。签署后不能修改，确定吗？`
  }
  if (page.campaign.audience === 'units') {
    const unit = page.units.find((u) => u.id === f.unitId)
    return `${name}，您将代表${unit ? ` ${unit.name} ` : '本单位'}签署${title}。签署后不能修改，确定吗？`
  }
  return `${name}，您将签署${title}。签署后不能修改，确定吗？`
}

// ---- reminders ------------------------------------------------------------------------------
export function remindTemplate(): string {
  return process.env.TARO_APP_TMPL_PLEDGE_REMIND ?? ''
}

export type RemindOutcome = 'subscribed' | 'refused'

// 截止前提醒我: in WeChat with a template, ask for the one-time permission first (from the tap);
// otherwise (H5, no template) the server records the wish directly.
export async function askReminder(campaignId: number, student?: StudentRef): Promise<RemindOutcome> {
  const tmpl = remindTemplate()
  if (process.env.TARO_ENV === 'weapp' && tmpl) {
    let accepted = false
    try {
      const r = (await Taro.requestSubscribeMessage({ tmplIds: [tmpl] } as Parameters<typeof Taro.requestSubscribeMessage>[0])) as unknown as Record<string, string>
      accepted = r[tmpl] === 'accept'
    } catch {
      accepted = false
    }
    if (!accepted) return 'refused'
  }
  await pledgeCalls.subscribe(campaignId, student)
  return 'subscribed'
}
