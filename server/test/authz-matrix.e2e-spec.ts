// Authorization matrix: for every route of the shared table, each demo role acting inside and outside
// its scope gets the expected status; every protected route refuses missing, forged, expired and
// tampered tokens. A route added to the table without rows here fails the completeness test.
import { API, ApiName, Role, ROLES, TokenResponse } from '@wuzha/shared';
import jwt from 'jsonwebtoken';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(180_000);

type Req = { params?: Record<string, string | number>; query?: Record<string, string | number>; body?: unknown };
interface Case {
  as: Role;
  label: string;
  req: () => Promise<Req> | Req;
  status: number;
  code?: string;
}

let t: TestApp;
const tokens = {} as Record<Role, TokenResponse>;
const ids: Record<string, number> = {};
// each role's own node (inside its scope) and a node of the same kind outside it
const own = {} as Record<Role, string>;
const other = {} as Record<Role, string>;

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

async function as(role: Role) {
  return tokens[role].accessToken;
}

// A fresh resident of 东山村第一网格 (a person others may act on without disturbing the demo users).
let residentSeq = 0;
async function freshResident(): Promise<{ token: string; membershipId: number; userId: number }> {
  const login = await t.login(`matrix-resident-${++residentSeq}`);
  const res = await t.http.post('/api/memberships/join').set(t.bearer(login)).send({ nodeId: ids.A1 });
  expect(res.status).toBe(200);
  return { token: login.accessToken, membershipId: res.body.id, userId: login.userId };
}

// An invite for a grid worker at 东山村第一网格 made by the village cadre.
async function cadreInvite(): Promise<{ id: number; code: string }> {
  const res = await t.http.post('/api/invites').set(t.bearer(tokens.village_cadre)).send({ nodeId: ids.A1, role: 'grid_worker' });
  expect(res.status).toBe(201);
  return { id: res.body.id, code: res.body.code };
}

// What each role may invite at its own node (null: nothing).
const INVITE_AT_OWN: Record<Role, { node: string; role: Role } | null> = {
  town_admin: { node: 'A', role: 'village_cadre' },
  police_liaison: null,
  village_cadre: { node: 'A1', role: 'grid_worker' },
  grid_worker: { node: 'A1', role: 'resident' },
  school_admin: { node: 'M', role: 'teacher' },
  teacher: { node: 'C71', role: 'student' },
  student: null,
  parent: null,
  unit_contact: { node: 'E', role: 'resident' },
  resident: null,
};
const MEMBER_READERS: Role[] = ['town_admin', 'village_cadre', 'grid_worker', 'school_admin', 'teacher', 'unit_contact'];
const NODE_MANAGERS: Partial<Record<Role, 'village' | 'grade'>> = { town_admin: 'village', school_admin: 'grade' };

function forEveryRole(make: (role: Role) => Case[]): Case[] {
  return ROLES.flatMap(make);
}

