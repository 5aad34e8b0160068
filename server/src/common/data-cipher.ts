import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';

const VERSION = 'v1';

// Field encryption at rest (AES-256-GCM with DATA_KEY) and keyed hashes for equality lookups.
// Ciphertext format: `v1:<iv>:<tag>:<ct>`, each part base64.
@Injectable()
export class DataCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.dataKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
    this.encKey = config.dataKey;
    // a separate key for HMAC, so a hash never reveals anything about the encryption key
    this.macKey = Buffer.from(hkdfSync('sha256', config.dataKey, Buffer.alloc(0), 'wuzha:hmac:v1', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64'), tag.toString('base64'), ct.toString('base64')].join(':');
  }

  // Throws on a malformed or tampered value (GCM authentication).
  decrypt(value: string): string {
    const parts = value.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('unrecognised ciphertext format');
    const [, ivB64, tagB64, ctB64] = parts;
    const iv = Buffer.from(ivB64, 'base64');
    const tag = Buffer.from(tagB64, 'base64');
    if (iv.length !== 12 || tag.length !== 16) throw new Error('unrecognised ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64')), decipher.final()]).toString('utf8');
  }

  // Deterministic keyed hash (hex, 64 chars) for indexed lookups of encrypted values.
  hmac(value: string): string {
    return createHmac('sha256', this.macKey).update(value, 'utf8').digest('hex');
  }
}
