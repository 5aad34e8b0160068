// Class rosters end to end: add, list, edit, remove and restore students; who may see and change
// them (children's data); matching a signer to a roster entry; the template and the all-or-nothing
// import of xlsx and CSV (UTF-8, with BOM, GBK) with row errors, duplicate numbers, bad files, too
// many rows, updates in place.
import { isMinorByBirthYear, MAX_ROSTER_ROWS, RosterEntryView, TokenResponse } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { DataCipher } from '../src/common/data-cipher';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { RosterEntry } from '../src/modules/pledge-roster/roster-entry.entity';
import { RosterService } from '../src/modules/pledge-roster/roster.service';
import { PledgeCampaign } from '../src/modules/pledge/pledge-campaign.entity';
import { PledgeTemplateVersion } from '../src/modules/pledge-template/pledge-template-version.entity';
import { DEMO_PLEDGE_SELF_SIGNER, DEMO_PLEDGE_STUDENT, seedDemoPledge } from '../src/seed/demo-pledge';
import { demoNodeIds } from './utils/demo-nodes';
import { importRoster, inventedName, ROSTER_HEADER, rosterCsv, rosterTemplate, rosterXlsx } from './utils/roster-file';
import { createTestApp, TestApp } from './utils/test-app';
import { readSheet, SheetRow } from './utils/xlsx';

jest.setTimeout(240_000);

let t: TestApp;
let ds: DataSource;
let roster: RosterService;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
let admin: TokenResponse;
let schoolAdmin: TokenResponse;
let teacher: TokenResponse;
let cadre: TokenResponse;
let police: TokenResponse;
let parent: TokenResponse;
let student: TokenResponse;
let resident: TokenResponse;
let unitContact: TokenResponse;
// classes of the demo schools
const cls: Record<string, number> = {};
let grade8: number;
// a school inside 东山村 (the village cadre sees it) with one class
let villageSchool: number;
let villageClass: number;

const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
const get = (token: TokenResponse, path: string, query: Record<string, unknown> = {}) => t.http.get(path).query(query).set(t.bearer(token));
const send = (method: 'post' | 'put' | 'delete', token: TokenResponse, path: string, body?: object) => {
  const r = t.http[method](path).set(t.bearer(token));
  return body ? r.send(body) : r;
};
const list = (token: TokenResponse, query: Record<string, unknown>) => get(token, '/api/pledge/roster', query);

async function add(body: Record<string, unknown>, token = admin): Promise<RosterEntryView> {
  const res = await send('post', token, '/api/pledge/roster', { birthYear: null, guardianPhone: null, ...body });
  expect([res.status, res.body.code]).toEqual([201, undefined]);
  return res.body;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: number | string }> = await ds.query(sql, params);
  return Number(rows[0].n);
}

// every roster row (ciphertexts included): an unchanged snapshot proves nothing was written
const snapshot = async () => JSON.stringify(await ds.query('SELECT * FROM pledge_roster_entry ORDER BY id'));

