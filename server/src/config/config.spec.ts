import { ConfigError, DEV_DATA_KEY, DEV_JWT_SECRET, loadConfig } from './config';

const prodOk = {
  NODE_ENV: 'production',
  WECHAT_MODE: 'live',
  WECHAT_SECRET: 'real-app-secret',
  JWT_SECRET: 'p'.repeat(40),
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
};

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives working defaults for development', () => {
    const c = loadConfig({});
    expect(c.nodeEnv).toBe('development');
    expect(c.database).toEqual({ type: 'sqlite', file: 'data/wuzha.sqlite' });
    expect(c.wechat.mode).toBe('mock');
    expect(c.dataKey).toHaveLength(32);
    expect(c.outbox.enabled).toBe(true);
  });

  it('reads database URLs of both kinds', () => {
    expect(loadConfig({ DATABASE_URL: 'mariadb://u:p@db:3306/wuzha' }).database).toEqual({ type: 'mysql', url: 'mysql://u:p@db:3306/wuzha' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' }).database).toEqual({ type: 'sqlite', file: '/tmp/x.sqlite' });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://x/y' }],
    ['WECHAT_MODE', { WECHAT_MODE: 'fake' }],
    ['WECHAT_API_BASE', { WECHAT_API_BASE: 'not a url' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: '5' }],
    ['REFRESH_TOKEN_TTL', { REFRESH_TOKEN_TTL: 'x' }],
    ['DATA_KEY', { DATA_KEY: Buffer.alloc(16).toString('base64') }],
    ['OUTBOX_ENABLED', { OUTBOX_ENABLED: 'yes' }],
    ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '10' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
  ])('names the bad variable %s', (name, env) => {
    const err = errorOf(env);
    expect(err.message).toMatch(new RegExp(`^\\s+${name}:`, 'm'));
  });

  it('names every bad variable at once', () => {
    const err = errorOf({ PORT: 'x', JWT_SECRET: 'short', LOG_LEVEL: 'loud' });
    for (const name of ['PORT', 'JWT_SECRET', 'LOG_LEVEL']) expect(err.message).toContain(`${name}:`);
  });

  it('accepts a complete production configuration', () => {
    const c = loadConfig(prodOk);
    expect(c.nodeEnv).toBe('production');
    expect(c.wechat.mode).toBe('live');
  });

  it.each([
    ['WECHAT_MODE', { WECHAT_MODE: 'mock' }],
    ['JWT_SECRET', { JWT_SECRET: DEV_JWT_SECRET }],
    ['DATA_KEY', { DATA_KEY: DEV_DATA_KEY }],
    ['WECHAT_SECRET', { WECHAT_SECRET: 'dev-secret' }],
  ])('refuses the development %s in production', (name, override) => {
    const err = errorOf({ ...prodOk, ...override });
    expect(err.message).toContain(`${name}:`);
    expect(err.message.trim().split('\n')).toHaveLength(2);
  });

  it('refuses production with all defaults, naming each default', () => {
    const err = errorOf({ NODE_ENV: 'production' });
    for (const name of ['WECHAT_MODE', 'JWT_SECRET', 'DATA_KEY', 'WECHAT_SECRET']) expect(err.message).toContain(`${name}:`);
  });
});