function buildMatrix(): Record<ApiName, Case[]> {
  const scoped = (status: (r: Role) => number, req: (node: number, r: Role) => Req) =>
    forEveryRole((r) => [
      { as: r, label: 'own node', req: () => req(ids[own[r]], r), status: status(r) },
      { as: r, label: 'other node', req: () => req(ids[other[r]], r), status: 404, code: 'NOT_FOUND' },
    ]);
  const everyone = (status: number, req: () => Promise<Req> | Req, label = 'own records') => forEveryRole((r) => [{ as: r, label, req, status }]);

  return {
    health: [],
    'auth.config': [],
    'auth.login': [],
    'auth.refresh': [],
    'auth.logout': [],

    'me.get': everyone(200, () => ({})),
    'me.update': everyone(200, () => ({ body: { displayName: '测试姓名' } })),
    'me.phone': everyone(200, () => ({ body: { code: t.fake.issuePhoneCode('13800001111') } })),
    'me.family.list': everyone(200, () => ({})),
    'me.family.create': everyone(201, () => ({ body: { name: '张奶奶', relationship: 'grandparent', birthYear: 1948 } })),
    'me.family.update': forEveryRole((r) => [
      { as: r, label: 'own family member', req: async () => ({ params: { id: await familyOf(r) }, body: { name: '张爷爷', relationship: 'grandparent' } }), status: 200 },
      { as: r, label: "someone else's", req: async () => ({ params: { id: await foreignFamily() }, body: { name: '张爷爷', relationship: 'grandparent' } }), status: 404, code: 'NOT_FOUND' },
    ]),
    'me.family.delete': forEveryRole((r) => [
      { as: r, label: "someone else's", req: async () => ({ params: { id: await foreignFamily() } }), status: 404, code: 'NOT_FOUND' },
      { as: r, label: 'own family member', req: async () => ({ params: { id: await familyOf(r) } }), status: 200 },
    ]),

    'org.directory': everyone(200, () => ({ query: { parentId: ids.T } }), 'public directory'),
    'org.node': scoped(() => 200, (id) => ({ params: { id } })),
    'org.children': scoped(() => 200, (id) => ({ params: { id } })),
    'org.members': scoped((r) => (MEMBER_READERS.includes(r) ? 200 : 403), (id) => ({ params: { id } })),
    'org.createNode': scoped(
      (r) => (NODE_MANAGERS[r] ? 201 : 403),
      (id, r) => ({ body: { parentId: id, kind: NODE_MANAGERS[r] ?? 'grid', name: `新建${r}` } }),
    ),
    'org.renameNode': scoped((r) => (NODE_MANAGERS[r] ? 200 : 403), (id) => ({ params: { id }, body: { name: `改名${id}` } })),
    'audit.list': scoped((r) => (r === 'town_admin' ? 200 : 403), (id) => ({ query: { nodeId: id } })),

    // everyone may self-join 东山村第一网格 as a resident; the demo resident already lives there
    'memberships.join': forEveryRole((r) => [
      { as: r, label: 'self-join 东山村第一网格', req: () => ({ body: { nodeId: ids.A1 } }), status: r === 'resident' ? 409 : 200, code: r === 'resident' ? 'ALREADY_MEMBER' : undefined },
    ]),
    'memberships.remove': forEveryRole((r) => [
      {
        as: r,
        label: "a resident of 东山村第一网格's membership",
        req: async () => ({ params: { id: (await freshResident()).membershipId } }),
        // those who may invite residents at or above that grid may remove one
        status: ['town_admin', 'village_cadre', 'grid_worker'].includes(r) ? 200 : 404,
      },
    ]),

    'invites.create': forEveryRole((r) => {
      const mine = INVITE_AT_OWN[r];
      return [
        mine
          ? { as: r, label: `${mine.role} at own node`, req: () => ({ body: { nodeId: ids[mine.node], role: mine.role } }), status: 201 }
          : { as: r, label: 'resident at own node', req: () => ({ body: { nodeId: ids[own[r]], role: 'resident' } }), status: 403, code: 'ROLE_NOT_INVITABLE' },
        { as: r, label: 'other node', req: () => ({ body: { nodeId: ids[other[r]], role: mine?.role ?? 'resident' } }), status: 404, code: 'NOT_FOUND' },
      ];
    }),
    'invites.list': everyone(200, () => ({})),
    'invites.preview': forEveryRole((r) => [
      { as: r, label: 'a valid code', req: async () => ({ params: { code: (await cadreInvite()).code } }), status: 200 },
      { as: r, label: 'an unknown code', req: () => ({ params: { code: 'ZZZZ2222' } }), status: 404, code: 'INVITE_NOT_FOUND' },
    ]),
    'invites.accept': forEveryRole((r) => [
      {
        as: r,
        label: 'a resident invite of 东山村',
        req: async () => {
          const res = await t.http.post('/api/invites').set(t.bearer(tokens.town_admin)).send({ nodeId: ids.A, role: 'resident' });
          return { params: { code: res.body.code } };
        },
        status: 200,
      },
      { as: r, label: 'an unknown code', req: () => ({ params: { code: 'ZZZZ3333' } }), status: 404, code: 'INVITE_NOT_FOUND' },
    ]),
    'invites.revoke': forEveryRole((r) => [
      {
        as: r,
        label: "the village cadre's grid-worker invite",
        req: async () => ({ params: { id: (await cadreInvite()).id } }),
        status: ['village_cadre', 'town_admin'].includes(r) ? 200 : 404,
      },
    ]),
    'invites.qr': forEveryRole((r) => [
      {
        as: r,
        label: "the village cadre's grid-worker invite",
        req: async () => ({ params: { id: (await cadreInvite()).id } }),
        status: ['village_cadre', 'town_admin'].includes(r) ? 200 : 404,
      },
    ]),
  };
}

