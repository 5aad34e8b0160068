// Fixtures for the town staff pages (composer, review, dashboard).
import type { BulletinSummary, BulletinView, DashboardResponse } from '@wuzha/shared/dist/schemas/bulletins'
import { membership, person } from './fixtures'

// a town admin of 和平镇: membership 1 -> node id 10
export const townAdmin = () => person([membership(1, 'town_admin', '和平镇', 'town', ['示范县'])], { displayName: '李秀梅' })
export const villageCadre = () => person([membership(2, 'village_cadre', '烟雨村', 'village', ['示范县', '和平镇'])], { displayName: '张村干' })

export const children = [
  { id: 21, parentId: 10, kind: 'village', name: '烟雨村', ancestors: [], childCount: 3 },
  { id: 22, parentId: 10, kind: 'community', name: '桥东社区', ancestors: [], childCount: 2 },
  { id: 23, parentId: 10, kind: 'enterprise', name: '和平机械厂', ancestors: [], childCount: 0 },
]

export function summary(over: Partial<BulletinSummary> = {}): BulletinSummary {
  return {
    id: 5,
    townId: 10,
    title: '警惕冒充客服退款',
    summary: '接到“客服”电话说要退款，先挂断。',
    category: 'warning',
    fraudTypes: ['fake_customer_service'],
    urgency: 'urgent',
    status: 'submitted',
    authorName: '王建国',
    createdAt: '2026-11-22T08:00:00.000Z',
    publishAt: null,
    publishedAt: null,
    forwardDeadline: null,
    ...over,
  }
}

export function view(over: Partial<BulletinView> = {}): BulletinView {
  return {
    ...summary(),
    body: [
      { type: 'paragraph', runs: [{ text: '近期有人冒充快递客服，说包裹丢了要理赔。' }] },
      { type: 'paragraph', runs: [{ text: '不要点陌生链接，不要共享屏幕。', bold: true, highlight: true }] },
    ],
    scope: { kind: 'town', nodes: [] },
    authorId: 3,
    reviewerName: null,
    returnReason: null,
    contentCheck: { suggest: 'review', label: 20001, checkedAt: '2026-11-22T08:05:00.000Z' },
    submittedAt: '2026-11-22T08:05:00.000Z',
    reviewedAt: null,
    myConfirmedAt: null,
    ...over,
  }
}

export function dashboard(): DashboardResponse {
  const row = (taskId: number, name: string, level: number, status: 'pending' | 'forwarded' | 'offline', overdue: boolean, readers: number) => ({
    node: { id: taskId * 10, name, kind: level === 1 ? ('village' as const) : ('grid' as const) },
    level,
    taskId,
    status,
    overdue,
    forwardedAt: status === 'pending' ? null : '2026-11-22T09:00:00.000Z',
    minutesToForward: status === 'pending' ? null : 45,
    lastRemindedAt: null,
    groupsRegistered: 2,
    groupsReached: status === 'forwarded' ? 1 : 0,
    readers,
    confirmations: Math.floor(readers / 2),
  })
  return {
    bulletin: summary({ status: 'published', publishedAt: '2026-11-22T08:15:00.000Z', forwardDeadline: '2026-11-22T12:00:00.000Z' }),
    node: { id: 10, name: '和平镇', kind: 'town' },
    levels: [
      { level: 1, total: 3, forwarded: 1, offline: 1, pending: 1, overdue: 1, medianMinutesToForward: 45, p90MinutesToForward: 80 },
      { level: 2, total: 4, forwarded: 3, offline: 0, pending: 1, overdue: 0, medianMinutesToForward: 30, p90MinutesToForward: 50 },
    ],
    totals: { groupsRegistered: 9, groupsReached: 4, readers: 137, confirmations: 58, offlineForwards: 1, allReaders: 212, allConfirmations: 81 },
    rows: [
      row(101, '烟雨村', 1, 'forwarded', false, 80),
      row(102, '桥东社区', 1, 'offline', false, 0),
      row(103, '和平机械厂', 1, 'pending', true, 0),
      row(201, '烟雨村一网格', 2, 'pending', false, 0),
    ],
  }
}
