import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { FamilyMember } from '../src/modules/family/family-member.entity';
import { DEMO_USERS } from '../src/seed/demo-data';
import { SeedService } from '../src/seed/seed.service';
import { DataCipher } from '../src/common/data-cipher';
import { createTestApp, TestApp } from './utils/test-app';

// The caller's own profile, phone and family members.

let t: TestApp;
const tokens: Record<string, string> = {};

const as = (who: string) => {
  const auth = { Authorization: `Bearer ${tokens[who]}` };
  return {
    get: (url: string) => t.http.get(url).set(auth),
    post: (url: string, body?: object) => t.http.post(url).set(auth).send(body ?? {}),
    put: (url: string, body: object) => t.http.put(url).set(auth).send(body),
    patch: (url: string, body: object) => t.http.patch(url).set(auth).send(body),
    del: (url: string) => t.http.delete(url).set(auth),
  };
};

beforeAll(async () => {
  t = await createTestApp();
  await new SeedService(t.dataSource, t.clock, t.app.get(DataCipher)).seedIfEmpty();
  for (const u of DEMO_USERS) tokens[u.openid.replace(/^demo-/, '')] = (await t.login(u.openid)).accessToken;
  for (const who of ['alice', 'bob', 'many']) tokens[who] = (await t.login(`e2e-me-${who}`)).accessToken;
});

afterAll(async () => {
  await t?.close();
});

describe('me', () => {
  it('needs a login', async () => {
    await t.http.get('/api/me').expect(401);
  });

  it('starts empty for a new person', async () => {
    const res = await as('alice').get('/api/me').expect(200);
    expect(res.body).toMatchObject({ displayName: '', nameSet: false, phoneMasked: null, memberships: [] });
    expect(typeof res.body.id).toBe('number');
  });

  it('shows roles with the names of the path above each node', async () => {
    const res = await as('teacher').get('/api/me').expect(200);
    expect(res.body).toMatchObject({ displayName: '孙丽华', nameSet: true });
    expect(res.body.memberships).toEqual([
      expect.objectContaining({ role: 'teacher', node: expect.objectContaining({ name: '七年级1班', kind: 'class' }), nodePath: ['示范县', '和平镇', '和平镇中学', '七年级'] }),
    ]);
    const resident = await as('resident').get('/api/me').expect(200);
    expect(resident.body.memberships).toEqual([]);
  });

  it('sets the display name', async () => {
    const res = await as('alice').patch('/api/me', { displayName: '  李小梅 ' }).expect(200);
    expect(res.body).toMatchObject({ displayName: '李小梅', nameSet: true });
    await as('alice').patch('/api/me', { displayName: '' }).expect(400);
    await as('alice').patch('/api/me', { displayName: '一二三四五六七八九十一二三四五六七八九十一' }).expect(400);
    await as('alice').patch('/api/me', { displayName: '李小梅', admin: true }).expect(400);
  });

  it('binds the WeChat phone number, encrypted, shown masked', async () => {
    const code = t.fake.issuePhoneCode('13812345678');
    const res = await as('alice').post('/api/me/phone', { code }).expect(200);
    expect(res.body.phoneMasked).toBe('138****5678');
    const row = await t.dataSource.query('SELECT phoneEnc FROM user_account WHERE id = ?', [res.body.id]);
    expect(String(row[0].phoneEnc)).not.toContain('13812345678');
    // a cadre listing the village sees the same masked number once alice lives there
    const village = (await as('village_cadre').get('/api/me').expect(200)).body.memberships[0].node.id as number;
    await as('alice').post('/api/memberships/join', { nodeId: village }).expect(200);
    const members = await as('village_cadre').get(`/api/org/nodes/${village}/members?role=resident`).expect(200);
    expect(members.body.items).toEqual([expect.objectContaining({ displayName: '李*梅', phoneMasked: '138****5678' })]);
    expect(JSON.stringify(members.body)).not.toContain('13812345678');
  });
});

