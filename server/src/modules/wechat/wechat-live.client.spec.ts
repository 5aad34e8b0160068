import { createServer } from 'node:net';
import { FakeWechat, startFakeWechat } from '../../../test/fake-wechat/fake-wechat.server';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AppConfig, loadConfig } from '../../config/config';
import { LiveWechatClient, chunkText } from './wechat-live.client';
import { WechatApiError } from './wechat.types';

const APP_ID = 'wx1234567890abcdef';
const SECRET = 'fake-secret-0123456789';

function configFor(baseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    WECHAT_MODE: 'live',
    WECHAT_APPID: APP_ID,
    WECHAT_SECRET: SECRET,
    WECHAT_API_BASE: baseUrl,
    WECHAT_MINIPROGRAM_STATE: 'trial',
    ...overrides,
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    if (e instanceof WechatApiError) return `wx:${e.errcode}`;
    throw e;
  }
  return 'resolved';
}

// a local port with nothing listening on it
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('LiveWechatClient against the fake WeChat server', () => {
  let fake: FakeWechat;
  let clock: Clock;
  let client: LiveWechatClient;

  beforeEach(async () => {
    fake = await startFakeWechat({ appId: APP_ID, secret: SECRET });
    clock = new Clock();
    clock.set(new Date('2024-10-01T07:00:00Z'));
    client = new LiveWechatClient(configFor(fake.baseUrl), clock, { timeoutMs: 300 });
  });
  afterEach(async () => {
    await fake.close();
  });

  describe('code2Session', () => {
    it('exchanges a code for openid and session key, once', async () => {
      const code = fake.issueCode('o_alice', { unionid: 'u_alice' });
      const res = await client.code2Session(code);
      expect(res).toEqual({ openid: 'o_alice', sessionKey: fake.sessionKeyOf('o_alice'), unionid: 'u_alice' });
      expect(Buffer.from(res.sessionKey, 'base64')).toHaveLength(16);
      const req = fake.requests.find((r) => r.path === '/sns/jscode2session')!;
      expect(req.query).toEqual({ appid: APP_ID, secret: SECRET, js_code: code, grant_type: 'authorization_code' });
      // code reuse → 40163 → invalid code
      expect(await codeOf(client.code2Session(code))).toBe('WECHAT_CODE_INVALID');
    });

    it('keeps the session key of a user across logins and omits a missing unionid', async () => {
      const a = await client.code2Session(fake.issueCode('o_bob'));
      const b = await client.code2Session(fake.issueCode('o_bob'));
      expect(a.sessionKey).toBe(b.sessionKey);
      expect(a).not.toHaveProperty('unionid');
    });

    it.each([
      ['code-40029', 'WECHAT_CODE_INVALID'],
      ['unknown-code', 'WECHAT_CODE_INVALID'],
      ['code-45011', 'WECHAT_RATE_LIMITED'],
      ['code-40226', 'WECHAT_RISKY_USER'],
      ['code-busy', 'WECHAT_UNAVAILABLE'],
    ])('maps %s to %s', async (code, expected) => {
      expect(await codeOf(client.code2Session(code))).toBe(expected);
    });

    it('maps a wrong secret (40125) to WECHAT_UNAVAILABLE', async () => {
      const bad = new LiveWechatClient(configFor(fake.baseUrl, { WECHAT_SECRET: 'wrong-secret' }), clock);
      expect(await codeOf(bad.code2Session(fake.issueCode('o_x')))).toBe('WECHAT_UNAVAILABLE');
    });

    it('maps a refused connection to WECHAT_UNAVAILABLE', async () => {
      const down = new LiveWechatClient(configFor(`http://127.0.0.1:${await closedPort()}`), clock);
      expect(await codeOf(down.code2Session('whatever'))).toBe('WECHAT_UNAVAILABLE');
    });

    it('maps a timeout to WECHAT_UNAVAILABLE', async () => {
      fake.stallNext(1);
      const started = Date.now();
      expect(await codeOf(client.code2Session(fake.issueCode('o_slow')))).toBe('WECHAT_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('maps a non-JSON or non-200 answer to WECHAT_UNAVAILABLE', async () => {
      // the fake answers 404 to an unknown path: point the base one level off
      const off = new LiveWechatClient(configFor(`${fake.baseUrl}/nowhere`), clock);
      expect(await codeOf(off.code2Session(fake.issueCode('o_y')))).toBe('WECHAT_UNAVAILABLE');
    });
  });

  describe('access token', () => {
    it('caches the token and shares one in-flight refresh among concurrent callers', async () => {
      const tokens = await Promise.all(Array.from({ length: 10 }, () => client.getAccessToken()));
      expect(new Set(tokens).size).toBe(1);
      expect(fake.stats.tokenCalls).toBe(1);
      expect(await client.getAccessToken()).toBe(tokens[0]);
      expect(fake.stats.tokenCalls).toBe(1);
      const req = fake.requests.find((r) => r.path === '/cgi-bin/stable_token')!;
      expect(req.body).toEqual({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET });
    });

    it('refreshes 5 minutes before expires_in runs out', async () => {
      await client.getAccessToken();
      clock.advance((7200 - 300 - 1) * 1000);
      await client.getAccessToken();
      expect(fake.stats.tokenCalls).toBe(1);
      clock.advance(2000);
      await client.getAccessToken();
      expect(fake.stats.tokenCalls).toBe(2);
    });

    it('a failed refresh is not cached: the next call tries again', async () => {
      const bad = new LiveWechatClient(configFor(fake.baseUrl, { WECHAT_SECRET: 'wrong-secret' }), clock);
      const e = await bad.getAccessToken().catch((x) => x);
      expect(e).toBeInstanceOf(WechatApiError);
      expect(e.errcode).toBe(40125);
      expect(e.permanent).toBe(false);
      await bad.getAccessToken().catch(() => undefined);
      expect(fake.stats.tokenCalls).toBe(2);
    });

    it('retries a call once with a fresh token when WeChat says 42001', async () => {
      const first = await client.getAccessToken();
      fake.expireTokens();
      await client.sendSubscribeMessage({ touser: 'o_carol', templateId: 'tmpl1', data: { thing1: { value: '你好' } } });
      expect(fake.stats.tokenCalls).toBe(2);
      expect(fake.stats.sendCalls).toBe(2);
      expect(fake.sent).toHaveLength(1);
      expect(await client.getAccessToken()).not.toBe(first);
    });

    it('retries only once: a second token rejection is an error', async () => {
      // failNext with 40001 twice: the send sees invalid-token answers on both tries
      fake.failNext(2, 40001);
      const e = await client.sendSubscribeMessage({ touser: 'o_d', templateId: 't', data: { thing1: { value: 'x' } } }).catch((x) => x);
      expect(e).toBeInstanceOf(WechatApiError);
      expect(e.errcode).toBe(40001);
      expect(fake.stats.sendCalls).toBe(2);
      expect(fake.stats.tokenCalls).toBe(2);
    });
  });

  describe('getPhoneNumber', () => {
    it('returns the number for a valid code', async () => {
      const res = await client.getPhoneNumber(fake.issuePhoneCode('13812345678'));
      expect(res).toEqual({ phoneNumber: '13812345678', purePhoneNumber: '13812345678', countryCode: '86' });
      const req = fake.requests.find((r) => r.path === '/wxa/business/getuserphonenumber')!;
      expect(req.query.access_token).toMatch(/^fake_at_/);
    });

    it('maps an unknown or reused code to PHONE_CODE_INVALID', async () => {
      expect(await codeOf(client.getPhoneNumber('nope'))).toBe('PHONE_CODE_INVALID');
      const code = fake.issuePhoneCode('13900000000');
      await client.getPhoneNumber(code);
      expect(await codeOf(client.getPhoneNumber(code))).toBe('PHONE_CODE_INVALID');
    });

    it('maps an unreachable WeChat to WECHAT_UNAVAILABLE', async () => {
      const down = new LiveWechatClient(configFor(`http://127.0.0.1:${await closedPort()}`), clock);
      expect(await codeOf(down.getPhoneNumber('x'))).toBe('WECHAT_UNAVAILABLE');
    });
  });

  describe('sendSubscribeMessage', () => {
    it('sends with template_id, page, fitted data and the configured miniprogram_state', async () => {
      const longTitle = '关于警惕冒充公检法诈骗的紧急通知请各村网格员立即转发到群';
      await client.sendSubscribeMessage({
        touser: 'o_erin',
        templateId: 'TMPL_A',
        page: 'pages/index/index?x=1',
        data: { thing1: { value: longTitle }, time2: { value: '2024-10-01T07:01:00Z' }, phrase3: { value: '已经完成了审核' } },
      });
      expect(fake.sent).toHaveLength(1);
      const m = fake.sent[0];
      expect(m.touser).toBe('o_erin');
      expect(m.template_id).toBe('TMPL_A');
      expect(m.page).toBe('pages/index/index?x=1');
      expect(m.miniprogram_state).toBe('trial');
      expect(Array.from(m.data.thing1.value)).toHaveLength(20);
      expect(m.data.thing1.value.endsWith('…')).toBe(true);
      expect(m.data.time2.value).toBe('2024年10月1日 15:01');
      expect(m.data.phrase3.value).toBe('已经完成了');
    });

    it('the message-level miniprogramState wins over config', async () => {
      await client.sendSubscribeMessage({ touser: 'o_f', templateId: 'T', data: { thing1: { value: 'a' } }, miniprogramState: 'developer' });
      expect(fake.sent[0].miniprogram_state).toBe('developer');
    });

    it('43101 (user refused) is a permanent WechatApiError', async () => {
      fake.refuse('o_gone');
      const e = await client.sendSubscribeMessage({ touser: 'o_gone', templateId: 'T', data: { thing1: { value: 'a' } } }).catch((x) => x);
      expect(e).toBeInstanceOf(WechatApiError);
      expect(e.errcode).toBe(43101);
      expect(e.permanent).toBe(true);
    });

    it('40003 (bad openid) and 47003 (bad field) are permanent', async () => {
      const bad = await client.sendSubscribeMessage({ touser: '', templateId: 'T', data: { thing1: { value: 'a' } } }).catch((x) => x);
      expect([bad.errcode, bad.permanent]).toEqual([40003, true]);
      // a time field the fitter cannot fix is refused by WeChat
      const field = await client.sendSubscribeMessage({ touser: 'o_h', templateId: 'T', data: { time1: { value: 'tomorrow' } } }).catch((x) => x);
      expect([field.errcode, field.permanent]).toEqual([47003, true]);
    });

    it('-1 (busy) is a transient WechatApiError', async () => {
      fake.failNext(1);
      const e = await client.sendSubscribeMessage({ touser: 'o_i', templateId: 'T', data: { thing1: { value: 'a' } } }).catch((x) => x);
      expect([e.errcode, e.permanent]).toEqual([-1, false]);
      await client.sendSubscribeMessage({ touser: 'o_i', templateId: 'T', data: { thing1: { value: 'a' } } });
      expect(fake.sent).toHaveLength(1);
    });

    it('a network failure is a transient WechatApiError', async () => {
      const down = new LiveWechatClient(configFor(`http://127.0.0.1:${await closedPort()}`), clock);
      const e = await down.sendSubscribeMessage({ touser: 'o_j', templateId: 'T', data: {} }).catch((x) => x);
      expect(e).toBeInstanceOf(WechatApiError);
      expect(e.permanent).toBe(false);
    });
  });

  describe('msgSecCheck', () => {
    beforeEach(() => fake.setRiskyWords({ review: ['刷单返利'], risky: ['安全账户'] }));

    it('reads the verdict from result.suggest', async () => {
      expect(await client.msgSecCheck({ openid: 'o_k', scene: 3, content: '今天天气很好' })).toEqual({ suggest: 'pass', label: 100 });
      expect(await client.msgSecCheck({ openid: 'o_k', scene: 3, content: '警惕刷单返利骗局' })).toEqual({ suggest: 'review', label: 20008 });
      expect(await client.msgSecCheck({ openid: 'o_k', scene: 3, content: '把钱转到安全账户' })).toEqual({ suggest: 'risky', label: 20008 });
      const req = fake.requests.find((r) => r.path === '/wxa/msg_sec_check')!;
      expect(req.body).toEqual({ version: 2, openid: 'o_k', scene: 3, content: '今天天气很好' });
    });

    it('checks long content in chunks of at most 2500 and the worst verdict wins', async () => {
      const content = '平安'.repeat(1500) + '刷单返利' + '平安'.repeat(1500) + '安全账户';
      const res = await client.msgSecCheck({ openid: 'o_l', scene: 2, content, title: '标题' });
      expect(res.suggest).toBe('risky');
      const bodies = fake.requests.filter((r) => r.path === '/wxa/msg_sec_check').map((r) => r.body as any);
      expect(bodies.length).toBe(Math.ceil(content.length / 2500));
      expect(bodies.every((b) => b.content.length <= 2500)).toBe(true);
      expect(bodies.map((b) => b.content).join('')).toBe(content);
      expect(bodies[0].title).toBe('标题');
      expect(bodies[1].title).toBeUndefined();
    });

    it('review in one chunk beats pass in the others', async () => {
      const content = '平安'.repeat(2000) + '刷单返利';
      expect((await client.msgSecCheck({ openid: 'o_m', scene: 2, content })).suggest).toBe('review');
    });

    it('an API error is WECHAT_UNAVAILABLE, never a pass', async () => {
      // openid the fake refuses → 40003
      expect(await codeOf(client.msgSecCheck({ openid: '', scene: 2, content: 'x' }))).toBe('WECHAT_UNAVAILABLE');
    });
  });

  it('chunkText never splits a surrogate pair', () => {
    const text = 'a'.repeat(2499) + '😀' + 'b';
    const chunks = chunkText(text);
    expect(chunks).toEqual(['a'.repeat(2499), '😀b']);
  });
});
