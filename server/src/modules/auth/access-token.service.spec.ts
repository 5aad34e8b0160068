import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AccessTokenService } from './access-token.service';

const config = loadConfig({ ACCESS_TOKEN_TTL: '900' });
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('AccessTokenService', () => {
  let clock: Clock;
  let svc: AccessTokenService;
  beforeEach(() => {
    clock = new Clock();
    clock.set(new Date('2025-01-01T00:00:00Z'));
    svc = new AccessTokenService(config, clock);
  });

  it('signs HS256 tokens with sub and typ that verify to the user', () => {
    const token = svc.sign(42);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('HS256');
    const claims = jwt.decode(token) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: '42', typ: 'access', iat: 1735689600, exp: 1735689600 + 900 });
    expect(svc.verify(token)).toEqual({ userId: 42 });
  });

  it('expires after the TTL by the Clock', () => {
    const token = svc.sign(42);
    clock.advance(899_000);
    expect(svc.verify(token)).toEqual({ userId: 42 });
    clock.advance(2_000);
    expect(codeOf(() => svc.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('refuses another secret', () => {
    const token = jwt.sign({ sub: '42', typ: 'access' }, 'x'.repeat(40), { algorithm: 'HS256', expiresIn: 60 });
    expect(codeOf(() => svc.verify(token))).toBe('TOKEN_INVALID');
  });

  it('refuses a tampered payload', () => {
    const [h, , s] = svc.sign(42).split('.');
    const forged = [h, b64url({ sub: '1', typ: 'access', iat: 1735689600, exp: 1735689600 + 900 }), s].join('.');
    expect(codeOf(() => svc.verify(forged))).toBe('TOKEN_INVALID');
  });

  it('refuses alg none', () => {
    const none = [b64url({ alg: 'none', typ: 'JWT' }), b64url({ sub: '42', typ: 'access', iat: 1735689600, exp: 1735689600 + 900 }), ''].join('.');
    expect(codeOf(() => svc.verify(none))).toBe('TOKEN_INVALID');
  });

  it('refuses HS512 even with the right secret (algorithm pinned)', () => {
    const token = jwt.sign({ sub: '42', typ: 'access' }, config.jwt.secret, { algorithm: 'HS512', expiresIn: 60 });
    expect(codeOf(() => svc.verify(token))).toBe('TOKEN_INVALID');
  });

  it('refuses a wrong typ or a malformed sub, even when signed correctly', () => {
    const now = 1735689600;
    const sign = (claims: object) => {
      const h = b64url({ alg: 'HS256', typ: 'JWT' });
      const p = b64url(claims);
      return `${h}.${p}.${createHmac('sha256', config.jwt.secret).update(`${h}.${p}`).digest('base64url')}`;
    };
    expect(svc.verify(sign({ sub: '7', typ: 'access', iat: now, exp: now + 60 }))).toEqual({ userId: 7 });
    expect(codeOf(() => svc.verify(sign({ sub: '7', typ: 'refresh', iat: now, exp: now + 60 })))).toBe('TOKEN_INVALID');
    expect(codeOf(() => svc.verify(sign({ sub: 'abc', typ: 'access', iat: now, exp: now + 60 })))).toBe('TOKEN_INVALID');
    expect(codeOf(() => svc.verify(sign({ sub: '0', typ: 'access', iat: now, exp: now + 60 })))).toBe('TOKEN_INVALID');
    expect(codeOf(() => svc.verify(sign({ typ: 'access', iat: now, exp: now + 60 })))).toBe('TOKEN_INVALID');
  });

  it('reports a forged expired token as invalid, not expired', () => {
    const token = jwt.sign({ sub: '42', typ: 'access', iat: 1, exp: 2 }, 'y'.repeat(40), { algorithm: 'HS256' });
    expect(codeOf(() => svc.verify(token))).toBe('TOKEN_INVALID');
  });

  it('refuses garbage', () => {
    expect(codeOf(() => svc.verify('not.a.jwt'))).toBe('TOKEN_INVALID');
    expect(codeOf(() => svc.verify(''))).toBe('TOKEN_INVALID');
  });
});