describe('me.family', () => {
  const thisYear = () => t.clock.now().getUTCFullYear();

  it('creates, lists, updates and deletes family members', async () => {
    const created = await as('alice').post('/api/me/family', { name: '李大爷', relationship: 'father', birthYear: 1950, phone: '13900001111', note: '独居' }).expect(201);
    expect(created.body).toMatchObject({ name: '李大爷', relationship: 'father', birthYear: 1950, isMinor: false, phoneMasked: '139****1111', note: '独居' });
    const row = await t.dataSource.getRepository(FamilyMember).findOneByOrFail({ id: created.body.id });
    expect(row.phoneEnc).not.toContain('13900001111');

    const list = await as('alice').get('/api/me/family').expect(200);
    expect(list.body.items).toEqual([created.body]);

    const updated = await as('alice').put(`/api/me/family/${created.body.id}`, { name: '李大爷', relationship: 'father', birthYear: 1951 }).expect(200);
    expect(updated.body).toMatchObject({ birthYear: 1951, phoneMasked: null, note: null });

    await as('alice').del(`/api/me/family/${created.body.id}`).expect(200, { ok: true });
    expect((await as('alice').get('/api/me/family').expect(200)).body.items).toEqual([]);
    await as('alice').del(`/api/me/family/${created.body.id}`).expect(404);
  });

  it("hides one person's family from everyone else", async () => {
    const created = await as('alice').post('/api/me/family', { name: '王奶奶', relationship: 'grandparent', birthYear: 1940 }).expect(201);
    expect((await as('bob').get('/api/me/family').expect(200)).body.items).toEqual([]);
    expect((await as('bob').put(`/api/me/family/${created.body.id}`, { name: '改名', relationship: 'other' }).expect(404)).body.code).toBe('NOT_FOUND');
    await as('bob').del(`/api/me/family/${created.body.id}`).expect(404);
    await as('town_admin').del(`/api/me/family/${created.body.id}`).expect(404);
    expect((await as('alice').get('/api/me/family').expect(200)).body.items.map((f: { name: string }) => f.name)).toEqual(['王奶奶']);
  });

  it('marks children under 14 as minors and logs changes to their records', async () => {
    const child = await as('bob').post('/api/me/family', { name: '小明', relationship: 'son', birthYear: thisYear() - 8 }).expect(201);
    expect(child.body.isMinor).toBe(true);
    const adult = await as('bob').post('/api/me/family', { name: '大明', relationship: 'son', birthYear: thisYear() - 30 }).expect(201);
    expect(adult.body.isMinor).toBe(false);
    await as('bob').put(`/api/me/family/${child.body.id}`, { name: '小明', relationship: 'son', birthYear: thisYear() - 9 }).expect(200);
    await as('bob').del(`/api/me/family/${child.body.id}`).expect(200);

    const logs = await t.dataSource.getRepository(AuditLog).find({ where: { targetType: 'family_member' }, order: { id: 'ASC' } });
    const forChild = logs.filter((l) => l.targetId === String(child.body.id)).map((l) => l.action);
    expect(forChild).toEqual(['family.create', 'family.update', 'family.delete']);
    expect(logs.some((l) => l.targetId === String(adult.body.id))).toBe(false);
    // no name of the child in the log
    expect(JSON.stringify(logs)).not.toContain('小明');
  });

  it('validates input and caps the list at 20', async () => {
    await as('many').post('/api/me/family', { name: '', relationship: 'father' }).expect(400);
    await as('many').post('/api/me/family', { name: '张三', relationship: 'boss' }).expect(400);
    await as('many').post('/api/me/family', { name: '张三', relationship: 'other', phone: '12345' }).expect(400);
    for (let i = 0; i < 20; i++) await as('many').post('/api/me/family', { name: `亲属${i}`, relationship: 'other' }).expect(201);
    expect((await as('many').post('/api/me/family', { name: '第二十一', relationship: 'other' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await as('many').get('/api/me/family').expect(200)).body.items).toHaveLength(20);
  });
});
