// The real type of an upload from its first bytes (the client's Content-Type and file name are not trusted).
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';
export type EvidenceMime = ImageMime | 'application/pdf';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffImage(buf: Buffer): ImageMime | null {
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG)) return 'image/png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  // RIFF....WEBP
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

// Evidence of an application (证明材料): an image, or a PDF (its header `%PDF-` at the very start).
export function sniffEvidence(buf: Buffer): EvidenceMime | null {
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return sniffImage(buf);
}
