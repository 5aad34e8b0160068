// Durations and picker values for the staff pages (dates for people: services/when.ts).
const pad = (n: number) => String(n).padStart(2, '0')

export function formatMinutes(min: number | null | undefined): string {
  if (min === null || min === undefined) return '—'
  const m = Math.round(min)
  if (m < 60) return `${m}分钟`
  const h = Math.floor(m / 60)
  const rest = m % 60
  if (h < 48) return rest ? `${h}小时${rest}分钟` : `${h}小时`
  return `${Math.floor(h / 24)}天${h % 24 ? `${h % 24}小时` : ''}`
}

// Local calendar date and time strings as the date/time pickers use them.
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
export function localTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

// A picker's local date + time as an ISO instant (what the API takes).
export function toIso(date: string, time: string): string {
  const [y, mo, da] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  return new Date(y, mo - 1, da, h, mi, 0, 0).toISOString()
}
