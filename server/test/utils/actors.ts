import type { TestApp } from './test-app';

// Requests as named test users. Access tokens live 15 minutes on the test clock: a user logs in again
// once the clock has moved more than 10 minutes since their last login.
export function actors(app: () => TestApp, openids: Record<string, string>) {
  const tokens: Record<string, { token: string; at: number }> = {};
  async function token(who: string): Promise<string> {
    const t = app();
    const now = t.clock.now().getTime();
    const cur = tokens[who];
    if (!cur || Math.abs(now - cur.at) > 10 * 60_000) tokens[who] = { token: (await t.login(openids[who] ?? who)).accessToken, at: now };
    return tokens[who].token;
  }
  const as = (who: string) => {
    const auth = async () => app().bearer(await token(who));
    return {
      get: async (url: string, query: object = {}) => app().http.get(url).query(query).set(await auth()),
      post: async (url: string, body?: object, query: object = {}) => app().http.post(url).query(query).set(await auth()).send(body),
      put: async (url: string, body: object = {}, query: object = {}) => app().http.put(url).query(query).set(await auth()).send(body),
      del: async (url: string) => app().http.delete(url).set(await auth()),
    };
  };
  return { token, as };
}

// "status code" of a response, for compact expectations
export const err = (res: { status: number; body: { code?: string } }) => `${res.status} ${res.body.code}`;
