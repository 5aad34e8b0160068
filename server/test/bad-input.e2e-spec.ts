// Bad input to every route of the shared table: missing fields, wrong types, 10 KB strings, unknown
// enum values, unknown keys, non-JSON bodies, bad path params and query strings. Each must answer a
// 4xx with an error code and a Chinese message, never a 500, and change nothing.
import { API, ApiName, ERROR_CODES } from '@wuzha/shared';
import { z } from 'zod';
import { loadRowsModules } from './authz/context';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(180_000);

let t: TestApp;
let token: string;
const TEN_KB = 'x'.repeat(10 * 1024);

// A valid body per route with a body (from authz/*.rows.ts): each mutation is then the only fault.
let bodies: Partial<Record<ApiName, Record<string, unknown>>> = {};
function validBody(name: ApiName): Record<string, unknown> {
  const body = bodies[name];
  if (!body) throw new Error(`no valid sample body for ${name}: add it to the samples of its authz/*.rows.ts`);
  return body;
}

interface JsonProp {
  type?: string | string[];
  enum?: unknown[];
  maxLength?: number;
  pattern?: string;
  nullable?: boolean;
}

// Values that are certainly invalid for a property of this JSON schema.
function invalidValues(prop: JsonProp): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  if (type === 'string') {
    out.push(['a number', 12345], ['an array', ['a']], ['an object', { a: 1 }], ['a boolean', true]);
    if (prop.enum) out.push(['an unknown enum value', 'not_a_value']);
    else out.push(['a 10 KB string', TEN_KB]);
  } else if (type === 'integer' || type === 'number') {
    out.push(['a string', 'abc'], ['a 10 KB string', TEN_KB], ['an object', {}], ['a huge number', 1e300]);
    if (type === 'integer') out.push(['a fraction', 1.5]);
  } else if (type === 'boolean') {
    out.push(['a string', 'yes'], ['a number', 2]);
  }
  if (!prop.nullable) out.push(['null', null]);
  return out;
}

function jsonSchema(schema: z.ZodTypeAny): { properties: Record<string, JsonProp>; required?: string[] } {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as never;
}

function urlOf(name: ApiName, params: Record<string, string>): string {
  return API[name].path.replace(/:([a-zA-Z]+)/g, (_, k: string) => encodeURIComponent(params[k]));
}

function validParams(name: ApiName): Record<string, string> {
  return API[name].path.includes(':code') ? { code: 'ABCDEFGH' } : { id: '1' };
}

function send(name: ApiName, opts: { params?: Record<string, string>; query?: string; body?: unknown; raw?: { type: string; data: string } }) {
  const def = API[name];
  let url = urlOf(name, opts.params ?? validParams(name));
  if (opts.query !== undefined) url += `?${opts.query}`;
  let r = t.http[def.method.toLowerCase() as 'get'](url);
  if (!(def as { public?: boolean }).public) r = r.set('Authorization', `Bearer ${token}`);
  if (opts.raw) r = r.set('Content-Type', opts.raw.type).send(opts.raw.data);
  else if (opts.body !== undefined) r = r.send(opts.body as object);
  return r;
}

const failures: string[] = [];
async function expect4xx(label: string, res: { status: number; body: { code?: string; message?: string; fields?: unknown[] } }, opts: { fields?: boolean } = {}) {
  const { status, body } = res;
  const codeOk = typeof body?.code === 'string' && body.code in ERROR_CODES;
  const messageOk = typeof body?.message === 'string' && /[\u4e00-\u9fa5]/.test(body.message);
  const fieldsOk = !opts.fields || body?.code !== 'VALIDATION_FAILED' || (Array.isArray(body.fields) && body.fields.length > 0);
  if (status < 400 || status >= 500 || !codeOk || !messageOk || !fieldsOk) failures.push(`${label}: ${status} ${JSON.stringify(body).slice(0, 160)}`);
}

async function countRows(): Promise<string> {
  const tables = ['org_node', 'membership', 'invite', 'family_member', 'user_account', 'refresh_token', 'audit_log', 'outbox_message'];
  const counts: string[] = [];
  for (const table of tables) {
    const rows: Array<{ n: number | string }> = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
    counts.push(`${table}=${Number(rows[0].n)}`);
  }
  return counts.join(' ');
}

