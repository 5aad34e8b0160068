import { chinaDayKey } from '@wuzha/shared';
import { UrlSigner } from '../../common/url-signer';
import { escapeXml } from '../quiz/quiz-certificate';

// A certificate link stays valid for at least a week (it is printed or forwarded); a title that is no
// longer active stops serving it whatever the link says.
export function awardCertificateSigner(dataKey: Buffer): UrlSigner {
  return new UrlSigner(dataKey, 'wuzha/ff-award-certificate/v1', (id) => `/api/ff/awards/${id}/certificate`, 7 * 24 * 3600);
}

export interface AwardCertificateFacts {
  // e.g. 无诈社区（村）
  title: string;
  orgName: string;
  townName: string;
  programTitle: string;
  awardedAt: Date;
  validUntil: Date;
  serial: string;
}

const chinaDate = (d: Date) => {
  const [y, m, day] = chinaDayKey(d).split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

// A4 landscape (297 × 210 mm) as an SVG; every text is escaped.
export function awardCertificateSvg(f: AwardCertificateFacts): string {
  const W = 1123;
  const H = 794;
  const t = (x: number, y: number, size: number, text: string, extra = '') =>
    `<text x="${x}" y="${y}" font-size="${size}" text-anchor="middle"${extra}>${escapeXml(text)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 ${W} ${H}" font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fffaf0"/>`,
    `<rect x="28" y="28" width="${W - 56}" height="${H - 56}" fill="none" stroke="#b8860b" stroke-width="10"/>`,
    `<rect x="48" y="48" width="${W - 96}" height="${H - 96}" fill="none" stroke="#c0392b" stroke-width="2"/>`,
    t(W / 2, 170, 76, f.title, ' fill="#c0392b" font-weight="bold" letter-spacing="8"'),
    t(W / 2, 300, 52, f.orgName, ' fill="#222" font-weight="bold"'),
    t(W / 2, 370, 28, `在“${f.programTitle}”中`, ' fill="#333"'),
    t(W / 2, 420, 28, `经申报、评审和公示，被评为“${f.title}”。`, ' fill="#333"'),
    t(W / 2, 470, 24, '特发此证，以资鼓励。', ' fill="#555"'),
    t(W - 260, 600, 30, f.townName, ' fill="#222"'),
    t(W - 260, 645, 24, chinaDate(f.awardedAt), ' fill="#333"'),
    `<text x="110" y="690" font-size="20" fill="#666">${escapeXml(`有效期至 ${chinaDate(f.validUntil)}`)}</text>`,
    `<text x="110" y="722" font-size="18" fill="#888">${escapeXml(`证书编号 ${f.serial}`)}</text>`,
    '</svg>',
  ].join('');
}
