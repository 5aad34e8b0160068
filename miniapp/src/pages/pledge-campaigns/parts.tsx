// Pieces shared by the pledge staff pages: the rate bar with its target, a text shown as paragraphs,
// a red field message.
import { View } from '@tarojs/components'
import { barWidth, paragraphs, rateText, rateTone } from '../../services/pledge-admin'

export function RateBar({ rate, target, className }: { rate: number | null; target: number; className?: string }) {
  return (
    <View className={`p-bar ${className ?? ''}`}>
      <View className={`p-bar-fill ${rateTone(rate, target)}`} style={{ width: `${barWidth(rate)}%` }} />
      {target < 100 ? <View className="p-bar-target" style={{ left: `${target}%` }} /> : null}
    </View>
  )
}

// "32/40人已签 · 80%" (units count in 家)
export function Counts({ signed, total, rate, unit = '人', className }: { signed: number | null; total: number | null; rate: number | null; unit?: string; className?: string }) {
  if (signed === null || total === null) return null
  // e.g. a village nobody has joined yet: say so rather than show 0/0
  if (total === 0) return <View className={`p-count muted ${className ?? ''}`}>范围内还没有要签的{unit === '家' ? '单位' : '人'}</View>
  return (
    <View className={`p-count ${className ?? ''}`}>
      {signed}/{total}
      {unit}已签 · {rateText(rate)}
    </View>
  )
}

export function PledgeText({ title, body, version, className }: { title: string; body: string; version?: number; className?: string }) {
  return (
    <View className={`p-text ${className ?? ''}`}>
      <View className="p-text-title">{title}</View>
      {paragraphs(body).map((p, i) => (
        <View key={i} className="p-para">
          {p}
        </View>
      ))}
      {version ? <View className="muted">第{version}版</View> : null}
    </View>
  )
}

export function FieldError({ text }: { text?: string }) {
  return text ? <View className="field-error e2e-field-error">{text}</View> : null
}