// A family member of the given role's demo user.
async function familyOf(r: Role): Promise<number> {
  return addFamily(tokens[r].accessToken);
}
// A family member of a person nobody else is related to.
let foreignSeq = 0;
async function foreignFamily(): Promise<number> {
  return addFamily((await t.login(`matrix-family-owner-${++foreignSeq}`)).accessToken);
}
async function addFamily(token: string): Promise<number> {
  const res = await t.http.post('/api/me/family').set(t.bearer(token)).send({ name: '王外婆', relationship: 'grandparent', birthYear: 1950 });
  expect(res.status).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const d = await demoNodeIds(t);
  Object.assign(ids, {
    county: d.county, T: d.town, A: d.dongshan, B: d.xihe, A1: d.dsGrid1, B1: d.xhGrid1, B2: d.xhGrid2,
    M: d.school, P: d.primary, C71: d.class71, C72: d.class72, E: d.textile, F: d.coop,
  });
  Object.assign(own, {
    town_admin: 'T', police_liaison: 'T', village_cadre: 'A', grid_worker: 'A1', school_admin: 'M',
    teacher: 'C71', student: 'C71', parent: 'C71', unit_contact: 'E', resident: 'A1',
  });
  Object.assign(other, {
    town_admin: 'county', police_liaison: 'county', village_cadre: 'B', grid_worker: 'B1', school_admin: 'P',
    teacher: 'C72', student: 'C72', parent: 'C72', unit_contact: 'F', resident: 'B1',
  });
  for (const role of ROLES) tokens[role] = await t.login(`demo-${role}`);
  // the demo resident has no home yet: give them one inside 东山村第一网格
  const joined = await t.http.post('/api/memberships/join').set(t.bearer(tokens.resident)).send({ nodeId: ids.A1 });
  expect(joined.status).toBe(200);
});

afterAll(async () => {
  await t?.close();
});

const MATRIX = buildMatrix();

describe('authorization matrix', () => {
  it('covers every route of the shared route table', () => {
    const names = Object.keys(API) as ApiName[];
    expect(Object.keys(MATRIX).sort()).toEqual([...names].sort());
    for (const name of names) {
      const def = API[name] as { public?: boolean };
      if (def.public) expect(MATRIX[name]).toEqual([]);
      else expect(new Set(MATRIX[name].map((c) => c.as))).toEqual(new Set(ROLES));
    }
  });

  const protectedRoutes = (Object.keys(API) as ApiName[]).filter((n) => !(API[n] as { public?: boolean }).public);
  for (const name of protectedRoutes) {
    // rows run in order: each role's own-scope case before its out-of-scope one
    it(`${API[name].method} ${API[name].path} (${name})`, async () => {
      const failures: string[] = [];
      for (const c of MATRIX[name]) {
        const req = await c.req();
        const res = await call(name, await as(c.as), req);
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
    return def.params ? { params: name.startsWith('invites.') && name !== 'invites.revoke' && name !== 'invites.qr' ? { code: 'ABCDEFGH' } : { id: 1 } } : {};
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
