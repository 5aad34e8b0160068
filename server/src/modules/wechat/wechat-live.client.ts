import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { fitSubscribeData } from './subscribe-fields';
import { decryptWechatData } from './wechat.crypto';
import {
  Code2SessionResult,
  MsgSecCheckInput,
  MsgSecCheckResult,
  MsgSecSuggest,
  PhoneNumberResult,
  SubscribeMessage,
  TOKEN_INVALID_ERRCODES,
  WechatApiError,
  WechatClient,
} from './wechat.types';

export interface LiveWechatClientOptions {
  // per-request timeout; WeChat normally answers in well under a second
  timeoutMs?: number;
}

// Refresh this long before WeChat's expires_in runs out.
const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
// msg_sec_check accepts at most 2500 characters of content per call.
export const MSG_SEC_CHUNK = 2500;

type WxAnswer = { errcode?: number; errmsg?: string; [k: string]: unknown };

const SEVERITY: Record<MsgSecSuggest, number> = { pass: 0, review: 1, risky: 2 };

// Splits text into pieces of at most `max` UTF-16 units without cutting a surrogate pair,
// so each piece is within the limit however WeChat counts characters.
export function chunkText(text: string, max = MSG_SEC_CHUNK): string[] {
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + max, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(i, end));
    i = end;
  }
  return chunks;
}

@Injectable()
export class LiveWechatClient implements WechatClient {
  private readonly log = new Logger('WechatClient');
  private readonly timeoutMs: number;
  private token: { value: string; refreshAtMs: number } | null = null;
  private tokenInFlight: Promise<string> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    options: LiveWechatClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  private get base(): string {
    return this.config.wechat.apiBase.replace(/\/+$/, '');
  }

