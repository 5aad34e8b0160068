// Subscribe-message field limits. WeChat answers 47003 to a value that does not fit, so every value
// is fitted before sending: a long bulletin title must never make a notification fail.

export const FIELD_LIMITS = {
  thing: 20,
  name: 10,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phone_number: 17,
  car_number: 8,
} as const;

// Cut by code points so a surrogate pair (emoji) is never split.
export function truncateChars(value: string, max: number, ellipsis = ''): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  if (!ellipsis || max <= ellipsis.length) return chars.slice(0, max).join('');
  return chars.slice(0, max - Array.from(ellipsis).length).join('') + ellipsis;
}

const clean = (v: string) => v.replace(/[\r\n\t]+/g, ' ').trim();
const orDash = (v: string) => (v === '' ? '-' : v);

export function fitThing(value: string): string {
  return orDash(truncateChars(clean(value), FIELD_LIMITS.thing, '…'));
}

export function fitName(value: string): string {
  return orDash(truncateChars(clean(value), FIELD_LIMITS.name));
}

export function fitPhrase(value: string): string {
  return orDash(truncateChars(clean(value), FIELD_LIMITS.phrase));
}

// numbers, letters and ASCII symbols only
export function fitCharacterString(value: string): string {
  const ascii = clean(value).replace(/[^\x21-\x7e]/g, '');
  return orDash(truncateChars(ascii, FIELD_LIMITS.character_string));
}

export function fitNumber(value: string): string {
  // the first plain number in the text (WeChat rejects anything else); digits are ASCII so length == chars
  const match = clean(value).replace(/,/g, '').match(/-?\d+(\.\d+)?/);
  const num = match ? match[0] : '0';
  if (num.length <= FIELD_LIMITS.number) return num;
  const intPart = num.split('.')[0];
  return intPart.slice(0, FIELD_LIMITS.number);
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000; // China has one time zone and no DST

// "2024年10月1日 15:01", in China time whatever the server's time zone.
export function formatWechatTime(date: Date): string {
  const d = new Date(date.getTime() + CHINA_OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

export function formatWechatDate(date: Date): string {
  const d = new Date(date.getTime() + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

// A time/date field: ISO timestamps are reformatted; anything else is kept as given.
function fitTimeLike(value: string, format: (d: Date) => string): string {
  const v = clean(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return format(d);
  }
  return orDash(v);
}

// The field type is the key without its trailing number: thing1 → thing, character_string12 → character_string.
export function fieldTypeOf(key: string): string {
  return key.replace(/\d+$/, '');
}

export function fitSubscribeValue(key: string, value: string): string {
  const v = String(value ?? '');
  switch (fieldTypeOf(key)) {
    case 'thing':
      return fitThing(v);
    case 'name':
      return fitName(v);
    case 'phrase':
      return fitPhrase(v);
    case 'character_string':
      return fitCharacterString(v);
    case 'number':
      return fitNumber(v);
    case 'time':
      return fitTimeLike(v, formatWechatTime);
    case 'date':
      return fitTimeLike(v, formatWechatDate);
    case 'letter':
      return orDash(truncateChars(clean(v).replace(/[^A-Za-z]/g, ''), FIELD_LIMITS.letter));
    case 'symbol':
      return orDash(truncateChars(clean(v), FIELD_LIMITS.symbol));
    case 'phone_number':
      return orDash(truncateChars(clean(v), FIELD_LIMITS.phone_number));
    case 'car_number':
      return orDash(truncateChars(clean(v), FIELD_LIMITS.car_number));
    default:
      // unknown type: a thing-sized cut is the safest guess
      return fitThing(v);
  }
}

export function fitSubscribeData(data: Record<string, { value: string }>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, field] of Object.entries(data)) out[key] = { value: fitSubscribeValue(key, field?.value ?? '') };
  return out;
}
