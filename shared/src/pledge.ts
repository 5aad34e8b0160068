// Pure pledge rules shared by server and mini program.

// a signature image (PNG) may be at most this many bytes once decoded from base64
export const MAX_SIGNATURE_BYTES = 200 * 1024;
// base64 of MAX_SIGNATURE_BYTES plus slack: longer strings are refused as too large (413), not as invalid
export const MAX_SIGNATURE_BASE64 = Math.ceil((MAX_SIGNATURE_BYTES * 4) / 3) + 4;
// a string this long is not even read (the 413 above is for anything between)
export const SIGNATURE_FIELD_LIMIT = 2 * 1024 * 1024;
// a signature needs ink on at least this share of the pad, spread over at least this share of its width or height
export const MIN_INK_SHARE = 0.002;
export const MIN_INK_SPAN = 0.15;
export const MAX_ROSTER_ROWS = 5000;
export const GUARDIAN_AGE = 14;
// a guardian is reminded at most once a day per campaign
export const PLEDGE_REMIND_INTERVAL_HOURS = 20;

// Under 14? With only a birth year the exact age is unknown, so someone who may still be 13 counts as a minor.
export function isMinorByBirthYear(birthYear: number | null | undefined, now: Date): boolean {
  if (birthYear === null || birthYear === undefined) return false;
  const chinaYear = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  return chinaYear - birthYear <= GUARDIAN_AGE;
}

// Names compare without spaces (full- or half-width) and with the middle dot unified (少数民族姓名).
export function normalizeName(name: string): string {
  return name.replace(/[\s\u3000]+/g, '').replace(/[·•・．.]/g, '·');
}

export function normalizeStudentNo(no: string): string {
  return no.trim().replace(/\s+/g, '').toUpperCase();
}

export function signRate(signed: number, total: number): number | null {
  return total > 0 ? Math.round((signed / total) * 1000) / 10 : null;
}

export type PledgeStateInput = { status: string; deadline: string | Date };
export function pledgeCampaignState(c: PledgeStateInput, now: Date): 'draft' | 'open' | 'ended' {
  if (c.status === 'draft') return 'draft';
  if (c.status === 'closed') return 'ended';
  return new Date(c.deadline).getTime() > now.getTime() ? 'open' : 'ended';
}
