// The quiz admin pages' logic, kept free of UI for tests: question and campaign forms and their
// translation to the API inputs, field errors in plain Chinese, draw-rule totals, shares as
// percentages, organisation rankings, and who sees which entry.
import { QUESTION_TYPES, TRUE_FALSE_OPTIONS, type AudienceTag, type CampaignKind, type CountingMode, type Difficulty, type FraudType, type QuestionType, type Role } from '@wuzha/shared/dist/enums'
import { ROLE_META, roleHas, type Permission } from '@wuzha/shared/dist/roles'
import { MAX_PAPER_QUESTIONS, questionProblems } from '@wuzha/shared/dist/quiz'
import { CampaignInput, QuestionInput, type CampaignView, type QuestionView, type QuizStats } from '@wuzha/shared/dist/schemas/quiz'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import type { FieldError } from './request'
import { localDate, localTime, toIso } from './format'

export const QUIZ_PAGES = {
  bank: '/pages/quiz-bank/index',
  questionEdit: '/pages/question-edit/index',
  campaigns: '/pages/campaigns/index',
  campaignEdit: '/pages/campaign-edit/index',
  stats: '/pages/dashboard/quiz',
  compose: '/pages/compose/index',
} as const

export const MAX_OPTIONS = 6

// Errors keyed by form field ('form' for the rest).
export type FormErrors = Record<string, string>

// A zod or server issue path ("body.options.2" or ["options", 2]) as a dotted string without "body.".
function pathOf(p: string | readonly PropertyKey[]): string[] {
  const parts = typeof p === 'string' ? p.split('.') : p.map(String)
  return parts[0] === 'body' ? parts.slice(1) : parts
}

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s)

// ---- shares and rankings ------------------------------------------------------------------------

// A share in [0, 1] as a percentage for people: 0.8667 → "86.7%", 1 → "100%", null → "—".
export function pct(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—'
  return `${Math.round(share * 1000) / 10}%`
}

export function fraction(part: number, whole: number): string {
  return `${part}/${whole}`
}

export type RankBy = 'awareness' | 'participation'
export type ChildRow = QuizStats['children'][number]

// Children ordered by the server's rank (unranked last, then by name), with the rank for display.
export function rankRows(children: readonly ChildRow[], by: RankBy): { row: ChildRow; rank: number | null; rankText: string }[] {
  const rankOf = (c: ChildRow) => (by === 'awareness' ? c.awarenessRank : c.participationRank)
  return [...children]
    .sort((a, b) => {
      const ra = rankOf(a)
      const rb = rankOf(b)
      if (ra !== rb) return ra === null ? 1 : rb === null ? -1 : ra - rb
      return a.node.name.localeCompare(b.node.name, 'zh-CN')
    })
    .map((row) => {
      const rank = rankOf(row)
      return { row, rank, rankText: rank === null ? '—' : `第${rank}名` }
    })
}

// ---- who sees what ------------------------------------------------------------------------------

export function membershipsWith(me: MeResponse, p: Permission): MembershipView[] {
  return me.memberships.filter((m) => roleHas(m.role, p))
}

// The town whose bank the person edits (quiz.bank is held at a town).
export function bankTown(me: MeResponse): MembershipView | null {
  return membershipsWith(me, 'quiz.bank').find((m) => m.node.kind === 'town') ?? null
}

// ---- question form ------------------------------------------------------------------------------

export interface QuestionForm {
  type: QuestionType
  stem: string
  options: string[]
  answer: number[]
  explanation: string
  fraudTypes: FraudType[]
  audiences: AudienceTag[]
  difficulty: Difficulty
  source: string
}

export function emptyQuestion(): QuestionForm {
  return { type: 'single', stem: '', options: ['', '', '', ''], answer: [], explanation: '', fraudTypes: [], audiences: [], difficulty: 1, source: '' }
}

export function questionFromView(q: QuestionView): QuestionForm {
  return {
    type: q.type,
    stem: q.stem,
    options: [...q.options],
    answer: [...q.answer],
    explanation: q.explanation,
    fraudTypes: [...q.fraudTypes],
    audiences: [...q.audiences],
    difficulty: q.difficulty,
    source: q.source ?? '',
  }
}

// Switching type: true/false gets its two fixed options; leaving it gives four blank ones back.
export function withType(f: QuestionForm, type: QuestionType): QuestionForm {
  if (type === f.type) return f
  if (type === 'true_false') return { ...f, type, options: [...TRUE_FALSE_OPTIONS], answer: f.answer.filter((i) => i < 2).slice(0, 1) }
  const options = f.type === 'true_false' ? ['', '', '', ''] : f.options
  const answer = f.type === 'true_false' ? [] : type === 'single' ? f.answer.slice(0, 1) : f.answer
  return { ...f, type, options, answer }
}

