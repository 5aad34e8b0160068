import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { chinaDayKey } from '@wuzha/shared';

const HOUR_S = 3600;
// a certificate link stays valid for a week (shared to family chats), renewed whenever the result is read
const VALID_S = 7 * 24 * HOUR_S;

// Signs certificate image URLs (<Image> sends no Authorization header) with a key of its own.
export class CertificateSigner {
  private readonly key: Buffer;

  constructor(dataKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'wuzha/quiz-certificate/v1', 32));
  }

  private mac(attemptId: number, exp: number): string {
    return createHmac('sha256', this.key).update(`cert.${attemptId}.${exp}`).digest('base64url');
  }

  // The same URL for an hour (cache-friendly), valid at least a week.
  url(attemptId: number, now: Date): string {
    const exp = Math.ceil(now.getTime() / 1000 / HOUR_S) * HOUR_S + VALID_S;
    return `/api/quiz/certificates/${attemptId}?exp=${exp}&sig=${this.mac(attemptId, exp)}`;
  }

  verify(attemptId: number, exp: number, sig: string, now: Date): boolean {
    if (exp * 1000 <= now.getTime()) return false;
    const expected = Buffer.from(this.mac(attemptId, exp));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export interface CertificateFacts {
  name: string;
  campaignTitle: string;
  orgName: string;
  percent: number;
  passedAt: Date;
  serial: string;
}

// The certificate as an SVG image (WeChat <Image> renders SVG); every text is escaped.
export function certificateSvg(f: CertificateFacts): string {
  const [y, mo, d] = chinaDayKey(f.passedAt).split('-').map(Number);
  const t = (x: number, y0: number, size: number, text: string, extra = '') =>
    `<text x="${x}" y="${y0}" font-size="${size}" text-anchor="middle"${extra}>${escapeXml(text)}</text>`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="750" height="1000" viewBox="0 0 750 1000" font-family="PingFang SC, Microsoft YaHei, sans-serif">',
    '<rect width="750" height="1000" fill="#fffaf0"/>',
    '<rect x="30" y="30" width="690" height="940" fill="none" stroke="#c0392b" stroke-width="8"/>',
    '<rect x="50" y="50" width="650" height="900" fill="none" stroke="#c0392b" stroke-width="2"/>',
    t(375, 180, 64, '合格证书', ' fill="#c0392b" font-weight="bold"'),
    t(375, 300, 44, f.name || '答题人', ' fill="#222" font-weight="bold"'),
    t(375, 390, 30, '参加', ' fill="#333"'),
    t(375, 450, 34, `“${f.campaignTitle}”`, ' fill="#222"'),
    t(375, 530, 30, `成绩 ${f.percent} 分，考核合格，特发此证。`, ' fill="#333"'),
    t(375, 600, 26, '识骗防骗，守护钱袋子', ' fill="#666"'),
    t(375, 780, 32, f.orgName, ' fill="#222"'),
    t(375, 830, 28, `${y}年${mo}月${d}日`, ' fill="#333"'),
    t(375, 910, 20, `证书编号 ${f.serial}`, ' fill="#888"'),
    '</svg>',
  ].join('');
}
