// Small pure helpers of the dashboard: percentiles, China-time day boundaries and formatting.

const CHINA_OFFSET_MS = 8 * 3600 * 1000; // China has one time zone and no DST

// Median (mean of the two middle values for an even count); null for no values.
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// Nearest-rank percentile (p in (0, 1]): the smallest value with at least p of the values at or below it.
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

export function round1(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10) / 10;
}

// Minutes from `from` to `to`, one decimal; null when either is missing.
export function minutesBetween(from: Date | null, to: Date | null): number | null {
  if (!from || !to) return null;
  return round1((new Date(to).getTime() - new Date(from).getTime()) / 60000);
}

// [start, end) of the China-time days from..to (inclusive), as UTC instants.
export function chinaDayRange(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 24 * 3600 * 1000);
  return { start, end };
}

// "2024-10-01 15:01" in China time, whatever the server's time zone.
export function chinaTime(d: Date | string | null): string {
  if (!d) return '';
  const t = new Date(new Date(d).getTime() + CHINA_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
