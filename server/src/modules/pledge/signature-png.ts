import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { promisify } from 'node:util';
import { inflate, ZlibOptions } from 'node:zlib';
import { MAX_SIGNATURE_BASE64, MAX_SIGNATURE_BYTES, MIN_INK_SHARE, MIN_INK_SPAN } from '@wuzha/shared';
import { PNG } from 'pngjs';
import { DomainError } from '../../common/domain-error';

// A handwritten signature as the mini program's canvas exports it: a PNG, base64, optionally with a
// data: URL prefix. Checked once here (size, format, ink) before anything is stored.

export interface SignaturePng {
  bytes: Buffer;
  // sha256 hex of the bytes (the stored file's name and the record's imageHash)
  sha256: string;
  width: number;
  height: number;
}

export interface InkStats {
  // share of the pad's pixels that are ink
  share: number;
  // the ink's bounding box as shares of the width and the height
  spanX: number;
  spanY: number;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// a pad is a few hundred CSS pixels at a pixel ratio up to 4: anything far outside is not a signature
// (and a small PNG could inflate to gigabytes: refused before decoding)
export const MIN_SIDE = 16;
export const MAX_SIDE = 4096;
export const MAX_PIXELS = 6_000_000;
// ink: a visible pixel (alpha over this) that is not (near) white
const INK_ALPHA = 40;
const WHITE_LEVEL = 235;
const DATA_URL = /^data:image\/png;base64,/i;

const inflateAsync = promisify<Buffer, ZlibOptions, Buffer>(inflate);
const invalid = (why: string) => new DomainError('PLEDGE_SIGNATURE_INVALID', undefined, [{ path: 'body.signaturePng', message: why }]);

export async function parseSignaturePng(input: string): Promise<SignaturePng> {
  // a slice, not a copy of a 270 KB string
  let b64 = DATA_URL.test(input.slice(0, 22)) ? input.slice(22) : input;
  // line breaks from some encoders are harmless (the decoder skips them); they only count here when
  // the text is long enough to matter
  if (b64.length > MAX_SIGNATURE_BASE64 && /\s/.test(b64)) b64 = b64.replace(/\s+/g, '');
  if (b64.length > MAX_SIGNATURE_BASE64) throw new DomainError('PLEDGE_SIGNATURE_TOO_LARGE');
  // No character check of the whole text (a regex over 270 KB costs more than the rest of a submit's
  // parsing): the decoder skips what is not base64, and what matters is checked on the bytes — a PNG
  // whose structure and zlib checksum hold. The bytes are what is stored and hashed.
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > MAX_SIGNATURE_BYTES) throw new DomainError('PLEDGE_SIGNATURE_TOO_LARGE');
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_MAGIC) || bytes.toString('latin1', 12, 16) !== 'IHDR') throw invalid('不是 PNG 图片');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw invalid(`图片尺寸不正确（${width}×${height}）`);
  }
  const stats = (await canvasPngInk(bytes, width, height, { untilEnough: true })) ?? anyPngInk(bytes);
  if (!enough(stats)) throw new DomainError('PLEDGE_SIGNATURE_BLANK');
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), width, height };
}

// A signature has some ink, spread over a fair part of the pad's width or height (a dot or a tick is not one).
export function enough(s: InkStats): boolean {
  return s.share >= MIN_INK_SHARE && (s.spanX >= MIN_INK_SPAN || s.spanY >= MIN_INK_SPAN);
}

// Ink of decoded RGBA pixels (8 bits per channel, as pngjs decodes every PNG).
export function inkStats(rgba: Uint8Array, width: number, height: number): InkStats {
  const acc = new InkBox(width, height);
  for (let y = 0; y < height; y++) acc.addRow(y, rgba, y * width * 4, 4);
  return acc.stats();
}

// Any PNG: pngjs decodes it to RGBA (interlaced, 16-bit, palettes, low bit depths).
export function anyPngInk(bytes: Buffer): InkStats {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    throw invalid('PNG 图片已损坏');
  }
  return inkStats(png.data, png.width, png.height);
}

// What canvases export (8-bit RGBA or RGB, not interlaced), without pngjs: the image data is inflated
// once (asynchronously, off the event loop) and unfiltered row by row, and rows whose filtered bytes are
// all zero (the empty part of a pad) are neither unfiltered nor scanned. pngjs's conversion of every
// pixel was several times slower, and a submit must stay within a few milliseconds.
// Other formats → null (anyPngInk decodes them).
export async function canvasPngInk(bytes: Buffer, width: number, height: number, opts: { untilEnough?: boolean } = {}): Promise<InkStats | null> {
  const depth = bytes[24];
  const colorType = bytes[25];
  const interlace = bytes[28];
  if (depth !== 8 || (colorType !== 6 && colorType !== 2) || interlace !== 0) return null;
  const bpp = colorType === 6 ? 4 : 3;
  const stride = width * bpp;
  const expected = height * (stride + 1);
  let data: Buffer;
  try {
    // zlib's checksum catches corrupted image data; maxOutputLength stops a bomb early
    data = await inflateAsync(imageData(bytes), { maxOutputLength: expected + 1, chunkSize: Math.max(64 * 1024, expected + 1) });
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw invalid('PNG 图片已损坏');
  }
  if (data.length !== expected) throw invalid('PNG 图片已损坏');
  const box = new InkBox(width, height, opts.untilEnough ?? false);
  const rows = bpp === 4 && LITTLE_ENDIAN ? rgbaInk(data, box) : bytesInk(data, box, bpp);
  // rows left unread once the ink sufficed: their filter bytes must still be valid
  for (let y = rows; y < height; y++) if (data[y * (width * bpp + 1)] > 4) throw invalid('PNG 图片已损坏');
  return box.stats();
}

