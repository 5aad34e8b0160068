// Dates for people, in the phone's local time: "11月22日 15:01" (this year) or "2023年11月22日 15:01".
function pad(n: number): string {
  return String(n).padStart(2, '0')
}

export function formatWhen(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const day = `${d.getMonth() + 1}月${d.getDate()}日`
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return d.getFullYear() === now.getFullYear() ? `${day} ${time}` : `${d.getFullYear()}年${day} ${time}`
}
