// A program's rankings: organisations by composite score (ties share a rank) with their application
// and title, each opening its per-indicator breakdown; 重新计算 (the batch over the town) for town
// admins; the xlsx export.
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { APPLICATION_STATUS_LABELS, AWARD_STATE_LABELS, PROGRAM_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { Rankings } from '@wuzha/shared/dist/schemas/fraud-free'
import { Card, Screen } from '../../../components/Screen'
import { downloadFile } from '../../../services/quiz-admin-io'
import { MET_LABELS, errorText, metState, shortTime, valueText } from '../../../services/ff'
import { ffAdmin, rankCells, rankingsFileName } from '../../../services/ff-admin'
import { FirstLoad, IdPage } from '../parts'
import '../../quiz-bank/quiz-admin.scss'
import '../ff-town.scss'

type Row = Rankings['rows'][number]

function Breakdown({ r, program }: { r: Row; program: Rankings['program'] }) {
  return (
    <View className="e2e-ffrank-breakdown">
      {rankCells(program, r).map((c) => {
        const state = metState(c.value)
        return (
          <View key={c.key} className="fft-cell e2e-ffrank-cell">
            <View>
              <View>{c.name}</View>
              <View className="muted">
                {valueText(c.value)}
                {/* 暂无数据 and 待评审打分 say it already */}
                {state === 'met' || state === 'unmet' ? ` · ${MET_LABELS[state]}` : ''}
              </View>
            </View>
            <View className="fft-case-fig">
              {c.value.score}/{c.value.weight}分
            </View>
          </View>
        )
      })}
    </View>
  )
}

export function RankingsView({ id }: { id: number }) {
  const [data, setData] = useState<Rankings | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<number | null>(null)
  const [busy, setBusy] = useState<'compute' | 'export' | null>(null)

  function load() {
    setError(null)
    ffAdmin
      .rankings(id)
      .then(setData)
      .catch((e) => setError(errorText(e)))
  }
  useEffect(load, [id])

  async function compute() {
    setBusy('compute')
    try {
      const r = await ffAdmin.compute(id)
      void Taro.showToast({ title: `已重新计算${r.nodes}个组织`, icon: 'none' })
      load()
    } catch (e) {
      void Taro.showToast({ title: errorText(e), icon: 'none', duration: 3000 })
    } finally {
      setBusy(null)
    }
  }
  async function exportXlsx() {
    if (!data) return
    setBusy('export')
    try {
      await downloadFile('ff.rankings.export', { id }, {}, rankingsFileName(data.program))
    } catch (e) {
      void Taro.showToast({ title: errorText(e), icon: 'none', duration: 3000 })
    } finally {
      setBusy(null)
    }
  }

  if (error || !data) return <FirstLoad error={error} onRetry={load} />
  const p = data.program
  return (
    <Screen className="quiz-admin ff-town">
      <View className="page-title">创建排名</View>
      <View className="item-main e2e-ffrank-title">{p.title}</View>
      <View className="muted">
        {PROGRAM_KIND_LABELS[p.kind]} · {p.town.name}
      </View>
      <View className="muted e2e-ffrank-computed">{data.computedAt ? `数据计算于${shortTime(data.computedAt)}` : '还没有计算过。'}</View>
      <View className="button-row">
        {p.canManage ? (
          <Button type="primary" loading={busy === 'compute'} disabled={busy !== null} className="e2e-ffrank-compute" onClick={() => void compute()}>
            重新计算
          </Button>
        ) : null}
        <Button type="primary" fill="outline" loading={busy === 'export'} disabled={busy !== null || data.rows.length === 0} className="e2e-ffrank-export" onClick={() => void exportXlsx()}>
          导出表格
        </Button>
      </View>
      <Card>
        {data.rows.length === 0 ? (
          <View className="muted e2e-ffrank-empty">{data.computedAt ? '没有可以排名的组织。' : p.canManage ? '点“重新计算”，按现在的数据给各组织打分排名。' : '镇里还没有计算排名。'}</View>
        ) : null}
        {data.rows.map((r) => (
          <View key={r.node.id} className="fft-item e2e-ffrank-row">
            <View className="fft-rank" onClick={() => setOpen(open === r.node.id ? null : r.node.id)}>
              <View className="fft-rank-no e2e-ffrank-no">{r.rank}</View>
              <View className="fft-rank-main">
                <View className="fft-title e2e-ffrank-node">{r.node.name}</View>
                <View className="muted">
                  {r.applicationStatus ? APPLICATION_STATUS_LABELS[r.applicationStatus] : '未申报'}
                  {r.awardState ? ` · 称号${AWARD_STATE_LABELS[r.awardState]}` : ''}
                </View>
              </View>
              <View className="fft-rank-total e2e-ffrank-total">{r.total}</View>
            </View>
            <View className="link-button e2e-ffrank-toggle" onClick={() => setOpen(open === r.node.id ? null : r.node.id)}>
              {open === r.node.id ? '收起' : '看各项得分'}
            </View>
            {open === r.node.id ? <Breakdown r={r} program={p} /> : null}
          </View>
        ))}
      </Card>
    </Screen>
  )
}

export default function RankingsPage() {
  return <IdPage missing="没有找到这个评比">{(id) => <RankingsView id={id} />}</IdPage>
}
