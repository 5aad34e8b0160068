import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

// A local fake of the WeChat server API, speaking the same protocol (JSON with errcode/errmsg),
// so every test can run the real client against it. Only what the app uses is implemented.

export interface FakeWechatOptions {
  appId: string;
  secret: string;
  // lifetime of issued access tokens (WeChat: 7200)
  tokenTtlSeconds?: number;
}

export interface FakeSentMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
  receivedAt: Date;
}

export interface FakeWechatStats {
  tokenCalls: number;
  code2SessionCalls: number;
  phoneCalls: number;
  sendCalls: number;
  secCheckCalls: number;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface FakeWechat {
  baseUrl: string;
  close(): Promise<void>;
  // one-time login code for openid; reuse answers 40163
  issueCode(openid: string, opts?: { unionid?: string }): string;
  // the session_key jscode2session handed out for openid (base64), if any
  sessionKeyOf(openid: string): string | undefined;
  // one-time phone-number code
  issuePhoneCode(phone: string, countryCode?: string): string;
  // every token issued so far answers 42001 from now on
  expireTokens(): void;
  // subscribe messages to this openid answer 43101
  refuse(openid: string): void;
  // the next n subscribe sends answer errcode (default -1, "system busy")
  failNext(n: number, errcode?: number): void;
  // the next n requests (any endpoint) never get an answer, to test client timeouts
  stallNext(n?: number): void;
  setRiskyWords(words: { review?: string[]; risky?: string[] }): void;
  // encryptedData/iv as wx.getGroupEnterInfo/getShareInfo would give this user
  encryptForUser(openid: string, payload: object): { encryptedData: string; iv: string };
  readonly sent: FakeSentMessage[];
  readonly stats: FakeWechatStats;
  readonly requests: FakeRequestLog[];
}

export const SPECIAL_CODES: Record<string, { errcode: number; errmsg: string }> = {
  'code-40029': { errcode: 40029, errmsg: 'invalid code' },
  'code-45011': { errcode: 45011, errmsg: 'api minute-quota reach limit' },
  'code-40226': { errcode: 40226, errmsg: 'high risk user' },
  'code-busy': { errcode: -1, errmsg: 'system error' },
};

// Field limits as WeChat enforces them (answering 47003 otherwise).
const FIELD_RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => Array.from(v).length <= 20,
  name: (v) => Array.from(v).length <= 10,
  phrase: (v) => Array.from(v).length <= 5,
  character_string: (v) => v.length <= 32 && /^[\x21-\x7e]+$/.test(v),
  number: (v) => v.length <= 32 && /^-?[0-9]+(\.[0-9]+)?$/.test(v),
  letter: (v) => v.length <= 32 && /^[A-Za-z]+$/.test(v),
  symbol: (v) => Array.from(v).length <= 5,
  phone_number: (v) => v.length <= 17,
  car_number: (v) => Array.from(v).length <= 8,
  time: (v) => /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?$/.test(v) || /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(v) || /^\d{1,2}:\d{2}$/.test(v),
  date: (v) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(v) || /^\d{4}-\d{2}-\d{2}$/.test(v),
};

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

