import { createDecipheriv } from 'node:crypto';
import { DomainError } from '../../common/domain-error';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

// Strict base64: Buffer.from silently skips junk characters, which would hide tampering.
function strictBase64(value: unknown, expectedLength?: number): Buffer {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) throw new Error('bad base64');
  const buf = Buffer.from(value, 'base64');
  if (expectedLength !== undefined && buf.length !== expectedLength) throw new Error('bad length');
  return buf;
}

// Decrypts wx.getPhoneNumber / getShareInfo / getGroupEnterInfo style encryptedData:
// AES-128-CBC, PKCS#7, JSON plaintext whose watermark.appid must be this app's.
export function decryptWechatData<T = Record<string, unknown>>(
  encryptedData: string,
  iv: string,
  sessionKey: string,
  appId: string,
): T {
  try {
    const key = strictBase64(sessionKey, 16);
    const ivBuf = strictBase64(iv, 16);
    const data = strictBase64(encryptedData);
    if (data.length === 0 || data.length % 16 !== 0) throw new Error('bad ciphertext length');
    const decipher = createDecipheriv('aes-128-cbc', key, ivBuf);
    decipher.setAutoPadding(true);
    const plain = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(plain) as { watermark?: { appid?: unknown } };
    if (!parsed || typeof parsed !== 'object' || parsed.watermark?.appid !== appId) throw new Error('watermark mismatch');
    return parsed as T;
  } catch {
    // one answer for every failure: the client should simply re-open and try again
    throw new DomainError('WECHAT_DECRYPT_FAILED');
  }
}
