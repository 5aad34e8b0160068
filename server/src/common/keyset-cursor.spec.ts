import { DomainError } from './domain-error';
import { keysetCursor } from './keyset-cursor';

describe('keysetCursor', () => {
  const pair = keysetCursor('f', [15, 10]);

  it('round-trips and encodes exactly the tagged tuple', () => {
    const c = pair.encode(1727766000000, 42);
    expect(Buffer.from(c, 'base64url').toString()).toBe('f1727766000000.42');
    expect(pair.decode(c)).toEqual([1727766000000, 42]);
    expect(pair.decode(undefined)).toBeNull();
  });

  it('refuses another tag, a wrong field count and numbers past their digit bound', () => {
    const bad = (raw: string) => () => pair.decode(Buffer.from(raw).toString('base64url'));
    for (const raw of ['k1.2', 'f1', 'f1.2.3', 'f1.12345678901', 'f-1.2', 'f1.2 ']) expect(bad(raw)).toThrow(DomainError);
  });
});
