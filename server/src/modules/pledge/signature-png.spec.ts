import { randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { MAX_SIGNATURE_BYTES } from '@wuzha/shared';
import { PNG } from 'pngjs';
import { bulkySignaturePng, signaturePng, toBase64 } from '../../../test/utils/signature-png';
import { DomainError } from '../../common/domain-error';
import { anyPngInk, canvasPngInk, enough, parseSignaturePng } from './signature-png';

async function codeOf(input: string): Promise<string> {
  try {
    await parseSignaturePng(input);
    return 'OK';
  } catch (err) {
    if (err instanceof DomainError) return `${err.status} ${err.code}`;
    throw err;
  }
}

// the machine running the suite may be busy: decoding a 3x pad in jest's VM takes a while
jest.setTimeout(30_000);

describe('signature PNG checks', () => {
  it('accepts a real-looking scribble, with or without the data: prefix', async () => {
    const png = signaturePng({ ratio: 2 });
    const parsed = await parseSignaturePng(toBase64(png, true));
    expect(parsed.bytes.equals(png)).toBe(true);
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([parsed.width, parsed.height]).toEqual([680, 360]);
    expect(await codeOf(toBase64(png))).toBe('OK');
  });

  it.each([1, 2, 3])('accepts a scribble at pixel ratio %i', async (ratio) => {
    expect(await codeOf(toBase64(signaturePng({ ratio })))).toBe('OK');
  });

  it('accepts RGB without alpha (white background)', async () => {
    const png = signaturePng({ ratio: 3, opaque: true });
    expect(png[25]).toBe(2);
    expect(await codeOf(toBase64(png))).toBe('OK');
  });

  it('accepts base64 broken into lines', async () => {
    const b64 = toBase64(signaturePng()).replace(/(.{76})/g, '$1\n');
    expect(await codeOf(b64)).toBe('OK');
  });

  it.each([
    ['blank', { ink: 'blank' as const }],
    ['blank white, no alpha', { ink: 'blank' as const, opaque: true }],
    ['a dot', { ink: 'dot' as const }],
    ['a short stroke', { ink: 'short' as const }],
    ['a short stroke at 3x', { ink: 'short' as const, ratio: 3 }],
    ['a dot, no alpha', { ink: 'dot' as const, opaque: true }],
  ])('refuses %s as blank', async (_label, o) => {
    expect(await codeOf(toBase64(signaturePng(o)))).toBe('400 PLEDGE_SIGNATURE_BLANK');
  });

  it('refuses faint (nearly transparent) and white ink as blank', async () => {
    const png = new PNG({ width: 300, height: 150 });
    png.data.fill(0);
    // a wide band: of alpha 30 on the left, of white on the right
    for (let y = 40; y < 110; y++) {
      for (let x = 10; x < 290; x++) {
        const i = (y * 300 + x) * 4;
        png.data.set(x < 150 ? [0, 0, 0, 30] : [250, 250, 250, 255], i);
      }
    }
    expect(await codeOf(PNG.sync.write(png).toString('base64'))).toBe('400 PLEDGE_SIGNATURE_BLANK');
  });

  it('refuses an image over 200 KB with 413, before and after decoding', async () => {
    const big = bulkySignaturePng(MAX_SIGNATURE_BYTES + 20 * 1024);
    expect(big.length).toBeGreaterThan(MAX_SIGNATURE_BYTES);
    expect(await codeOf(toBase64(big))).toBe('413 PLEDGE_SIGNATURE_TOO_LARGE');
    expect(await codeOf('A'.repeat(2 * 1024 * 1024))).toBe('413 PLEDGE_SIGNATURE_TOO_LARGE');
  });

  it('accepts a noisy signature just under 200 KB', async () => {
    const png = bulkySignaturePng(MAX_SIGNATURE_BYTES - 8 * 1024);
    expect(png.length).toBeLessThanOrEqual(MAX_SIGNATURE_BYTES);
    expect(await codeOf(toBase64(png))).toBe('OK');
  });

  it.each([
    ['garbage base64', '!!!not base64***'],
    ['base64 of text', Buffer.from('hello, this is not an image at all, just some text').toString('base64')],
    ['a JPEG header', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200)]).toString('base64')],
    ['a PNG cut short', signaturePng().subarray(0, 200).toString('base64')],
    ['a wrong data URL type', `data:image/jpeg;base64,${signaturePng().toString('base64')}`],
    ['a single character', 'A'],
  ])('refuses %s as invalid', async (_label, input) => {
    expect(await codeOf(input)).toBe('400 PLEDGE_SIGNATURE_INVALID');
  });

  it('refuses a PNG with corrupted image data', async () => {
    const png = Buffer.from(signaturePng());
    // flip bytes inside the first IDAT chunk (after the header chunks)
    const at = png.indexOf('IDAT') + 40;
    for (let i = 0; i < 16; i++) png[at + i] ^= 0xa5;
    expect(await codeOf(png.toString('base64'))).toBe('400 PLEDGE_SIGNATURE_INVALID');
  });

  it('refuses absurd sizes before decoding (a tiny file claiming a huge image)', async () => {
    for (const [w, h] of [
      [100000, 100000],
      [5000, 100],
      [8, 8],
    ]) {
      const png = Buffer.from(signaturePng({ width: 40, height: 20, ratio: 1 }));
      png.writeUInt32BE(w, 16);
      png.writeUInt32BE(h, 20);
      expect(await codeOf(png.toString('base64'))).toBe('400 PLEDGE_SIGNATURE_INVALID');
    }
  });

  it('refuses image data inflating to more than the header says (a bomb)', async () => {
    const png = Buffer.from(signaturePng({ width: 40, height: 20, ratio: 1 }));
    const idat = png.indexOf('IDAT') - 4;
    const bomb = deflateSync(Buffer.alloc(50_000_000));
    const chunk = Buffer.alloc(12 + bomb.length);
    chunk.writeUInt32BE(bomb.length, 0);
    chunk.write('IDAT', 4, 'latin1');
    bomb.copy(chunk, 8);
    const iend = png.subarray(png.indexOf('IEND') - 4);
    const forged = Buffer.concat([png.subarray(0, idat), chunk, iend]);
    expect(await codeOf(forged.toString('base64'))).toBe('400 PLEDGE_SIGNATURE_INVALID');
  });

  it('decodes other PNG formats with pngjs (grayscale, 16-bit)', async () => {
    const src = PNG.sync.read(signaturePng({ ratio: 1, opaque: true }));
    for (const opts of [{ colorType: 0 as const }, { colorType: 2 as const, bitDepth: 16 as const }, { colorType: 6 as const, bitDepth: 16 as const }]) {
      const png = new PNG({ width: src.width, height: src.height });
      src.data.copy(png.data);
      const bytes = PNG.sync.write(png, opts);
      expect(await canvasPngInk(bytes, src.width, src.height)).toBeNull();
      expect(await codeOf(bytes.toString('base64'))).toBe('OK');
    }
  });

  it('the fast path counts the same ink as pngjs', async () => {
    const cases = [
      signaturePng({ ratio: 1 }),
      signaturePng({ ratio: 3, seed: 5 }),
      signaturePng({ ratio: 2, opaque: true }),
      signaturePng({ ink: 'short', ratio: 2 }),
      signaturePng({ ink: 'blank', opaque: true }),
      bulkySignaturePng(50_000),
    ];
    for (const png of cases) {
      const fast = await canvasPngInk(png, png.readUInt32BE(16), png.readUInt32BE(20));
      expect(fast).toEqual(anyPngInk(png));
    }
  });

  it('the fast path handles every filter type (rows encoded one filter each)', async () => {
    const src = PNG.sync.read(signaturePng({ ratio: 1, seed: 3 }));
    for (const filterType of [0, 1, 2, 3, 4]) {
      const png = new PNG({ width: src.width, height: src.height });
      src.data.copy(png.data);
      const bytes = PNG.sync.write(png, { filterType });
      expect(await canvasPngInk(bytes, src.width, src.height)).toEqual(anyPngInk(bytes));
    }
  });

  it('stops reading once the ink suffices, still checking every row\'s filter byte', async () => {
    const png = signaturePng({ ratio: 2, seed: 4 });
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    const full = (await canvasPngInk(png, w, h))!;
    const early = (await canvasPngInk(png, w, h, { untilEnough: true }))!;
    expect(enough(early)).toBe(true);
    expect(early.share).toBeLessThan(full.share);
    // a bad filter byte in the last row, past where the scan stops
    const raw = inflateSync(png.subarray(png.indexOf('IDAT') + 4, png.indexOf('IEND') - 8));
    raw[(h - 1) * (w * 4 + 1)] = 9;
    const idat = deflateSync(raw);
    const ihdrEnd = png.indexOf('IDAT') - 4;
    const chunk = Buffer.alloc(12 + idat.length);
    chunk.writeUInt32BE(idat.length, 0);
    chunk.write('IDAT', 4, 'latin1');
    idat.copy(chunk, 8);
    const forged = Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(png.indexOf('IEND') - 4)]);
    expect(await codeOf(forged.toString('base64'))).toBe('400 PLEDGE_SIGNATURE_INVALID');
  });
});
