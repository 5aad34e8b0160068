import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

// Signs image URLs: the mini program's <Image> cannot send an Authorization header.
export class FileUrlSigner {
  private readonly key: Buffer;

  constructor(dataKey: Buffer) {
    // a key of its own, so a leaked URL signature says nothing about DATA_KEY
    this.key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'wuzha/file-url/v1', 32));
  }

  // Expiry (unix seconds): the next full hour + 24 h, so the same URL is handed out for an hour and caches well.
  expiryFor(now: Date): number {
    return Math.ceil(now.getTime() / 1000 / HOUR_S) * HOUR_S + DAY_S;
  }

  sign(fileId: number, exp: number): string {
    return createHmac('sha256', this.key).update(`${fileId}.${exp}`).digest('base64url');
  }

  verify(fileId: number, exp: number, sig: string, now: Date): boolean {
    if (exp * 1000 <= now.getTime()) return false;
    const expected = Buffer.from(this.sign(fileId, exp));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  url(fileId: number, now: Date): string {
    const exp = this.expiryFor(now);
    return `/api/files/${fileId}?exp=${exp}&sig=${this.sign(fileId, exp)}`;
  }
}