beforeAll(async () => {
  t = await createTestApp();
  token = (await t.login('demo-town_admin')).accessToken;
  const ids = await demoNodeIds(t);
  for (const mod of loadRowsModules()) bodies = { ...bodies, ...mod.samples?.(ids) };
});

afterAll(async () => {
  await t?.close();
});

const names = Object.keys(API) as ApiName[];

describe('bad input never answers 500 and never writes', () => {
  let before: string;
  beforeAll(async () => {
    before = await countRows();
  });
  afterEach(() => {
    const copy = failures.splice(0);
    expect(copy).toEqual([]);
  });

  for (const name of names) {
    const def = API[name] as { method: string; body?: z.ZodTypeAny; query?: z.ZodTypeAny; params?: z.ZodTypeAny };
    if (def.body) {
      it(`${name}: body fields missing, of the wrong type, too long, unknown enum values, unknown keys`, async () => {
        const body = validBody(name);
        const schema = jsonSchema(def.body!);
        for (const key of schema.required ?? []) {
          const { [key]: _, ...rest } = body;
          await expect4xx(`${name} without ${key}`, await send(name, { body: rest }), { fields: true });
        }
        for (const [key, prop] of Object.entries(schema.properties)) {
          for (const [what, value] of invalidValues(prop)) {
            await expect4xx(`${name} ${key} = ${what}`, await send(name, { body: { ...body, [key]: value } }), { fields: true });
          }
        }
        await expect4xx(`${name} with an unknown key`, await send(name, { body: { ...body, isAdmin: true } }), { fields: true });
        // an empty object is a valid body when every field has a default (e.g. a practice request)
        if ((schema.required ?? []).length > 0) await expect4xx(`${name} empty object`, await send(name, { body: {} }));
      });
      it(`${name}: non-JSON, malformed and non-object bodies`, async () => {
        const raws: Array<[string, string, string]> = [
          ['malformed JSON', 'application/json', '{"code": '],
          ['text as JSON', 'application/json', 'hello'],
          ['a JSON array', 'application/json', '[1,2,3]'],
          ['JSON null', 'application/json', 'null'],
          ['a JSON string', 'application/json', '"abc"'],
          ['plain text', 'text/plain', 'hello'],
          ['a form', 'application/x-www-form-urlencoded', 'a=1&b=2'],
          ['XML', 'application/xml', '<a>1</a>'],
          ['an empty JSON body', 'application/json', ''],
        ];
        for (const [what, type, data] of raws) await expect4xx(`${name} ${what}`, await send(name, { raw: { type, data } }));
      });
    }
    if (def.params) {
      it(`${name}: bad path params`, async () => {
        const key = API[name].path.includes(':code') ? 'code' : 'id';
        const values = key === 'id' ? ['abc', '0', '-5', '1.5', '99999999999', '1e3', ' ', TEN_KB] : ['abc', '!!!!!!!!', 'ABCDEFGHIJ', TEN_KB];
        for (const v of values) {
          const res = await send(name, { params: { [key]: v }, body: def.body ? validBody(name) : undefined });
          await expect4xx(`${name} ${key}=${v.slice(0, 12)}`, res);
        }
      });
    }
    it(`${name}: bad query strings`, async () => {
      const body = def.body ? validBody(name) : undefined;
      await expect4xx(`${name} unknown query key`, await send(name, { query: 'isAdmin=1', body }));
      if (def.query) {
        const schema = jsonSchema(def.query);
        for (const [key, prop] of Object.entries(schema.properties)) {
          for (const [what, value] of invalidValues(prop)) {
            // a query string carries only strings: numbers and objects are no fault for a string field
            if (value === null || typeof value === 'object' || typeof value === 'boolean') continue;
            if (prop.type === 'string' && typeof value !== 'string') continue;
            await expect4xx(`${name} ?${key} = ${what}`, await send(name, { query: `${key}=${encodeURIComponent(String(value))}` }), { fields: true });
          }
          await expect4xx(`${name} ?${key} repeated`, await send(name, { query: `${key}=1&${key}=2` }));
        }
      }
    });
  }

  it('left every table as it was', async () => {
    expect(await countRows()).toBe(before);
  });
});
