import { chinaDayKey } from '@wuzha/shared';
import { UrlSigner } from '../../common/url-signer';

// A certificate link stays valid for at least a week (shared to family chats), renewed whenever the
// result is read.
export function certificateSigner(dataKey: Buffer): UrlSigner {
  return new UrlSigner(dataKey, 'wuzha/quiz-certificate/v1', (id) => `/api/quiz/certificates/${id}`, 7 * 24 * 3600);
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
