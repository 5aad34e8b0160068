// The town a node belongs to (a town is its own): texts, banks and campaigns are kept per town.
import type { NodeRef } from '@wuzha/shared/dist/schemas/org'
import { api } from './request'

export async function townOf(node: Pick<NodeRef, 'id' | 'kind'>): Promise<number | null> {
  if (node.kind === 'town') return node.id
  const n = await api('org.node', { params: { id: node.id }, toast: false })
  return n.ancestors.find((a) => a.kind === 'town')?.id ?? null
}
