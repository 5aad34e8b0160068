import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const HOUR_S = 3600;

// Signed, expiring URLs for what the mini program's <Image> loads (it cannot send an Authorization
// header): stored images, quiz certificates. Each use has a key of its own derived from DATA_KEY, so a
// leaked signature says nothing about DATA_KEY or the other uses.
export class UrlSigner {
  private readonly key: Buffer;

  constructor(
    dataKey: Buffer,
    label: string,
    private readonly pathOf: (id: number) => string,
    // how long a URL stays valid at least
    private readonly validSeconds: number,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), label, 32));
  }

  // Expiry (unix seconds): the next full hour + the validity, so the same URL is handed out for an hour and caches well.
  expiryFor(now: Date): number {
    return Math.ceil(now.getTime() / 1000 / HOUR_S) * HOUR_S + this.validSeconds;
  }

  sign(id: number, exp: number): string {
    return createHmac('sha256', this.key).update(`${id}.${exp}`).digest('base64url');
  }

  verify(id: number, exp: number, sig: string, now: Date): boolean {
    if (exp * 1000 <= now.getTime()) return false;
    const expected = Buffer.from(this.sign(id, exp));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  url(id: number, now: Date): string {
    const exp = this.expiryFor(now);
    return `${this.pathOf(id)}?exp=${exp}&sig=${this.sign(id, exp)}`;
  }
}
