import { createHash } from 'node:crypto';

// The canonical form of a pledge text: the title, a blank line and the body, with Windows line ends
// made plain. Its sha256 is what a signature binds to, so the same words always give the same hash.
export function canonicalPledgeText(title: string, body: string): string {
  return `${title}\n\n${body}`.replace(/\r\n/g, '\n');
}

export function pledgeTextHash(title: string, body: string): string {
  return createHash('sha256').update(canonicalPledgeText(title, body), 'utf8').digest('hex');
}

// Stored bodies use plain line ends (what the hash reads), so a text reads back as it was hashed.
export function normalizeBody(body: string): string {
  return body.replace(/\r\n/g, '\n');
}
