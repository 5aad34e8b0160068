import { INVITE_CODE_PATTERN } from '@wuzha/shared';
import { Invite } from '../src/modules/invites/invite.entity';
import { Membership } from '../src/modules/org/membership.entity';
import { OutboxMessage } from '../src/modules/outbox/outbox-message.entity';
import { DEMO_USERS } from '../src/seed/demo-data';
import { SeedService } from '../src/seed/seed.service';
import { DataCipher } from '../src/common/data-cipher';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

// Invites: who may issue which role where, preview, accept (incl. concurrency), expiry, revoke, QR.

const TEMPLATE = 'tmpl-invite-accepted';
const DAY = 24 * 3600 * 1000;
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

const as = (who: string) => {
  const auth = { Authorization: `Bearer ${tokens[who]}` };
  return {
    get: (url: string) => t.http.get(url).set(auth),
    post: (url: string, body?: object) => t.http.post(url).set(auth).send(body ?? {}),
    del: (url: string) => t.http.delete(url).set(auth),
  };
};

async function person(name: string): Promise<string> {
  tokens[name] = (await t.login(`e2e-inv-${name}`)).accessToken;
  return name;
}

beforeAll(async () => {
  t = await createTestApp({ env: { WECHAT_TMPL_INVITE_ACCEPTED: TEMPLATE, OUTBOX_ENABLED: 'false' } });
  await new SeedService(t.dataSource, t.clock, t.app.get(DataCipher)).seedIfEmpty();
  for (const u of DEMO_USERS) tokens[u.openid.replace(/^demo-/, '')] = (await t.login(u.openid)).accessToken;
  Object.assign(ids, await demoNodeIds(t));
});

afterAll(async () => {
  await t?.close();
});

describe('invites.create: who may invite whom', () => {
  const cases: Array<[string, string, string, number, string]> = [
    ['village_cadre', 'dsGrid1', 'grid_worker', 201, ''],
    ['village_cadre', 'dongshan', 'resident', 201, ''],
    ['village_cadre', 'dongshan', 'village_cadre', 403, 'ROLE_NOT_INVITABLE'],
    ['village_cadre', 'dongshan', 'town_admin', 403, 'ROLE_NOT_INVITABLE'],
    ['village_cadre', 'dongshan', 'grid_worker', 400, 'ROLE_NOT_ALLOWED_AT_NODE'],
    ['village_cadre', 'xhGrid1', 'grid_worker', 404, 'NOT_FOUND'],
    ['village_cadre', 'town', 'resident', 404, 'NOT_FOUND'],
    ['grid_worker', 'dsGrid1', 'resident', 201, ''],
    ['grid_worker', 'dsGrid1', 'grid_worker', 403, 'ROLE_NOT_INVITABLE'],
    ['teacher', 'class71', 'student', 201, ''],
    ['teacher', 'class71', 'parent', 201, ''],
    ['teacher', 'class72', 'student', 404, 'NOT_FOUND'],
    ['teacher', 'class71', 'teacher', 403, 'ROLE_NOT_INVITABLE'],
    ['school_admin', 'class72', 'teacher', 201, ''],
    ['student', 'class71', 'student', 403, 'ROLE_NOT_INVITABLE'],
    ['police_liaison', 'town', 'resident', 403, 'ROLE_NOT_INVITABLE'],
    ['town_admin', 'town', 'town_admin', 201, ''],
    ['town_admin', 'school', 'school_admin', 201, ''],
    ['town_admin', 'town', 'resident', 400, 'ROLE_NOT_ALLOWED_AT_NODE'],
  ];

  it.each(cases)('%s at %s inviting %s → %d', async (who, node, role, status, code) => {
    const res = await as(who).post('/api/invites', { nodeId: ids[node], role }).expect(status);
    if (code) expect(res.body.code).toBe(code);
  });

  it('issues an 8-character code with defaults from the role and the clock', async () => {
    const now = t.clock.now().getTime();
    const staff = await as('village_cadre').post('/api/invites', { nodeId: ids.dsGrid1, role: 'grid_worker' }).expect(201);
    expect(staff.body).toMatchObject({ role: 'grid_worker', node: { id: ids.dsGrid1, name: '第一网格', kind: 'grid' }, maxUses: 1, uses: 0, revoked: false });
    expect(staff.body.code).toMatch(INVITE_CODE_PATTERN);
    expect(staff.body.path).toBe(`pages/join/index?code=${staff.body.code}`);
    expect(Math.abs(new Date(staff.body.expiresAt).getTime() - (now + 7 * DAY))).toBeLessThan(5000);

    const residents = await as('village_cadre').post('/api/invites', { nodeId: ids.dongshan, role: 'resident', expiresInDays: 30 }).expect(201);
    expect(residents.body.maxUses).toBe(500);
    expect(Math.abs(new Date(residents.body.expiresAt).getTime() - (now + 30 * DAY))).toBeLessThan(5000);
    expect(residents.body.code).not.toBe(staff.body.code);

    await as('village_cadre').post('/api/invites', { nodeId: ids.dongshan, role: 'resident', maxUses: 0 }).expect(400);
    await as('village_cadre').post('/api/invites', { nodeId: ids.dongshan, role: 'resident', expiresInDays: 91 }).expect(400);
  });
});

