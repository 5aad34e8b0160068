// Image uploads and signed URLs: the type comes from the bytes, 5 MB at most, URLs signed with an
// expiry and served with cache headers; anything else answers a coded 4xx.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '@wuzha/shared';
import { StoredFile } from '../src/modules/files/stored-file.entity';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(120_000);

// 1×1 transparent PNG
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const WEBP_HEAD = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

let t: TestApp;
let storageDir: string;
let token: string;

beforeAll(async () => {
  storageDir = mkdtempSync(join(tmpdir(), 'wuzha-files-'));
  t = await createTestApp({ env: { STORAGE_DIR: storageDir } });
  token = (await t.login('demo-grid_worker')).accessToken;
});

afterAll(async () => {
  await t?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

const upload = (bytes: Buffer, opts: { purpose?: string; filename?: string; contentType?: string; as?: string } = {}) =>
  t.http
    .post(`/api/files?purpose=${opts.purpose ?? 'bulletin'}`)
    .set(t.bearer(opts.as ?? token))
    .attach('file', bytes, { filename: opts.filename ?? 'a.png', contentType: opts.contentType ?? 'image/png' });

describe('files', () => {
  it('every logged-in role may upload a PNG; the row records owner, purpose, size and hash', async () => {
    for (const role of ROLES) {
      const login = await t.login(`demo-${role}`);
      const res = await upload(PNG_1PX, { as: login.accessToken, purpose: 'feedback' });
      expect([role, res.status]).toEqual([role, 201]);
      expect(res.body).toMatchObject({ mime: 'image/png', size: PNG_1PX.length, purpose: 'feedback' });
      expect(res.body.url).toMatch(new RegExp(`^/api/files/${res.body.id}\\?exp=\\d+&sig=[A-Za-z0-9_-]+$`));
      const row = await t.dataSource.getRepository(StoredFile).findOneByOrFail({ id: res.body.id });
      expect(row.ownerId).toBe(login.userId);
      expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('JPEG and WebP are recognised by their bytes whatever the declared type', async () => {
    const jpeg = await upload(Buffer.concat([JPEG_HEAD, Buffer.alloc(100)]), { contentType: 'application/octet-stream', filename: 'x.bin' });
    expect(jpeg.status).toBe(201);
    expect(jpeg.body.mime).toBe('image/jpeg');
    const webp = await upload(Buffer.concat([WEBP_HEAD, Buffer.alloc(100)]), { contentType: 'image/png' });
    expect(webp.status).toBe(201);
    expect(webp.body.mime).toBe('image/webp');
  });

  it('a text file named .png answers 415 FILE_NOT_IMAGE and stores nothing', async () => {
    const before = await t.dataSource.getRepository(StoredFile).count();
    const res = await upload(Buffer.from('hello, this is not an image'), { filename: 'evil.png', contentType: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('FILE_NOT_IMAGE');
    expect(await t.dataSource.getRepository(StoredFile).count()).toBe(before);
  });

  it('6 MB answers 413 FILE_TOO_LARGE', async () => {
    const big = Buffer.concat([PNG_1PX, Buffer.alloc(6 * 1024 * 1024)]);
    const res = await upload(big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
  });

  it('non-multipart, empty and misnamed uploads answer coded 4xx, never 500', async () => {
    const json = await t.http.post('/api/files?purpose=bulletin').set(t.bearer(token)).send({ file: 'abc' });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const none = await t.http.post('/api/files?purpose=bulletin').set(t.bearer(token)).field('note', 'x');
    expect(none.status).toBe(400);
    const wrongField = await t.http.post('/api/files?purpose=bulletin').set(t.bearer(token)).attach('photo', PNG_1PX, 'a.png');
    expect(wrongField.status).toBe(400);
    const empty = await upload(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const broken = await t.http
      .post('/api/files?purpose=bulletin')
      .set(t.bearer(token))
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    const badPurpose = await upload(PNG_1PX, { purpose: 'avatar' });
    expect(badPurpose.status).toBe(400);
    const anonymous = await t.http.post('/api/files?purpose=bulletin').attach('file', PNG_1PX, 'a.png');
    expect(anonymous.status).toBe(401);
  });

  it('the signed URL serves the bytes with the stored type and cache headers; a tampered or expired one is 404', async () => {
    const up = await upload(PNG_1PX);
    const res = await t.http.get(up.body.url).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+, immutable$/);
    expect(Number(/max-age=(\d+)/.exec(res.headers['cache-control'])![1])).toBeGreaterThan(24 * 3600);
    expect(Buffer.compare(res.body as Buffer, PNG_1PX)).toBe(0);

    // the same URL for the rest of the hour: cacheable by the client
    expect((await upload(PNG_1PX)).body.url.split('?')[1].split('&')[0]).toBe(up.body.url.split('?')[1].split('&')[0]);

    const url = new URL(up.body.url, 'http://x');
    const sig = url.searchParams.get('sig')!;
    const tampered = `${url.pathname}?exp=${url.searchParams.get('exp')}&sig=${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const bad = await t.http.get(tampered);
    expect(bad.status).toBe(404);
    expect(bad.body.code).toBe('FILE_NOT_FOUND');
    const longerExp = await t.http.get(`${url.pathname}?exp=${Number(url.searchParams.get('exp')) + 3600}&sig=${sig}`);
    expect(longerExp.status).toBe(404);
    const otherFile = await t.http.get(`/api/files/${up.body.id + 1000}?exp=${url.searchParams.get('exp')}&sig=${sig}`);
    expect(otherFile.status).toBe(404);

    t.clock.advance(49 * 3600 * 1000);
    try {
      const expired = await t.http.get(up.body.url);
      expect(expired.status).toBe(404);
      expect(expired.body.code).toBe('FILE_NOT_FOUND');
    } finally {
      t.clock.advance(-49 * 3600 * 1000);
    }
  });

  it('a feedback photo is served private', async () => {
    const up = await upload(PNG_1PX, { purpose: 'feedback' });
    const res = await t.http.get(up.body.url);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/^private, /);
  });
});
