import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { fitSubscribeData } from './subscribe-fields';
import { decryptWechatData } from './wechat.crypto';
import { Code2SessionResult, MsgSecCheckInput, MsgSecCheckResult, PhoneNumberResult, SubscribeMessage, WechatClient } from './wechat.types';

const MOCK_OPENID = /^[A-Za-z0-9_-]{1,64}$/;
const MOCK_PHONE = /^\d{6,15}$/;

// Deterministic per-user session key, so a test or a local tool can encrypt data for a mock user.
export function mockSessionKey(openid: string, secret: string): string {
  return createHmac('sha256', secret).update(`mock-session-key:${openid}`).digest().subarray(0, 16).toString('base64');
}

// Local development without WeChat: login code `mock:<name>` logs in as openid <name>.
@Injectable()
export class MockWechatClient implements WechatClient {
  private readonly log = new Logger('MockWechatClient');
  // every subscribe message "sent", after field fitting (what WeChat would have received)
  readonly sent: Array<SubscribeMessage & { sentAt: Date }> = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // belt and braces: loadConfig already refuses WECHAT_MODE=mock in production
    if (config.nodeEnv === 'production') throw new Error('MockWechatClient must not run with NODE_ENV=production');
  }

  async code2Session(code: string): Promise<Code2SessionResult> {
    const openid = typeof code === 'string' && code.startsWith('mock:') ? code.slice(5) : '';
    if (!MOCK_OPENID.test(openid)) throw new DomainError('WECHAT_CODE_INVALID');
    return { openid, sessionKey: mockSessionKey(openid, this.config.wechat.secret) };
  }

  async getAccessToken(): Promise<string> {
    return 'mock-access-token';
  }

  async getPhoneNumber(code: string): Promise<PhoneNumberResult> {
    const phone = typeof code === 'string' && code.startsWith('mock:') ? code.slice(5) : '';
    if (!MOCK_PHONE.test(phone)) throw new DomainError('PHONE_CODE_INVALID');
    return { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86' };
  }

  async sendSubscribeMessage(msg: SubscribeMessage): Promise<void> {
    const fitted = { ...msg, data: fitSubscribeData(msg.data ?? {}) };
    this.sent.push({ ...fitted, sentAt: new Date() });
    this.log.log(`subscribe message to ${msg.touser} (${msg.templateId}): ${JSON.stringify(fitted.data)}`);
  }

  async msgSecCheck(_input: MsgSecCheckInput): Promise<MsgSecCheckResult> {
    return { suggest: 'pass', label: 100 };
  }

  decryptData<T = Record<string, unknown>>(encryptedData: string, iv: string, sessionKey: string): T {
    return decryptWechatData<T>(encryptedData, iv, sessionKey, this.config.wechat.appId);
  }
}
