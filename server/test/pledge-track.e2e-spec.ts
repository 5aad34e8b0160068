// Pledge tracking end to end: exact progress of a class, a school (classes rolled up by grade), a
// village (residents by grid) and units; teachers limited to their own classes; a village cadre sees a
// school's counts but never its students' names; daily counts by the China day; signed and unsigned
// lists with keyset pages; reminders with and without consent credits, the 20-hour rule, a disabled
// template; the xlsx list parsed back and audit-logged; the zip of a class's pledge images; the chain
// check, ok and then broken by an altered row.
import { PledgeCampaignView, PledgeProgress, ProgressRow, SignerRow, TokenResponse } from '@wuzha/shared';
import { strFromU8, unzipSync } from 'fflate';
import { DataSource } from 'typeorm';
import { toDbTime } from '../src/modules/org/db-time';
import { AuditLog } from '../src/modules/audit/audit-log.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { OutboxMessage } from '../src/modules/outbox/outbox-message.entity';
import { DataCipher } from '../src/common/data-cipher';
import { RosterEntry } from '../src/modules/pledge-roster/roster-entry.entity';
import { PledgeCampaign } from '../src/modules/pledge/pledge-campaign.entity';
import { PledgeReminder } from '../src/modules/pledge/pledge-reminder.entity';
import { PledgeSignature } from '../src/modules/pledge/pledge-signature.entity';
import { builtinTemplate, pledgeCampaignBody, pledgeCampaignRow } from './authz/pledge-campaigns.rows';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';
import { signaturePng, toBase64 } from './utils/signature-png';
import { binaryParser, readSheet } from './utils/xlsx';

jest.setTimeout(240_000);

const HOUR = 3600_000;
// Monday 2025-03-10 10:00 in China
const T0 = new Date('2025-03-10T02:00:00Z');
const TEMPLATE = 'tmpl-pledge-remind';

let t: TestApp;
let ds: DataSource;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const users: Record<string, TokenResponse> = {};
// the test's own organisation (so the demo data never changes the figures)
const n: Record<string, OrgNode> = {};
// roster entry ids by student number
const entry: Record<string, number> = {};
const names: Record<string, string> = {};
const rosterClass: Record<string, number> = {};
let students: PledgeCampaignView;
let residents: PledgeCampaignView;
let units: PledgeCampaignView;

// access tokens live 15 minutes on the test clock: log in again after the clock moved
const tokenAt: Record<string, number> = {};
async function token(who: string): Promise<string> {
  const now = t.clock.now().getTime();
  if (!users[who] || Math.abs(now - tokenAt[who]) > 10 * 60_000) {
    users[who] = await t.login(who === 'admin' ? 'demo-town_admin' : `trk-${who}`);
    tokenAt[who] = now;
  }
  return users[who].accessToken;
}
const as = (who: string) => ({
  get: async (url: string, query: object = {}) => t.http.get(url).query(query).set(t.bearer(await token(who))),
  file: async (url: string, query: object = {}) => t.http.get(url).query(query).set(t.bearer(await token(who))).buffer(true).parse(binaryParser as never),
  post: async (url: string, body: object = {}) => t.http.post(url).set(t.bearer(await token(who))).send(body),
  del: async (url: string) => t.http.delete(url).set(t.bearer(await token(who))),
});
const err = (res: { status: number; body: { code?: string } }) => `${res.status} ${res.body.code}`;
const uid = async (who: string) => {
  await token(who);
  return users[who].userId;
};

async function node(parent: OrgNode | number, kind: string, name: string): Promise<OrgNode> {
  const parentId = typeof parent === 'number' ? parent : parent.id;
  const res = await as('admin').post('/api/org/nodes', { parentId, kind, name });
  expect([res.status, res.body.code]).toEqual([201, undefined]);
  return ds.getRepository(OrgNode).findOneByOrFail({ id: res.body.id });
}

