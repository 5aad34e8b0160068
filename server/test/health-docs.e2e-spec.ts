import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API, HealthResponse } from '@wuzha/shared';
import { createTestApp, TestApp } from './utils/test-app';

const version = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

describe('health, API docs and the H5 app', () => {
  let t: TestApp;
  let h5: string;
  beforeAll(async () => {
    h5 = mkdtempSync(join(tmpdir(), 'wuzha-h5-'));
    mkdirSync(join(h5, 'js'));
    writeFileSync(join(h5, 'index.html'), '<!doctype html><title>无诈</title>');
    writeFileSync(join(h5, 'js', 'app.3f2a9c1d.js'), 'console.log(1)');
    writeFileSync(join(h5, 'favicon.ico'), 'x');
    t = await createTestApp({ seed: false, env: { H5_DIR: h5 } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(h5, { recursive: true, force: true });
  });

  it('GET /api/health -> 200 ok with the database checked', async () => {
    const res = await t.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(HealthResponse.parse(res.body)).toEqual({ status: 'ok', database: 'ok', version });
  });

  it('GET /api/health -> 503 degraded when the database does not answer', async () => {
    const spy = jest.spyOn(t.dataSource, 'query').mockRejectedValueOnce(new Error('connection lost'));
    const res = await t.http.get('/api/health');
    spy.mockRestore();
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'degraded', database: 'down', version });
  });

  it('/api/docs-json lists every route of the shared table, with bearer auth on protected ones', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as { paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>; components: { securitySchemes?: Record<string, unknown> } };
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    for (const [name, def] of Object.entries(API)) {
      const path = def.path.replace(/:([a-zA-Z]+)/g, '{$1}');
      const op = doc.paths[path]?.[def.method.toLowerCase()];
      expect({ name, found: !!op }).toEqual({ name, found: true });
      expect(op.operationId).toBe(name);
      const isPublic = (def as { public?: boolean }).public === true;
      expect({ name, secured: !!op.security?.length }).toEqual({ name, secured: !isPublic });
    }
  });

  it('/api/docs serves the Swagger UI', async () => {
    const res = await t.http.get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('serves the H5 app: index.html not cached, hashed assets cached for a year', async () => {
    const index = await t.http.get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('无诈');
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await t.http.get('/js/app.3f2a9c1d.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await t.http.get('/favicon.ico');
    expect(plain.headers['cache-control']).toBe('public, max-age=300');
    const missing = await t.http.get('/js/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
