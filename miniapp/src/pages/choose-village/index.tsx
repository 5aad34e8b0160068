import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { NODE_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { DirectoryResponse, NodeRef } from '@wuzha/shared/dist/schemas/org'
import { ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { api } from '../../services/request'
import { PAGES, goTab } from '../../services/nav'
import { reloadMe } from '../../store/session'

type Item = DirectoryResponse['items'][number]

// Grids are the lowest level in the directory; everything above can be opened.
function canOpen(item: NodeRef): boolean {
  return item.kind !== 'grid'
}

export function Directory() {
  // the path of opened nodes, root first
  const [trail, setTrail] = useState<NodeRef[]>([])
  const [data, setData] = useState<DirectoryResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<Item | null>(null)
  const [joining, setJoining] = useState(false)
  const parent = trail.length ? trail[trail.length - 1] : null

  function load() {
    setData(null)
    setError(null)
    setSelected(null)
    api('org.directory', { query: parent ? { parentId: parent.id } : {}, toast: false })
      .then(setData)
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [parent?.id])

  async function join(item: Item) {
    setJoining(true)
    try {
      await api('memberships.join', { body: { nodeId: item.id } })
      await reloadMe()
      void Taro.showToast({ title: '加入成功', icon: 'success' })
      goTab(PAGES.home)
    } catch {
      // the request client already showed the reason
    } finally {
      setJoining(false)
    }
  }

  return (
    <Screen className="choose-village">
      <View className="page-title">{parent ? parent.name : '选择您所在的地方'}</View>
      <View className="lead">
        {parent ? '请点您所在的村（社区）或网格。' : '请一级一级点下去，找到您所在的村（社区）。'}
      </View>
      {trail.length > 0 ? (
        <View className="link-button e2e-dir-back" onClick={() => setTrail(trail.slice(0, -1))}>
          返回上一级
        </View>
      ) : null}
      {error ? <ErrorBlock message={error} onRetry={load} /> : null}
      {!data && !error ? <Loading /> : null}
      {data && data.items.length === 0 ? <View className="muted">这里还没有下一级，可以直接加入上一级。</View> : null}
      {data?.items.map((item) => (
        <View
          key={item.id}
          className={`choice e2e-dir-item ${selected?.id === item.id ? 'selected' : ''}`}
          onClick={() => {
            if (item.joinable) setSelected(item)
            else if (canOpen(item)) setTrail([...trail, item])
          }}
        >
          <View className="row">
            <View className="item-main e2e-dir-name">{item.name}</View>
            {item.joinable && canOpen(item) ? (
              <View
                className="dir-open e2e-dir-open"
                onClick={(e) => {
                  e.stopPropagation()
                  setTrail([...trail, item])
                }}
              >
                选网格 ›
              </View>
            ) : (
              <View className="choice-sub">{canOpen(item) ? `${NODE_KIND_LABELS[item.kind]} ›` : NODE_KIND_LABELS[item.kind]}</View>
            )}
          </View>
          {item.joinable && selected?.id !== item.id ? <View className="choice-sub">点这里选择{NODE_KIND_LABELS[item.kind]}</View> : null}
          {selected?.id === item.id ? (
            <Button
              type="primary"
              size="large"
              block
              loading={joining}
              className="big-button e2e-confirm-join"
              onClick={(e) => {
                e.stopPropagation()
                void join(item)
              }}
            >
              加入{item.name}
            </Button>
          ) : null}
        </View>
      ))}
    </Screen>
  )
}

export default function ChooseVillagePage() {
  return <SessionGate>{() => <Directory />}</SessionGate>
}
