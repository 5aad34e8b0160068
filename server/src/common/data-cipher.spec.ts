import { loadConfig } from '../config/config';
import { DataCipher } from './data-cipher';

describe('DataCipher', () => {
  const cipher = new DataCipher(loadConfig({}));

  it('round-trips text, including Chinese and empty strings', () => {
    for (const s of ['13812341234', '张三丰', '', 'x'.repeat(5000)]) expect(cipher.decrypt(cipher.encrypt(s))).toBe(s);
  });

  it('uses a fresh IV each time, in the v1:<iv>:<tag>:<ct> format', () => {
    const a = cipher.encrypt('13812341234');
    const b = cipher.encrypt('13812341234');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toContain('13812341234');
  });

  it('refuses tampered ciphertext, tag or IV', () => {
    const [v, iv, tag, ct] = cipher.encrypt('13812341234').split(':');
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      buf[0] ^= 1;
      return buf.toString('base64');
    };
    expect(() => cipher.decrypt([v, iv, tag, flip(ct)].join(':'))).toThrow();
    expect(() => cipher.decrypt([v, iv, flip(tag), ct].join(':'))).toThrow();
    expect(() => cipher.decrypt([v, flip(iv), tag, ct].join(':'))).toThrow();
    expect(() => cipher.decrypt(['v2', iv, tag, ct].join(':'))).toThrow();
    expect(() => cipher.decrypt('garbage')).toThrow();
  });

  it('refuses ciphertext made with another key', () => {
    const other = new DataCipher(loadConfig({ DATA_KEY: Buffer.alloc(32, 9).toString('base64') }));
    expect(() => other.decrypt(cipher.encrypt('secret'))).toThrow();
  });

  it('hmac is deterministic, keyed and 64 hex chars', () => {
    const other = new DataCipher(loadConfig({ DATA_KEY: Buffer.alloc(32, 9).toString('base64') }));
    expect(cipher.hmac('13812341234')).toBe(cipher.hmac('13812341234'));
    expect(cipher.hmac('13812341234')).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.hmac('13812341234')).not.toBe(cipher.hmac('13812341235'));
    expect(other.hmac('13812341234')).not.toBe(cipher.hmac('13812341234'));
  });
});
