import { XLSX_MIME } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';

// A file export as an attachment. RFC 6266: an ASCII fallback name, and the Chinese name as UTF-8 in
// filename*; never cached (exports hold personal or scoped data).
export function sendDownload(reply: FastifyReply, mime: string, file: { filename: string; body: Buffer }, asciiName: string): Buffer {
  reply
    .header('Content-Type', mime)
    .header('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('Cache-Control', 'private, no-store');
  return file.body;
}

// An xlsx export as an attachment.
export function sendXlsx(reply: FastifyReply, file: { filename: string; xlsx: Buffer }, asciiName: string): Buffer {
  return sendDownload(reply, XLSX_MIME, { filename: file.filename, body: file.xlsx }, asciiName);
}

// A title made safe as a file name on Windows, macOS and in WeChat's file viewer.
export function safeFileName(title: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.slice(0, 40) || fallback;
}