  // One HTTP exchange. Network failures, timeouts, HTTP errors and non-JSON bodies all become
  // WechatApiError(-1): for every caller they mean "WeChat is unavailable right now".
  private async request(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<WxAnswer> {
    const url = `${this.base}${path}?${new URLSearchParams(query).toString()}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error)?.name === 'TimeoutError' ? 'timeout' : `network error: ${(err as Error)?.message ?? err}`;
      throw new WechatApiError(-1, `${path} ${reason}`, false);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new WechatApiError(-1, `${path} read failed: ${(err as Error)?.message ?? err}`, false);
    }
    if (!res.ok) throw new WechatApiError(-1, `${path} HTTP ${res.status}`, false);
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
      return parsed as WxAnswer;
    } catch {
      throw new WechatApiError(-1, `${path} answered non-JSON`, false);
    }
  }

  async code2Session(code: string): Promise<Code2SessionResult> {
    if (typeof code !== 'string' || code.length === 0 || code.length > 128) throw new DomainError('WECHAT_CODE_INVALID');
    let ans: WxAnswer;
    try {
      ans = await this.request('GET', '/sns/jscode2session', {
        appid: this.config.wechat.appId,
        secret: this.config.wechat.secret,
        js_code: code,
        grant_type: 'authorization_code',
      });
    } catch (err) {
      this.log.warn(`jscode2session failed: ${(err as Error).message}`);
      throw new DomainError('WECHAT_UNAVAILABLE');
    }
    const errcode = ans.errcode ?? 0;
    if (errcode !== 0) {
      if (errcode === 40029 || errcode === 40163) throw new DomainError('WECHAT_CODE_INVALID');
      if (errcode === 45011) throw new DomainError('WECHAT_RATE_LIMITED');
      if (errcode === 40226) throw new DomainError('WECHAT_RISKY_USER');
      this.log.warn(`jscode2session errcode ${errcode}: ${ans.errmsg ?? ''}`);
      throw new DomainError('WECHAT_UNAVAILABLE');
    }
    if (typeof ans.openid !== 'string' || !ans.openid || typeof ans.session_key !== 'string' || !ans.session_key) {
      this.log.warn('jscode2session answered without openid/session_key');
      throw new DomainError('WECHAT_UNAVAILABLE');
    }
    const out: Code2SessionResult = { openid: ans.openid, sessionKey: ans.session_key };
    if (typeof ans.unionid === 'string' && ans.unionid) out.unionid = ans.unionid;
    return out;
  }

  async getAccessToken(): Promise<string> {
    const cached = this.token;
    if (cached && this.clock.now().getTime() < cached.refreshAtMs) return cached.value;
    // single flight: concurrent callers share one stable_token request
    if (!this.tokenInFlight) {
      this.tokenInFlight = this.fetchToken().finally(() => {
        this.tokenInFlight = null;
      });
    }
    return this.tokenInFlight;
  }

  private async fetchToken(): Promise<string> {
    const ans = await this.request('POST', '/cgi-bin/stable_token', {}, {
      grant_type: 'client_credential',
      appid: this.config.wechat.appId,
      secret: this.config.wechat.secret,
    });
    const errcode = ans.errcode ?? 0;
    if (errcode !== 0) throw new WechatApiError(errcode, String(ans.errmsg ?? ''), false);
    if (typeof ans.access_token !== 'string' || !ans.access_token) throw new WechatApiError(-1, 'stable_token answered without access_token', false);
    const ttlMs = (Number(ans.expires_in) || 7200) * 1000;
    // refresh 5 minutes early; a (theoretical) short TTL still gets half its life
    const useMs = ttlMs > 2 * TOKEN_REFRESH_MARGIN_MS ? ttlMs - TOKEN_REFRESH_MARGIN_MS : ttlMs / 2;
    this.token = { value: ans.access_token, refreshAtMs: this.clock.now().getTime() + useMs };
    return ans.access_token;
  }

  // POST to an access_token API; on an invalid/expired token, drop it and retry once.
  private async postWithToken(path: string, body: unknown): Promise<WxAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.getAccessToken();
      const ans = await this.request('POST', path, { access_token: token }, body);
      const errcode = ans.errcode ?? 0;
      if (attempt === 0 && TOKEN_INVALID_ERRCODES.has(errcode)) {
        // only drop the token this call used: another caller may already hold a fresh one
        if (this.token?.value === token) this.token = null;
        this.log.warn(`${path}: access token rejected (${errcode}), refreshing`);
        continue;
      }
      return ans;
    }
  }

  async getPhoneNumber(code: string): Promise<PhoneNumberResult> {
    if (typeof code !== 'string' || code.length === 0 || code.length > 256) throw new DomainError('PHONE_CODE_INVALID');
    let ans: WxAnswer;
    try {
      ans = await this.postWithToken('/wxa/business/getuserphonenumber', { code });
    } catch (err) {
      this.log.warn(`getuserphonenumber failed: ${(err as Error).message}`);
      throw new DomainError('WECHAT_UNAVAILABLE');
    }
    const errcode = ans.errcode ?? 0;
    if (errcode === 40029) throw new DomainError('PHONE_CODE_INVALID');
    const info = ans.phone_info as { phoneNumber?: unknown; purePhoneNumber?: unknown; countryCode?: unknown } | undefined;
    if (errcode !== 0 || !info || typeof info.purePhoneNumber !== 'string' || !info.purePhoneNumber) {
      this.log.warn(`getuserphonenumber errcode ${errcode}: ${ans.errmsg ?? ''}`);
      throw new DomainError('WECHAT_UNAVAILABLE');
    }
    return {
      phoneNumber: typeof info.phoneNumber === 'string' && info.phoneNumber ? info.phoneNumber : info.purePhoneNumber,
      purePhoneNumber: info.purePhoneNumber,
      countryCode: info.countryCode === undefined || info.countryCode === null ? '86' : String(info.countryCode),
    };
  }

  async sendSubscribeMessage(msg: SubscribeMessage): Promise<void> {
    const body: Record<string, unknown> = {
      touser: msg.touser,
      template_id: msg.templateId,
      data: fitSubscribeData(msg.data ?? {}),
      miniprogram_state: msg.miniprogramState ?? this.config.wechat.miniprogramState,
      lang: 'zh_CN',
    };
    if (msg.page) body.page = msg.page;
    const ans = await this.postWithToken('/cgi-bin/message/subscribe/send', body);
    const errcode = ans.errcode ?? 0;
    if (errcode !== 0) throw new WechatApiError(errcode, String(ans.errmsg ?? ''));
  }

  async msgSecCheck(input: MsgSecCheckInput): Promise<MsgSecCheckResult> {
    const content = input.content ?? '';
    // nothing to judge; WeChat would only answer a format error
    if (content.trim() === '' && !input.title) return { suggest: 'pass', label: 100 };
    const chunks = chunkText(content);
    let worst: MsgSecCheckResult = { suggest: 'pass', label: 100 };
    for (let i = 0; i < chunks.length; i++) {
      const body: Record<string, unknown> = { version: 2, openid: input.openid, scene: input.scene, content: chunks[i] };
      if (i === 0 && input.title) body.title = input.title;
      let ans: WxAnswer;
      try {
        ans = await this.postWithToken('/wxa/msg_sec_check', body);
      } catch (err) {
        this.log.warn(`msg_sec_check failed: ${(err as Error).message}`);
        throw new DomainError('WECHAT_UNAVAILABLE');
      }
      const errcode = ans.errcode ?? 0;
      const result = ans.result as { suggest?: unknown; label?: unknown } | undefined;
      const suggest = result?.suggest;
      // errcode 0 only says the call worked; the verdict is result.suggest
      if (errcode !== 0 || (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky')) {
        this.log.warn(`msg_sec_check errcode ${errcode}: ${ans.errmsg ?? ''}`);
        throw new DomainError('WECHAT_UNAVAILABLE');
      }
      const verdict: MsgSecCheckResult = { suggest, label: Number(result?.label) || 0 };
      if (SEVERITY[verdict.suggest] > SEVERITY[worst.suggest]) worst = verdict;
      if (worst.suggest === 'risky') break; // nothing can be worse
    }
    return worst;
  }

  decryptData<T = Record<string, unknown>>(encryptedData: string, iv: string, sessionKey: string): T {
    return decryptWechatData<T>(encryptedData, iv, sessionKey, this.config.wechat.appId);
  }
}
