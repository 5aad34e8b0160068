// The one WeChat server API client of the app. Every call goes through it so tests can point the
// base URL at the local fake server (test/fake-wechat).
export const WECHAT_CLIENT = Symbol('WECHAT_CLIENT');

export interface Code2SessionResult {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

export interface PhoneNumberResult {
  // with the country prefix for non-mainland numbers
  phoneNumber: string;
  // without the country prefix
  purePhoneNumber: string;
  countryCode: string;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  // keys are WeChat field names like thing1, time2; values are fitted to the field limits before sending
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

// 1 profile, 2 comment, 3 forum, 4 social log (WeChat's scene values for msg_sec_check v2)
export type MsgSecScene = 1 | 2 | 3 | 4;

export interface MsgSecCheckInput {
  openid: string;
  scene: MsgSecScene;
  content: string;
  title?: string;
}

export type MsgSecSuggest = 'pass' | 'review' | 'risky';

export interface MsgSecCheckResult {
  suggest: MsgSecSuggest;
  // 100 normal, 20008 fraud, ... (WeChat's label numbers)
  label: number;
}

export interface WechatClient {
  // throws DomainError WECHAT_CODE_INVALID | WECHAT_RATE_LIMITED | WECHAT_RISKY_USER | WECHAT_UNAVAILABLE
  code2Session(code: string): Promise<Code2SessionResult>;
  // cached; throws WechatApiError when WeChat refuses or cannot be reached
  getAccessToken(): Promise<string>;
  // throws DomainError PHONE_CODE_INVALID | WECHAT_UNAVAILABLE
  getPhoneNumber(code: string): Promise<PhoneNumberResult>;
  // throws WechatApiError; `permanent` tells the caller not to retry
  sendSubscribeMessage(msg: SubscribeMessage): Promise<void>;
  // throws DomainError WECHAT_UNAVAILABLE
  msgSecCheck(input: MsgSecCheckInput): Promise<MsgSecCheckResult>;
  // throws DomainError WECHAT_DECRYPT_FAILED
  decryptData<T = Record<string, unknown>>(encryptedData: string, iv: string, sessionKey: string): T;
}

// Errcodes after which retrying the same subscribe message can never succeed.
export const PERMANENT_SEND_ERRCODES: ReadonlySet<number> = new Set([
  43101, // user refused or used up the subscription
  40003, // invalid openid
  47003, // template field value invalid
  40037, // invalid template id
]);

// Errcodes meaning "this access token is no longer good": drop the cache and retry once.
export const TOKEN_INVALID_ERRCODES: ReadonlySet<number> = new Set([40001, 42001, 40014]);

// A WeChat API answer with a non-zero errcode (or no answer at all: errcode -1).
export class WechatApiError extends Error {
  readonly permanent: boolean;

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    permanent?: boolean,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
    this.permanent = permanent ?? PERMANENT_SEND_ERRCODES.has(errcode);
  }
}
