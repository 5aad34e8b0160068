// The composer's state and its translation to the API's BulletinInput (kept free of UI for tests).
import type { BulletinCategory, FraudType, Urgency } from '@wuzha/shared/dist/enums'
import type { BodyBlockInput, BodyBlockView, BulletinInput, BulletinView } from '@wuzha/shared/dist/schemas/bulletins'
import type { FieldError } from '../../services/request'
import { localDate, localTime, toIso } from '../../services/format'

export interface ParagraphBlock {
  key: number
  type: 'paragraph'
  text: string
  bold: boolean
  highlight: boolean
}
export interface ImageBlock {
  key: number
  type: 'image'
  fileId: number
  url: string
  caption: string
}
export type DraftBlock = ParagraphBlock | ImageBlock

export interface DateTime {
  date: string // YYYY-MM-DD, local
  time: string // HH:mm, local
}

export interface DraftForm {
  title: string
  summary: string
  category: BulletinCategory | null
  fraudTypes: FraudType[]
  urgency: Urgency
  scopeKind: 'town' | 'nodes'
  nodeIds: number[]
  deadline: DateTime | null
  publishAt: DateTime | null
  blocks: DraftBlock[]
}

let nextKey = 1
export function newKey(): number {
  return nextKey++
}

export function paragraph(text = ''): ParagraphBlock {
  return { key: newKey(), type: 'paragraph', text, bold: false, highlight: false }
}

export function emptyForm(tag?: FraudType): DraftForm {
  return {
    title: '',
    summary: '',
    category: null,
    fraudTypes: tag ? [tag] : [],
    urgency: 'normal',
    scopeKind: 'town',
    nodeIds: [],
    deadline: null,
    publishAt: null,
    blocks: [paragraph()],
  }
}

function fromIso(iso: string | null): DateTime | null {
  if (!iso) return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : { date: localDate(d), time: localTime(d) }
}

// Editing a saved draft or a returned bulletin.
export function formFromView(b: BulletinView): DraftForm {
  return {
    title: b.title,
    summary: b.summary,
    category: b.category,
    fraudTypes: [...b.fraudTypes],
    urgency: b.urgency,
    scopeKind: b.scope.kind,
    nodeIds: b.scope.nodes.map((n) => n.id),
    deadline: fromIso(b.forwardDeadline),
    publishAt: fromIso(b.publishAt),
    blocks: b.body.map((blk): DraftBlock =>
      blk.type === 'paragraph'
        ? {
            key: newKey(),
            type: 'paragraph',
            text: blk.runs.map((r) => r.text).join(''),
            bold: blk.runs.length > 0 && blk.runs.every((r) => r.bold),
            highlight: blk.runs.length > 0 && blk.runs.every((r) => r.highlight),
          }
        : { key: newKey(), type: 'image', fileId: blk.fileId, url: blk.url, caption: blk.caption ?? '' },
    ),
  }
}

function paragraphRun(b: ParagraphBlock) {
  return { text: b.text.trim(), ...(b.bold ? { bold: true } : {}), ...(b.highlight ? { highlight: true } : {}) }
}

// Blank paragraphs are dropped; `keys[i]` is the draft block behind body[i] (to place server errors).
export function toBody(blocks: DraftBlock[]): { body: BodyBlockInput[]; keys: number[] } {
  const body: BodyBlockInput[] = []
  const keys: number[] = []
  for (const b of blocks) {
    if (b.type === 'paragraph') {
      if (!b.text.trim()) continue
      body.push({ type: 'paragraph', runs: [paragraphRun(b)] })
    } else {
      body.push({ type: 'image', fileId: b.fileId, ...(b.caption.trim() ? { caption: b.caption.trim() } : {}) })
    }
    keys.push(b.key)
  }
  return { body, keys }
}

// What the reader would show, for the live preview.
export function previewBlocks(blocks: DraftBlock[]): BodyBlockView[] {
  const out: BodyBlockView[] = []
  for (const b of blocks) {
    if (b.type === 'paragraph') {
      if (b.text.trim()) out.push({ type: 'paragraph', runs: [paragraphRun(b)] })
    } else out.push({ type: 'image', fileId: b.fileId, url: b.url, ...(b.caption.trim() ? { caption: b.caption.trim() } : {}) })
  }
  return out
}