describe('preview and accept', () => {
  it('previews for anyone logged in, with the inviter masked', async () => {
    const inv = await as('village_cadre').post('/api/invites', { nodeId: ids.dsGrid1, role: 'grid_worker' }).expect(201);
    const who = await person('newgw');
    const res = await as(who).get(`/api/invites/code/${inv.body.code.toLowerCase()}`).expect(200);
    expect(res.body).toEqual({
      code: inv.body.code,
      role: 'grid_worker',
      node: { id: ids.dsGrid1, name: '第一网格', kind: 'grid' },
      nodePath: ['示范县', '和平镇', '东山村'],
      inviterName: '陈*霞',
      expiresAt: inv.body.expiresAt,
      alreadyMember: false,
    });
    expect((await as(who).get('/api/invites/code/ABCDEFGH').expect(404)).body.code).toBe('INVITE_NOT_FOUND');
    await as(who).get('/api/invites/code/ABC').expect(400);
    await t.http.get(`/api/invites/code/${inv.body.code}`).expect(401);
  });

  it('accepts once, grants the role, logs it and queues a message to the inviter', async () => {
    const inv = await as('village_cadre').post('/api/invites', { nodeId: ids.dsGrid1, role: 'grid_worker' }).expect(201);
    const who = await person('gw2');
    await t.http.patch('/api/me').set({ Authorization: `Bearer ${tokens[who]}` }).send({ displayName: '欧阳娜娜' }).expect(200);
    const res = await as(who).post(`/api/invites/code/${inv.body.code}/accept`).expect(200);
    expect(res.body).toMatchObject({ role: 'grid_worker', node: { id: ids.dsGrid1 }, nodePath: ['示范县', '和平镇', '东山村'] });

    const membership = await t.dataSource.getRepository(Membership).findOneByOrFail({ id: res.body.id });
    expect(membership).toMatchObject({ source: 'invite', inviteId: inv.body.id, role: 'grid_worker' });
    // the new grid worker can now list the grid's members
    await as(who).get(`/api/org/nodes/${ids.dsGrid1}/members`).expect(200);
    expect((await as(who).get(`/api/invites/code/${inv.body.code}`).expect(410)).body.code).toBe('INVITE_EXHAUSTED');

    const audit = await as('town_admin').get(`/api/audit?nodeId=${ids.dongshan}&action=invite.accept`).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorName: '欧**娜', targetId: String(inv.body.id), detail: { role: 'grid_worker' } });

    const queued = await t.dataSource.getRepository(OutboxMessage).findBy({ topic: 'wechat.subscribe' });
    const msg = queued.map((q) => q.payload as { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }).find((p) => p.data.name2?.value === '欧**娜');
    expect(msg).toMatchObject({
      touser: 'demo-village_cadre',
      templateId: TEMPLATE,
      page: 'pages/index/index',
      data: { thing1: { value: '第一网格' }, phrase3: { value: '网格员' } },
    });
    expect(msg!.data.time4.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  });

  it('refuses a role the person already holds', async () => {
    const inv = await as('teacher').post('/api/invites', { nodeId: ids.class71, role: 'parent' }).expect(201);
    const who = await person('parent2');
    await as(who).post(`/api/invites/code/${inv.body.code}/accept`).expect(200);
    expect((await as(who).get(`/api/invites/code/${inv.body.code}`).expect(200)).body.alreadyMember).toBe(true);
    expect((await as(who).post(`/api/invites/code/${inv.body.code}/accept`).expect(409)).body.code).toBe('ALREADY_MEMBER');
    const fresh = await t.dataSource.getRepository(Invite).findOneByOrFail({ id: inv.body.id });
    expect(fresh.uses).toBe(1);
  });

  it('lets exactly maxUses of 20 concurrent accepts succeed', async () => {
    const inv = await as('village_cadre').post('/api/invites', { nodeId: ids.dongshan, role: 'resident', maxUses: 5 }).expect(201);
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => person(`crowd${i}`)));
    const results = await Promise.all(people.map((who) => as(who).post(`/api/invites/code/${inv.body.code}/accept`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 410)).toHaveLength(15);
    expect(results.filter((r) => r.status === 410).every((r) => r.body.code === 'INVITE_EXHAUSTED')).toBe(true);
    const fresh = await t.dataSource.getRepository(Invite).findOneByOrFail({ id: inv.body.id });
    expect(fresh.uses).toBe(5);
    expect(await t.dataSource.getRepository(Membership).countBy({ inviteId: inv.body.id })).toBe(5);
  });

  it('expires with the clock', async () => {
    const inv = await as('grid_worker').post('/api/invites', { nodeId: ids.dsGrid1, role: 'resident', expiresInDays: 1 }).expect(201);
    const who = await person('late');
    await as(who).get(`/api/invites/code/${inv.body.code}`).expect(200);
    t.clock.advance(DAY + 60_000);
    try {
      // the earlier access token has expired too: log in again a day later
      await person(who);
      expect((await as(who).get(`/api/invites/code/${inv.body.code}`).expect(410)).body.code).toBe('INVITE_EXPIRED');
      expect((await as(who).post(`/api/invites/code/${inv.body.code}/accept`).expect(410)).body.code).toBe('INVITE_EXPIRED');
    } finally {
      t.clock.advance(-(DAY + 60_000));
    }
    expect(await t.dataSource.getRepository(Membership).countBy({ inviteId: inv.body.id })).toBe(0);
  });
});