// all live entries under a node, through the API (every page)
async function listAll(nodeId: number, token = admin, q?: string): Promise<{ items: RosterEntryView[]; total: number }> {
  const items: RosterEntryView[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const res = await list(token, { nodeId, limit: 200, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    total = res.body.total;
    cursor = res.body.nextCursor;
  } while (cursor);
  return { items, total };
}

async function addNode(parentId: number, kind: string, name: string): Promise<number> {
  const res = await send('post', admin, '/api/org/nodes', { parentId, kind, name });
  expect(res.status).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  t = await createTestApp();
  ds = t.dataSource;
  roster = t.app.get(RosterService);
  ids = await demoNodeIds(t);
  [admin, schoolAdmin, teacher, cadre, police, parent, student, resident, unitContact] = await Promise.all(
    ['demo-town_admin', 'demo-school_admin', 'demo-teacher', 'demo-village_cadre', 'demo-police_liaison', 'demo-parent', 'demo-student', 'demo-resident', 'demo-unit_contact'].map((o) => t.login(o)),
  );
  expect((await t.http.post('/api/memberships/join').set(t.bearer(resident)).send({ nodeId: ids.dsGrid1 })).status).toBe(200);
  const town = ['示范县', '和平镇'];
  for (const [grade, classes] of [['七年级', ['1班', '2班']], ['八年级', ['1班', '2班']], ['九年级', ['1班']]] as const) {
    for (const c of classes) cls[`${grade}${c}`] = await t.nodeId(...town, '和平镇中学', grade, `${grade}${c}`);
  }
  for (const grade of ['三年级', '四年级', '五年级']) {
    for (const n of [1, 2]) cls[`小学${grade}${n}班`] = await t.nodeId(...town, '和平镇中心小学', grade, `${grade}${n}班`);
  }
  grade8 = await t.nodeId(...town, '和平镇中学', '八年级');
  villageSchool = await addNode(ids.dongshan, 'school', '东山小学');
  villageClass = await addNode(await addNode(villageSchool, 'grade', '一年级'), 'class', '一年级1班');
});

afterAll(async () => {
  await t?.close();
});

describe('demo data', () => {
  it('七年级1班 has 40 students with the demo student (a guardian signs), 七年级2班 five', async () => {
    const c71 = await listAll(cls['七年级1班'], teacher);
    expect(c71.total).toBe(40);
    const wu = c71.items.find((e) => e.name === DEMO_PLEDGE_STUDENT.name)!;
    expect(wu).toMatchObject({ studentNo: DEMO_PLEDGE_STUDENT.studentNo, birthYear: thisYear - 13, guardianRequired: true, guardianPhoneMasked: '138****0000' });
    expect(c71.items.find((e) => e.studentNo === DEMO_PLEDGE_SELF_SIGNER.studentNo)).toMatchObject({ name: DEMO_PLEDGE_SELF_SIGNER.name, birthYear: null, guardianRequired: false });
    expect(new Set(c71.items.map((e) => e.name)).size).toBe(40);
    expect((await listAll(cls['七年级2班'])).total).toBe(5);
    const row = await ds.getRepository(RosterEntry).findOneByOrFail({ id: wu.id });
    expect(row.guardianPhoneHash).toBe(roster.phoneHash(DEMO_PLEDGE_STUDENT.guardianPhone));
  });

  it('three published campaigns on locked built-in texts: 七年级 students, 东山村 residents, the town’s units', async () => {
    const campaigns = await ds.getRepository(PledgeCampaign).find({ order: { id: 'ASC' } });
    const grade7 = await t.nodeId('示范县', '和平镇', '和平镇中学', '七年级');
    expect(campaigns.map((c) => [c.kind, c.audience, c.ownerNodeId, c.scope.map((s) => s.nodeId), c.status, c.chainSeq, c.targetPercent])).toEqual([
      ['student', 'students', ids.school, [grade7], 'published', 0, 100],
      ['resident', 'residents', ids.town, [ids.dongshan], 'published', 0, 100],
      ['unit', 'units', ids.town, [ids.town], 'published', 0, 100],
    ]);
    const students = campaigns[0];
    expect(new Date(students.deadline).getTime() - new Date(students.publishedAt!).getTime()).toBe(14 * 86400_000);
    for (const c of campaigns) {
      const v = await ds.getRepository(PledgeTemplateVersion).findOneByOrFail({ id: c.templateVersionId });
      expect([v.templateId, v.locked]).toEqual([c.templateId, true]);
      expect(await count('SELECT COUNT(*) AS n FROM pledge_template WHERE id = ? AND townId = 0 AND kind = ?', [c.templateId, c.kind])).toBe(1);
    }
    // the demo student is matched for the students campaign
    const entry = await roster.match(ds.manager, students, { classId: cls['七年级1班'], name: DEMO_PLEDGE_STUDENT.name, studentNo: DEMO_PLEDGE_STUDENT.studentNo });
    expect(roster.nameOf(entry)).toBe(DEMO_PLEDGE_STUDENT.name);
    // seeding again adds nothing
    const nodeAt = async (names: string[]) => ds.getRepository(OrgNode).findOneByOrFail({ id: await t.nodeId(...names) });
    const cache = new Map<string, OrgNode>();
    const names = [['示范县', '和平镇'], ['示范县', '和平镇', '和平镇中学'], ['示范县', '和平镇', '和平镇中学', '七年级'], ['示范县', '和平镇', '和平镇中学', '七年级', '七年级1班'], ['示范县', '和平镇', '和平镇中学', '七年级', '七年级2班'], ['示范县', '和平镇', '东山村']];
    for (const n of names) cache.set(n.join('/'), await nodeAt(n));
    const again = await ds.transaction((m) => seedDemoPledge(m, t.app.get(DataCipher), (n) => cache.get(n.join('/')), new Date()));
    expect(again).toEqual({ students: 0, campaigns: 0 });
  });
});

describe('adding, listing, editing and removing students', () => {
  it('a student is added with the name encrypted, the number normalized, the phone masked and hashed', async () => {
    const e = await add({ classId: cls['八年级1班'], name: '欧阳 娜娜', studentNo: ' ab-0812 ', birthYear: thisYear - 13, guardianPhone: '13912345678' });
    expect(e).toMatchObject({
      schoolId: ids.school,
      class: { id: cls['八年级1班'], name: '八年级1班', kind: 'class' },
      name: '欧阳 娜娜',
      studentNo: 'AB-0812',
      birthYear: thisYear - 13,
      guardianRequired: true,
      guardianPhoneMasked: '139****5678',
    });
    const row = await ds.getRepository(RosterEntry).findOneByOrFail({ id: e.id });
    expect(row.nameEnc).not.toContain('娜娜');
    expect(row.guardianPhoneEnc).not.toContain('5678');
    expect(row.guardianPhoneHash).toBe(t.app.get(DataCipher).hmac('13912345678'));
    expect(row.guardianPhoneHash).toBe(roster.phoneHash('139 1234-5678'));
    expect(row.classPath).toBe((await ds.getRepository(OrgNode).findOneByOrFail({ id: cls['八年级1班'] })).path);
    const adult = await add({ classId: cls['八年级1班'], name: '王大同', studentNo: '0813', birthYear: thisYear - 15 });
    expect([adult.guardianRequired, adult.guardianPhoneMasked]).toEqual([false, null]);
    expect((await add({ classId: cls['八年级1班'], name: '李无年', studentNo: '0814' })).guardianRequired).toBe(false);
    // the 14th year counts as a minor: only the year is known
    expect(isMinorByBirthYear(thisYear - 14, new Date())).toBe(true);
    const audit = await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'pledge.roster.create' AND targetId = ?", [String(e.id)]);
    expect(audit).toBe(1);
  });

  it('a number is unique in the school, whatever its case and spacing; another school may use it', async () => {
    const dup = await send('post', admin, '/api/pledge/roster', { classId: cls['九年级1班'], name: '张重复', studentNo: 'Ab-0812' });
    expect([dup.status, dup.body.code]).toEqual([409, 'ROSTER_DUPLICATE']);
    await add({ classId: villageClass, name: '张重复', studentNo: 'AB-0812' });
  });

  it('the class must be a class node; a class out of sight is not found', async () => {
    const grade = await send('post', admin, '/api/pledge/roster', { classId: grade8, name: '张年级', studentNo: '9001' });
    expect([grade.status, grade.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(grade.body.fields).toEqual([{ path: 'body.classId', message: '请选择一个班级' }]);
    const missing = await send('post', admin, '/api/pledge/roster', { classId: 99999999, name: '张不在', studentNo: '9002' });
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    const other = await send('post', schoolAdmin, '/api/pledge/roster', { classId: cls['小学三年级1班'], name: '张别校', studentNo: '9003' });
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    const badPhone = await send('post', admin, '/api/pledge/roster', { classId: cls['八年级1班'], name: '张电话', studentNo: '9004', guardianPhone: '12345' });
    expect(badPhone.body.fields).toEqual([{ path: 'body.guardianPhone', message: '请填写11位手机号' }]);
    const badYear = await send('post', admin, '/api/pledge/roster', { classId: cls['八年级1班'], name: '张年份', studentNo: '9005', birthYear: 1980 });
    expect(badYear.body.fields).toEqual([{ path: 'body.birthYear', message: '出生年份不能早于1990年' }]);
  });

  it('is edited: name, number, details, and a move to another class of the school only', async () => {
    const e = await add({ classId: cls['八年级2班'], name: '赵小川', studentNo: '0820', guardianPhone: '13700001111' });
    const upd = await send('put', schoolAdmin, `/api/pledge/roster/${e.id}`, { classId: cls['八年级1班'], name: '赵小川', studentNo: '0821', birthYear: thisYear - 12, guardianPhone: null });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ id: e.id, class: { id: cls['八年级1班'] }, studentNo: '0821', guardianRequired: true, guardianPhoneMasked: null });
    const row = await ds.getRepository(RosterEntry).findOneByOrFail({ id: e.id });
    expect([row.classId, row.guardianPhoneEnc, row.guardianPhoneHash]).toEqual([cls['八年级1班'], null, null]);
    // another school's class
    const away = await send('put', admin, `/api/pledge/roster/${e.id}`, { classId: cls['小学三年级1班'], name: '赵小川', studentNo: '0821' });
    expect([away.status, away.body.fields]).toEqual([400, [{ path: 'body.classId', message: '只能调到本校的班级' }]]);
    // a number another student holds
    const clash = await send('put', admin, `/api/pledge/roster/${e.id}`, { classId: cls['八年级1班'], name: '赵小川', studentNo: '0813' });
    expect([clash.status, clash.body.code]).toEqual([409, 'ROSTER_DUPLICATE']);
    expect((await ds.getRepository(RosterEntry).findOneByOrFail({ id: e.id })).studentNo).toBe('0821');
  });

  it('is removed softly: gone from lists, not editable; adding the number again restores the same row', async () => {
    const e = await add({ classId: cls['九年级1班'], name: '钱多多', studentNo: '0901' });
    const before = (await listAll(cls['九年级1班'])).total;
    const del = await send('delete', schoolAdmin, `/api/pledge/roster/${e.id}`);
    expect([del.status, del.body]).toEqual([200, { ok: true }]);
    expect((await listAll(cls['九年级1班'])).total).toBe(before - 1);
    expect((await ds.getRepository(RosterEntry).findOneByOrFail({ id: e.id })).removedAt).not.toBeNull();
    expect((await send('delete', admin, `/api/pledge/roster/${e.id}`)).status).toBe(404);
    expect((await send('put', admin, `/api/pledge/roster/${e.id}`, { classId: cls['九年级1班'], name: '钱多多', studentNo: '0901' })).status).toBe(404);
    // another student may not take the removed number by an edit
    const other = await add({ classId: cls['九年级1班'], name: '孙一一', studentNo: '0902' });
    const take = await send('put', admin, `/api/pledge/roster/${other.id}`, { classId: cls['九年级1班'], name: '孙一一', studentNo: '0901' });
    expect([take.status, take.body.code]).toEqual([409, 'ROSTER_DUPLICATE']);
    expect(take.body.message).toContain('已移出花名册');
    // re-added (with another spelling of the name): the same row comes back
    const back = await add({ classId: cls['九年级1班'], name: '钱 多多', studentNo: '0901', birthYear: thisYear - 15 });
    expect(back).toMatchObject({ id: e.id, name: '钱 多多', birthYear: thisYear - 15 });
    expect((await ds.getRepository(RosterEntry).findOneByOrFail({ id: e.id })).removedAt).toBeNull();
    expect((await listAll(cls['九年级1班'])).total).toBe(before + 1);
  });

  it('lists a school, grade or class by class and number, page by page, with the total', async () => {
    for (let i = 0; i < 23; i++) await add({ classId: cls[i % 2 ? '八年级1班' : '八年级2班'], name: inventedName(i), studentNo: `08${String(50 + i).padStart(3, '0')}` });
    const grade = await listAll(grade8);
    const viaDb = await count('SELECT COUNT(*) AS n FROM pledge_roster_entry WHERE classId IN (?, ?) AND removedAt IS NULL', [cls['八年级1班'], cls['八年级2班']]);
    expect(grade.total).toBe(viaDb);
    expect(grade.items).toHaveLength(viaDb);
    const pages: RosterEntryView[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: RosterEntryView[]; nextCursor: string | null; total: number } } = await list(admin, { nodeId: grade8, limit: 7, ...(cursor ? { cursor } : {}) });
      expect(res.body.total).toBe(viaDb);
      pages.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const key = (e: RosterEntryView) => [e.class.id, e.studentNo] as const;
    const sorted = [...pages].sort((a, b) => key(a)[0] - key(b)[0] || (key(a)[1] < key(b)[1] ? -1 : 1));
    expect(pages.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
    expect(new Set(pages.map((e) => e.id)).size).toBe(viaDb);
    const klass = await listAll(cls['八年级1班']);
    expect(klass.items.every((e) => e.class.id === cls['八年级1班'])).toBe(true);
    const school = await listAll(ids.school);
    expect(school.total).toBe(await count('SELECT COUNT(*) AS n FROM pledge_roster_entry WHERE schoolId = ? AND removedAt IS NULL', [ids.school]));
    const bad = await list(admin, { nodeId: grade8, cursor: 'not-a-cursor' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const village = await list(admin, { nodeId: ids.dongshan });
    expect([village.status, village.body.fields]).toEqual([400, [{ path: 'query.nodeId', message: '请选择学校、年级或班级' }]]);
  });

  it('q finds a number prefix or an exact name (spaces ignored), paged in memory', async () => {
    const byPrefix = await listAll(grade8, admin, '0805');
    expect(byPrefix.items.map((e) => e.studentNo)).toEqual(['08050', '08052', '08054', '08056', '08058', '08051', '08053', '08055', '08057', '08059'].sort((a, b) => {
      const classOf = (no: string) => (Number(no) % 2 ? cls['八年级1班'] : cls['八年级2班']);
      return classOf(a) - classOf(b) || (a < b ? -1 : 1);
    }));
    expect(byPrefix.total).toBe(10);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: RosterEntryView[]; nextCursor: string | null; total: number } } = await list(admin, { nodeId: grade8, q: '0805', limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.body.total).toBe(10);
      paged.push(...res.body.items.map((e) => e.studentNo));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(byPrefix.items.map((e) => e.studentNo));
    expect((await listAll(ids.school, admin, '欧阳娜娜')).items.map((e) => e.studentNo)).toEqual(['AB-0812']);
    expect((await listAll(ids.school, admin, 'ab-08')).items.map((e) => e.studentNo)).toEqual(['AB-0812']);
    // a part of a name is no match (names are not searchable by fragments)
    expect((await listAll(ids.school, admin, '娜娜')).total).toBe(0);
  });
});

describe("who sees and changes a roster (children's data)", () => {
  let in71: RosterEntryView;
  let in72: RosterEntryView;
  beforeAll(async () => {
    in71 = await add({ classId: cls['七年级1班'], name: '冯小雨', studentNo: '0701-T' });
    in72 = await add({ classId: cls['七年级2班'], name: '陈小风', studentNo: '0702-T' });
  });

  it('a teacher lists their own class in full, and nothing else; they do not change it', async () => {
    const own = await listAll(cls['七年级1班'], teacher);
    expect(own.items.find((e) => e.id === in71.id)?.name).toBe('冯小雨');
    expect(own.total).toBe((await listAll(cls['七年级1班'])).total);
    for (const nodeId of [cls['七年级2班'], ids.school, grade8]) expect((await list(teacher, { nodeId })).status).toBe(404);
    const create = await send('post', teacher, '/api/pledge/roster', { classId: cls['七年级1班'], name: '卫新来', studentNo: '0703-T' });
    expect([create.status, create.body.code]).toEqual([403, 'FORBIDDEN']);
    const upd = await send('put', teacher, `/api/pledge/roster/${in71.id}`, { classId: cls['七年级1班'], name: '冯小雨', studentNo: '0701-X' });
    expect([upd.status, upd.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await send('delete', teacher, `/api/pledge/roster/${in71.id}`)).body.code).toBe('FORBIDDEN');
    expect((await send('put', teacher, `/api/pledge/roster/${in72.id}`, { classId: cls['七年级2班'], name: '陈小风', studentNo: '0702-T' })).status).toBe(404);
    expect((await importRoster(t, teacher.accessToken, ids.school, Buffer.from('x'))).status).toBe(404);
    expect((await rosterTemplate(t, teacher.accessToken, ids.school)).status).toBe(404);
  });

  it('a village cadre over a village with a school, the police liaison, parents and students get PLEDGE_CHILDREN_DATA', async () => {
    const e = await add({ classId: villageClass, name: '蒋小村', studentNo: 'V001' });
    const refusals: Array<[TokenResponse, () => Promise<{ status: number; body: { code?: string } | Buffer }>]> = [
      [cadre, () => list(cadre, { nodeId: villageSchool })],
      [cadre, () => list(cadre, { nodeId: villageClass })],
      [cadre, () => send('post', cadre, '/api/pledge/roster', { classId: villageClass, name: '蒋新来', studentNo: 'V002' })],
      [cadre, () => send('put', cadre, `/api/pledge/roster/${e.id}`, { classId: villageClass, name: '蒋小村', studentNo: 'V003' })],
      [cadre, () => send('delete', cadre, `/api/pledge/roster/${e.id}`)],
      [cadre, () => importRoster(t, cadre.accessToken, villageSchool, Buffer.from('x'))],
      [cadre, () => rosterTemplate(t, cadre.accessToken, villageSchool)],
      [police, () => list(police, { nodeId: ids.school })],
      [police, () => list(police, { nodeId: villageClass })],
      [parent, () => list(parent, { nodeId: cls['七年级1班'] })],
      [student, () => list(student, { nodeId: cls['七年级1班'] })],
      [parent, () => send('delete', parent, `/api/pledge/roster/${in71.id}`)],
    ];
    for (const [, call] of refusals) {
      const res = await call();
      // the template call collects its body as bytes
      const body = Buffer.isBuffer(res.body) ? JSON.parse(res.body.toString()) : res.body;
      expect([res.status, body.code]).toEqual([403, 'PLEDGE_CHILDREN_DATA']);
    }
    // the school admin of 和平镇中学 does not see 东山小学; residents and unit contacts see no school
    expect((await list(schoolAdmin, { nodeId: villageSchool })).status).toBe(404);
    for (const token of [resident, unitContact]) {
      expect((await list(token, { nodeId: ids.school })).status).toBe(404);
      expect((await send('delete', token, `/api/pledge/roster/${in71.id}`)).status).toBe(404);
    }
    // the cadre's own village is no roster node
    expect((await list(cadre, { nodeId: ids.dongshan })).status).toBe(400);
    expect((await ds.getRepository(RosterEntry).findOneByOrFail({ id: e.id })).studentNo).toBe('V001');
  });

  it('school admins and town admins read and change the roster', async () => {
    expect((await listAll(ids.school, schoolAdmin)).items.some((e) => e.id === in72.id)).toBe(true);
    // 蒋小村 and 张重复
    expect((await listAll(villageSchool, admin)).total).toBe(2);
    const upd = await send('put', admin, `/api/pledge/roster/${in72.id}`, { classId: cls['七年级2班'], name: '陈小峰', studentNo: '0702-T' });
    expect(upd.body.name).toBe('陈小峰');
  });
});

describe('matching a signer to the roster', () => {
  let entry: RosterEntryView;
  const scopeOf = async (...nodeIds: number[]) => ({
    scope: await Promise.all(nodeIds.map(async (id) => ({ nodeId: id, path: (await ds.getRepository(OrgNode).findOneByOrFail({ id })).path }))),
  });
  const match = async (campaign: { scope: { nodeId: number; path: string }[] }, ref: { classId: number; name: string; studentNo: string }) => {
    try {
      return await roster.match(ds.manager, campaign, ref);
    } catch (err) {
      return err as { code: string; message: string };
    }
  };

  beforeAll(async () => {
    entry = await add({ classId: cls['九年级1班'], name: '阿依·买买提', studentNo: 'M-0950' });
  });

  it('matches class + name + number, with spaces, middle dots and case normalized', async () => {
    const campaign = await scopeOf(ids.school);
    for (const [name, no] of [['阿依·买买提', 'M-0950'], ['阿依 · 买买提', ' m-0950 '], ['阿依.买买提', 'm-0950'], ['阿依•买买提', 'M-0950']]) {
      const found = await match(campaign, { classId: cls['九年级1班'], name, studentNo: no });
      expect((found as RosterEntry).id).toBe(entry.id);
    }
    expect(roster.nameOf((await match(campaign, { classId: cls['九年级1班'], name: '阿依·买买提', studentNo: 'M-0950' })) as RosterEntry)).toBe('阿依·买买提');
    expect(((await match(await scopeOf(cls['九年级1班']), { classId: cls['九年级1班'], name: '阿依·买买提', studentNo: 'M-0950' })) as RosterEntry).id).toBe(entry.id);
  });

  it('answers the same PLEDGE_NOT_ON_ROSTER for a wrong name, number or class, out of scope, or removed', async () => {
    const campaign = await scopeOf(ids.school);
    const misses = [
      { classId: cls['九年级1班'], name: '阿依·买买', studentNo: 'M-0950' },
      { classId: cls['九年级1班'], name: '阿依·买买提', studentNo: 'M-0951' },
      { classId: cls['八年级1班'], name: '阿依·买买提', studentNo: 'M-0950' },
    ];
    const answers = await Promise.all(misses.map((ref) => match(campaign, ref)));
    const outOfScope = await match(await scopeOf(grade8), { classId: cls['九年级1班'], name: '阿依·买买提', studentNo: 'M-0950' });
    const otherSchool = await match(await scopeOf(ids.primary), { classId: cls['九年级1班'], name: '阿依·买买提', studentNo: 'M-0950' });
    await send('delete', admin, `/api/pledge/roster/${entry.id}`);
    const removed = await match(campaign, { classId: cls['九年级1班'], name: '阿依·买买提', studentNo: 'M-0950' });
    for (const a of [...answers, outOfScope, otherSchool, removed]) {
      expect({ code: (a as { code: string }).code, message: (a as { message: string }).message }).toEqual({
        code: 'PLEDGE_NOT_ON_ROSTER',
        message: '花名册里没有找到这位同学。请核对班级、姓名和学号；如果都没错，请联系班主任把孩子加入花名册',
      });
    }
  });
});

describe('template and import', () => {
  const primary = (grade: string, n: number) => cls[`小学${grade}${n}班`];
  // a class of 40 in 三年级1班 of the primary school (numbers P3101…)
  const class40 = (): SheetRow[] =>
    Array.from({ length: 40 }, (_, i) => ['三年级1班', inventedName(i), `P31${String(i + 1).padStart(2, '0')}`, i % 2 ? thisYear - 9 : null, i % 3 ? null : `1390000${String(i).padStart(4, '0')}`]);
  const live = async (classId: number) => count('SELECT COUNT(*) AS n FROM pledge_roster_entry WHERE classId = ? AND removedAt IS NULL', [classId]);

  it('the template has the headers, two example rows and the school’s classes', async () => {
    const res = await rosterTemplate(t, schoolAdmin.accessToken, ids.school);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('花名册模板-和平镇中学.xlsx'));
    const rows = await readSheet(res.body, '花名册');
    expect(rows[0]).toEqual(ROSTER_HEADER);
    expect(rows).toHaveLength(3);
    expect(rows[1][1]).toMatch(/^示例/);
    const classes = await readSheet(res.body, '班级');
    expect(classes.slice(1).map((r) => r[1])).toEqual(['七年级1班', '七年级2班', '八年级1班', '八年级2班', '九年级1班', '九年级2班']);
    expect(classes[1][0]).toBe('七年级');
    expect((await readSheet(res.body, '说明')).map((r) => r[0])).toEqual(expect.arrayContaining(['班级', '学号', '出生年份']));
    // not a school
    const grade = await rosterTemplate(t, admin.accessToken, grade8);
    expect([grade.status, grade.body.length > 0]).toEqual([400, true]);
  });

  it('a filled-in template imports a class of 40 (the examples skipped), audit-logged; the same file again changes nothing', async () => {
    const tpl = await readSheet((await rosterTemplate(t, admin.accessToken, ids.primary)).body, '花名册');
    const file = await rosterXlsx([...tpl, ...class40()]);
    const res = await importRoster(t, admin.accessToken, ids.primary, file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 40, created: 40, updated: 0, unchanged: 0, classes: [{ class: { id: primary('三年级', 1), name: '三年级1班', kind: 'class' }, count: 40 }] });
    const listed = await listAll(primary('三年级', 1));
    expect(listed.total).toBe(40);
    expect(listed.items.map((e) => e.name)).toEqual(class40().map((r) => r[1]));
    expect(listed.items[1]).toMatchObject({ studentNo: 'P3102', birthYear: thisYear - 9, guardianRequired: true, guardianPhoneMasked: null });
    expect(listed.items[0]).toMatchObject({ studentNo: 'P3101', birthYear: null, guardianRequired: false, guardianPhoneMasked: '139****0000' });
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'pledge.roster.import' AND nodeId = ?", [ids.primary])).toBe(1);
    const before = await snapshot();
    const again = await importRoster(t, admin.accessToken, ids.primary, file);
    expect(again.body).toMatchObject({ rows: 40, created: 0, updated: 0, unchanged: 40 });
    expect(await snapshot()).toBe(before);
  });

  it('existing numbers are updated in place: a move, a new name, a phone; a removed one is restored', async () => {
    const rows = class40();
    rows[0][0] = '三年级2班';
    rows[1][1] = '李改名';
    rows[2][4] = '13600001234';
    const removed = (await listAll(primary('三年级', 1))).items[5];
    expect((await send('delete', admin, `/api/pledge/roster/${removed.id}`)).status).toBe(200);
    const ids0 = (await listAll(primary('三年级', 1))).items.map((e) => e.id);
    const res = await importRoster(t, admin.accessToken, ids.primary, await rosterXlsx([ROSTER_HEADER, ...rows]));
    expect(res.body).toMatchObject({ rows: 40, created: 1, updated: 3, unchanged: 36 });
    expect(res.body.classes).toEqual([
      { class: { id: primary('三年级', 1), name: '三年级1班', kind: 'class' }, count: 39 },
      { class: { id: primary('三年级', 2), name: '三年级2班', kind: 'class' }, count: 1 },
    ]);
    const after = await listAll(primary('三年级', 1));
    expect(after.total).toBe(39);
    // the same rows, no new ones: ids kept
    expect([...after.items.map((e) => e.id), (await listAll(primary('三年级', 2))).items[0].id].sort()).toEqual([...ids0, removed.id].sort());
    expect(after.items.find((e) => e.studentNo === 'P3102')?.name).toBe('李改名');
    expect(after.items.find((e) => e.studentNo === 'P3103')?.guardianPhoneMasked).toBe('136****1234');
    expect(after.items.find((e) => e.studentNo === 'P3106')?.id).toBe(removed.id);
  });

  it('CSV in UTF-8, UTF-8 with BOM and GBK imports the same; class names in the accepted forms', async () => {
    const forms: Array<[string, SheetRow[]]> = [
      ['utf8', [['四年级1班', '周一一', 'C401', 2015, '13500000001'], ['四年级/2班', '周一二', 'C402', '2016年', '']]],
      ['utf8-bom', [['四年级 1班', '吴二一', 'C403', '', ''], ['四年级（2）班', '吴二二', 'C404', '2015-09-01', '135 0000 0002']]],
      ['gbk', [['四年级一班', '郑三一', 'C405', '', '+8613500000003'], ['四年级02班', '郑三二', 'C406', '', '']]],
    ];
    for (const [encoding, rows] of forms) {
      const res = await importRoster(t, admin.accessToken, ids.primary, rosterCsv([ROSTER_HEADER, ...rows], encoding as 'utf8'), 'roster.csv');
      expect([encoding, res.status, res.body.created]).toEqual([encoding, 200, 2]);
    }
    // a separate 年级 column, columns in another order, an extra column ignored
    const withGrade = rosterCsv([['序号', '学号', '年级', '班级', '姓名'], [1, 'C407', '四年级', '1班', '王四一'], [2, 'C408', '四年级', '2', '王四二']], 'gbk');
    const res = await importRoster(t, admin.accessToken, ids.primary, withGrade, 'roster.csv');
    expect([res.status, res.body.created]).toEqual([200, 2]);
    const g1 = (await listAll(primary('四年级', 1))).items.map((e) => [e.studentNo, e.name]);
    const g2 = (await listAll(primary('四年级', 2))).items.map((e) => [e.studentNo, e.name]);
    expect(g1).toEqual([['C401', '周一一'], ['C403', '吴二一'], ['C405', '郑三一'], ['C407', '王四一']]);
    expect(g2).toEqual([['C402', '周一二'], ['C404', '吴二二'], ['C406', '郑三二'], ['C408', '王四二']]);
    const details = (await listAll(primary('四年级', 2))).items;
    expect(details.map((e) => e.birthYear)).toEqual([2016, 2015, null, null]);
    expect(details[1].guardianPhoneMasked).toBe('135****0002');
    expect((await listAll(primary('四年级', 1))).items[2].guardianPhoneMasked).toBe('135****0003');
    // the GBK file again: unchanged
    const again = await importRoster(t, admin.accessToken, ids.primary, rosterCsv([ROSTER_HEADER, ...forms[2][1]], 'gbk'), 'roster.csv');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('a title row above the header is allowed (rows keep their Excel numbers); Excel’s Unicode text (UTF-16, tabs) imports', async () => {
    const titled = await rosterXlsx([['和平镇中心小学四年级花名册'], ROSTER_HEADER, ['四年级1班', '秦小天', 'C409', '', ''], ['四年级1班', '', 'C410', '', '']]);
    const bad = await importRoster(t, admin.accessToken, ids.primary, titled);
    expect([bad.body.code, bad.body.fields]).toEqual(['ROSTER_IMPORT_INVALID', [{ path: '第4行 姓名', message: '至少2个字' }]]);
    // quoted fields, as Excel writes them when a cell holds a separator or a quote
    const text = [ROSTER_HEADER, ['四年级2班', '秦小地', 'C411', '2015', ''], ['"四年级2班"', '"秦小雨"', '"C412"', '', '']].map((r) => r.join('\t')).join('\r\n');
    const fixed = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const ok = await importRoster(t, admin.accessToken, ids.primary, fixed, 'roster.txt');
    expect(ok.body).toMatchObject({ rows: 2, created: 2 });
    const names = (await listAll(primary('四年级', 2))).items.filter((e) => e.studentNo >= 'C411').map((e) => [e.studentNo, e.name, e.birthYear]);
    expect(names).toEqual([['C411', '秦小地', 2015], ['C412', '秦小雨', null]]);
  });

  it('a file with bad rows is refused whole, every row error listed, nothing written', async () => {
    const before = await snapshot();
    const rows: SheetRow[] = [
      ROSTER_HEADER,
      ['五年级1班', '好学生', 'E501', '', ''],
      ['六年级1班', '没班级', 'E502', '', ''],
      ['五年级1班', '', 'E503', '', ''],
      ['五年级1班', '坏学号', 'E 5#4', '', ''],
      ['五年级1班', '坏年份', 'E505', '二〇一二', '12345'],
      ['五年级1班', '重复甲', 'e-506', '', ''],
      ['五年级2班', '重复乙', 'E-506', thisYear + 1, ''],
      ['', '空班级', 'E508', 1980, ''],
      ['五年级1班', '重复丙', ' E-506', '', ''],
      ['1班', '歧义', 'E510', '', ''],
    ];
    const res = await importRoster(t, admin.accessToken, ids.primary, await rosterXlsx(rows));
    expect([res.status, res.body.code]).toEqual([400, 'ROSTER_IMPORT_INVALID']);
    expect(res.body.fields).toEqual([
      { path: '第3行 班级', message: '本校没有“六年级1班”这个班级，可填的班级见模板里的“班级”表' },
      { path: '第4行 姓名', message: '至少2个字' },
      { path: '第5行 学号', message: '学号只能包含数字、字母和短横线' },
      { path: '第6行 出生年份', message: '出生年份请填四位数字，如 2012' },
      { path: '第6行 家长手机号', message: '请填写11位手机号' },
      { path: '第7行 学号', message: '学号“E-506”在第7、8、10行重复出现，同一所学校的学号不能重复' },
      { path: '第8行 学号', message: '学号“E-506”在第7、8、10行重复出现，同一所学校的学号不能重复' },
      { path: '第8行 出生年份', message: '出生年份不能晚于今年' },
      { path: '第9行 班级', message: '请填写班级' },
      { path: '第9行 出生年份', message: '出生年份不能早于1990年' },
      { path: '第10行 学号', message: '学号“E-506”在第7、8、10行重复出现，同一所学校的学号不能重复' },
      { path: '第11行 班级', message: '本校有不止一个“1班”，请写上年级，如 三年级1班' },
    ]);
    expect(res.body.message).toContain('共12处错误');
    expect(await snapshot()).toBe(before);
  });

  it('lists the first 100 errors of many', async () => {
    const rows: SheetRow[] = [ROSTER_HEADER, ...Array.from({ length: 150 }, (_, i) => ['五年级1班', inventedName(i), `BAD#${i}`, '', ''])];
    const res = await importRoster(t, admin.accessToken, ids.primary, rosterCsv(rows), 'many.csv');
    expect([res.status, res.body.fields.length]).toEqual([400, 100]);
    expect(res.body.message).toContain('共150处错误，只列出前100处');
  });

  it('a file that is empty, lacks headers or is not a table is ROSTER_FILE_INVALID; a multipart upload is required', async () => {
    const before = await snapshot();
    const noHeaders = await importRoster(t, admin.accessToken, ids.primary, await rosterXlsx([['班', '名字', '学号'], ['五年级1班', '张三', 'X1']]));
    expect([noHeaders.status, noHeaders.body.code]).toEqual([400, 'ROSTER_FILE_INVALID']);
    expect(noHeaders.body.message).toContain('缺少这些列：班级、姓名');
    const headerOnly = await importRoster(t, admin.accessToken, ids.primary, rosterCsv([ROSTER_HEADER]), 'r.csv');
    expect([headerOnly.body.code, headerOnly.body.message]).toEqual(['ROSTER_FILE_INVALID', '表格里没有学生，请从列名的下一行起一行填一名学生']);
    const examplesOnly = await importRoster(t, admin.accessToken, ids.primary, (await rosterTemplate(t, admin.accessToken, ids.primary)).body);
    expect(examplesOnly.body.code).toBe('ROSTER_FILE_INVALID');
    const blank = await importRoster(t, admin.accessToken, ids.primary, Buffer.from('\r\n\r\n'), 'r.csv');
    expect(blank.body.code).toBe('ROSTER_FILE_INVALID');
    const png = await importRoster(t, admin.accessToken, ids.primary, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'r.png');
    expect(png.body.code).toBe('ROSTER_FILE_INVALID');
    const xls = await importRoster(t, admin.accessToken, ids.primary, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]), 'r.xls');
    expect([xls.body.code, xls.body.message]).toEqual(['ROSTER_FILE_INVALID', expect.stringContaining('另存为')]);
    const zip = await importRoster(t, admin.accessToken, ids.primary, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]));
    expect(zip.body.code).toBe('ROSTER_FILE_INVALID');
    const json = await send('post', admin, `/api/pledge/roster/import?schoolId=${ids.primary}`, { file: 'x' });
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const grade = await importRoster(t, admin.accessToken, grade8, rosterCsv([ROSTER_HEADER, ['八年级1班', '张三', 'X1', '', '']]), 'r.csv');
    expect(grade.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  it(`more than ${MAX_ROSTER_ROWS} rows is refused with 413 (xlsx and CSV); ${MAX_ROSTER_ROWS} import in one go`, async () => {
    const many = (n: number): SheetRow[] => [ROSTER_HEADER, ...Array.from({ length: n }, (_, i) => [`五年级${(i % 2) + 1}班`, inventedName(i), `F${String(i).padStart(5, '0')}`, 2014, ''])];
    const before = await count('SELECT COUNT(*) AS n FROM pledge_roster_entry');
    const xlsx = await importRoster(t, admin.accessToken, ids.primary, await rosterXlsx(many(MAX_ROSTER_ROWS + 1)));
    expect([xlsx.status, xlsx.body.code]).toEqual([413, 'ROSTER_TOO_MANY_ROWS']);
    const csv = await importRoster(t, admin.accessToken, ids.primary, rosterCsv(many(MAX_ROSTER_ROWS + 1)), 'r.csv');
    expect([csv.status, csv.body.code]).toEqual([413, 'ROSTER_TOO_MANY_ROWS']);
    expect(await count('SELECT COUNT(*) AS n FROM pledge_roster_entry')).toBe(before);
    const started = Date.now();
    const ok = await importRoster(t, admin.accessToken, ids.primary, rosterCsv(many(MAX_ROSTER_ROWS)), 'r.csv');
    const ms = Date.now() - started;
    console.log(`${MAX_ROSTER_ROWS}-row roster import: ${ms} ms`);
    expect(ok.body).toMatchObject({ rows: MAX_ROSTER_ROWS, created: MAX_ROSTER_ROWS, updated: 0, unchanged: 0 });
    expect(await live(primary('五年级', 1)) + (await live(primary('五年级', 2)))).toBe(MAX_ROSTER_ROWS);
    expect(ms).toBeLessThan(30_000);
  });
});
