import { Test } from '@nestjs/testing';
import { createCipheriv, randomBytes } from 'node:crypto';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig, loadConfig } from '../../config/config';
import { LiveWechatClient } from './wechat-live.client';
import { MockWechatClient, mockSessionKey } from './wechat-mock.client';
import { WechatModule } from './wechat.module';
import { WECHAT_CLIENT, WechatClient } from './wechat.types';

const config = (env: Record<string, string> = {}): AppConfig =>
  loadConfig({ NODE_ENV: 'test', WECHAT_APPID: 'wxmockappid0000001', WECHAT_SECRET: 's3cret', ...env });

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
}

describe('MockWechatClient', () => {
  const client = new MockWechatClient(config());

  it('logs in mock:<name> as openid <name> with a deterministic 16-byte session key', async () => {
    const a = await client.code2Session('mock:demo-cadre');
    const b = await client.code2Session('mock:demo-cadre');
    expect(a.openid).toBe('demo-cadre');
    expect(a.sessionKey).toBe(b.sessionKey);
    expect(Buffer.from(a.sessionKey, 'base64')).toHaveLength(16);
    expect(a.sessionKey).toBe(mockSessionKey('demo-cadre', 's3cret'));
    expect((await client.code2Session('mock:other')).sessionKey).not.toBe(a.sessionKey);
    // the secret is part of the derivation
    expect(mockSessionKey('demo-cadre', 'other-secret')).not.toBe(a.sessionKey);
  });

  it('refuses any other code', async () => {
    for (const code of ['demo-cadre', 'mock:', 'mock:has space', '', 'MOCK:x']) {
      expect(await errorCode(client.code2Session(code))).toBe('WECHAT_CODE_INVALID');
    }
  });

  it('phone: mock:<digits> → that number, else PHONE_CODE_INVALID', async () => {
    expect(await client.getPhoneNumber('mock:13812345678')).toEqual({
      phoneNumber: '13812345678',
      purePhoneNumber: '13812345678',
      countryCode: '86',
    });
    expect(await errorCode(client.getPhoneNumber('13812345678'))).toBe('PHONE_CODE_INVALID');
    expect(await errorCode(client.getPhoneNumber('mock:abc'))).toBe('PHONE_CODE_INVALID');
  });

  it('records subscribe messages (fitted) and passes every content check', async () => {
    await client.sendSubscribeMessage({ touser: 'demo-cadre', templateId: 'T', data: { thing1: { value: 'y'.repeat(25) } } });
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0].data.thing1.value).toBe('y'.repeat(19) + '…');
    expect(await client.msgSecCheck({ openid: 'demo-cadre', scene: 2, content: '安全账户' })).toEqual({ suggest: 'pass', label: 100 });
  });

  it('decryptData is the real implementation, keyed by the mock session key', async () => {
    const { sessionKey } = await client.code2Session('mock:grp-user');
    const iv = randomBytes(16);
    const c = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
    const plain = JSON.stringify({ opengid: 'G123', watermark: { appid: 'wxmockappid0000001', timestamp: 1 } });
    const enc = Buffer.concat([c.update(plain), c.final()]).toString('base64');
    expect(client.decryptData<{ opengid: string }>(enc, iv.toString('base64'), sessionKey).opengid).toBe('G123');
    expect(() => client.decryptData(enc, iv.toString('base64'), mockSessionKey('someone-else', 's3cret'))).toThrow(DomainError);
  });

  it('refuses to exist in production', () => {
    const prod = { ...config(), nodeEnv: 'production' as const };
    expect(() => new MockWechatClient(prod)).toThrow(/production/);
  });
});

describe('WechatModule', () => {
  async function clientFor(cfg: AppConfig): Promise<WechatClient> {
    const ref = await Test.createTestingModule({
      imports: [WechatModule],
      providers: [],
    })
      .useMocker((token) => {
        if (token === APP_CONFIG) return cfg;
        if (token === Clock) return new Clock();
        return undefined;
      })
      .compile();
    return ref.get<WechatClient>(WECHAT_CLIENT);
  }

  it('provides the mock or the live client by config.wechat.mode', async () => {
    expect(await clientFor(config())).toBeInstanceOf(MockWechatClient);
    expect(await clientFor(config({ WECHAT_MODE: 'live' }))).toBeInstanceOf(LiveWechatClient);
  });
});
