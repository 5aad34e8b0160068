import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

// Signature PNGs for tests and benches, drawn like the mini program's pad: a transparent (or white)
// canvas of width × height CSS pixels at a pixel ratio, with round strokes of 2.5 CSS pixels.

export type Ink = 'blank' | 'dot' | 'short' | 'scribble';

export interface PadOptions {
  width?: number;
  height?: number;
  ratio?: number;
  // RGB without alpha on a white background (some encoders drop the alpha channel)
  opaque?: boolean;
  ink?: Ink;
  // a different scribble per seed (so equal signatures are not byte-identical across signers)
  seed?: number;
}

function dotAt(png: PNG, cx: number, cy: number, r: number) {
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(png.height - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(png.width - 1, Math.ceil(cx + r)); x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
      const i = (y * png.width + x) * 4;
      png.data[i] = 20;
      png.data[i + 1] = 20;
      png.data[i + 2] = 30;
      png.data[i + 3] = 255;
    }
  }
}

function stroke(png: PNG, points: [number, number][], r: number) {
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1];
    const [x1, y1] = points[k];
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / Math.max(1, r / 2)));
    for (let s = 0; s <= steps; s++) dotAt(png, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, r);
  }
}

export function signaturePng(o: PadOptions = {}): Buffer {
  const ratio = o.ratio ?? 2;
  const w = Math.round((o.width ?? 340) * ratio);
  const h = Math.round((o.height ?? 180) * ratio);
  const png = new PNG({ width: w, height: h, colorType: o.opaque ? 2 : 6, inputHasAlpha: true });
  // transparent, or white when opaque
  png.data.fill(o.opaque ? 255 : 0);
  const r = 1.25 * ratio;
  const ink = o.ink ?? 'scribble';
  const seed = o.seed ?? 1;
  if (ink === 'dot') dotAt(png, w / 2, h / 2, r * 2);
  if (ink === 'short') stroke(png, [[w * 0.45, h * 0.5], [w * 0.5, h * 0.52]], r);
  if (ink === 'scribble') {
    // three "characters" of loops across most of the pad
    for (let c = 0; c < 3; c++) {
      const pts: [number, number][] = [];
      for (let t = 0; t <= 60; t++) {
        const a = (t / 60) * Math.PI * 4 + seed;
        pts.push([w * (0.12 + c * 0.27) + (w * 0.2 * t) / 60 + Math.cos(a * 1.3) * w * 0.03, h * 0.5 + Math.sin(a + c) * h * 0.25]);
      }
      stroke(png, pts, r);
    }
  }
  return encode(png, o.opaque ? 3 : 4);
}

// A plain PNG encoder (Sub filter on every row, as many canvases do): pngjs's adaptive filtering is
// slow for a test making dozens of pads.
function encode(png: PNG, bpp: 3 | 4): Buffer {
  const { width, height, data } = png;
  const stride = width * bpp;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const out = y * (stride + 1);
    raw[out] = 1;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < bpp; c++) {
        const v = data[(y * width + x) * 4 + c];
        const left = x > 0 ? data[(y * width + x - 1) * 4 + c] : 0;
        raw[out + 1 + x * bpp + c] = (v - left) & 0xff;
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, bpp === 4 ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  let crc = 0xffffffff;
  for (const b of out.subarray(4, 8 + body.length)) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + body.length);
  return out;
}

// A valid signature padded with incompressible noise to about `bytes` bytes (for size limits and benches).
export function bulkySignaturePng(bytes: number, seed = 1): Buffer {
  const side = Math.ceil(Math.sqrt(bytes / 4)) + 8;
  const png = new PNG({ width: side, height: side, colorType: 6 });
  png.data.fill(0);
  // noise in the alpha-free colour channels of transparent pixels: invisible, does not compress
  const noise = randomBytes(side * side * 4);
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = noise[i];
    png.data[i + 1] = noise[i + 1];
    png.data[i + 2] = noise[i + 2];
    png.data[i + 3] = noise[i + 3] & 0x1f;
  }
  const pts: [number, number][] = [];
  for (let t = 0; t <= 40; t++) pts.push([side * (0.1 + 0.8 * (t / 40)), side * (0.5 + 0.3 * Math.sin(t / 3 + seed))]);
  stroke(png, pts, 3);
  return encode(png, 4);
}

export const toBase64 = (png: Buffer, dataUrl = false) => (dataUrl ? 'data:image/png;base64,' : '') + png.toString('base64');