async function grant(who: string, at: OrgNode, role: string, inviter = 'admin') {
  const invite = await as(inviter).post('/api/invites', { nodeId: at.id, role });
  expect(invite.status).toBe(201);
  expect((await as(who).post(`/api/invites/code/${invite.body.code}/accept`)).status).toBe(200);
}

async function campaign(who: string, owner: OrgNode, scope: OrgNode[], audience: string, kind: string): Promise<PledgeCampaignView> {
  const template = await builtinTemplate(t, kind as never);
  const created = await as(who).post('/api/pledge/campaigns', pledgeCampaignBody(owner.id, scope.map((s) => s.id), template.id, { audience: audience as never, title: `追踪测试${kind}` }, t.clock.now()));
  expect([created.status, created.body.code]).toEqual([201, undefined]);
  const published = await as(who).post(`/api/pledge/campaigns/${created.body.id}/publish`);
  expect(published.status).toBe(200);
  return published.body;
}

// Signs through the API at the test clock's time: a student themself (the roster name) or a guardian
// (their own name, relationship and consent), a resident, a unit's contact with a title.
let pngSeed = 0;
async function sign(c: PledgeCampaignView, who: string, o: { roster?: string; guardian?: string; unit?: OrgNode; name?: string } = {}) {
  const body: Record<string, unknown> = {
    textHash: c.template.textHash,
    readToEnd: true,
    signerName: o.guardian ?? o.name ?? (o.roster ? names[o.roster] : '签名人'),
    signaturePng: toBase64(signaturePng({ seed: ++pngSeed }), true),
  };
  if (o.roster) body.student = { classId: rosterClass[o.roster], name: names[o.roster], studentNo: o.roster };
  if (o.guardian) body.guardian = { relationship: 'mother', consent: true };
  if (o.unit) Object.assign(body, { unitId: o.unit.id, signerTitle: '总经理' });
  const res = await as(who).post(`/api/pledge/campaigns/${c.id}/signatures`, body);
  expect([res.status, res.status === 201 ? null : res.body]).toEqual([201, null]);
  return res.body;
}

// Asks to be reminded through the API (one credit per call).
async function consent(c: PledgeCampaignView, who: string, roster?: string) {
  const body = roster ? { student: { classId: rosterClass[roster], name: names[roster], studentNo: roster } } : {};
  const res = await as(who).post(`/api/pledge/campaigns/${c.id}/subscribe`, body);
  expect([res.status, res.body.code]).toEqual([200, undefined]);
}

const progress = async (who: string, c: PledgeCampaignView, nodeId?: number): Promise<PledgeProgress> => {
  const res = await as(who).get(`/api/pledge/campaigns/${c.id}/progress`, nodeId ? { nodeId } : {});
  expect([res.status, res.body.code]).toEqual([200, undefined]);
  return res.body;
};
const counts = (r: ProgressRow) => ({ total: r.total, signed: r.signed, byGuardian: r.byGuardian });
const byName = (p: PledgeProgress) => Object.fromEntries(p.children.map((c) => [c.node.name, counts(c)]));
const signers = (who: string, c: PledgeCampaignView, query: object) => as(who).get(`/api/pledge/campaigns/${c.id}/signers`, query);

