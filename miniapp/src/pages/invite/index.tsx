import { useEffect, useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button as TaroButton, Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { NODE_KIND_LABELS, ROLES, type Role } from '@wuzha/shared/dist/enums'
import { ROLE_META, canInviteRole, roleAllowedAt } from '@wuzha/shared/dist/roles'
import type { InviteView } from '@wuzha/shared/dist/schemas/invites'
import type { NodeRef, NodeView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { api, fetchImage } from '../../services/request'
import { param } from '../../services/nav'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

// Roles the holder of `myRole` may invite at a node of this kind.
export function invitableRoles(myRole: Role, target: NodeRef): Role[] {
  return ROLES.filter((r) => canInviteRole(myRole, r) && roleAllowedAt(r, target.kind))
}

function formatDate(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : `${d.getMonth() + 1}月${d.getDate()}日`
}

// the last created invite, for the share card
let shareInvite: InviteView | null = null

export function InviteCreator({ nodeId, myRole }: { nodeId: number; myRole: Role }) {
  const [node, setNode] = useState<NodeView | null>(null)
  const [children, setChildren] = useState<NodeRef[]>([])
  const [error, setError] = useState<string | null>(null)
  const [target, setTarget] = useState<NodeRef | null>(null)
  const [role, setRole] = useState<Role | null>(null)
  const [creating, setCreating] = useState(false)
  const [invite, setInvite] = useState<InviteView | null>(null)
  const [qr, setQr] = useState<string | null>(null)
  const [list, setList] = useState<InviteView[]>([])

  function load() {
    setError(null)
    Promise.all([api('org.node', { params: { id: nodeId }, toast: false }), api('org.children', { params: { id: nodeId }, toast: false })])
      .then(([n, c]) => {
        setNode(n)
        setChildren(c.items)
        setTarget({ id: n.id, name: n.name, kind: n.kind })
      })
      .catch((e: Error) => setError(e.message))
    api('invites.list', { query: { nodeId }, toast: false })
      .then((r) => setList(r.items))
      .catch(() => setList([]))
  }
  useEffect(load, [nodeId])

  const targets: NodeRef[] = node ? [{ id: node.id, name: node.name, kind: node.kind }, ...children] : []
  const roles = target ? invitableRoles(myRole, target) : []

  useEffect(() => {
    // keep the role choice valid for the chosen place
    if (role && !roles.includes(role)) setRole(null)
    if (!role && roles.length === 1) setRole(roles[0])
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target?.id])

  async function create() {
    if (!target || !role) return
    setCreating(true)
    setQr(null)
    try {
      const inv = await api('invites.create', { body: { nodeId: target.id, role } })
      setInvite(inv)
      shareInvite = inv
      setList((prev) => [inv, ...prev])
      fetchImage('invites.qr', { id: inv.id })
        .then(setQr)
        .catch(() => setQr(null))
    } catch {
      // toast shown by the request client
    } finally {
      setCreating(false)
    }
  }

  async function revoke(inv: InviteView) {
    if (!(await confirm('撤销邀请码', `撤销后，邀请码 ${inv.code} 将不能再使用。`, '撤销'))) return
    try {
      const r = await api('invites.revoke', { params: { id: inv.id } })
      setList((prev) => prev.map((x) => (x.id === r.id ? r : x)))
      if (invite?.id === r.id) setInvite(r)
    } catch {
      // toast shown by the request client
    }
  }

  if (error) {
    return (
      <Screen>
        <ErrorBlock message={error} onRetry={load} />
      </Screen>
    )
  }
  if (!node) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }

  return (
    <Screen className="invite">
      <View className="page-title">生成邀请码</View>
      <Card title="1. 邀请到哪里">
        {targets.map((t) => (
          <View key={t.id} className={`choice e2e-invite-target ${target?.id === t.id ? 'selected' : ''}`} onClick={() => setTarget(t)}>
            <View className="row">
              <View className="item-main">{t.name}</View>
              <View className="choice-sub">{NODE_KIND_LABELS[t.kind]}</View>
            </View>
          </View>
        ))}
      </Card>
      <Card title="2. 邀请什么身份">
        {roles.length === 0 ? <View className="muted">您不能在这里邀请人员，请选择其他地方。</View> : null}
        {roles.map((r) => (
          <View key={r} className={`choice e2e-invite-role e2e-role-${r} ${role === r ? 'selected' : ''}`} onClick={() => setRole(r)}>
            <View className="item-main">{ROLE_META[r].label}</View>
            <View className="choice-sub">{ROLE_META[r].staff ? '工作人员：邀请码默认只能用一次' : '可以发到群里，多人使用'}</View>
          </View>
        ))}
      </Card>
      <Button type="primary" size="large" block disabled={!target || !role} loading={creating} className="big-button e2e-create-invite" onClick={() => void create()}>
        生成邀请码
      </Button>

      {invite ? (
        <Card title="邀请码已生成" className="e2e-invite-result">
          <View className="code-box e2e-invite-code">{invite.code}</View>
          <View className="muted">
            {invite.node.name} · {ROLE_META[invite.role].label} · 可用 {invite.maxUses} 次 · {formatDate(invite.expiresAt)}前有效
          </View>
          {qr ? <Image className="qr-image e2e-invite-qr" src={qr} mode="aspectFit" /> : <View className="muted">二维码加载中…</View>}
          <View className="muted">对方用微信扫二维码，或在“输入邀请码”里填写上面的邀请码即可加入。</View>
          {IS_WEAPP ? (
            <TaroButton className="native-primary" openType="share">
              发给微信好友或群
            </TaroButton>
          ) : (
            <Button
              type="primary"
              fill="outline"
              size="large"
              block
              className="big-button e2e-copy-invite"
              onClick={() => void Taro.setClipboardData({ data: invite.code }).catch(() => undefined)}
            >
              复制邀请码
            </Button>
          )}
        </Card>
      ) : null}

      {list.length ? (
        <Card title="已生成的邀请码">
          {list.map((inv) => (
            <View key={inv.id} className="list-item row">
              <View>
                <View className="item-main">{inv.code}</View>
                <View className="muted">
                  {inv.node.name} · {ROLE_META[inv.role].label} · 已用 {inv.uses}/{inv.maxUses}
                  {inv.revoked ? ' · 已撤销' : ` · ${formatDate(inv.expiresAt)}前有效`}
                </View>
              </View>
              {!inv.revoked ? (
                <View className="link-button" onClick={() => void revoke(inv)}>
                  撤销
                </View>
              ) : null}
            </View>
          ))}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function InvitePage() {
  const router = useRouter()
  const nodeId = Number(param(router.params.nodeId))
  const myRole = param(router.params.role) as Role
  useShareAppMessage(() => {
    const inv = shareInvite
    if (!inv) return { title: '无诈：一起防范电信网络诈骗', path: '/pages/index/index' }
    return { title: `邀请您加入${inv.node.name}（${ROLE_META[inv.role].label}）`, path: `/${inv.path.replace(/^\//, '')}` }
  })
  return (
    <SessionGate>
      {() =>
        nodeId > 0 && ROLE_META[myRole] ? (
          <InviteCreator nodeId={nodeId} myRole={myRole} />
        ) : (
          <Screen>
            <ErrorBlock message="缺少组织信息，请从首页的工作台进入" />
          </Screen>
        )
      }
    </SessionGate>
  )
}
