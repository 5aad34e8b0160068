import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'

export function membership(id: number, role: MembershipView['role'], name: string, kind: MembershipView['node']['kind'], path: string[]): MembershipView {
  return { id, role, node: { id: id * 10, name, kind }, nodePath: path, createdAt: '2024-11-01T08:00:00.000Z' }
}

export function person(memberships: MembershipView[], over: Partial<MeResponse> = {}): MeResponse {
  return { id: 7, displayName: '王秀英', nameSet: true, phoneMasked: null, memberships, createdAt: '2024-11-01T08:00:00.000Z', ...over }
}

// ---- broadcasts (issue 3) ----
import type { BulletinSummary, BulletinView, TaskView } from '@wuzha/shared/dist/schemas/bulletins'

export function bulletinSummary(id: number, over: Partial<BulletinSummary> = {}): BulletinSummary {
  return {
    id,
    townId: 2,
    title: `提醒${id}`,
    summary: '',
    category: 'warning',
    fraudTypes: [],
    urgency: 'normal',
    status: 'published',
    authorName: '李镇',
    createdAt: '2024-11-20T08:00:00.000Z',
    publishAt: null,
    publishedAt: '2024-11-20T09:00:00.000Z',
    forwardDeadline: null,
    ...over,
  }
}

export function bulletinView(id: number, over: Partial<BulletinView> = {}): BulletinView {
  return {
    ...bulletinSummary(id),
    body: [{ type: 'paragraph', runs: [{ text: '接到陌生电话要求转账，' }, { text: '一律不要转', bold: true, highlight: true }] }],
    scope: { kind: 'town', nodes: [] },
    authorId: 3,
    reviewerName: '王审',
    returnReason: null,
    contentCheck: null,
    submittedAt: null,
    reviewedAt: null,
    myConfirmedAt: null,
    ...over,
  }
}

export function task(id: number, over: Partial<TaskView> = {}): TaskView {
  return {
    id,
    bulletin: bulletinSummary(100 + id),
    node: { id: 20, name: '烟雨村', kind: 'village' },
    level: 1,
    status: 'pending',
    overdue: false,
    deadline: null,
    forwardedAt: null,
    offlineNote: null,
    offlinePhotoUrl: null,
    lastRemindedAt: null,
    groupsBound: 2,
    createdAt: '2024-11-20T09:00:00.000Z',
    ...over,
  }
}
