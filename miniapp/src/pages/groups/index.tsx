import { useEffect, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { GroupView } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { PAGES, go, param } from '../../services/nav'
import { api } from '../../services/request'
import { formatWhen } from '../../services/when'

function GroupRow({ g, onChanged }: { g: GroupView; onChanged: () => void }) {
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(g.name)
  const [saving, setSaving] = useState(false)

  async function save() {
    const n = name.trim()
    if (!n) {
      void Taro.showToast({ title: '请填写群名称', icon: 'none' })
      return
    }
    setSaving(true)
    try {
      await api('groups.update', { params: { id: g.id }, body: { name: n } })
      setEditing(false)
      onChanged()
    } catch {
      // toast shown
    } finally {
      setSaving(false)
    }
  }
  async function remove() {
    const ok = await confirm('取消登记', `确定取消登记“${g.name}”吗？取消后这个群里的打开情况不再统计。`, '取消登记')
    if (!ok) return
    try {
      await api('groups.remove', { params: { id: g.id } })
      void Taro.showToast({ title: '已取消登记', icon: 'success' })
      onChanged()
    } catch {
      // toast shown
    }
  }

  return (
    <View className="list-item e2e-group">
      {editing ? (
        <View className="field">
          <Input className="field-input e2e-group-name-input" value={name} maxlength={40} onInput={(e) => setName(e.detail.value)} />
          <View className="button-row">
            <Button type="primary" loading={saving} className="e2e-group-save" onClick={() => void save()}>
              保存
            </Button>
            <Button fill="outline" type="primary" onClick={() => setEditing(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <>
          <View className="item-main e2e-group-name">{g.name}</View>
          <View className="muted">
            {g.node.name} · {g.boundByName} 于{formatWhen(g.boundAt)}登记
          </View>
          <View className="row">
            <View className="link-button e2e-group-rename" onClick={() => setEditing(true)}>
              改名
            </View>
            <View className="link-button e2e-group-remove" onClick={() => void remove()}>
              取消登记
            </View>
          </View>
        </>
      )}
    </View>
  )
}

export function GroupList({ nodeId, nodeName }: { nodeId: number; nodeName: string }) {
  const [items, setItems] = useState<GroupView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function load() {
    setError(null)
    try {
      setItems((await api('groups.list', { query: { nodeId }, toast: false })).items)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId])
  useDidShow(() => {
    // back from the bind page
    if (items) void load()
  })

  return (
    <Screen className="groups">
      <View className="page-title">{nodeName ? `${nodeName}的微信群` : '微信群'}</View>
      <View className="muted">登记后，居民从这些群里打开信息时，就能统计到“这个群已送达、多少人看了”。</View>
      <View className="gap" />
      {error && !items ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!items && !error ? <Loading /> : null}
      {items ? (
        <Card>
          {items.length === 0 ? <View className="muted e2e-groups-empty">还没有登记微信群。</View> : null}
          {items.map((g) => (
            <GroupRow key={g.id} g={g} onChanged={() => void load()} />
          ))}
        </Card>
      ) : null}
      <Button type="primary" size="large" block className="big-button e2e-group-add" onClick={() => go(PAGES.bindGroup, { nodeId, name: nodeName })}>
        登记新的微信群
      </Button>
    </Screen>
  )
}

export default function GroupsPage() {
  const router = useRouter()
  const nodeId = Number(param(router.params.nodeId))
  const nodeName = param(router.params.name)
  return (
    <SessionGate>
      {() =>
        nodeId > 0 ? (
          <GroupList nodeId={nodeId} nodeName={nodeName} />
        ) : (
          <Screen>
            <ErrorBlock message="缺少组织信息，请从首页的工作台进入" />
          </Screen>
        )
      }
    </SessionGate>
  )
}