const LITTLE_ENDIAN = endianness() === 'LE';
const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;
// four bytes added lane by lane, mod 256 each (no carry between lanes)
const add4 = (x: number, y: number) => ((x & LOW7) + (y & LOW7)) ^ ((x ^ y) & HIGH);
// floor((x + y) / 2) lane by lane
const avg4 = (x: number, y: number) => (x & y) + (((x ^ y) >>> 1) & LOW7);

// RGBA rows, a pixel per 32-bit word: each row is copied into an aligned buffer and unfiltered four
// bytes at a time (Paeth byte by byte), then scanned; transparent pixels are rejected by one compare.
// Returns how many rows were read (fewer than all once the box has enough ink, if it stops there).
function rgbaInk(data: Buffer, box: InkBox): number {
  const { width, height } = box;
  const stride = width * 4;
  const zero = Buffer.alloc(stride);
  let cur = new Uint32Array(width);
  let prev = new Uint32Array(width);
  // the previous row is all zeros (before the first row, or after a zero row)
  let prevZero = true;
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1) + 1;
    const filter = data[start - 1];
    if (filter > 4) throw invalid('PNG 图片已损坏');
    const raw = data.subarray(start, start + stride);
    const rawZero = raw.equals(zero);
    if (rawZero && (filter <= 1 || prevZero)) {
      // None/Sub of zeros, or any filter of zeros over a zero row: transparent
      prevZero = true;
      box.addSpan(y, 0, 0, -1);
      continue;
    }
    if (rawZero && filter === 2) {
      // Up of zeros: the previous row again
      box.repeatRow(y);
      continue;
    }
    new Uint8Array(cur.buffer).set(raw);
    if (filter === 1 || (filter === 4 && prevZero)) {
      // Sub, and Paeth with nothing above (it predicts the left neighbour)
      for (let x = 1; x < width; x++) cur[x] = add4(cur[x], cur[x - 1]);
    } else if (filter === 2) {
      if (!prevZero) for (let x = 0; x < width; x++) cur[x] = add4(cur[x], prev[x]);
    } else if (filter === 3) {
      if (prevZero) {
        for (let x = 1; x < width; x++) cur[x] = add4(cur[x], (cur[x - 1] >>> 1) & LOW7);
      } else {
        cur[0] = add4(cur[0], (prev[0] >>> 1) & LOW7);
        for (let x = 1; x < width; x++) cur[x] = add4(cur[x], avg4(cur[x - 1], prev[x]));
      }
    } else if (filter === 4) {
      paethBytes(new Uint8Array(cur.buffer), new Uint8Array(prev.buffer), stride);
    }
    let count = 0;
    let min = width;
    let max = -1;
    for (let x = 0; x < width; x++) {
      const w = cur[x];
      // little-endian: R is the low byte, alpha the high one
      if (w >>> 24 <= INK_ALPHA) continue;
      if ((w & 0xff) < WHITE_LEVEL || ((w >>> 8) & 0xff) < WHITE_LEVEL || ((w >>> 16) & 0xff) < WHITE_LEVEL) {
        count++;
        if (x < min) min = x;
        max = x;
      }
    }
    box.addSpan(y, count, min, max);
    if (box.done()) return y + 1;
    const t = prev;
    prev = cur;
    cur = t;
    prevZero = false;
  }
  return height;
}

// Paeth over one RGBA row with a row above (the first pixel predicts the byte above).
function paethBytes(d: Uint8Array, up: Uint8Array, stride: number): void {
  for (let i = 0; i < 4; i++) d[i] += up[i];
  for (let i = 4; i < stride; i++) {
    const a = d[i - 4];
    const b = up[i];
    const c = up[i - 4];
    const pa = b > c ? b - c : c - b;
    const pb = a > c ? a - c : c - a;
    const pc0 = a + b - c - c;
    const pc = pc0 < 0 ? -pc0 : pc0;
    d[i] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
}

// Byte by byte, in place (RGB pads, or a big-endian machine).
function bytesInk(data: Buffer, box: InkBox, bpp: number): number {
  const { width, height } = box;
  const stride = width * bpp;
  const zero = Buffer.alloc(stride);
  // the content of a zero row: transparent (no ink), or black (all ink) without alpha
  const zeroInk = bpp === 3;
  // the previous row's content: where it lies in data (a row equal to an earlier one is not written,
  // it points there), or -1 when it is all zeros
  let prevAt = -1;
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1) + 1;
    const filter = data[start - 1];
    if (filter > 4) throw invalid('PNG 图片已损坏');
    const rawZero = data.subarray(start, start + stride).equals(zero);
    if (rawZero && (filter <= 1 || prevAt < 0)) {
      // None/Sub of zeros, or any filter of zeros over a zero row: zeros
      prevAt = -1;
      box.addSpan(y, zeroInk ? width : 0, 0, zeroInk ? width - 1 : -1);
    } else if (rawZero && filter === 2) {
      // Up of zeros: the previous row again
      box.repeatRow(y);
    } else {
      unfilter(data, start, prevAt, stride, bpp, filter);
      prevAt = start;
      box.addRow(y, data, start, bpp);
    }
    if (box.done()) return y + 1;
  }
  return height;
}

