// Authorization matrix: for every route of the shared table, each demo role acting inside and outside
// its scope gets the expected status; every protected route refuses missing, forged, expired and
// tampered tokens. The rows live in authz/*.rows.ts, one file per feature; a route of the table
// without rows fails the completeness test.
import { API, ApiName, Role, ROLES, TokenResponse } from '@wuzha/shared';
import jwt from 'jsonwebtoken';
import { Case, forEveryRole, loadRowsModules, MatrixContext, NodeKey, Req, Rows } from './authz/context';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(300_000);

let t: TestApp;
const tokens = {} as Record<Role, TokenResponse>;
const ids = {} as Record<NodeKey, number>;
const own: Record<Role, NodeKey> = {
  town_admin: 'T', police_liaison: 'T', village_cadre: 'A', grid_worker: 'A1', school_admin: 'M',
  teacher: 'C71', student: 'C71', parent: 'C71', unit_contact: 'E', resident: 'A1',
};
const other: Record<Role, NodeKey> = {
  town_admin: 'county', police_liaison: 'county', village_cadre: 'B', grid_worker: 'B1', school_admin: 'P',
  teacher: 'C72', student: 'C72', parent: 'C72', unit_contact: 'F', resident: 'B1',
};

function path(name: ApiName, params: Req['params'] = {}): string {
  return API[name].path.replace(/:([a-zA-Z]+)/g, (_, k: string) => encodeURIComponent(String(params[k])));
}

async function call(name: ApiName, token: string | null, req: Req) {
  const def = API[name];
  const url = path(name, req.params);
  let r = t.http[def.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
  if (req.query) r = r.query(req.query);
  if (token) r = r.set('Authorization', `Bearer ${token}`);
  if (req.body !== undefined) r = r.send(req.body as object);
  return r;
}

let residentSeq = 0;
const context: MatrixContext = {
  get t() {
    return t;
  },
  tokens,
  ids,
  own,
  other,
  forEveryRole,
  scoped: (status, req) =>
    forEveryRole((r) => [
      { as: r, label: 'own node', req: () => req(ids[own[r]], r), status: status(r) },
      { as: r, label: 'other node', req: () => req(ids[other[r]], r), status: 404, code: 'NOT_FOUND' },
    ]),
  everyone: (status, req, label = 'own records') => forEveryRole((r) => [{ as: r, label, req, status }]),
  async freshResident() {
    const login = await t.login(`matrix-resident-${++residentSeq}`);
    const res = await t.http.post('/api/memberships/join').set(t.bearer(login)).send({ nodeId: ids.A1 });
    expect(res.status).toBe(200);
    return { token: login.accessToken, membershipId: res.body.id, userId: login.userId };
  },
};

// Built after the app is up (row builders may read ids); names are known up front for the tests.
const MATRIX: Rows = {};
const modules = loadRowsModules();

beforeAll(async () => {
  t = await createTestApp();
  const d = await demoNodeIds(t);
  Object.assign(ids, {
    county: d.county, T: d.town, A: d.dongshan, B: d.xihe, A1: d.dsGrid1, B1: d.xhGrid1, B2: d.xhGrid2,
    M: d.school, P: d.primary, C71: d.class71, C72: d.class72, E: d.textile, F: d.coop,
  });
  for (const role of ROLES) tokens[role] = await t.login(`demo-${role}`);
  // the demo resident has no home yet: give them one inside 东山村第一网格
  const joined = await t.http.post('/api/memberships/join').set(t.bearer(tokens.resident)).send({ nodeId: ids.A1 });
  expect(joined.status).toBe(200);
  for (const mod of modules) {
    for (const [name, cases] of Object.entries(mod.rows(context))) {
      if (MATRIX[name as ApiName]) throw new Error(`two rows files define ${name}`);
      MATRIX[name as ApiName] = cases as Case[];
    }
  }
});

afterAll(async () => {
  await t?.close();
});

describe('authorization matrix', () => {
  it('covers every route of the shared route table', () => {
    const names = Object.keys(API) as ApiName[];
    expect(Object.keys(MATRIX).filter((n) => !(n in API))).toEqual([]);
    for (const name of names) {
      const def = API[name] as { public?: boolean };
      if (def.public) expect([name, MATRIX[name]]).toEqual([name, []]);
      else expect([name, new Set((MATRIX[name] ?? []).map((c) => c.as))]).toEqual([name, new Set(ROLES)]);
    }
  });

  const protectedRoutes = (Object.keys(API) as ApiName[]).filter((n) => !(API[n] as { public?: boolean }).public);
  for (const name of protectedRoutes) {
    // rows run in order: each role's own-scope case before its out-of-scope one
    it(`${API[name].method} ${API[name].path} (${name})`, async () => {
      const failures: string[] = [];
      expect(MATRIX[name]).toBeDefined();
      for (const c of MATRIX[name] ?? []) {
        const req = await c.req();
        const res = await call(name, tokens[c.as].accessToken, req);
        const ok = res.status === c.status && (!c.code || res.body?.code === c.code);
        if (!ok) failures.push(`${c.as} / ${c.label}: expected ${c.status}${c.code ? ' ' + c.code : ''}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('tokens', () => {
  const protectedRoutes = (Object.keys(API) as ApiName[]).filter((n) => !(API[n] as { public?: boolean }).public);
  const sample = (name: ApiName): Req => {
    const def = API[name] as { params?: unknown };
    return def.params ? { params: API[name].path.includes(':code') ? { code: 'ABCDEFGH' } : { id: 1 } } : {};
  };

  function badTokens(): Record<string, string> {
    const valid = tokens.town_admin.accessToken;
    const [h, p, s] = valid.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    return {
      forged: jwt.sign({ ...claims }, 'not-the-server-secret-0123456789abcdef', { algorithm: 'HS256' }),
      expired: jwt.sign({ sub: claims.sub, typ: 'access', iat: now - 7200, exp: now - 3600 }, t.config.jwt.secret, { algorithm: 'HS256' }),
      tampered: `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: String(Number(claims.sub) + 1000) })).toString('base64url')}.${s}`,
      'alg none': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`,
      garbage: 'not-a-jwt',
      'wrong type': jwt.sign({ sub: claims.sub, typ: 'refresh' }, t.config.jwt.secret, { algorithm: 'HS256', expiresIn: 600 }),
    };
  }

  it('every protected route answers 401 without a token', async () => {
    const failures: string[] = [];
    for (const name of protectedRoutes) {
      const res = await call(name, null, sample(name));
      if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED') failures.push(`${name}: ${res.status} ${res.body.code}`);
    }
    expect(failures).toEqual([]);
  });

  it('every protected route answers 401 to forged, expired, tampered and malformed tokens', async () => {
    const failures: string[] = [];
    for (const [kind, token] of Object.entries(badTokens())) {
      for (const name of protectedRoutes) {
        const res = await call(name, token, sample(name));
        const expected = kind === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID';
        if (res.status !== 401 || res.body.code !== expected) failures.push(`${kind} → ${name}: ${res.status} ${res.body.code}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