beforeAll(async () => {
  t = await createTestApp({ env: { WECHAT_TMPL_PLEDGE_REMIND: TEMPLATE } });
  t.clock.set(T0);
  ds = t.dataSource;
  ids = await demoNodeIds(t);
  // a village with two grids, a school inside it (a cadre of the village sees the school), units
  n.V = await node(ids.town, 'village', '追踪村');
  n.V1 = await node(n.V, 'grid', '追踪村一网格');
  n.V2 = await node(n.V, 'grid', '追踪村二网格');
  n.S = await node(n.V, 'school', '追踪小学');
  n.G1 = await node(n.S, 'grade', '一年级');
  n.G2 = await node(n.S, 'grade', '二年级');
  n.C11 = await node(n.G1, 'class', '一年级1班');
  n.C12 = await node(n.G1, 'class', '一年级2班');
  n.C21 = await node(n.G2, 'class', '二年级1班');
  n.U1 = await node(ids.town, 'enterprise', '追踪电子厂');
  n.U2 = await node(n.V, 'institution', '追踪卫生室');
  n.U3 = await node(n.V1, 'building', '追踪商住楼');
  n.U4 = await node(ids.town, 'enterprise', '范围外工厂');
  await grant('sadmin', n.S, 'school_admin');
  await grant('teacherA', n.C11, 'teacher', 'sadmin');
  await grant('teacherB', n.C12, 'teacher', 'sadmin');
  await grant('teacherB', n.C21, 'teacher', 'sadmin');
  await grant('cadre', n.V, 'village_cadre');
  await grant('uc1', n.U1, 'unit_contact');
  await grant('uc2', n.U2, 'unit_contact');
  // residents: three in grid 1, one in grid 2, one at the village itself
  for (const [who, at] of [['r1', n.V1], ['r2', n.V1], ['r3', n.V1], ['r4', n.V2], ['r5', n.V]] as const) {
    expect((await as(who).post('/api/memberships/join', { nodeId: at.id })).status).toBe(200);
  }
  // the roster: 4 (+1 removed later) in 1.1, 3 in 1.2, 2 in 2.1
  const roster: Array<[string, string, string]> = [
    ['C11', '1101', '赵一鸣'], ['C11', '1102', '钱二妮'], ['C11', '1103', '孙小三'], ['C11', '1104', '李思思'], ['C11', '1105', '周离开'],
    ['C12', '1201', '吴一'], ['C12', '1202', '郑二宝'], ['C12', '1203', '王三丰'],
    ['C21', '2101', '冯一诺'], ['C21', '2102', '陈二月'],
  ];
  for (const [cls, no, name] of roster) {
    const res = await as('sadmin').post('/api/pledge/roster', { classId: n[cls].id, name, studentNo: no, birthYear: null, guardianPhone: null });
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    entry[no] = res.body.id;
    names[no] = name;
    rosterClass[no] = n[cls].id;
  }
  students = await campaign('sadmin', n.S, [n.S], 'students', 'student');
  residents = await campaign('admin', await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.town }), [n.V], 'residents', 'resident');
  units = await campaign('admin', await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.town }), [n.V, n.U1], 'units', 'unit');

  // students: 1101 by a guardian at 23:59:59 China time, 1102 themself at 00:00:00 the next day,
  // 1201 by a guardian, 1105 signed and then left the school
  t.clock.set(new Date('2025-03-10T15:59:59Z'));
  await sign(students, 'g1101', { roster: '1101', guardian: '赵妈妈' });
  t.clock.set(new Date('2025-03-10T16:00:00Z'));
  await sign(students, 's1102', { roster: '1102' });
  t.clock.set(new Date('2025-03-12T03:00:00Z'));
  await sign(students, 'g1201', { roster: '1201', guardian: '吴妈妈' });
  await sign(students, 's1105', { roster: '1105' });
  expect((await as('sadmin').del(`/api/pledge/roster/${entry['1105']}`)).status).toBe(200);
  // residents: one in each grid; units: the factory
  await sign(residents, 'r1', { name: '居民一' });
  await sign(residents, 'r4', { name: '居民四' });
  await sign(units, 'uc1', { unit: n.U1, name: '郑厂长' });
});

afterAll(async () => {
  await t?.close();
});

