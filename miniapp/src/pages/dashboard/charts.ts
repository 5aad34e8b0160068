// ECharts options built from the dashboard's numbers (pure: unit-tested without a canvas).
import type { LevelStats, ReachTotals } from '@wuzha/shared/dist/schemas/bulletins'

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
