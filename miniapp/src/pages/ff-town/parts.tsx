// Pieces shared by the town's Fraud-Free pages: a month switch (large arrows rather than a wheel),
// a red field message, a colour dot. (An indicator against its target and evidence files: the
// applicant side's pages/ff/parts, so both sides show them alike.)
import { View } from '@tarojs/components'
import type { WarningColour } from '@wuzha/shared/dist/enums'
import { COLOUR_WORDS, monthText, shiftMonth } from '../../services/ff-admin'

export function FieldError({ text, className }: { text?: string; className?: string }) {
  return text ? <View className={`field-error e2e-field-error ${className ?? ''}`}>{text}</View> : null
}

// ‹ 上个月 · 2026年11月 · 下个月 › (not past `max`)
export function MonthSwitch({ month, max, onChange }: { month: string; max: string; onChange: (m: string) => void }) {
  const next = shiftMonth(month, 1)
  return (
    <View className="fft-month e2e-ff-month">
      <View className="fft-month-arrow e2e-ff-month-prev" onClick={() => onChange(shiftMonth(month, -1))}>
        ‹ 上个月
      </View>
      <View className="fft-month-text e2e-ff-month-text">{monthText(month)}</View>
      <View className={`fft-month-arrow e2e-ff-month-next ${next > max ? 'off' : ''}`} onClick={() => next <= max && onChange(next)}>
        下个月 ›
      </View>
    </View>
  )
}

export function Dot({ colour }: { colour: WarningColour }) {
  return <View className={`fft-dot fft-dot-${colour}`} aria-label={COLOUR_WORDS[colour]} />
}
