import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'

export function membership(id: number, role: MembershipView['role'], name: string, kind: MembershipView['node']['kind'], path: string[]): MembershipView {
  return { id, role, node: { id: id * 10, name, kind }, nodePath: path, createdAt: '2024-11-01T08:00:00.000Z' }
}

export function person(memberships: MembershipView[], over: Partial<MeResponse> = {}): MeResponse {
  return { id: 7, displayName: '王秀英', nameSet: true, phoneMasked: null, memberships, createdAt: '2024-11-01T08:00:00.000Z', ...over }
}
