import { randomInt } from 'node:crypto';

// Unambiguous alphabet (no I, O, 0, 1): A-H J-N P-Z 2-9, 32 symbols → 40 bits per 8-char code.
export const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generateInviteCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

// The mini program page a QR code opens.
export function invitePagePath(code: string): string {
  return `pages/join/index?code=${code}`;
}

// What the QR image encodes.
export function inviteQrText(code: string): string {
  return `wuzha://join?code=${code}`;
}
