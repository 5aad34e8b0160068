'use strict';
// Handwritten-signature PNGs for the pledge benches, made with pngjs: a transparent pad (as the mini
// program's canvas exports it) with dark, anti-aliased pen strokes of varying pressure, tuned to a byte
// size. Not blank: the ink covers several percent of the pad and spans most of it, well past the
// server's blank check (MIN_INK_SHARE, MIN_INK_SPAN).
//
// Every request needs its own image (files are stored content-addressed: identical bytes would be one
// file written once), so variants() makes distinct PNGs cheaply: a few drawn bases, each with a tEXt
// chunk carrying a counter inserted after IHDR. The chunk is a multiple of 3 bytes and IHDR ends at
// byte 33, so the base64 of a variant is the base's base64 with the chunk's base64 spliced in.

const { PNG } = require('pngjs');

const MAX_BYTES = 200 * 1024; // MAX_SIGNATURE_BYTES of @wuzha/shared

// Deterministic PRNG (mulberry32).
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Draws `strokes` pen strokes (smooth random curves across the pad) of radius ~`pen` px; `grain`
// (0..1) is the pressure texture inside the ink (alpha jitter), which is what makes a PNG large.
function draw({ width, height, strokes, pen, grain, seed }) {
  const png = new PNG({ width, height, colorType: 6 });
  const data = png.data; // zero-filled: transparent
  const rand = rng(seed);
  const ink = (x, y, cover) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 4;
    const jitter = grain ? 1 - grain * rand() : 1;
    const a = Math.min(255, Math.round(255 * cover * jitter));
    if (a <= data[i + 3]) return;
    // dark blue-black ink
    data[i] = 20;
    data[i + 1] = 24;
    data[i + 2] = 48;
    data[i + 3] = a;
  };
  for (let s = 0; s < strokes; s++) {
    // a curve from left to right of a band of the pad, like a written character group
    const band = (s % 4) / 4;
    const x0 = width * (0.05 + 0.2 * rand());
    const x1 = width * (0.75 + 0.2 * rand());
    const yMid = height * (0.2 + 0.6 * ((band + rand() * 0.25) % 1));
    const amp = height * (0.1 + 0.2 * rand());
    const f1 = 2 + rand() * 6;
    const f2 = 5 + rand() * 9;
    const ph = rand() * 6.28;
    const steps = Math.ceil((x1 - x0) * 2);
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const x = x0 + (x1 - x0) * t;
      const y = yMid + amp * Math.sin(f1 * t * 3.14 + ph) * 0.7 + amp * 0.3 * Math.sin(f2 * t * 3.14);
      // pressure: thicker in the middle of a stroke
      const r = pen * (0.6 + 0.6 * Math.sin(t * 3.14));
      const rr = Math.ceil(r + 1);
      for (let dy = -rr; dy <= rr; dy++) {
        for (let dx = -rr; dx <= rr; dx++) {
          const px = Math.round(x) + dx;
          const py = Math.round(y) + dy;
          const d = Math.hypot(px - x, py - y);
          // anti-aliased edge, one pixel wide
          const cover = d <= r - 0.5 ? 1 : d >= r + 0.5 ? 0 : r + 0.5 - d;
          if (cover > 0) ink(px, py, cover);
        }
      }
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

// A signature PNG of about `targetBytes` (±8%, at most the server's 200 KB less the variant chunk) on a 1000×500 pad (a 333×167 CSS-px pad at pixel
// ratio 3): more strokes until near the size, then pressure grain for larger sizes.
function signaturePng(targetBytes, seed = 1) {
  const width = 1000;
  const height = 500;
  const near = (buf) => Math.abs(buf.length - targetBytes) <= targetBytes * 0.08 && buf.length <= MAX_BYTES - 64;
  let buf;
  for (const strokes of [2, 3, 4, 5, 6, 8, 10, 12, 16, 20]) {
    buf = draw({ width, height, strokes, pen: 4, grain: 0, seed });
    if (near(buf) || buf.length > targetBytes) break;
    // the most grain these strokes take: still too small, more strokes
    if (draw({ width, height, strokes, pen: 4, grain: 1, seed }).length < targetBytes) continue;
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 10 && !near(buf); i++) {
      const grain = (lo + hi) / 2;
      buf = draw({ width, height, strokes, pen: 4, grain, seed });
      if (buf.length < targetBytes) lo = grain;
      else hi = grain;
    }
    break;
  }
  if (near(buf)) return buf;
  throw new Error(`could not draw a signature of about ${targetBytes} bytes (last ${buf.length})`);
}

// Ink share and span as the server's blank check sees them (alpha > 40 and not near-white).
function inkStats(buf) {
  const png = PNG.sync.read(buf);
  let n = 0;
  let minX = png.width;
  let maxX = -1;
  let minY = png.height;
  let maxY = -1;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const d = png.data;
      if (d[i + 3] > 40 && !(d[i] > 230 && d[i + 1] > 230 && d[i + 2] > 230)) {
        n++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return { share: n / (png.width * png.height), spanX: (maxX - minX + 1) / png.width, spanY: (maxY - minY + 1) / png.height };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const IHDR_END = 33; // 8-byte signature + IHDR (4 length + 4 type + 13 data + 4 crc)

// A tEXt chunk `Comment\0<10 digits>`: 12 + 18 = 30 bytes, a multiple of 3.
function textChunk(n) {
  const data = Buffer.from(`Comment\0${String(n).padStart(10, '0')}`, 'latin1');
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), data]);
  const out = Buffer.alloc(4 + typeAndData.length + 4);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 4 + typeAndData.length);
  return out;
}

// `bases` drawn signatures of about `targetBytes`; variant(n) is the base64 of a distinct PNG (base
// n % bases, counter n) and variantParts(n) the same as ASCII buffers to concatenate (a request body
// is then assembled with one copy, which keeps the load generator far from being the bottleneck).
function variants(targetBytes, bases = 2) {
  const drawn = Array.from({ length: bases }, (_, i) => signaturePng(targetBytes, 1000 + i * 7919));
  const parts = drawn.map((buf) => {
    if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('pngjs wrote no IHDR first');
    return { head: Buffer.from(buf.subarray(0, IHDR_END).toString('base64')), rest: Buffer.from(buf.subarray(IHDR_END).toString('base64')) };
  });
  const variantParts = (n) => {
    const p = parts[n % parts.length];
    return [p.head, Buffer.from(textChunk(n).toString('base64')), p.rest];
  };
  return {
    bytes: Math.round(drawn.reduce((s, b) => s + b.length, 0) / drawn.length) + 30,
    maxBytes: Math.max(...drawn.map((b) => b.length)) + 30,
    variantParts,
    variant: (n) => Buffer.concat(variantParts(n)).toString('latin1'),
  };
}

module.exports = { signaturePng, variants, inkStats, textChunk };
