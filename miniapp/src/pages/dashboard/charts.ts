// ECharts options built from the dashboard's numbers (pure: unit-tested without a canvas).
import type { LevelStats, ReachTotals } from '@wuzha/shared/dist/schemas/bulletins'
import type { TypeAccuracy } from '@wuzha/shared/dist/schemas/quiz'
import { FRAUD_TYPE_LABELS } from '@wuzha/shared/dist/enums'

export type ChartOption = Record<string, unknown>

export const LEVEL_LABELS: Record<number, string> = { 1: '村（社区）/单位', 2: '网格' }
export function levelLabel(level: number): string {
  return LEVEL_LABELS[level] ?? `第${level}级`
}

const COLORS = { forwarded: '#1e7d34', offline: '#3f7fd8', pending: '#c5cad3', overdue: '#b3261e', reached: '#0b57d0', unreached: '#dfe3ea' }
const TEXT = { fontSize: 14, color: '#111418' }

// Stacked bars per level: forwarded, offline, pending (not yet late), overdue.
export function levelBarOption(levels: LevelStats[]): ChartOption {
  const sorted = [...levels].sort((a, b) => a.level - b.level)
  const bar = (name: string, color: string, data: number[]) => ({ name, type: 'bar', stack: 'tasks', barMaxWidth: 48, itemStyle: { color }, data })
  return {
    animation: false,
    legend: { top: 0, textStyle: TEXT },
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: sorted.map((l) => levelLabel(l.level)), axisLabel: TEXT },
    yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT },
    series: [
      bar('已转发', COLORS.forwarded, sorted.map((l) => l.forwarded)),
      bar('线下转发', COLORS.offline, sorted.map((l) => l.offline)),
      bar('未转发', COLORS.pending, sorted.map((l) => Math.max(0, l.pending - l.overdue))),
      bar('超时', COLORS.overdue, sorted.map((l) => l.overdue)),
    ],
  }
}

// Groups reached out of the groups registered in scope.
export function reachPieOption(t: ReachTotals): ChartOption {
  return {
    animation: false,
    legend: { bottom: 0, textStyle: TEXT },
    series: [
      {
        name: '微信群',
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '44%'],
        label: { show: true, formatter: '{b}\n{c}个', fontSize: 14 },
        data: [
          { name: '已有人打开', value: t.groupsReached, itemStyle: { color: COLORS.reached } },
          { name: '还没人打开', value: Math.max(0, t.groupsRegistered - t.groupsReached), itemStyle: { color: COLORS.unreached } },
        ],
      },
    ],
  }
}

// ---- quiz statistics (pages/dashboard/quiz.tsx) ----

const asPercent = (share: number | null) => (share === null ? 0 : Math.round(share * 1000) / 10)

// Accuracy per fraud type as horizontal bars (long Chinese names read best on the left), weakest on
// top; types nobody answered are left out.
export function typeAccuracyOption(types: TypeAccuracy[]): ChartOption {
  const rows = types.filter((t) => t.answered > 0).sort((a, b) => (b.accuracy ?? 0) - (a.accuracy ?? 0))
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...TEXT, formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((t) => FRAUD_TYPE_LABELS[t.fraudType]), axisLabel: TEXT },
    series: [
      {
        name: '正确率',
        type: 'bar',
        barMaxWidth: 28,
        label: { show: true, position: 'right', formatter: '{c}%', fontSize: 14 },
        itemStyle: { color: COLORS.reached },
        data: rows.map((t) => ({ value: asPercent(t.accuracy), itemStyle: { color: (t.accuracy ?? 0) < 0.6 ? COLORS.overdue : COLORS.reached } })),
      },
    ],
  }
}

export interface WeekPoint {
  weekStart: string
  attempts: number
  accuracy: number | null
}

// Week by week: answer accuracy (line, left axis) and attempts (bars, right axis).
export function weeklyOption(weeks: WeekPoint[]): ChartOption {
  const sorted = [...weeks].sort((a, b) => a.weekStart.localeCompare(b.weekStart))
  const label = (w: string) => `${Number(w.slice(5, 7))}月${Number(w.slice(8, 10))}日`
  return {
    animation: false,
    legend: { top: 0, textStyle: TEXT },
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: sorted.map((w) => `${label(w.weekStart)}起`), axisLabel: TEXT },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { ...TEXT, formatter: '{value}%' } },
      { type: 'value', minInterval: 1, axisLabel: TEXT, splitLine: { show: false } },
    ],
    series: [
      { name: '作答次数', type: 'bar', yAxisIndex: 1, barMaxWidth: 32, itemStyle: { color: COLORS.unreached }, data: sorted.map((w) => w.attempts) },
      { name: '正确率', type: 'line', yAxisIndex: 0, symbolSize: 10, lineStyle: { width: 3 }, itemStyle: { color: COLORS.reached }, data: sorted.map((w) => (w.accuracy === null ? null : asPercent(w.accuracy))) },
    ],
  }
}
