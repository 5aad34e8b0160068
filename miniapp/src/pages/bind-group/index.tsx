import { useEffect, useState } from 'react'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button as NativeButton, Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { GroupView } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { type GroupInfo, enableShareTicket, groupInfoFor } from '../../services/group-info'
import { PAGES, go, goTab, param } from '../../services/nav'
import { ApiError, api } from '../../services/request'

export const BIND_ROUTE = 'pages/bind-group/index'

export function bindSharePath(nodeId: number, nodeName: string): string {
  return `${PAGES.bindGroup}?nodeId=${nodeId}&bind=1${nodeName ? `&name=${encodeURIComponent(nodeName)}` : ''}`
}

const STALE_MESSAGE = '群信息已过期。请回到群里，重新点开“登记本群”的卡片。'

function isStale(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 'GROUP_INFO_STALE' || e.code === 'WECHAT_DECRYPT_FAILED')
}

export function bindErrorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 409) return e.code === 'GROUP_ALREADY_BOUND' ? e.message : '这个微信群已经登记过了，不用再登记。'
    if (isStale(e)) return STALE_MESSAGE
    if (e.status === 403) return '只有这个村（社区、网格）的工作人员才能登记这个群。'
    return e.message
  }
  return '登记失败，请稍后再试'
}

// Opened from the "登记本群" card inside the group: read the group's encrypted info, ask its name.
export function BindHere({ nodeId, nodeName }: { nodeId: number; nodeName: string }) {
  const [info, setInfo] = useState<GroupInfo | null | undefined>(undefined)
  const [name, setName] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [bound, setBound] = useState<GroupView | null>(null)

  // after login (we are inside SessionGate): the server decrypts with the current session key
  const fetchInfo = () => groupInfoFor(BIND_ROUTE, { nodeId: String(nodeId), bind: '1' })
  useEffect(() => {
    fetchInfo().then(setInfo, () => setInfo(null))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId])

  async function bind() {
    const n = name.trim()
    if (!n) {
      setError('请填写这个群的名字，例如“烟雨村三组群”')
      return
    }
    if (!info) return
    setSaving(true)
    setError(null)
    try {
      let g: GroupView
      try {
        g = await api('groups.bind', { body: { nodeId, name: n, group: info }, toast: false })
      } catch (e) {
        if (!isStale(e)) throw e
        // the login changed since the info was read: read it again once
        const fresh = await fetchInfo()
        if (!fresh) throw e
        setInfo(fresh)
        g = await api('groups.bind', { body: { nodeId, name: n, group: fresh }, toast: false })
      }
      setBound(g)
    } catch (e) {
      setError(bindErrorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  if (info === undefined) return <Loading text="正在读取群信息…" />
  if (!info) {
    return (
      <Card title="没有读到群信息" className="e2e-bind-no-group">
        <View>请在要登记的微信群里，点开“登记本群”的卡片。从聊天列表外或转发给个人的卡片打开，无法登记。</View>
      </Card>
    )
  }
  if (bound) {
    return (
      <Card title="登记成功" className="e2e-bind-done">
        <View className="item-main">{bound.name}</View>
        <View className="muted">已登记在“{bound.node.name}”下。以后从这个群里打开的信息都会统计到这个群。</View>
        <Button type="primary" size="large" block className="big-button" onClick={() => go(PAGES.groups, { nodeId: bound.node.id, name: bound.node.name })}>
          查看已登记的群
        </Button>
      </Card>
    )
  }
  return (
    <Card title={`把这个群登记到“${nodeName || '本组织'}”`} className="e2e-bind-form">
      <View className="muted">微信不会告诉我们群的名字，请您填写一个大家认得的名字。</View>
      <View className="field">
        <View className="field-label">群名称</View>
        <Input className="field-input e2e-bind-name" value={name} maxlength={40} placeholder="例如：烟雨村三组群" onInput={(e) => setName(e.detail.value)} />
      </View>
      {error ? <View className="field-error e2e-bind-error">{error}</View> : null}
      <Button type="primary" size="large" block loading={saving} className="big-button e2e-bind-submit" onClick={() => void bind()}>
        登记这个群
      </Button>
    </Card>
  )
}

function ShareToGroup({ nodeName }: { nodeName: string }) {
  return (
    <Card title="登记微信群（两步）" className="e2e-bind-steps">
      <View className="lead">第一步：点下面的按钮，选择要登记的微信群发送。</View>
      <View className="lead">第二步：到那个群里，点开刚发的卡片，填写群名称。</View>
      <View className="muted">只有{nodeName ? `“${nodeName}”的` : ''}工作人员点开才能登记，群里其他人点开只会看到说明。</View>
      <NativeButton openType="share" className="native-primary e2e-bind-share">
        分享到要登记的群
      </NativeButton>
    </Card>
  )
}

export default function BindGroupPage() {
  const router = useRouter()
  const nodeId = Number(param(router.params.nodeId))
  const nodeName = param(router.params.name)
  const bindHere = param(router.params.bind) === '1'
  const weapp = process.env.TARO_ENV === 'weapp'

  useEffect(enableShareTicket, [])
  useShareAppMessage(() => ({ title: `点这里登记本群${nodeName ? `（${nodeName}）` : ''}`, path: bindSharePath(nodeId, nodeName) }))

  return (
    <SessionGate>
      {() => (
        <Screen className="bind-group">
          <View className="page-title">登记微信群</View>
          {!(nodeId > 0) ? (
            <Card className="e2e-bind-missing">
              <View>缺少组织信息，请从首页工作台的“微信群”进入。</View>
            </Card>
          ) : !weapp ? (
            <Card title="请在微信里登记" className="e2e-bind-h5">
              <View>登记微信群需要在微信小程序里完成：把“登记本群”的卡片发到群里，再在群里点开。浏览器里无法读取微信群信息。</View>
              <Button fill="outline" type="primary" block className="big-button" onClick={() => goTab(PAGES.home)}>
                回到首页
              </Button>
            </Card>
          ) : bindHere ? (
            <BindHere nodeId={nodeId} nodeName={nodeName} />
          ) : (
            <ShareToGroup nodeName={nodeName} />
          )}
        </Screen>
      )}
    </SessionGate>
  )
}
