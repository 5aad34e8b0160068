import { GUARDIAN_RELATIONSHIP_LABELS, GuardianRelationship } from '@wuzha/shared';
import { UrlSigner } from '../../common/url-signer';
import { escapeXml } from '../quiz/quiz-certificate';

// The signed pledge as an image: the text, the handwritten signature, who signed (students masked),
// the time in China time and the verification code. An SVG like the quiz certificate (WeChat's
// <Image> renders it); 750 wide like a phone screen in rpx, as tall as the text needs.

// A pledge image link stays valid for at least a week (saved and shared to family chats).
export function pledgeImageSigner(dataKey: Buffer): UrlSigner {
  return new UrlSigner(dataKey, 'wuzha/pledge-image/v1', (id) => `/api/pledge/signatures/${id}/image`, 7 * 24 * 3600);
}

export interface PledgeImageFacts {
  title: string;
  body: string;
  ownerName: string;
  signerType: 'self' | 'guardian' | 'unit';
  signerName: string;
  // the student signed for, masked
  studentMasked: string | null;
  className: string | null;
  relationship: string | null;
  unitName: string | null;
  signerTitle: string | null;
  signedAt: Date;
  code: string;
  templateVersion: number;
  signaturePng: Buffer;
  // the pad's size in pixels (to keep its proportions)
  signatureSize: { width: number; height: number };
}

const WIDTH = 750;
const MARGIN = 56;
const BODY_SIZE = 30;
const BODY_LINE = 50;
const TITLE_SIZE = 42;
const TITLE_LINE = 60;

// Visual width of a character in ems: CJK and full-width forms are one em, the rest about half.
function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  return c >= 0x2e80 || (c >= 0x2000 && c <= 0x206f) ? 1 : 0.55;
}

// Lines of at most `ems` ems; a closing punctuation mark never starts a line (it joins the previous one).
export function wrapText(text: string, ems: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let width = 0;
    for (const ch of Array.from(para)) {
      const w = charWidth(ch);
      if (width + w > ems && line && !/[，。、；：！？）》」』”’,.;:!?)]/.test(ch)) {
        out.push(line);
        line = '';
        width = 0;
      }
      line += ch;
      width += w;
    }
    out.push(line);
  }
  return out;
}

// '2025年1月2日 11:04' in China time
export function chinaTimeText(d: Date): string {
  const c = new Date(d.getTime() + 8 * 3600_000);
  const hh = String(c.getUTCHours()).padStart(2, '0');
  const mm = String(c.getUTCMinutes()).padStart(2, '0');
  return `${c.getUTCFullYear()}年${c.getUTCMonth() + 1}月${c.getUTCDate()}日 ${hh}:${mm}`;
}

// Who signed, on the lines under the signature.
function signerLines(f: PledgeImageFacts): string[] {
  if (f.signerType === 'unit') return [`单位：${f.unitName ?? ''}`, `签署人：${f.signerName}${f.signerTitle ? `（${f.signerTitle}）` : ''}`];
  if (f.signerType === 'guardian') {
    const rel = f.relationship ? `（${GUARDIAN_RELATIONSHIP_LABELS[f.relationship as GuardianRelationship] ?? '监护人'}）` : '';
    return [`学生：${[f.className, f.studentMasked].filter(Boolean).join(' ')}`, `家长签署：${f.signerName}${rel}`];
  }
  if (f.studentMasked) return [`学生：${[f.className, f.studentMasked].filter(Boolean).join(' ')}（本人签署）`];
  return [`签署人：${f.signerName}`];
}

export function pledgeImageSvg(f: PledgeImageFacts): string {
  const ems = (WIDTH - 2 * MARGIN) / BODY_SIZE;
  const titleLines = wrapText(f.title, (WIDTH - 2 * MARGIN) / TITLE_SIZE);
  const bodyLines = wrapText(f.body, ems);
  const parts: string[] = [];
  const text = (x: number, y: number, size: number, s: string, extra = '') => parts.push(`<text x="${x}" y="${y}" font-size="${size}"${extra}>${escapeXml(s)}</text>`);
  let y = 110;
  for (const line of titleLines) {
    text(WIDTH / 2, y, TITLE_SIZE, line, ' text-anchor="middle" font-weight="bold" fill="#b03a2e"');
    y += TITLE_LINE;
  }
  y += 20;
  for (const line of bodyLines) {
    // an empty line is a paragraph gap, half a line
    if (line) text(MARGIN, y, BODY_SIZE, line, ' fill="#222"');
    y += line ? BODY_LINE : BODY_LINE / 2;
  }
  // the signature, at most 420 × 210 with the pad's proportions
  y += 20;
  text(MARGIN, y + 10, BODY_SIZE, '签名：', ' fill="#222"');
  const ratio = f.signatureSize.width / Math.max(1, f.signatureSize.height);
  const sigW = Math.round(Math.min(420, 210 * ratio));
  const sigH = Math.round(sigW / ratio);
  const href = `data:image/png;base64,${f.signaturePng.toString('base64')}`;
  parts.push(`<image x="${MARGIN + 100}" y="${y - 30}" width="${sigW}" height="${sigH}" href="${href}" xlink:href="${href}" preserveAspectRatio="xMidYMid meet"/>`);
  y += sigH + 10;
  parts.push(`<line x1="${MARGIN}" y1="${y}" x2="${WIDTH - MARGIN}" y2="${y}" stroke="#ddd" stroke-width="2"/>`);
  y += 50;
  for (const line of [...signerLines(f), `签署时间：${chinaTimeText(f.signedAt)}`, `发起单位：${f.ownerName}`]) {
    for (const part of wrapText(line, ems)) {
      text(MARGIN, y, BODY_SIZE, part, ' fill="#333"');
      y += BODY_LINE;
    }
  }
  // the code, large and spaced out for reading aloud or typing
  y += 20;
  parts.push(`<rect x="${MARGIN}" y="${y - 10}" width="${WIDTH - 2 * MARGIN}" height="150" rx="16" fill="#fdf2e9" stroke="#e5a46b" stroke-width="2"/>`);
  text(WIDTH / 2, y + 36, 26, '核验码', ' text-anchor="middle" fill="#8a5a2b"');
  text(WIDTH / 2, y + 92, 44, f.code, ' text-anchor="middle" font-weight="bold" letter-spacing="4" fill="#222" font-family="Menlo, Consolas, monospace"');
  text(WIDTH / 2, y + 128, 24, `在「无诈」小程序核验 · 第${f.templateVersion}版承诺书`, ' text-anchor="middle" fill="#8a5a2b"');
  y += 190;
  const height = Math.ceil(y);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fffdf7"/>`,
    `<rect x="16" y="16" width="${WIDTH - 32}" height="${height - 32}" fill="none" stroke="#b03a2e" stroke-width="4"/>`,
    ...parts,
    '</svg>',
  ].join('');
}