describe('progress', () => {
  it('a school: classes rolled up by grade, daily counts by the China day', async () => {
    const p = await progress('sadmin', students);
    expect(p.node.id).toBe(n.S.id);
    expect(p.trail.map((x) => x.id)).toEqual([n.S.id]);
    expect(counts(p.summary)).toEqual({ total: 9, signed: 3, byGuardian: 2 });
    expect(p.summary.rate).toBe(33.3);
    expect(byName(p)).toEqual({ 一年级: { total: 7, signed: 3, byGuardian: 2 }, 二年级: { total: 2, signed: 0, byGuardian: 0 } });
    // 23:59:59 on the 10th and 00:00:00 on the 11th are two China days; the 12th follows
    expect(p.daily).toEqual([
      { day: '2025-03-10', signed: 1 },
      { day: '2025-03-11', signed: 1 },
      { day: '2025-03-12', signed: 1 },
    ]);
    expect(p.reachedTarget).toBe(false);
    expect(p.campaign.id).toBe(students.id);
  });

  it('a grade and a class', async () => {
    const g = await progress('sadmin', students, n.G1.id);
    expect(g.trail.map((x) => x.name)).toEqual(['追踪小学', '一年级']);
    expect(byName(g)).toEqual({ 一年级1班: { total: 4, signed: 2, byGuardian: 1 }, 一年级2班: { total: 3, signed: 1, byGuardian: 1 } });
    const c = await progress('sadmin', students, n.C11.id);
    expect(counts(c.summary)).toEqual({ total: 4, signed: 2, byGuardian: 1 });
    expect(c.summary.rate).toBe(50);
    expect(c.children).toEqual([]);
    expect(c.trail.map((x) => x.name)).toEqual(['追踪小学', '一年级', '一年级1班']);
  });

  it('a teacher sees their own class; a teacher of two classes sees both from the school, nothing else', async () => {
    const a = await progress('teacherA', students);
    expect(a.node.id).toBe(n.C11.id);
    expect(a.trail.map((x) => x.id)).toEqual([n.C11.id]);
    expect(counts(a.summary)).toEqual({ total: 4, signed: 2, byGuardian: 1 });
    for (const other of [n.S, n.G1, n.C12, n.V]) {
      expect(err(await as('teacherA').get(`/api/pledge/campaigns/${students.id}/progress`, { nodeId: other.id }))).toBe('404 NOT_FOUND');
    }
    const b = await progress('teacherB', students);
    expect(b.node.id).toBe(n.S.id);
    expect(counts(b.summary)).toEqual({ total: 5, signed: 1, byGuardian: 1 });
    expect(byName(b)).toEqual({ 一年级: { total: 3, signed: 1, byGuardian: 1 }, 二年级: { total: 2, signed: 0, byGuardian: 0 } });
    const g1 = await progress('teacherB', students, n.G1.id);
    expect(g1.children.map((c) => c.node.name)).toEqual(['一年级2班']);
    expect(err(await as('teacherB').get(`/api/pledge/campaigns/${students.id}/progress`, { nodeId: n.C11.id }))).toBe('404 NOT_FOUND');
    // not a tracker of the campaign at all
    expect(err(await as('uc1').get(`/api/pledge/campaigns/${students.id}/progress`))).toBe('404 NOT_FOUND');
  });

  it('a village: residents by grid (one held at the village itself counts in the whole only)', async () => {
    const p = await progress('cadre', residents);
    expect(p.node.id).toBe(n.V.id);
    expect(counts(p.summary)).toEqual({ total: 5, signed: 2, byGuardian: 0 });
    expect(byName(p)).toMatchObject({ 追踪村一网格: { total: 3, signed: 1 }, 追踪村二网格: { total: 1, signed: 1 } });
    const admin = await progress('admin', residents);
    expect(counts(admin.summary)).toEqual(counts(p.summary));
  });

  it('units: the town sees the units of the village and the factory; a unit contact their unit', async () => {
    const p = await progress('admin', units);
    expect(p.node.id).toBe(ids.town);
    expect(counts(p.summary)).toEqual({ total: 3, signed: 1, byGuardian: 0 });
    expect(byName(p)).toEqual({ 追踪村: { total: 2, signed: 0, byGuardian: 0 }, 追踪电子厂: { total: 1, signed: 1, byGuardian: 0 } });
    const mine = await progress('uc1', units);
    expect([mine.node.id, mine.summary.signed, mine.summary.total, mine.reachedTarget]).toEqual([n.U1.id, 1, 1, true]);
    const other = await progress('uc2', units);
    expect([other.node.id, other.summary.signed, other.summary.total, other.reachedTarget]).toEqual([n.U2.id, 0, 1, false]);
    expect(err(await as('uc2').get(`/api/pledge/campaigns/${units.id}/progress`, { nodeId: n.U1.id }))).toBe('404 NOT_FOUND');
  });

  it('a village cadre sees the counts of a school in the village', async () => {
    const p = await progress('cadre', students);
    expect(p.node.id).toBe(n.S.id);
    expect(counts(p.summary)).toEqual({ total: 9, signed: 3, byGuardian: 2 });
  });
});