// The concatenated IDAT chunks (the zlib stream of the image data).
function imageData(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let off = 8; off + 12 <= bytes.length; ) {
    const len = bytes.readUInt32BE(off);
    const type = bytes.toString('latin1', off + 4, off + 8);
    if (off + 12 + len > bytes.length) break;
    if (type === 'IDAT') parts.push(bytes.subarray(off + 8, off + 8 + len));
    if (type === 'IEND') return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    off += 12 + len;
  }
  throw invalid('PNG 图片不完整');
}

// Undoes one scanline's PNG filter in place (prev: where the previous row's content starts, -1: zeros).
// The first pixel of a row (no left neighbour) and a missing previous row are handled outside the
// loops, so the loops over the rest of the row have no branches but the predictor's own.
function unfilter(d: Buffer, start: number, prev: number, stride: number, bpp: number, filter: number): void {
  const end = start + stride;
  const first = start + bpp;
  if (filter === 1) {
    for (let i = first; i < end; i++) d[i] += d[i - bpp];
  } else if (filter === 2) {
    if (prev >= 0) for (let i = start, p = prev; i < end; i++, p++) d[i] += d[p];
  } else if (filter === 3) {
    if (prev >= 0) {
      for (let i = start, p = prev; i < first; i++, p++) d[i] += d[p] >> 1;
      for (let i = first, p = prev + bpp; i < end; i++, p++) d[i] += (d[i - bpp] + d[p]) >> 1;
    } else {
      for (let i = first; i < end; i++) d[i] += d[i - bpp] >> 1;
    }
  } else if (filter === 4) {
    if (prev < 0) {
      // Paeth with nothing above predicts the left neighbour (Sub)
      for (let i = first; i < end; i++) d[i] += d[i - bpp];
      return;
    }
    // the first pixel: a = c = 0, so the prediction is the byte above
    for (let i = start, p = prev; i < first; i++, p++) d[i] += d[p];
    for (let i = first, p = prev + bpp; i < end; i++, p++) {
      const a = d[i - bpp];
      const b = d[p];
      const c = d[p - bpp];
      const pa = b > c ? b - c : c - b;
      const pb = a > c ? a - c : c - a;
      const pc0 = a + b - c - c;
      const pc = pc0 < 0 ? -pc0 : pc0;
      d[i] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
  }
}

// Counts ink pixels and their bounding box, row by row.
class InkBox {
  private ink = 0;
  private minX: number;
  private maxX = -1;
  private minY: number;
  private maxY = -1;
  // the last row's ink (for a repeated row)
  private last = { count: 0, min: 0, max: -1 };

  constructor(
    readonly width: number,
    readonly height: number,
    // stop as soon as there is enough ink for a signature (the rest of the pad cannot undo it)
    private readonly untilEnough = false,
  ) {
    this.minX = width;
    this.minY = height;
  }

  // the same test as enough(), so a box that stops early always passes it
  done(): boolean {
    return this.untilEnough && this.ink > 0 && enough(this.stats());
  }

  addRow(y: number, d: Uint8Array, start: number, bpp: number): void {
    let count = 0;
    let min = this.width;
    let max = -1;
    for (let x = 0, i = start; x < this.width; x++, i += bpp) {
      if ((bpp === 3 || d[i + 3] > INK_ALPHA) && (d[i] < WHITE_LEVEL || d[i + 1] < WHITE_LEVEL || d[i + 2] < WHITE_LEVEL)) {
        count++;
        if (x < min) min = x;
        max = x;
      }
    }
    this.addSpan(y, count, min, max);
  }

  repeatRow(y: number): void {
    this.addSpan(y, this.last.count, this.last.min, this.last.max);
  }

  addSpan(y: number, count: number, min: number, max: number): void {
    this.last = { count, min, max };
    if (count === 0) return;
    this.ink += count;
    if (min < this.minX) this.minX = min;
    if (max > this.maxX) this.maxX = max;
    if (y < this.minY) this.minY = y;
    this.maxY = y;
  }

  stats(): InkStats {
    if (this.ink === 0) return { share: 0, spanX: 0, spanY: 0 };
    return { share: this.ink / (this.width * this.height), spanX: (this.maxX - this.minX + 1) / this.width, spanY: (this.maxY - this.minY + 1) / this.height };
  }
}