describe('list, revoke and QR', () => {
  it('lists own invites, and a manager the invites at a node they manage', async () => {
    const inv = await as('grid_worker').post('/api/invites', { nodeId: ids.dsGrid1, role: 'resident' }).expect(201);
    const own = await as('grid_worker').get('/api/invites').expect(200);
    expect(own.body.items.map((i: { id: number }) => i.id)).toContain(inv.body.id);
    expect(own.body.items.every((i: { node: { id: number } }) => i.node.id === ids.dsGrid1)).toBe(true);

    const cadre = await as('village_cadre').get(`/api/invites?nodeId=${ids.dongshan}`).expect(200);
    expect(cadre.body.items.map((i: { id: number }) => i.id)).toContain(inv.body.id);
    expect(cadre.body.items.some((i: { role: string }) => i.role === 'village_cadre')).toBe(false);

    await as('village_cadre').get(`/api/invites?nodeId=${ids.xihe}`).expect(404);
    await as('student').get(`/api/invites?nodeId=${ids.class71}`).expect(403);
    expect((await as('student').get('/api/invites').expect(200)).body.items).toEqual([]);
  });

  it('revokes by the creator or a manager of the node; others get 404', async () => {
    const inv = await as('grid_worker').post('/api/invites', { nodeId: ids.dsGrid1, role: 'resident' }).expect(201);
    await as('teacher').post(`/api/invites/${inv.body.id}/revoke`).expect(404);
    await as('police_liaison').post(`/api/invites/${inv.body.id}/revoke`).expect(404);
    const res = await as('village_cadre').post(`/api/invites/${inv.body.id}/revoke`).expect(200);
    expect(res.body.revoked).toBe(true);
    const who = await person('revoked');
    expect((await as(who).get(`/api/invites/code/${inv.body.code}`).expect(410)).body.code).toBe('INVITE_REVOKED');
    expect((await as(who).post(`/api/invites/code/${inv.body.code}/accept`).expect(410)).body.code).toBe('INVITE_REVOKED');
    const audit = await as('town_admin').get(`/api/audit?nodeId=${ids.dsGrid1}&action=invite.revoke`).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorName: '陈*霞', targetId: String(inv.body.id) });

    const mine = await as('grid_worker').post('/api/invites', { nodeId: ids.dsGrid1, role: 'resident' }).expect(201);
    expect((await as('grid_worker').post(`/api/invites/${mine.body.id}/revoke`).expect(200)).body.revoked).toBe(true);
  });

  it('renders a PNG QR code for those who may manage the invite', async () => {
    const inv = await as('teacher').post('/api/invites', { nodeId: ids.class71, role: 'student' }).expect(201);
    const res = await as('teacher')
      .get(`/api/invites/${inv.body.id}/qr`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/png/);
    const png = res.body as Buffer;
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.length).toBeGreaterThan(500);
    await as('school_admin').get(`/api/invites/${inv.body.id}/qr`).expect(200);
    await as('village_cadre').get(`/api/invites/${inv.body.id}/qr`).expect(404);
    await as('student').get(`/api/invites/${inv.body.id}/qr`).expect(404);
  });
});

describe('audit.list', () => {
  it('is scoped to the subtree and needs audit.read', async () => {
    const ds = await as('town_admin').get(`/api/audit?nodeId=${ids.dongshan}&limit=100`).expect(200);
    expect(ds.body.items.length).toBeGreaterThan(0);
    const xihe = await as('town_admin').get(`/api/audit?nodeId=${ids.xihe}&limit=100`).expect(200);
    const dsIds = new Set(ds.body.items.map((e: { id: number }) => e.id));
    expect(xihe.body.items.some((e: { id: number }) => dsIds.has(e.id))).toBe(false);
    // newest first, keyset paged
    const first = await as('town_admin').get(`/api/audit?nodeId=${ids.town}&limit=2`).expect(200);
    const second = await as('town_admin').get(`/api/audit?nodeId=${ids.town}&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const seq = [...first.body.items, ...second.body.items].map((e: { id: number }) => e.id);
    expect(seq).toEqual([...seq].sort((a, b) => b - a));
    expect(new Set(seq).size).toBe(4);

    await as('village_cadre').get(`/api/audit?nodeId=${ids.dongshan}`).expect(403);
    await as('village_cadre').get(`/api/audit?nodeId=${ids.xihe}`).expect(404);
    await as('town_admin').get('/api/audit').expect(400);
  });
});