// Errors keyed by field: title, summary, category, fraudTypes, scope, deadline, publishAt, body,
// and `block:<key>` for one block of the body.
export type FormErrors = Record<string, string>

export function validate(f: DraftForm): FormErrors {
  const e: FormErrors = {}
  if (!f.title.trim()) e.title = '请填写标题'
  else if (f.title.trim().length > 60) e.title = '标题不能超过60个字'
  if (f.summary.trim().length > 100) e.summary = '摘要不能超过100个字'
  if (!f.category) e.category = '请选择信息类别'
  if (f.scopeKind === 'nodes' && f.nodeIds.length === 0) e.scope = '请至少选择一个村（社区）或单位'
  if (!toBody(f.blocks).body.length) e.body = '正文不能为空'
  if (f.deadline && !f.deadline.time) e.deadline = '请选择截止时间'
  if (f.publishAt && !f.publishAt.time) e.publishAt = '请选择发布时间'
  return e
}

export function toInput(f: DraftForm, townId: number): BulletinInput {
  const { body } = toBody(f.blocks)
  return {
    townId,
    title: f.title.trim(),
    ...(f.summary.trim() ? { summary: f.summary.trim() } : {}),
    body,
    category: f.category as BulletinCategory,
    fraudTypes: f.fraudTypes,
    urgency: f.urgency,
    scope: f.scopeKind === 'town' ? { kind: 'town' } : { kind: 'nodes', nodeIds: f.nodeIds },
    ...(f.deadline ? { forwardDeadline: toIso(f.deadline.date, f.deadline.time) } : {}),
    ...(f.publishAt ? { publishAt: toIso(f.publishAt.date, f.publishAt.time) } : {}),
  }
}

const FIELD_OF: Record<string, string> = {
  title: 'title',
  summary: 'summary',
  category: 'category',
  fraudTypes: 'fraudTypes',
  urgency: 'urgency',
  scope: 'scope',
  forwardDeadline: 'deadline',
  publishAt: 'publishAt',
  body: 'body',
}

// Server field errors (paths like "body.title" or "body.body.2.runs.0.text") placed next to fields.
export function serverErrors(fields: FieldError[], keys: number[]): FormErrors {
  const e: FormErrors = {}
  for (const f of fields) {
    const parts = f.path.split('.')
    if (parts[0] === 'body') parts.shift()
    const field = FIELD_OF[parts[0] ?? '']
    if (field === 'body' && parts[1] !== undefined && keys[Number(parts[1])] !== undefined) {
      e[`block:${keys[Number(parts[1])]}`] ??= f.message
    } else {
      e[field ?? 'form'] ??= f.message
    }
  }
  return e
}

// Domain errors that belong to one field.
export const CODE_FIELD: Record<string, string> = {
  SCOPE_EMPTY: 'scope',
  SCOPE_OUTSIDE_TOWN: 'scope',
  PUBLISH_AT_IN_PAST: 'publishAt',
  DEADLINE_IN_PAST: 'deadline',
}

// "每天定时" for the daily log: today 18:00 (if still ahead), tomorrow 08:00 and 18:00.
export function dailyPresets(now: Date): { label: string; value: DateTime }[] {
  const today = localDate(now)
  const t = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
  const tomorrow = localDate(t)
  const out: { label: string; value: DateTime }[] = []
  if (now.getHours() < 18) out.push({ label: '今天 18:00', value: { date: today, time: '18:00' } })
  out.push({ label: '明天 08:00', value: { date: tomorrow, time: '08:00' } })
  out.push({ label: '明天 18:00', value: { date: tomorrow, time: '18:00' } })
  return out
}

export function moveBlock(blocks: DraftBlock[], key: number, delta: -1 | 1): DraftBlock[] {
  const i = blocks.findIndex((b) => b.key === key)
  const j = i + delta
  if (i < 0 || j < 0 || j >= blocks.length) return blocks
  const copy = [...blocks]
  ;[copy[i], copy[j]] = [copy[j], copy[i]]
  return copy
}