describe('signer lists', () => {
  it('a class: unsigned and signed students with masked names and numbers', async () => {
    const unsigned = await signers('teacherA', students, {});
    expect(unsigned.status).toBe(200);
    expect(unsigned.body.total).toBe(2);
    expect(unsigned.body.items.map((r: SignerRow) => [r.nameMasked, r.studentNo, r.signed])).toEqual([
      ['孙*三', '1103', false],
      ['李*思', '1104', false],
    ]);
    const signed = await signers('teacherA', students, { status: 'signed' });
    expect(signed.body.items.map((r: SignerRow) => [r.key, r.nameMasked, r.signerType, r.relationship, r.code !== null])).toEqual([
      [`r:${entry['1101']}`, '赵*鸣', 'guardian', 'mother', true],
      [`r:${entry['1102']}`, '钱*妮', 'self', null, true],
    ]);
    expect(signed.body.items[0].signedAt).toBe('2025-03-10T15:59:59.000Z');
  });

  it('pages by keyset over a school', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await signers('sadmin', students, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(6);
      seen.push(...res.body.items.map((r: SignerRow) => r.studentNo));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['1103', '1104', '1202', '1203', '2101', '2102']);
    expect(err(await signers('sadmin', students, { cursor: 'garbage' }))).toBe('400 VALIDATION_FAILED');
  });

  it("children's data: never to a village cadre; a teacher only of their own class", async () => {
    expect(err(await signers('cadre', students, {}))).toBe('403 PLEDGE_CHILDREN_DATA');
    expect(err(await signers('cadre', students, { nodeId: n.C11.id }))).toBe('403 PLEDGE_CHILDREN_DATA');
    expect(err(await signers('teacherA', students, { nodeId: n.C12.id }))).toBe('404 NOT_FOUND');
    const b = await signers('teacherB', students, {});
    expect(b.body.items.map((r: SignerRow) => r.studentNo)).toEqual(['1202', '1203', '2101', '2102']);
  });

  it('residents of a village (masked) to its cadre; units by name', async () => {
    const res = await signers('cadre', residents, {});
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((r: SignerRow) => [r.node.name, r.studentNo])).toEqual([
      ['追踪村一网格', null],
      ['追踪村一网格', null],
      ['追踪村', null],
    ]);
    const signed = await signers('cadre', residents, { status: 'signed', nodeId: n.V2.id });
    expect(signed.body.items.map((r: SignerRow) => [r.key, r.signerType])).toEqual([[`u:${await uid('r4')}`, 'self']]);
    const u = await signers('admin', units, {});
    expect(u.body.items.map((r: SignerRow) => r.nameMasked)).toEqual(['追踪卫生室', '追踪商住楼']);
    // a school admin inside the village follows no resident there: the list is theirs to see only of their school
    expect(err(await signers('sadmin', residents, {}))).toBe('403 FORBIDDEN');
  });
});

