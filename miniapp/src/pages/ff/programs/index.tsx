// 无诈创建: the town's programs my organisation can apply for, each with its window, my application's
// status and the title if awarded; from here to my indicators, the application and the ledger.
import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PROGRAM_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { ApplicationList, AwardView, ProgramView } from '@wuzha/shared/dist/schemas/fraud-free'
import type { NodeRef } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { go } from '../../../services/nav'
import { FF_PAGES, applicantNodes, awardLine, dayText, errorText, ffCalls, fitsKind, statusHint, statusLabel, windowState, windowText } from '../../../services/ff'
import { MyNodePage, NodeSwitch } from '../parts'
import '../ff.scss'

type Application = ApplicationList['items'][number]

interface Data {
  programs: ProgramView[]
  applications: Application[]
  awards: AwardView[]
}

export function Programs({ nodes, initial }: { nodes: NodeRef[]; initial: NodeRef }) {
  const [node, setNode] = useState(initial)
  const [data, setData] = useState<Data | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load(n: NodeRef = node) {
    setError(null)
    Promise.all([ffCalls.programs(n.id), ffCalls.applications(n.id), ffCalls.awards(n.id)]).then(
      ([p, a, w]) => setData({ programs: p.items.filter((x) => fitsKind(x.kind, n.kind)), applications: a.items, awards: w.items }),
      (e) => setError(errorText(e)),
    )
  }
  useEffect(() => load(), [])
  // back from the application: its status may have changed
  useDidShow(() => {
    if (data || error) load()
  })

  function switchTo(n: NodeRef) {
    setNode(n)
    setData(null)
    load(n)
  }

  return (
    <Screen className="ff ff-programs">
      <View className="page-title">无诈创建</View>
      <NodeSwitch nodes={nodes} current={node} onChange={switchTo} />
      {error ? <ErrorBlock message={error} onRetry={() => load()} /> : null}
      {!data && !error ? <Loading /> : null}
      {data && data.programs.length === 0 ? (
        <Card className="e2e-ff-no-programs">
          <View>镇里还没有发布{node.name}可以申报的创建评比。</View>
          <View className="muted">评比发布后会显示在这里。平时请坚持开展宣传、登记活动台账，这些都会算进评比指标。</View>
        </Card>
      ) : null}
      {data?.programs.map((p) => (
        <ProgramCard
          key={p.id}
          p={p}
          node={node}
          app={data.applications.find((a) => a.programId === p.id) ?? null}
          award={data.awards.find((a) => a.programId === p.id) ?? null}
        />
      ))}
      <Button type="primary" fill="outline" size="large" block className="big-button e2e-ff-go-ledger" onClick={() => go(FF_PAGES.activities, { nodeId: node.id })}>
        宣传活动台账
      </Button>
    </Screen>
  )
}

function ProgramCard({ p, node, app, award }: { p: ProgramView; node: NodeRef; app: Application | null; award: AwardView | null }) {
  const w = windowState(p)
  const action = !app ? (w === 'open' ? '我要申报' : null) : app.status === 'draft' || app.status === 'returned' ? '继续填写申报' : '查看申报'
  return (
    <Card className="e2e-ff-program">
      <View className="card-title e2e-ff-program-title">{p.title}</View>
      <View>
        <View className="tag-role">{PROGRAM_KIND_LABELS[p.kind]}</View>
      </View>
      <View className="ff-line muted">
        统计期间：{dayText(p.periodStart)}至{dayText(p.periodEnd)}
      </View>
      <View className={`ff-line ff-window-${w} e2e-ff-window`}>{windowText(p)}</View>
      <View className="ff-line">
        我的申报：<View className={`ff-status ff-status-${app?.status ?? 'none'} e2e-ff-app-status`}>{statusLabel(app?.status ?? null)}</View>
      </View>
      {app ? <View className="ff-line muted">{statusHint(app)}</View> : null}
      {award ? <View className="ff-line ff-award e2e-ff-award">{awardLine(award)}</View> : null}
      <View className="button-row">
        <Button type="primary" fill="outline" className="e2e-ff-open-indicators" onClick={() => go(FF_PAGES.mine, { programId: p.id, nodeId: node.id })}>
          查看指标
        </Button>
        {action ? (
          <Button type="primary" className="e2e-ff-open-apply" onClick={() => go(FF_PAGES.apply, { programId: p.id, nodeId: node.id })}>
            {action}
          </Button>
        ) : null}
      </View>
    </Card>
  )
}

export default function FfProgramsPage() {
  return (
    <MyNodePage
      pick={applicantNodes}
      none={
        <View>
          <View>无诈创建由村（社区）干部、单位联络员、学校管理员代表本组织申报。</View>
          <View className="muted">您现在的身份不能申报。</View>
        </View>
      }
    >
      {(nodes, initial) => <Programs nodes={nodes} initial={initial} />}
    </MyNodePage>
  )
}