export function addOption(f: QuestionForm): QuestionForm {
  if (f.type === 'true_false' || f.options.length >= MAX_OPTIONS) return f
  return { ...f, options: [...f.options, ''] }
}

// Removing an option shifts the answer indices after it.
export function removeOption(f: QuestionForm, i: number): QuestionForm {
  if (f.type === 'true_false' || f.options.length <= 2) return f
  return {
    ...f,
    options: f.options.filter((_, j) => j !== i),
    answer: f.answer.filter((a) => a !== i).map((a) => (a > i ? a - 1 : a)),
  }
}

// Single and true/false: the tapped option is the answer; multiple: toggles it.
export function toggleAnswer(f: QuestionForm, i: number): QuestionForm {
  if (f.type !== 'multiple') return { ...f, answer: [i] }
  const answer = f.answer.includes(i) ? f.answer.filter((a) => a !== i) : [...f.answer, i].sort((a, b) => a - b)
  return { ...f, answer }
}

export function toQuestionInput(f: QuestionForm): QuestionInput {
  return {
    type: f.type,
    stem: f.stem.trim(),
    options: f.options.map((o) => o.trim()),
    answer: [...f.answer].sort((a, b) => a - b),
    explanation: f.explanation.trim(),
    fraudTypes: f.fraudTypes,
    audiences: f.audiences,
    difficulty: f.difficulty,
    ...(f.source.trim() ? { source: f.source.trim() } : {}),
  }
}

// Plain messages where zod's own would be English or too terse.
const QUESTION_MESSAGES: Record<string, string> = {
  type: '请选择题型',
  stem: '请填写题目，至少4个字',
  options: '请填写选项，每个选项不超过200个字',
  answer: '请点选正确答案',
  explanation: '请填写解析，至少4个字',
  fraudTypes: '请至少选择一个类型，最多4个',
  audiences: '适合人群有误',
  difficulty: '请选择难度',
  source: '出处不能超过200个字',
}

// Errors keyed by field (stem, options, option:<i>, answer, explanation, fraudTypes, …) from zod
// issues or the server's VALIDATION_FAILED fields.
export function questionErrors(issues: readonly { path: string | readonly PropertyKey[]; message: string }[]): FormErrors {
  const e: FormErrors = {}
  for (const i of issues) {
    const [field, index] = pathOf(i.path)
    const known = field in QUESTION_MESSAGES
    const message = hasChinese(i.message) ? i.message : (QUESTION_MESSAGES[field] ?? '填写有误，请检查')
    if (field === 'options' && index !== undefined && /^\d+$/.test(index)) {
      const msg = /不能为空/.test(message) ? '选项不能为空' : message
      e[`option:${index}`] ??= msg
    } else e[known ? field : 'form'] ??= message
  }
  return e
}

// The client-side check before saving: the shared rules plus the same schema the server uses.
export function validateQuestion(f: QuestionForm): FormErrors {
  const input = toQuestionInput(f)
  const e = questionErrors(questionProblems(input).map((p) => ({ path: p.path, message: p.message })))
  if (!input.answer.length) e.answer = QUESTION_MESSAGES.answer
  const r = QuestionInput.safeParse(input)
  if (!r.success) {
    const more = questionErrors(r.error.issues.map((i) => ({ path: i.path as PropertyKey[], message: i.message })))
    for (const [k, v] of Object.entries(more)) e[k] ??= v
  }
  return e
}

export const QUESTION_TYPE_ORDER: readonly QuestionType[] = QUESTION_TYPES

// ---- campaign form ------------------------------------------------------------------------------

export interface DateTime {
  date: string // YYYY-MM-DD, local
  time: string // HH:mm, local
}

export interface RuleRow {
  key: number
  fraudType: FraudType | null
  difficulty: Difficulty | null
  // kept from a saved rule (the editor does not offer it)
  audience: AudienceTag | null
  count: string
}

export interface CampaignForm {
  kind: CampaignKind
  ownerNodeId: number
  title: string
  intro: string
  audienceNodeIds: number[]
  roles: Role[]
  start: DateTime
  end: DateTime
  drawMode: 'random' | 'fixed'
  rules: RuleRow[]
  questionIds: number[]
  shuffleQuestions: boolean
  shuffleOptions: boolean
  // '' = none / unlimited
  timeLimit: string
  attemptsPerDay: string
  attemptsTotal: string
  passPercent: string
  counting: CountingMode
}

let nextKey = 1
export function ruleRow(p: Partial<Omit<RuleRow, 'key'>> = {}): RuleRow {
  return { key: nextKey++, fraudType: null, difficulty: null, audience: null, count: '5', ...p }
}

function dt(d: Date): DateTime {
  return { date: localDate(d), time: localTime(d) }
}

