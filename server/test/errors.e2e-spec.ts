import { Logger } from '@nestjs/common';
import { ERROR_CODES, ErrorResponse } from '@wuzha/shared';
import { RefreshToken } from '../src/modules/auth/refresh-token.entity';
import { createTestApp, TestApp } from './utils/test-app';

// Every error has one shape, including errors fastify raises before Nest's pipeline runs.
function expectError(res: { status: number; body: unknown; headers: Record<string, string> }, status: number, code: string) {
  expect({ status: res.status, code: (res.body as ErrorResponse)?.code }).toEqual({ status, code });
  const body = ErrorResponse.parse(res.body);
  expect(body.message).toBe(ERROR_CODES[code as keyof typeof ERROR_CODES].message);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
}

describe('error responses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: false, env: { BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());

  it('invalid JSON -> 400 BAD_JSON', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"code": ');
    expectError(res, 400, 'BAD_JSON');
  });

  it('empty JSON body -> 400 BAD_JSON', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('');
    expectError(res, 400, 'BAD_JSON');
  });

  it('prototype poisoning -> 400 BAD_JSON', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"code":"x","__proto__":{"admin":true}}');
    expectError(res, 400, 'BAD_JSON');
  });

  it('a body over BODY_LIMIT_BYTES -> 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http.post('/api/auth/login').send({ code: 'x'.repeat(4096) });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type -> 415', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const res = await t.http.post('/api/auth/login').set('Content-Type', type).send('code=abc');
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('a missing or wrong-shaped body -> 400 VALIDATION_FAILED with fields', async () => {
    const none = await t.http.post('/api/auth/login');
    expectError(none, 400, 'VALIDATION_FAILED');
    const extra = await t.http.post('/api/auth/login').send({ code: 'abc', admin: true });
    expectError(extra, 400, 'VALIDATION_FAILED');
    const wrongType = await t.http.post('/api/auth/login').send({ code: 42 });
    expectError(wrongType, 400, 'VALIDATION_FAILED');
    expect(wrongType.body.fields).toEqual([expect.objectContaining({ path: 'body.code' })]);
    const array = await t.http.post('/api/auth/login').send([1, 2]);
    expectError(array, 400, 'VALIDATION_FAILED');
  });

  it('an unknown route -> 404 ROUTE_NOT_FOUND', async () => {
    expectError(await t.http.get('/api/nope'), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http.post('/api/nope').send({}), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http.get('/api/auth/login/extra'), 404, 'ROUTE_NOT_FOUND');
  });

  it('a known path with the wrong method -> 405 METHOD_NOT_ALLOWED with Allow', async () => {
    const res = await t.http.delete('/api/health');
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toContain('GET');
    const get = await t.http.get('/api/auth/login');
    expectError(get, 405, 'METHOD_NOT_ALLOWED');
    expect(get.headers.allow).toBe('POST');
  });

  it('a protected route without a token -> 401 UNAUTHENTICATED', async () => {
    expectError(await t.http.get('/api/me'), 401, 'UNAUTHENTICATED');
  });

  it('invalid params never cause a 500', async () => {
    const tokens = await t.login('errors-user');
    for (const path of ['/api/org/nodes/abc', '/api/org/nodes/-1', '/api/org/nodes/99999999999', '/api/org/nodes/%E0%A4%A', '/api/audit?nodeId=x&limit=1000']) {
      const res = await t.http.get(path).set(t.bearer(tokens));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      ErrorResponse.parse(res.body);
    }
  });

  it('an unexpected failure -> 500 INTERNAL with a correlation id', async () => {
    // the database going away mid-flight is not the client's fault
    const spy = jest.spyOn(t.dataSource.getRepository(RefreshToken), 'findOneBy').mockRejectedValueOnce(new Error('boom'));
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const res = await t.http.post('/api/auth/refresh').send({ refreshToken: 'x'.repeat(43) });
    const logged = [...log.mock.calls];
    spy.mockRestore();
    log.mockRestore();
    expectError(res, 500, 'INTERNAL');
    expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    // the log line carries the same id and the stack; the response carries neither the message nor the stack
    const [line, stack] = logged.find((c) => String(c[0]).includes(res.body.correlationId)) ?? [];
    expect(line).toContain('boom');
    expect(String(stack)).toContain('Error: boom');
    expect(JSON.stringify(res.body)).not.toContain('boom');
  });
});