describe('reminders', () => {
  it('residents: a credit sends once, the 20-hour rule, no consent', async () => {
    // r2 allowed one reminder, r3 two but was reminded 3 hours ago, r5 none; r1 signed (and allowed)
    const now = t.clock.now();
    await consent(residents, 'r2');
    await consent(residents, 'r3');
    await consent(residents, 'r3');
    await consent(residents, 'r1');
    // r3 was reminded 3 hours ago
    await ds.getRepository(PledgeReminder).update({ campaignId: residents.id, userId: await uid('r3') }, { lastSentAt: toDbTime(new Date(now.getTime() - 3 * HOUR)) });
    const list = await signers('cadre', residents, {});
    expect(list.body.items.map((r: SignerRow) => r.remindable)).toEqual([true, false, false]);
    const before = await ds.getRepository(OutboxMessage).count();
    const res = await as('cadre').post(`/api/pledge/campaigns/${residents.id}/remind`, { nodeId: n.V.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sent: 1, noConsent: 1, recent: 1, disabled: false });
    const msgs = await ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(msgs.length).toBe(before + 1);
    const msg = msgs[msgs.length - 1];
    expect(msg.topic).toBe('wechat.subscribe');
    expect(msg.payload).toMatchObject({
      touser: 'trk-r2',
      templateId: TEMPLATE,
      page: `pages/pledge-sign/index?id=${residents.id}`,
      data: { thing1: { value: '追踪测试resident' }, thing3: { value: '请您签署承诺书' } },
    });
    const r2 = await ds.getRepository(PledgeReminder).findOneByOrFail({ campaignId: residents.id, userId: await uid('r2') });
    expect([r2.credits, new Date(r2.lastSentAt!).getTime()]).toEqual([0, toDbTime(now).getTime()]);
    // at once again: nothing to send
    const again = await as('cadre').post(`/api/pledge/campaigns/${residents.id}/remind`, { nodeId: n.V.id });
    expect(again.body).toEqual({ sent: 0, noConsent: 1, recent: 2, disabled: false });
    // 21 hours later r3 may be reminded again; r2 has no credit left
    t.clock.set(new Date(now.getTime() + 21 * HOUR));
    const later = await as('cadre').post(`/api/pledge/campaigns/${residents.id}/remind`, { nodeId: n.V.id });
    expect(later.body).toEqual({ sent: 1, noConsent: 2, recent: 0, disabled: false });
    const r3 = await ds.getRepository(PledgeReminder).findOneByOrFail({ campaignId: residents.id, userId: await uid('r3') });
    expect(r3.credits).toBe(1);
    expect(await ds.getRepository(OutboxMessage).count()).toBe(before + 2);
  });

  it("students: the guardians who allowed it, by a class's teacher; never by a village cadre", async () => {
    await consent(students, 'parent', '1103');
    // a consent for a student who has signed since sends nothing
    await consent(students, 'parent2', '1101');
    const res = await as('teacherA').post(`/api/pledge/campaigns/${students.id}/remind`, { nodeId: n.C11.id });
    expect(res.body).toEqual({ sent: 1, noConsent: 1, recent: 0, disabled: false });
    const msg = (await ds.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 1 }))[0];
    expect(msg.payload).toMatchObject({ touser: 'trk-parent', data: { thing3: { value: '请为孙*三签署承诺书' } } });
    expect(err(await as('cadre').post(`/api/pledge/campaigns/${students.id}/remind`, { nodeId: n.S.id }))).toBe('403 FORBIDDEN');
    expect(err(await as('teacherA').post(`/api/pledge/campaigns/${students.id}/remind`, { nodeId: n.C12.id }))).toBe('404 NOT_FOUND');
  });

  it('units: the contact who allowed it', async () => {
    await consent(units, 'uc2');
    const res = await as('admin').post(`/api/pledge/campaigns/${units.id}/remind`, { nodeId: ids.town });
    expect(res.body).toEqual({ sent: 1, noConsent: 1, recent: 0, disabled: false });
    const msg = (await ds.getRepository(OutboxMessage).find({ order: { id: 'DESC' }, take: 1 }))[0];
    expect(msg.payload).toMatchObject({ touser: 'trk-uc2', data: { thing3: { value: '请代表追踪卫生室签署倡议书' } } });
  });

  it('a disabled template sends nothing; after the deadline a reminder is refused', async () => {
    await consent(students, 'parent3', '1104');
    const saved = t.config.wechat.templates.pledgeRemind;
    const before = await ds.getRepository(OutboxMessage).count();
    t.config.wechat.templates.pledgeRemind = '';
    try {
      const res = await as('teacherA').post(`/api/pledge/campaigns/${students.id}/remind`, { nodeId: n.C11.id });
      expect(res.body).toEqual({ sent: 0, noConsent: 0, recent: 0, disabled: true });
    } finally {
      t.config.wechat.templates.pledgeRemind = saved;
    }
    expect(await ds.getRepository(OutboxMessage).count()).toBe(before);
    expect((await ds.getRepository(PledgeReminder).findOneByOrFail({ campaignId: students.id, rosterEntryId: entry['1104'] })).credits).toBe(1);
    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 10 * 24 * HOUR));
    try {
      expect(err(await as('teacherA').post(`/api/pledge/campaigns/${students.id}/remind`, { nodeId: n.C11.id }))).toBe('409 PLEDGE_DEADLINE_PASSED');
    } finally {
      t.clock.set(now);
    }
  });
});

