import { z } from 'zod';
import { WECHAT_MODES } from '@wuzha/shared';

// Defaults that are fine on a laptop and refused in production.
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
export const DEV_DATA_KEY = 'ZGV2LW9ubHktZGF0YS1rZXktMDEyMzQ1Njc4OWFiY2Q='; // base64 of 32 bytes

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .optional()
      .refine((v) => !v || /^(mysql|mariadb):\/\/.+/.test(v) || /^sqlite:.+/.test(v), {
        message: 'must be mysql://user:pass@host:port/db, or sqlite:<file>, or unset for the embedded SQLite file',
      }),
    WECHAT_MODE: z.enum(WECHAT_MODES).default('mock'),
    WECHAT_APPID: z.string().default('wx0000000000000000'),
    WECHAT_SECRET: z.string().default('dev-secret'),
    WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
    // subscribe-message template for "your invite was accepted"; empty disables the message
    WECHAT_TMPL_INVITE_ACCEPTED: z.string().default(''),
    // subscribe-message template for "a bulletin awaits your forwarding" (and its reminders); empty disables
    WECHAT_TMPL_BULLETIN_TASK: z.string().default(''),
    // subscribe-message template for 基层反馈 and its replies (thing1 from, phrase2 kind, thing3 text, time4); empty disables it
    WECHAT_TMPL_FEEDBACK: z.string().default(''),
    // subscribe-message template for pledge reminders to guardians and residents who allowed them
    // (thing1 campaign, time2 deadline, thing3 whom for); empty disables pledge reminders
    WECHAT_TMPL_PLEDGE_REMIND: z.string().default(''),
    // developer | trial | formal: which build of the mini program a subscribe message opens
    WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).default(DEV_JWT_SECRET),
    ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(86400).default(900),
    REFRESH_TOKEN_TTL: z.coerce.number().int().min(3600).max(90 * 86400).default(30 * 86400),
    DATA_KEY: z
      .string()
      .default(DEV_DATA_KEY)
      .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' }),
    // directory of the built H5 app served at /; empty disables static serving
    H5_DIR: z.string().default(''),
    // where uploaded images are stored (relative to the cwd)
    STORAGE_DIR: z.string().min(1).default('data/uploads'),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60000).default(1000),
    OUTBOX_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    // finished outbox rows (done, dropped) are deleted after this many days; failed rows are kept
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (env.WECHAT_MODE === 'mock') ctx.addIssue({ code: 'custom', path: ['WECHAT_MODE'], message: 'mock login is refused when NODE_ENV=production' });
    if (env.JWT_SECRET === DEV_JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'the default secret is refused when NODE_ENV=production' });
    if (env.DATA_KEY === DEV_DATA_KEY) ctx.addIssue({ code: 'custom', path: ['DATA_KEY'], message: 'the default key is refused when NODE_ENV=production' });
    if (env.WECHAT_SECRET === 'dev-secret') ctx.addIssue({ code: 'custom', path: ['WECHAT_SECRET'], message: 'set the real AppSecret when NODE_ENV=production' });
  });

export type DatabaseConfig = { type: 'sqlite'; file: string } | { type: 'mysql'; url: string };

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: DatabaseConfig;
  wechat: {
    mode: 'mock' | 'live';
    appId: string;
    secret: string;
    apiBase: string;
    templates: { inviteAccepted: string; bulletinTask: string; feedback: string; pledgeRemind: string };
    miniprogramState: 'developer' | 'trial' | 'formal';
  };
  jwt: { secret: string; accessTtl: number; refreshTtl: number };
  dataKey: Buffer;
  h5Dir: string;
  storageDir: string;
  outbox: { enabled: boolean; pollMs: number; retentionDays: number };
  bodyLimit: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export class ConfigError extends Error {}

// Parse and validate the environment; throws ConfigError naming every bad variable.
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const database: DatabaseConfig = !e.DATABASE_URL
    ? { type: 'sqlite', file: 'data/wuzha.sqlite' }
    : e.DATABASE_URL.startsWith('sqlite:')
      ? { type: 'sqlite', file: e.DATABASE_URL.slice('sqlite:'.length) }
      : { type: 'mysql', url: e.DATABASE_URL.replace(/^mariadb:/, 'mysql:') };
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database,
    wechat: {
      mode: e.WECHAT_MODE,
      appId: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
      templates: { inviteAccepted: e.WECHAT_TMPL_INVITE_ACCEPTED, bulletinTask: e.WECHAT_TMPL_BULLETIN_TASK, feedback: e.WECHAT_TMPL_FEEDBACK, pledgeRemind: e.WECHAT_TMPL_PLEDGE_REMIND },
      miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
    },
    jwt: { secret: e.JWT_SECRET, accessTtl: e.ACCESS_TOKEN_TTL, refreshTtl: e.REFRESH_TOKEN_TTL },
    dataKey: Buffer.from(e.DATA_KEY, 'base64'),
    h5Dir: e.H5_DIR,
    storageDir: e.STORAGE_DIR,
    outbox: { enabled: e.OUTBOX_ENABLED, pollMs: e.OUTBOX_POLL_MS, retentionDays: e.OUTBOX_RETENTION_DAYS },
    bodyLimit: e.BODY_LIMIT_BYTES,
    logLevel: e.LOG_LEVEL,
  };
}

// Injection token for AppConfig.
export const APP_CONFIG = Symbol('APP_CONFIG');
