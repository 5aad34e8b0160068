import { createHmac } from 'node:crypto';
import { AuthConfigResponse, ErrorResponse, TokenResponse } from '@wuzha/shared';
import jwt from 'jsonwebtoken';
import { DataCipher } from '../src/common/data-cipher';
import { RefreshToken } from '../src/modules/auth/refresh-token.entity';
import { User } from '../src/modules/users/user.entity';
import { createTestApp, TestApp } from './utils/test-app';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function expectCode(res: { status: number; body: unknown }, status: number, code: string) {
  expect({ status: res.status, code: (res.body as ErrorResponse).code }).toEqual({ status, code });
}

describe('auth (live mode against the fake WeChat server)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set(null));

  const users = () => t.dataSource.getRepository(User);
  const login = (code: string) => t.http.post('/api/auth/login').send({ code });
  const refresh = (refreshToken: string) => t.http.post('/api/auth/refresh').send({ refreshToken });

  describe('login', () => {
    it('creates a user on first login and keeps the session_key encrypted', async () => {
      const res = await login(t.fake.issueCode('new-user-1', { unionid: 'union-1' }));
      expect(res.status).toBe(200);
      const body = TokenResponse.parse(res.body);
      expect(body.isNewUser).toBe(true);
      expect(body.accessExpiresIn).toBe(t.config.jwt.accessTtl);
      expect(body.refreshExpiresIn).toBe(t.config.jwt.refreshTtl);
      const user = await users().findOneByOrFail({ openid: 'new-user-1' });
      expect(user.id).toBe(body.userId);
      expect(user).toMatchObject({ unionid: 'union-1', displayName: '', nameSet: false, phoneEnc: null });
      const sessionKey = t.fake.sessionKeyOf('new-user-1')!;
      expect(sessionKey).toBeTruthy();
      expect(user.sessionKeyEnc).not.toContain(sessionKey);
      expect(t.app.get(DataCipher).decrypt(user.sessionKeyEnc!)).toBe(sessionKey);
      // the session key never appears in a response
      expect(JSON.stringify(res.body)).not.toContain(sessionKey);
      // the refresh token is stored only as its hash
      const rows = await t.dataSource.getRepository(RefreshToken).findBy({ userId: body.userId });
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(body.refreshToken);
    });

    it('a returning user gets the same id, a fresh session_key and lastLoginAt', async () => {
      const first = TokenResponse.parse((await login(t.fake.issueCode('returning'))).body);
      const before = await users().findOneByOrFail({ id: first.userId });
      t.clock.advance(3600_000);
      const res = await login(t.fake.issueCode('returning'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ userId: first.userId, isNewUser: false });
      const after = await users().findOneByOrFail({ id: first.userId });
      expect(after.lastLoginAt.getTime() - before.lastLoginAt.getTime()).toBeGreaterThanOrEqual(3599_000);
      expect(await users().countBy({ openid: 'returning' })).toBe(1);
    });

    it('the access token opens protected routes', async () => {
      const tokens = await t.login('me-user');
      const res = await t.http.get('/api/me').set(t.bearer(tokens));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: tokens.userId, displayName: '', nameSet: false, phoneMasked: null });
    });

    it.each([
      ['code-40029', 400, 'WECHAT_CODE_INVALID'],
      ['code-45011', 429, 'WECHAT_RATE_LIMITED'],
      ['code-40226', 403, 'WECHAT_RISKY_USER'],
      ['code-busy', 503, 'WECHAT_UNAVAILABLE'],
      ['never-issued-code', 400, 'WECHAT_CODE_INVALID'],
    ])('WeChat answering %s -> %i %s', async (code, status, errorCode) => {
      expectCode(await login(code), status, errorCode);
    });

    it('a login code works once', async () => {
      const code = t.fake.issueCode('once-user');
      expect((await login(code)).status).toBe(200);
      expectCode(await login(code), 400, 'WECHAT_CODE_INVALID');
    });

    it('refuses mock codes in live mode', async () => {
      const calls = t.fake.stats.code2SessionCalls;
      expectCode(await login('mock:town_admin'), 403, 'MOCK_LOGIN_DISABLED');
      // refused before asking WeChat
      expect(t.fake.stats.code2SessionCalls).toBe(calls);
    });

    it('concurrent first logins of one openid create one user', async () => {
      const codes = Array.from({ length: 8 }, () => t.fake.issueCode('racer'));
      const results = await Promise.all(codes.map((c) => login(c)));
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
      const ids = new Set(results.map((r) => (r.body as TokenResponse).userId));
      expect(ids.size).toBe(1);
      expect(await users().countBy({ openid: 'racer' })).toBe(1);
      expect(results.filter((r) => (r.body as TokenResponse).isNewUser).length).toBeLessThanOrEqual(1);
    });

    it('auth.config in live mode offers no demo users', async () => {
      const res = await t.http.get('/api/auth/config');
      expect(res.status).toBe(200);
      expect(AuthConfigResponse.parse(res.body)).toEqual({ wechatMode: 'live', demoUsers: [] });
    });
  });

  describe('refresh tokens', () => {
    it('rotate: each refresh token works once; reuse revokes the family', async () => {
      const first = await t.login('rotator');
      const r1 = await refresh(first.refreshToken);
      expect(r1.status).toBe(200);
      const second = TokenResponse.parse(r1.body);
      expect(second).toMatchObject({ userId: first.userId, isNewUser: false });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await t.http.get('/api/me').set(t.bearer(second))).status).toBe(200);
      const r2 = await refresh(second.refreshToken);
      expect(r2.status).toBe(200);
      const third = TokenResponse.parse(r2.body);
      // replaying an already used token: the whole family dies, including the newest token
      expectCode(await refresh(first.refreshToken), 401, 'REFRESH_REUSED');
      expectCode(await refresh(third.refreshToken), 401, 'REFRESH_REUSED');
    });

    it('other logins of the same user keep working after one family is revoked', async () => {
      const a = await t.login('two-devices');
      const b = await t.login('two-devices');
      await refresh(a.refreshToken);
      expectCode(await refresh(a.refreshToken), 401, 'REFRESH_REUSED');
      expect((await refresh(b.refreshToken)).status).toBe(200);
    });

    it('of two concurrent refreshes with one token, one wins', async () => {
      const tokens = await t.login('double-refresh');
      const [x, y] = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);
      expect([x.status, y.status].sort()).toEqual([200, 401]);
      const loser = x.status === 401 ? x : y;
      expect(loser.body.code).toBe('REFRESH_REUSED');
    });

    it('an expired refresh token -> 401 TOKEN_EXPIRED (by the Clock)', async () => {
      const tokens = await t.login('sleeper');
      t.clock.advance((t.config.jwt.refreshTtl + 1) * 1000);
      expectCode(await refresh(tokens.refreshToken), 401, 'TOKEN_EXPIRED');
    });

    it('an unknown refresh token -> 401 TOKEN_INVALID', async () => {
      expectCode(await refresh('x'.repeat(43)), 401, 'TOKEN_INVALID');
    });

    it('logout revokes the family', async () => {
      const tokens = await t.login('leaver');
      const second = TokenResponse.parse((await refresh(tokens.refreshToken)).body);
      const out = await t.http.post('/api/auth/logout').send({ refreshToken: second.refreshToken });
      expect(out.status).toBe(200);
      expect(out.body).toEqual({ ok: true });
      expectCode(await refresh(second.refreshToken), 401, 'REFRESH_REUSED');
      // logging out with an unknown token is harmless
      expect((await t.http.post('/api/auth/logout').send({ refreshToken: 'y'.repeat(43) })).status).toBe(200);
    });
  });

  describe('access token verification', () => {
    let tokens: TokenResponse;
    beforeAll(async () => {
      tokens = await t.login('jwt-user');
    });
    const me = (authorization?: string) => {
      const req = t.http.get('/api/me');
      return authorization === undefined ? req : req.set('Authorization', authorization);
    };
    const now = () => Math.floor(Date.now() / 1000);
    const signRaw = (header: object, payload: object, secret: string) => {
      const h = b64url(header);
      const p = b64url(payload);
      return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
    };

    it('valid -> 200', async () => {
      expect((await me(`Bearer ${tokens.accessToken}`)).status).toBe(200);
    });

    it('missing -> 401 UNAUTHENTICATED', async () => {
      expectCode(await me(), 401, 'UNAUTHENTICATED');
    });

    it('not a Bearer token -> 401 TOKEN_INVALID', async () => {
      expectCode(await me(`Basic ${Buffer.from('a:b').toString('base64')}`), 401, 'TOKEN_INVALID');
      expectCode(await me('Bearer'), 401, 'TOKEN_INVALID');
    });

    it('expired (Clock moved past the TTL) -> 401 TOKEN_EXPIRED', async () => {
      t.clock.advance((t.config.jwt.accessTtl + 1) * 1000);
      expectCode(await me(`Bearer ${tokens.accessToken}`), 401, 'TOKEN_EXPIRED');
    });

    it('forged with another secret -> 401 TOKEN_INVALID', async () => {
      const forged = jwt.sign({ sub: String(tokens.userId), typ: 'access' }, 'attacker-secret-attacker-secret-123', { algorithm: 'HS256', expiresIn: 600 });
      expectCode(await me(`Bearer ${forged}`), 401, 'TOKEN_INVALID');
    });

    it('tampered payload -> 401 TOKEN_INVALID', async () => {
      const [h, , s] = tokens.accessToken.split('.');
      const p = b64url({ sub: '1', typ: 'access', iat: now(), exp: now() + 600 });
      expectCode(await me(`Bearer ${h}.${p}.${s}`), 401, 'TOKEN_INVALID');
    });

    it('alg none -> 401 TOKEN_INVALID', async () => {
      const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: String(tokens.userId), typ: 'access', iat: now(), exp: now() + 600 })}.`;
      expectCode(await me(`Bearer ${none}`), 401, 'TOKEN_INVALID');
    });

    it('right secret but wrong typ -> 401 TOKEN_INVALID', async () => {
      const token = signRaw({ alg: 'HS256', typ: 'JWT' }, { sub: String(tokens.userId), typ: 'refresh', iat: now(), exp: now() + 600 }, t.config.jwt.secret);
      expectCode(await me(`Bearer ${token}`), 401, 'TOKEN_INVALID');
      const ok = signRaw({ alg: 'HS256', typ: 'JWT' }, { sub: String(tokens.userId), typ: 'access', iat: now(), exp: now() + 600 }, t.config.jwt.secret);
      expect((await me(`Bearer ${ok}`)).status).toBe(200);
    });

    it('a refresh token is not an access token', async () => {
      expectCode(await me(`Bearer ${tokens.refreshToken}`), 401, 'TOKEN_INVALID');
    });
  });

  describe('phone binding (UsersService through me.phone)', () => {
    it('stores the WeChat phone encrypted with a lookup hash, and answers it masked', async () => {
      const tokens = await t.login('phone-user');
      const res = await t.http.post('/api/me/phone').set(t.bearer(tokens)).send({ code: t.fake.issuePhoneCode('13812345678') });
      expect(res.status).toBe(200);
      expect(res.body.phoneMasked).toBe('138****5678');
      const user = await users().findOneByOrFail({ id: tokens.userId });
      expect(user.phoneEnc).not.toContain('13812345678');
      const cipher = t.app.get(DataCipher);
      expect(cipher.decrypt(user.phoneEnc!)).toBe('13812345678');
      expect(user.phoneHash).toBe(cipher.hmac('13812345678'));
    });

    it('an invalid phone code -> 400 PHONE_CODE_INVALID', async () => {
      const tokens = await t.login('phone-user-2');
      expectCode(await t.http.post('/api/me/phone').set(t.bearer(tokens)).send({ code: 'not-a-phone-code' }), 400, 'PHONE_CODE_INVALID');
    });
  });
});

describe('auth (mock mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { WECHAT_MODE: 'mock' } });
  });
  afterAll(() => t.close());

  it('auth.config lists the demo users with mock codes', async () => {
    const res = await t.http.get('/api/auth/config');
    expect(res.status).toBe(200);
    const body = AuthConfigResponse.parse(res.body);
    expect(body.wechatMode).toBe('mock');
    expect(body.demoUsers.length).toBeGreaterThan(0);
    for (const u of body.demoUsers) expect(u.code).toMatch(/^mock:[A-Za-z0-9_-]+$/);
  });

  it('a mock code logs in as that openid (a seeded demo user keeps their account)', async () => {
    const demo = (AuthConfigResponse.parse((await t.http.get('/api/auth/config')).body)).demoUsers[0];
    const res = await t.http.post('/api/auth/login').send({ code: demo.code });
    expect(res.status).toBe(200);
    expect(res.body.isNewUser).toBe(false);
    const me = await t.http.get('/api/me').set(t.bearer(res.body as TokenResponse));
    expect(me.body.displayName).toBe(demo.displayName);
    const fresh = await t.http.post('/api/auth/login').send({ code: 'mock:brand-new' });
    expect(fresh.body).toMatchObject({ isNewUser: true });
  });

  it('a non-mock code is refused by the mock client', async () => {
    const res = await t.http.post('/api/auth/login').send({ code: 'real-looking-code' });
    expectCode(res, 400, 'WECHAT_CODE_INVALID');
  });
});