describe('exports', () => {
  it('the xlsx list of a school: unsigned first, full names, audit-logged', async () => {
    const res = await as('sadmin').file(`/api/pledge/campaigns/${students.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readSheet(res.body as Buffer, '签署名单');
    expect(rows[0]).toEqual(['班级', '学号', '姓名', '状态', '签署人', '关系', '签署人姓名', '签署时间', '核验码']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['一年级1班', '1103', '孙小三', '未签'],
      ['一年级1班', '1104', '李思思', '未签'],
      ['一年级2班', '1202', '郑二宝', '未签'],
      ['一年级2班', '1203', '王三丰', '未签'],
      ['二年级1班', '2101', '冯一诺', '未签'],
      ['二年级1班', '2102', '陈二月', '未签'],
      ['一年级1班', '1101', '赵一鸣', '已签'],
      ['一年级1班', '1102', '钱二妮', '已签'],
      ['一年级2班', '1201', '吴一', '已签'],
    ]);
    expect(rows[7].slice(4, 8)).toEqual(['监护人', '母亲', '赵妈妈', '2025-03-10 23:59']);
    expect(rows[8].slice(4, 8)).toEqual(['本人', '', '钱二妮', '2025-03-11 00:00']);
    expect(rows[7][8]).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const summary = await readSheet(res.body as Buffer, '汇总');
    expect(summary.slice(2, 5)).toEqual([['应签', '9'], ['已签', '3'], ['未签', '6']]);
    const audit = await ds.getRepository(AuditLog).find({ where: { action: 'pledge.export' } });
    expect(audit.map((a) => [a.actorId, a.targetId, a.nodeId, a.detail])).toEqual([[await uid('sadmin'), String(students.id), n.S.id, { rows: 9, signed: 3 }]]);
  });

  it('a teacher exports their class only; a cadre no students at all', async () => {
    const res = await as('teacherA').file(`/api/pledge/campaigns/${students.id}/export`);
    expect(res.status).toBe(200);
    expect((await readSheet(res.body as Buffer, '签署名单')).length).toBe(5);
    expect(err(await as('cadre').get(`/api/pledge/campaigns/${students.id}/export`))).toBe('403 PLEDGE_CHILDREN_DATA');
    const village = await as('cadre').file(`/api/pledge/campaigns/${residents.id}/export`);
    expect(village.status).toBe(200);
    expect((await readSheet(village.body as Buffer, '签署名单')).length).toBe(6);
  });

  it("the zip of a class's signed pledge images, audit-logged", async () => {
    const res = await as('teacherA').file(`/api/pledge/campaigns/${students.id}/images`);
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/zip']);
    const files = unzipSync(new Uint8Array(res.body as Buffer));
    expect(Object.keys(files).sort()).toEqual(['1101-赵一鸣.svg', '1102-钱二妮.svg']);
    for (const f of Object.values(files)) expect(strFromU8(f)).toContain('<svg');
    const audit = await ds.getRepository(AuditLog).find({ where: { action: 'pledge.images' } });
    expect(audit.map((a) => [a.actorId, a.nodeId, a.detail])).toEqual([[await uid('teacherA'), n.C11.id, { files: 2 }]]);
    expect(err(await as('cadre').get(`/api/pledge/campaigns/${students.id}/images`, { nodeId: n.C11.id }))).toBe('403 PLEDGE_CHILDREN_DATA');
  });
});

describe('zip limit', () => {
  it("more than a class's worth of pledges: 400, pick a class", async () => {
    // another school with one big class of 201 signed students, written straight to the tables
    const school = await node(ids.town, 'school', '追踪大校');
    const grade = await node(school, 'grade', '九年级');
    const cls = await node(grade, 'class', '九年级1班');
    const cipher = t.app.get(DataCipher);
    const big = await ds.getRepository(PledgeCampaign).findOneByOrFail({ id: await pledgeCampaignRow(t, school, [school], { status: 'published', audience: 'students', townId: ids.town }) });
    const now = toDbTime(t.clock.now());
    const rows = Array.from({ length: 201 }, (_, i) => ({
      schoolId: school.id, classId: cls.id, classPath: cls.path, nameEnc: cipher.encrypt(`学生${i}`), studentNo: `9${String(i).padStart(3, '0')}`,
      birthYear: null, guardianPhoneEnc: null, guardianPhoneHash: null, removedAt: null, createdAt: now, updatedAt: now,
    }));
    await ds.createQueryBuilder().insert().into(RosterEntry).values(rows).execute();
    const made = await ds.getRepository(RosterEntry).find({ where: { classId: cls.id }, order: { id: 'ASC' } });
    await ds
      .createQueryBuilder()
      .insert()
      .into(PledgeSignature)
      .values(
        made.map((e, i) => ({
          campaignId: big.id, seq: i + 1, subjectKey: `r:${e.id}`, rosterEntryId: e.id, nodeId: cls.id, nodePath: cls.path, signerUserId: 1, signerType: 'self',
          signerNameEnc: e.nameEnc, relationship: null, guardianConsent: false, unitName: null, signerTitle: null, templateVersionId: big.templateVersionId,
          textHash: 'a'.repeat(64), imageHash: 'b'.repeat(64), imageKey: 'none', code: `BIG${String(i).padStart(4, '0')}`, signedAt: now, prevHash: 'c'.repeat(64), recordHash: 'd'.repeat(64),
        })),
      )
      .execute();
    const res = await as('admin').get(`/api/pledge/campaigns/${big.id}/images`, { nodeId: school.id });
    expect(err(res)).toBe('400 VALIDATION_FAILED');
    expect(res.body.message).toContain('请选择一个班级');
    expect(res.body.fields).toEqual([{ path: 'query.nodeId', message: res.body.message }]);
    expect(await ds.getRepository(AuditLog).count({ where: { action: 'pledge.images', targetId: String(big.id) } })).toBe(0);
  });
});

describe('chain', () => {
  it('ok, then broken after a stored record is altered; only for the campaign managers', async () => {
    const ok = await as('sadmin').get(`/api/pledge/campaigns/${students.id}/chain`);
    expect(ok.body).toEqual({ ok: true, checked: 4, brokenAt: null, problems: [] });
    expect(err(await as('teacherA').get(`/api/pledge/campaigns/${students.id}/chain`))).toBe('403 FORBIDDEN');
    expect(err(await as('cadre').get(`/api/pledge/campaigns/${students.id}/chain`))).toBe('403 FORBIDDEN');
    expect(err(await as('uc1').get(`/api/pledge/campaigns/${students.id}/chain`))).toBe('404 NOT_FOUND');
    expect((await as('admin').get(`/api/pledge/campaigns/${students.id}/chain`)).body.ok).toBe(true);
    // the second record claims another relationship
    await ds.getRepository(PledgeSignature).update({ campaignId: students.id, seq: 2 }, { relationship: 'father' });
    const broken = await as('sadmin').get(`/api/pledge/campaigns/${students.id}/chain`);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.brokenAt).toBe(2);
    expect(broken.body.problems.map((p: { seq: number }) => p.seq)).toEqual([2]);
  });
});
