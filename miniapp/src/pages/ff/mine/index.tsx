// 我的创建指标: my organisation's indicators for a program, live, each against its target with the
// points and what counts; the organisation's warning colour for the latest computed month.
import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { IndicatorSheet, ProgramView, WarningList } from '@wuzha/shared/dist/schemas/fraud-free'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { go } from '../../../services/nav'
import { FF_PAGES, dayText, errorText, ffCalls, metState, noteOf, shortTime, windowState } from '../../../services/ff'
import { IndicatorCard, ProgramNodePage, WarningCard } from '../parts'
import '../ff.scss'

interface Data {
  program: ProgramView
  sheet: IndicatorSheet
  warnings: WarningList | null
}

export function MyIndicators({ programId, nodeId }: { programId: number; nodeId: number }) {
  const [data, setData] = useState<Data | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load() {
    setError(null)
    Promise.all([
      ffCalls.program(programId),
      ffCalls.indicators(programId, nodeId),
      // the warning card is extra: the indicators show without it
      ffCalls.warnings(nodeId).catch(() => null),
    ]).then(([program, sheet, warnings]) => setData({ program, sheet, warnings }), (e) => setError(errorText(e)))
  }
  useEffect(load, [])
  // back from the ledger: a logged activity changes the figures
  useDidShow(() => {
    if (data || error) load()
  })

  if (error) return <Screen className="ff"><ErrorBlock message={error} onRetry={load} /></Screen>
  if (!data) return <Screen className="ff"><Loading /></Screen>
  const { program, sheet } = data
  const states = sheet.values.map(metState)
  const count = (s: string) => states.filter((x) => x === s).length
  return (
    <Screen className="ff ff-mine">
      <View className="page-title">{sheet.node.name}的创建指标</View>
      <Card className="e2e-ff-sheet-head">
        <View className="item-main">{program.title}</View>
        <View className="muted">
          统计{dayText(program.periodStart)}至{dayText(program.periodEnd)}的数据
        </View>
        <View className="gap" />
        <View>
          目前得分 <Text className="ff-total e2e-ff-total">{sheet.total}</Text> / 100 分
        </View>
        <View className="ff-counts e2e-ff-counts">
          达标 {count('met')} 项，未达标 {count('unmet')} 项{count('nodata') ? `，暂无数据 ${count('nodata')} 项` : ''}
          {count('pending') ? `，待评审 ${count('pending')} 项` : ''}
        </View>
        <View className="muted ff-line">数据更新于 {shortTime(sheet.computedAt)}。答题、签署、转发、台账的数据都会自动算进来，不用另外填报。</View>
      </Card>
      <Card title="各项指标" className="e2e-ff-indicators">
        {sheet.values.map((v) => (
          <IndicatorCard key={v.key} v={v} kind={program.kind} note={noteOf(program, v.key)} />
        ))}
      </Card>
      <WarningCard list={data.warnings} nodeId={sheet.node.id} />
      <View className="button-row">
        <Button type="primary" fill="outline" className="e2e-ff-mine-ledger" onClick={() => go(FF_PAGES.activities, { nodeId })}>
          登记宣传活动
        </Button>
        {windowState(program) === 'open' ? (
          <Button type="primary" className="e2e-ff-mine-apply" onClick={() => go(FF_PAGES.apply, { programId, nodeId })}>
            去申报
          </Button>
        ) : null}
      </View>
    </Screen>
  )
}

export default function FfMinePage() {
  return <ProgramNodePage>{(programId, nodeId) => <MyIndicators programId={programId} nodeId={nodeId} />}</ProgramNodePage>
}