// Who is expected to take it, by the owner's kind.
export function defaultRoles(kind: string): Role[] {
  if (kind === 'school' || kind === 'grade' || kind === 'class') return ['student']
  if (kind === 'town' || kind === 'county') return ['resident', 'student', 'parent']
  return ['resident']
}

export function emptyCampaign(owner: { id: number; kind: string }, now = new Date()): CampaignForm {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), now.getMinutes())
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 14, 18, 0)
  return {
    kind: 'exam',
    ownerNodeId: owner.id,
    title: '',
    intro: '',
    audienceNodeIds: [owner.id],
    roles: defaultRoles(owner.kind),
    start: dt(start),
    end: dt(end),
    drawMode: 'random',
    rules: [ruleRow({ count: '10' })],
    questionIds: [],
    shuffleQuestions: true,
    shuffleOptions: true,
    timeLimit: '20',
    attemptsPerDay: '3',
    attemptsTotal: '',
    passPercent: '60',
    counting: 'best',
  }
}

const numText = (n: number | null) => (n === null ? '' : String(n))

export function campaignFromView(c: CampaignView): CampaignForm {
  return {
    kind: c.kind,
    ownerNodeId: c.owner.id,
    title: c.title,
    intro: c.intro,
    audienceNodeIds: c.audience.map((n) => n.id),
    roles: [...c.roles],
    start: dt(new Date(c.startsAt)),
    end: dt(new Date(c.endsAt)),
    drawMode: c.draw.mode,
    rules: c.draw.mode === 'random' ? c.draw.rules.map((r) => ruleRow({ fraudType: r.fraudType ?? null, difficulty: r.difficulty ?? null, audience: r.audience ?? null, count: String(r.count) })) : [ruleRow()],
    questionIds: c.draw.mode === 'fixed' ? [...c.draw.questionIds] : [],
    shuffleQuestions: c.shuffleQuestions,
    shuffleOptions: c.shuffleOptions,
    timeLimit: numText(c.timeLimitMinutes),
    attemptsPerDay: numText(c.attemptsPerDay),
    attemptsTotal: numText(c.attemptsTotal),
    passPercent: String(c.passPercent),
    counting: c.counting,
  }
}

// '' → null; anything else → a number (NaN is left for the schema to reject).
function optionalNumber(s: string): number | null {
  const t = s.trim()
  return t === '' ? null : Number(t)
}

// Questions a random paper draws (rows with a blank or bad count add nothing).
export function drawTotal(rules: readonly RuleRow[]): number {
  return rules.reduce((n, r) => {
    const c = Number(r.count)
    return n + (Number.isInteger(c) && c > 0 ? c : 0)
  }, 0)
}

export function toCampaignInput(f: CampaignForm): CampaignInput {
  return {
    kind: f.kind,
    ownerNodeId: f.ownerNodeId,
    title: f.title.trim(),
    ...(f.intro.trim() ? { intro: f.intro.trim() } : {}),
    audienceNodeIds: f.audienceNodeIds,
    roles: f.roles,
    startsAt: toIso(f.start.date, f.start.time),
    endsAt: toIso(f.end.date, f.end.time),
    draw:
      f.drawMode === 'random'
        ? {
            mode: 'random',
            rules: f.rules.map((r) => ({
              ...(r.fraudType ? { fraudType: r.fraudType } : {}),
              ...(r.difficulty ? { difficulty: r.difficulty } : {}),
              ...(r.audience ? { audience: r.audience } : {}),
              count: Number(r.count.trim() || NaN),
            })),
          }
        : { mode: 'fixed', questionIds: f.questionIds },
    shuffleQuestions: f.shuffleQuestions,
    shuffleOptions: f.shuffleOptions,
    timeLimitMinutes: optionalNumber(f.timeLimit),
    attemptsPerDay: optionalNumber(f.attemptsPerDay),
    attemptsTotal: optionalNumber(f.attemptsTotal),
    passPercent: Number(f.passPercent.trim() || NaN),
    // a practice campaign has no pass mark or counting that matters; the server still takes them
    counting: f.counting,
  }
}

// Form field of each input field; messages where zod's would be English.
const CAMPAIGN_FIELDS: Record<string, [string, string]> = {
  kind: ['kind', '请选择活动类型'],
  ownerNodeId: ['owner', '请选择举办单位'],
  title: ['title', '请填写标题，不超过60个字'],
  intro: ['intro', '说明不能超过500个字'],
  audienceNodeIds: ['audience', '请至少选择一个答题范围'],
  roles: ['roles', '请至少选择一种身份'],
  startsAt: ['start', '请选择开始时间'],
  endsAt: ['end', '请选择结束时间'],
  draw: ['draw', '请设置抽题规则'],
  shuffleQuestions: ['shuffle', '设置有误'],
  shuffleOptions: ['shuffle', '设置有误'],
  timeLimitMinutes: ['timeLimit', '限时请填1到180之间的整数（分钟），不限时请留空'],
  attemptsPerDay: ['attemptsPerDay', '每天次数请填1到20之间的整数，不限请留空'],
  attemptsTotal: ['attemptsTotal', '总次数请填1到100之间的整数，不限请留空'],
  passPercent: ['passPercent', '及格线请填1到100之间的整数'],
  counting: ['counting', '请选择按哪一次成绩统计'],
}