function ok(extra: Record<string, unknown> = {}) {
  return { errcode: 0, errmsg: 'ok', ...extra };
}
function err(errcode: number, errmsg: string) {
  return { errcode, errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}` };
}

export async function startFakeWechat(options: FakeWechatOptions): Promise<FakeWechat> {
  const { appId, secret } = options;
  const ttl = options.tokenTtlSeconds ?? 7200;

  const codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  const sessionKeys = new Map<string, string>();
  const phoneCodes = new Map<string, { phone: string; countryCode: string; used: boolean }>();
  const tokens = new Map<string, { expiresAtMs: number; expired: boolean }>();
  let currentToken: string | null = null;
  const refused = new Set<string>();
  let failing = { n: 0, errcode: -1 };
  let stalls = 0;
  let risky: { review: string[]; risky: string[] } = { review: [], risky: [] };
  const sent: FakeSentMessage[] = [];
  const stats: FakeWechatStats = { tokenCalls: 0, code2SessionCalls: 0, phoneCalls: 0, sendCalls: 0, secCheckCalls: 0 };
  const requests: FakeRequestLog[] = [];
  const stalled: ServerResponse[] = [];

  // null: token fine; otherwise the error answer
  function checkToken(query: Record<string, string>): { errcode: number; errmsg: string } | null {
    const token = query.access_token;
    if (!token) return err(41001, 'access_token missing');
    const t = tokens.get(token);
    if (!t) return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (t.expired || Date.now() >= t.expiresAtMs) return err(42001, 'access_token expired');
    return null;
  }

  function stableToken(body: any) {
    stats.tokenCalls++;
    if (!body || body.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    if (body.appid !== appId) return err(40013, 'invalid appid');
    if (body.secret !== secret) return err(40125, 'invalid appsecret');
    const cur = currentToken ? tokens.get(currentToken) : undefined;
    // like WeChat's stable_token: the same token while it is valid, unless force_refresh
    if (currentToken && cur && !cur.expired && Date.now() < cur.expiresAtMs && body.force_refresh !== true) {
      return { access_token: currentToken, expires_in: Math.floor((cur.expiresAtMs - Date.now()) / 1000) };
    }
    const token = `fake_at_${randomBytes(24).toString('hex')}`;
    tokens.set(token, { expiresAtMs: Date.now() + ttl * 1000, expired: false });
    currentToken = token;
    return { access_token: token, expires_in: ttl };
  }

  function code2Session(query: Record<string, string>) {
    stats.code2SessionCalls++;
    if (query.appid !== appId) return err(40013, 'invalid appid');
    if (query.secret !== secret) return err(40125, 'invalid appsecret');
    if (query.grant_type !== 'authorization_code') return err(40002, 'invalid grant_type');
    const code = query.js_code ?? '';
    const special = SPECIAL_CODES[code];
    if (special) return err(special.errcode, special.errmsg);
    const entry = codes.get(code);
    if (!entry) return err(40029, 'invalid code');
    if (entry.used) return err(40163, 'code been used');
    entry.used = true;
    let key = sessionKeys.get(entry.openid);
    if (!key) {
      key = randomBytes(16).toString('base64');
      sessionKeys.set(entry.openid, key);
    }
    // success answers carry no errcode, like the real endpoint
    const out: Record<string, string> = { openid: entry.openid, session_key: key };
    if (entry.unionid) out.unionid = entry.unionid;
    return out;
  }

  function phoneNumber(query: Record<string, string>, body: any) {
    stats.phoneCalls++;
    const bad = checkToken(query);
    if (bad) return bad;
    const entry = typeof body?.code === 'string' ? phoneCodes.get(body.code) : undefined;
    if (!entry || entry.used) return err(40029, 'invalid code');
    entry.used = true;
    const phoneNumber = entry.countryCode === '86' ? entry.phone : `+${entry.countryCode} ${entry.phone}`;
    return ok({
      phone_info: {
        phoneNumber,
        purePhoneNumber: entry.phone,
        countryCode: entry.countryCode,
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: appId },
      },
    });
  }

  function subscribeSend(query: Record<string, string>, body: any) {
    stats.sendCalls++;
    const bad = checkToken(query);
    if (bad) return bad;
    if (failing.n > 0) {
      failing.n--;
      return err(failing.errcode, failing.errcode === -1 ? 'system error' : 'injected failure');
    }
    if (!body || typeof body !== 'object') return err(47001, 'data format error');
    if (typeof body.touser !== 'string' || !OPENID.test(body.touser)) return err(40003, 'invalid openid');
    if (typeof body.template_id !== 'string' || !body.template_id) return err(40037, 'invalid template_id');
    if (refused.has(body.touser)) return err(43101, 'user refuse to accept the msg');
    if (body.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(body.miniprogram_state)) {
      return err(47003, 'argument invalid! miniprogram_state');
    }
    const data = body.data;
    if (!data || typeof data !== 'object') return err(47003, 'argument invalid! data is empty');
    for (const [key, field] of Object.entries<any>(data)) {
      const value = field?.value;
      if (typeof value !== 'string' || value === '') return err(47003, `argument invalid! data.${key}.value is empty`);
      const rule = FIELD_RULES[key.replace(/\d+$/, '')];
      if (rule && !rule(value)) return err(47003, `argument invalid! data.${key}.value invalid`);
    }
    sent.push({
      touser: body.touser,
      template_id: body.template_id,
      page: body.page,
      data,
      miniprogram_state: body.miniprogram_state,
      lang: body.lang,
      receivedAt: new Date(),
    });
    return ok({ msgid: Date.now() * 1000 + sent.length });
  }

  function msgSecCheck(query: Record<string, string>, body: any) {
    stats.secCheckCalls++;
    const bad = checkToken(query);
    if (bad) return bad;
    if (!body || body.version !== 2) return err(47001, 'data format error: version 2 only');
    if (typeof body.openid !== 'string' || !OPENID.test(body.openid)) return err(40003, 'invalid openid');
    if (![1, 2, 3, 4].includes(body.scene)) return err(47001, 'data format error: scene');
    if (typeof body.content !== 'string') return err(47001, 'data format error: content');
    if (body.content.length > 2500) return err(47001, 'data format error: content too long');
    const text = `${body.title ?? ''}\n${body.content}`;
    const suggest = risky.risky.some((w) => text.includes(w)) ? 'risky' : risky.review.some((w) => text.includes(w)) ? 'review' : 'pass';
    const label = suggest === 'pass' ? 100 : 20008;
    return ok({
      result: { suggest, label },
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 }],
      trace_id: randomBytes(8).toString('hex'),
    });
  }

  function route(method: string, path: string, query: Record<string, string>, body: unknown): { status: number; json: unknown } {
    if (method === 'GET' && path === '/sns/jscode2session') return { status: 200, json: code2Session(query) };
    if (method === 'POST' && path === '/cgi-bin/stable_token') return { status: 200, json: stableToken(body) };
    if (method === 'POST' && path === '/wxa/business/getuserphonenumber') return { status: 200, json: phoneNumber(query, body) };
    if (method === 'POST' && path === '/cgi-bin/message/subscribe/send') return { status: 200, json: subscribeSend(query, body) };
    if (method === 'POST' && path === '/wxa/msg_sec_check') return { status: 200, json: msgSecCheck(query, body) };
    return { status: 404, json: err(-1, `no such api: ${method} ${path}`) };
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams.entries());
      const raw = await readBody(req);
      let body: unknown = undefined;
      let bodyOk = true;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          bodyOk = false;
        }
      }
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query, body });
      if (stalls > 0) {
        stalls--;
        stalled.push(res); // never answered; closed with the server
        return;
      }
      const answer = bodyOk ? route(req.method ?? 'GET', url.pathname, query, body) : { status: 200, json: err(47001, 'data format error') };
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer.json));
    })().catch((e) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(err(-1, `fake server error: ${(e as Error).message}`)));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    stats,
    requests,
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    issueCode(openid, opts) {
      const code = `fake_code_${randomBytes(12).toString('hex')}`;
      codes.set(code, { openid, unionid: opts?.unionid, used: false });
      return code;
    },
    sessionKeyOf(openid) {
      return sessionKeys.get(openid);
    },
    issuePhoneCode(phone, countryCode = '86') {
      const code = `fake_phone_${randomBytes(12).toString('hex')}`;
      phoneCodes.set(code, { phone, countryCode, used: false });
      return code;
    },
    expireTokens() {
      for (const t of tokens.values()) t.expired = true;
      currentToken = null;
    },
    refuse(openid) {
      refused.add(openid);
    },
    failNext(n, errcode = -1) {
      failing = { n, errcode };
    },
    stallNext(n = 1) {
      stalls = n;
    },
    setRiskyWords(words) {
      risky = { review: words.review ?? [], risky: words.risky ?? [] };
    },
    encryptForUser(openid, payload) {
      const key = sessionKeys.get(openid);
      if (!key) throw new Error(`fake wechat: ${openid} has no session_key yet (log in with issueCode first)`);
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-128-cbc', Buffer.from(key, 'base64'), iv);
      const plain = JSON.stringify({ ...payload, watermark: { appid: appId, timestamp: Math.floor(Date.now() / 1000) } });
      const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { encryptedData: encrypted.toString('base64'), iv: iv.toString('base64') };
    },
  };
}
