// Server answers for the 无诈创建 applicant pages, shaped like the shared schemas.
import { DEFAULT_INDICATORS } from '@wuzha/shared/dist/fraud-free'
import type { ActivityPage, ActivityView, ApplicationView, AwardView, IndicatorSheet, IndicatorValue, ProgramView, WarningList } from '@wuzha/shared/dist/schemas/fraud-free'
import type { FileView } from '@wuzha/shared/dist/schemas/bulletins'

export const VILLAGE = { id: 10, name: '东山村', kind: 'village' as const }
export const TOWN = { id: 2, name: '和平镇', kind: 'town' as const }

export function program(over: Partial<ProgramView> = {}): ProgramView {
  return {
    id: 5,
    town: TOWN,
    kind: 'community',
    title: '和平镇2026年度“无诈社区（村）”创建评比',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    applyFrom: '2026-03-01',
    applyUntil: '2026-03-30',
    noticeDays: 7,
    validityMonths: 12,
    indicators: DEFAULT_INDICATORS.community.map((d) => ({ ...d, note: d.note ?? null })),
    status: 'published',
    open: true,
    counts: { applications: 0, awarded: 0 },
    canManage: false,
    createdAt: '2026-03-01T00:00:00.000Z',
    ...over,
  }
}

// Values of the default community set: awareness 95.5% (met), participation 40% (not), pledge no data,
// forwarding 100%, reach 50%, activities 5 of 15, cases 1 (≤ 2: met), meetings not scored.
const VALUES: Record<string, { value: number | null; detail?: [number, number]; score: number; met: boolean }> = {
  awareness: { value: 95.5, detail: [191, 200], score: 20, met: true },
  participation: { value: 40, detail: [200, 500], score: 7.5, met: false },
  pledge: { value: null, score: 0, met: false },
  forwarding: { value: 100, detail: [6, 6], score: 15, met: true },
  reach: { value: 50, detail: [2, 4], score: 5.6, met: false },
  activities: { value: 5, score: 3.3, met: false },
  cases: { value: 1, score: 10, met: true },
  meetings: { value: null, score: 0, met: false },
}

export function sheet(over: Partial<IndicatorSheet> = {}, values: Partial<Record<string, Partial<IndicatorValue>>> = {}): IndicatorSheet {
  return {
    programId: 5,
    node: VILLAGE,
    values: DEFAULT_INDICATORS.community.map((d) => {
      const v = VALUES[d.key]
      return {
        key: d.key,
        name: d.name,
        source: d.source,
        weight: d.weight,
        target: d.target,
        rule: d.rule,
        value: v.value,
        detail: v.detail ? { numerator: v.detail[0], denominator: v.detail[1] } : null,
        score: v.score,
        met: v.met,
        ...values[d.key],
      }
    }),
    total: 61.4,
    computedAt: '2026-03-05T02:30:00.000Z',
    ...over,
  }
}

export function file(id: number, over: Partial<FileView> = {}): FileView {
  return { id, url: `/api/files/${id}?exp=1&sig=abcdefghijklmnop`, mime: 'image/jpeg', size: 120_000, purpose: 'evidence', ...over }
}

export function application(over: Partial<ApplicationView> = {}): ApplicationView {
  return {
    id: 41,
    programId: 5,
    programTitle: program().title,
    kind: 'community',
    node: VILLAGE,
    status: 'draft',
    selfAssessment: '我村每月开展反诈宣传，村两委每季度召开例会。',
    evidence: [{ indicatorKey: 'meetings', note: '四次例会记录', files: [file(71)] }],
    indicators: sheet(),
    manualScores: {},
    reviewComment: null,
    score: null,
    submittedAt: null,
    noticeEndsAt: null,
    decidedAt: null,
    objections: [],
    canEdit: true,
    canReview: false,
    ...over,
  }
}

export function summary(a: ApplicationView) {
  const { id, programId, programTitle, kind, node, status, score, submittedAt, noticeEndsAt } = a
  return { id, programId, programTitle, kind, node, status, score, submittedAt, noticeEndsAt }
}

export function award(over: Partial<AwardView> = {}): AwardView {
  return {
    id: 3,
    programId: 5,
    programTitle: program().title,
    kind: 'community',
    node: VILLAGE,
    score: 88.5,
    awardedAt: '2026-04-20T02:00:00.000Z',
    validUntil: '2027-04-20T02:00:00.000Z',
    state: 'active',
    reviewReason: null,
    revokeReason: null,
    revokedAt: null,
    certificateUrl: '/api/ff/awards/3/certificate?exp=1&sig=abcdefghijklmnop',
    ...over,
  }
}

export function warnings(over: Partial<WarningList> = {}): WarningList {
  return {
    period: '2026-02',
    counts: { green: 0, yellow: 1, red: 0 },
    items: [
      {
        node: VILLAGE,
        period: '2026-02',
        colour: 'yellow',
        reasons: [{ reason: 'cases_up', colour: 'yellow', detail: '发案1起，比上月多1起' }],
        computedAt: '2026-03-01T01:00:00.000Z',
      },
    ],
    ...over,
  }
}

export function activity(id: number, over: Partial<ActivityView> = {}): ActivityView {
  return {
    id,
    node: VILLAGE,
    day: '2026-02-06',
    place: '东山村文化礼堂',
    kind: 'lecture',
    title: '民警进村讲解养老诈骗套路',
    peopleReached: 86,
    photos: [],
    createdBy: '陈红霞',
    createdAt: '2026-02-06T08:00:00.000Z',
    canDelete: false,
    ...over,
  }
}

export function activityPage(items: ActivityView[], over: Partial<ActivityPage> = {}): ActivityPage {
  return { items, nextCursor: null, total: items.length, people: items.reduce((n, a) => n + a.peopleReached, 0), ...over }
}