// Errors keyed by form field (title, audience, roles, start, end, draw, rule:<key>, questions,
// timeLimit, attemptsPerDay, attemptsTotal, passPercent, …) from zod issues or server fields.
export function campaignErrors(issues: readonly { path: string | readonly PropertyKey[]; message: string }[], f: CampaignForm): FormErrors {
  const e: FormErrors = {}
  for (const i of issues) {
    const parts = pathOf(i.path)
    const entry = CAMPAIGN_FIELDS[parts[0] ?? '']
    if (!entry) {
      e.form ??= hasChinese(i.message) ? i.message : '填写有误，请检查'
      continue
    }
    let [field, fallback] = entry
    // draw.rules.2.count → that rule's row; draw.questionIds → the fixed paper
    if (parts[0] === 'draw' && parts[1] === 'rules' && parts[2] !== undefined && f.rules[Number(parts[2])]) {
      field = `rule:${f.rules[Number(parts[2])].key}`
      fallback = `题数请填1到${MAX_PAPER_QUESTIONS}之间的整数`
    } else if (parts[0] === 'draw' && parts[1] === 'questionIds') {
      field = 'questions'
      fallback = '请从题库里选题'
    }
    const numeric = ['timeLimit', 'attemptsPerDay', 'attemptsTotal', 'passPercent'].includes(field) || field.startsWith('rule:')
    // a number's range is clearer in our words than in zod's
    e[field] ??= hasChinese(i.message) && !numeric ? i.message : fallback
  }
  return e
}

export function validateCampaign(f: CampaignForm): FormErrors {
  const r = CampaignInput.safeParse(toCampaignInput(f))
  const e = r.success ? {} : campaignErrors(r.error.issues.map((i) => ({ path: i.path as PropertyKey[], message: i.message })), f)
  if (f.drawMode === 'fixed' && f.questionIds.length === 0) e.questions ??= '请从题库里选题'
  // the schema's cross-field checks run only once every field is valid: say it at once
  if (toIso(f.end.date, f.end.time) <= toIso(f.start.date, f.start.time)) e.end ??= '结束时间要晚于开始时间'
  if (f.drawMode === 'random' && drawTotal(f.rules) > MAX_PAPER_QUESTIONS) e.draw ??= `一份试卷最多${MAX_PAPER_QUESTIONS}道题`
  return e
}

// One line for each counting mode (shown under the choice).
export const COUNTING_TEXT: Record<CountingMode, [string, string]> = {
  best: ['按最好一次', '答了几次，统计时取分数最高的一次（分数一样取较早的一次）。'],
  last: ['按最后一次', '答了几次，统计时只看最后交卷的一次。'],
}

export const KIND_TEXT: Record<CampaignKind, [string, string]> = {
  exam: ['正式答题', '交卷后出分数和是否合格，计入参与率和知晓率。'],
  practice: ['练习', '每题答完就能看答案和解析，不打分，不计入统计。'],
}

// Roles offered as "who should take it", in plain labels; staff roles at the end.
export function roleChoices(): { role: Role; label: string }[] {
  const order: Role[] = ['resident', 'student', 'parent', 'grid_worker', 'village_cadre', 'teacher', 'school_admin', 'unit_contact', 'town_admin', 'police_liaison']
  return order.map((role) => ({ role, label: ROLE_META[role].label }))
}

// Short description of a campaign's window and limits for list rows.
export function campaignLimits(c: Pick<CampaignView, 'questionCount' | 'timeLimitMinutes' | 'attemptsPerDay' | 'attemptsTotal' | 'passPercent' | 'kind'>): string {
  const parts = [`${c.questionCount}道题`]
  parts.push(c.timeLimitMinutes ? `限时${c.timeLimitMinutes}分钟` : '不限时')
  if (c.attemptsPerDay) parts.push(`每天${c.attemptsPerDay}次`)
  if (c.attemptsTotal) parts.push(`共${c.attemptsTotal}次`)
  if (c.kind === 'exam') parts.push(`${c.passPercent}分及格`)
  return parts.join(' · ')
}

// Seconds as "3分12秒".
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—'
  const m = Math.floor(s / 60)
  const rest = s % 60
  return m ? `${m}分${rest}秒` : `${rest}秒`
}
