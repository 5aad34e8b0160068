import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META, canInviteRole, roleHas } from '@wuzha/shared/dist/roles'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MemberView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { api } from '../../services/request'
import { param } from '../../services/nav'

function formatDate(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

// May I remove this member? Only roles I may invite (the server checks again).
export function canRemove(me: MeResponse, m: MemberView): boolean {
  if (m.userId === me.id) return false
  return me.memberships.some((mine) => roleHas(mine.role, 'members.manage') && canInviteRole(mine.role, m.role))
}

export function MemberList({ me, nodeId, nodeName }: { me: MeResponse; nodeId: number; nodeName: string }) {
  const [items, setItems] = useState<MemberView[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function load(next?: string) {
    setLoading(true)
    setError(null)
    try {
      const page = await api('org.members', { params: { id: nodeId }, query: { cursor: next, limit: 20 }, toast: false })
      setItems((prev) => (next ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setLoaded(true)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setLoading(false)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId])

  async function remove(m: MemberView) {
    const ok = await confirm('移除成员', `确定把 ${m.displayName}（${ROLE_META[m.role].label}）从“${m.node.name}”移除吗？`, '移除')
    if (!ok) return
    try {
      await api('memberships.remove', { params: { id: m.membershipId } })
      setItems((prev) => prev.filter((x) => x.membershipId !== m.membershipId))
      void Taro.showToast({ title: '已移除', icon: 'success' })
    } catch {
      // toast shown by the request client
    }
  }

  return (
    <Screen className="members">
      <View className="page-title">{nodeName || '成员'}</View>
      <View className="muted">包括下级组织的成员。为保护隐私，姓名和手机号打码显示。</View>
      <View className="gap" />
      {error && !loaded ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!loaded && !error ? <Loading /> : null}
      {loaded ? (
        <Card>
          {items.length === 0 ? <View className="muted e2e-members-empty">还没有成员。可以用“邀请”生成邀请码，发到村里的微信群。</View> : null}
          {items.map((m) => (
            <View key={m.membershipId} className="list-item row e2e-member">
              <View>
                <View className="item-main">
                  {m.displayName} <View className="tag-role">{ROLE_META[m.role].label}</View>
                </View>
                <View className="muted">
                  {m.node.name}
                  {m.phoneMasked ? ` · ${m.phoneMasked}` : ''} · {formatDate(m.joinedAt)}加入
                </View>
              </View>
              {canRemove(me, m) ? (
                <View className="link-button e2e-member-remove" onClick={() => void remove(m)}>
                  移除
                </View>
              ) : null}
            </View>
          ))}
          {cursor ? (
            <Button type="primary" fill="outline" block loading={loading} className="big-button e2e-members-more" onClick={() => void load(cursor)}>
              加载更多
            </Button>
          ) : null}
          {error && loaded ? <View className="field-error">{error}</View> : null}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function MembersPage() {
  const router = useRouter()
  const nodeId = Number(param(router.params.nodeId))
  const nodeName = param(router.params.name)
  return <SessionGate>{(me) => (nodeId > 0 ? <MemberList me={me} nodeId={nodeId} nodeName={nodeName} /> : <Screen><ErrorBlock message="缺少组织信息，请从首页的工作台进入" /></Screen>)}</SessionGate>
}
