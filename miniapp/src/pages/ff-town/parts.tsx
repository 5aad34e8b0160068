// Pieces shared by the town's Fraud-Free pages: a month switch (large arrows rather than a wheel),
// a red field message, a colour dot; the pages' gates (a desk from ?nodeId=, an id from ?id=). (An indicator against its target and evidence files: the
// applicant side's pages/ff/parts, so both sides show them alike.)
import type { ReactNode } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { param } from '../../services/nav'
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

// A page's first load: the error with 重试, else 正在加载.
export function FirstLoad({ error, onRetry }: { error: string | null; onRetry: () => void }) {
  return <Screen>{error ? <ErrorBlock message={error} onRetry={onRetry} /> : <Loading />}</Screen>
}

function Refused({ message }: { message: string }) {
  return (
    <Screen>
      <ErrorBlock message={message} />
    </Screen>
  )
}

// A page working at a desk: `pick` finds it from the person and the route's nodeId, else the refusal.
export function DeskPage({ pick, refusal, children }: { pick: (me: MeResponse, nodeId?: number) => MembershipView | null; refusal: string; children: (at: MembershipView) => ReactNode }) {
  const router = useRouter()
  const nodeId = Number(param(router.params.nodeId)) || undefined
  return (
    <SessionGate>
      {(me) => {
        const at = pick(me, nodeId)
        return at ? children(at) : <Refused message={refusal} />
      }}
    </SessionGate>
  )
}

// A page about one record named by the route's id.
export function IdPage({ missing, children }: { missing: string; children: (id: number) => ReactNode }) {
  const router = useRouter()
  const id = Number(param(router.params.id))
  return <SessionGate>{() => (id ? children(id) : <Refused message={missing} />)}</SessionGate>
}
