// Question bank end to end: create, list, edit (in place, or a new version once drawn), retire and
// restore, the read-only built-in bank and its boot sync, scoping, and the xlsx round trip with its
// all-or-nothing import (row errors, bad files, too many rows, a 2,000-row import).
import { QuestionInput, QuestionView, TokenResponse } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { Membership } from '../src/modules/org/membership.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { QuestionVersion } from '../src/modules/quiz-bank/question-version.entity';
import { QuizBankService } from '../src/modules/quiz-bank/quiz-bank.service';
import { demoNodeIds } from './utils/demo-nodes';
import { questionBody } from './authz/quiz-bank.rows';
import { createTestApp, TestApp } from './utils/test-app';
import { exportBank, importBank, readSheet, SheetRow, workbookBuffer } from './utils/xlsx';

jest.setTimeout(180_000);

let t: TestApp;
let ds: DataSource;
let bank: QuizBankService;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
let admin: TokenResponse;
let admin2: TokenResponse;
let schoolAdmin: TokenResponse;
let unitContact: TokenResponse;
let police: TokenResponse;
let resident: TokenResponse;
let teacher: TokenResponse;
// a second town in the county, with its own admin
let town2: number;
let town2Admin: TokenResponse;

const HEADER = ['编号', '题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '类型', '适用人群', '难度', '出处', '状态'];

// a town question about fake customer service (the filters below rely on the tag)
const question = (stem: string, extra: Partial<QuestionInput> = {}) => questionBody(stem, { fraudTypes: ['fake_customer_service'], ...extra });

const get = (token: TokenResponse, path: string, query: Record<string, unknown> = {}) => t.http.get(path).query(query).set(t.bearer(token));
const send = (method: 'post' | 'put', token: TokenResponse, path: string, body: object, query: Record<string, unknown> = {}) =>
  t.http[method](path).query(query).set(t.bearer(token)).send(body);

async function create(stem: string, extra: Partial<QuestionInput> = {}, townId = ids.town, token = admin): Promise<QuestionView> {
  const res = await send('post', token, '/api/quiz/questions', question(stem, extra), { townId });
  expect(res.status).toBe(201);
  return res.body;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: number | string }> = await ds.query(sql, params);
  return Number(rows[0].n);
}

// Every row of the bank tables of a town, to prove a request changed nothing.
async function snapshot(townId: number): Promise<string> {
  const qs = await ds.query('SELECT id, code, status, currentVersionId, version, type, difficulty, tagKey, audienceKey, updatedAt FROM question WHERE townId = ? ORDER BY id', [townId]);
  const vs = await ds.query('SELECT v.* FROM question_version v JOIN question q ON q.id = v.questionId WHERE q.townId = ? ORDER BY v.id', [townId]);
  return JSON.stringify([qs, vs]);
}

beforeAll(async () => {
  t = await createTestApp();
  ds = t.dataSource;
  bank = t.app.get(QuizBankService);
  ids = await demoNodeIds(t);
  [admin, admin2, schoolAdmin, unitContact, police, resident, teacher] = await Promise.all(
    ['demo-town_admin', 'demo-town_admin2', 'demo-school_admin', 'demo-unit_contact', 'demo-police_liaison', 'demo-resident', 'demo-teacher'].map((o) => t.login(o)),
  );
  expect((await t.http.post('/api/memberships/join').set(t.bearer(resident)).send({ nodeId: ids.dsGrid1 })).status).toBe(200);

  // a second town under the county, made directly (town nodes are made by county admins or seed)
  const county = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.county });
  const now = new Date();
  const node = await ds.getRepository(OrgNode).save({ parentId: county.id, kind: 'town', name: '安乐镇', path: `${county.path}tmp/`, depth: county.depth + 1, createdAt: now, updatedAt: now });
  node.path = `${county.path}${node.id}/`;
  await ds.getRepository(OrgNode).save(node);
  town2 = node.id;
  town2Admin = await t.login('town2-admin');
  await ds.getRepository(Membership).insert({ userId: town2Admin.userId, nodeId: town2, nodePath: node.path, role: 'town_admin', source: 'seed', inviteId: null, createdAt: now });
});

afterAll(async () => {
  await t?.close();
});

describe('built-in bank', () => {
  it('is synced at boot: at least 150 active questions, visible to town admins, school admins and unit contacts', async () => {
    const total = await count("SELECT COUNT(*) AS n FROM question WHERE townId = 0 AND status = 'active'");
    expect(total).toBeGreaterThanOrEqual(150);
    for (const token of [admin, schoolAdmin, unitContact]) {
      const res = await get(token, '/api/quiz/questions', { townId: ids.town, bank: 'builtin', limit: 5 });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(total);
      expect(res.body.items).toHaveLength(5);
      expect(res.body.items.every((q: QuestionView) => q.builtin && q.townId === null && q.code.startsWith('SYS-'))).toBe(true);
    }
  });

  it('a second sync changes nothing; a drifted question is put back as a new version when its version was drawn', async () => {
    const before = await snapshot(0);
    expect(await bank.syncBuiltin()).toEqual({ created: 0, updated: 0, retired: 0, restored: 0 });
    expect(await snapshot(0)).toBe(before);

    // a built-in question whose stored content differs from the shipped one, its version drawn
    const [q] = await ds.query("SELECT id, currentVersionId, code FROM question WHERE townId = 0 ORDER BY id LIMIT 1");
    await ds.query('UPDATE question_version SET stem = ?, locked = ? WHERE id = ?', ['被改过的题干内容', true, q.currentVersionId]);
    expect(await bank.syncBuiltin()).toEqual({ created: 0, updated: 1, retired: 0, restored: 0 });
    const [after] = await ds.query('SELECT currentVersionId, version FROM question WHERE id = ?', [q.id]);
    expect(Number(after.version)).toBe(2);
    const old = await ds.getRepository(QuestionVersion).findOneByOrFail({ id: q.currentVersionId });
    expect(old.stem).toBe('被改过的题干内容');
    const fresh = await ds.getRepository(QuestionVersion).findOneByOrFail({ id: after.currentVersionId });
    expect(fresh.stem).not.toBe('被改过的题干内容');
    expect(await bank.syncBuiltin()).toEqual({ created: 0, updated: 0, retired: 0, restored: 0 });
  });

  it('is read-only, even for town admins', async () => {
    const [q] = await ds.query('SELECT id FROM question WHERE townId = 0 ORDER BY id LIMIT 1');
    const view = await get(admin, `/api/quiz/questions/${q.id}`);
    expect(view.status).toBe(200);
    const upd = await send('put', admin, `/api/quiz/questions/${q.id}`, question('改一改系统题库的题目'));
    expect([upd.status, upd.body.code]).toEqual([403, 'QUESTION_READ_ONLY']);
    const st = await send('post', admin, `/api/quiz/questions/${q.id}/status`, { status: 'retired' });
    expect([st.status, st.body.code]).toEqual([403, 'QUESTION_READ_ONLY']);
    // those who may not read any bank do not learn it exists
    expect((await get(resident, `/api/quiz/questions/${q.id}`)).status).toBe(404);
  });
});

describe('a town question', () => {
  it('is created with an auto code, listed and read back', async () => {
    const q = await create('接到自称快递客服的电话说包裹丢了要理赔，应该怎么办？', { answer: [0] });
    expect(q).toMatchObject({ builtin: false, townId: ids.town, status: 'active', version: 1, type: 'single', difficulty: 1 });
    expect(q.code).toMatch(/^T-\d{6}$/);
    const q2 = await create('第二道题：客服让你开通“百万保障”，怎么办？', { type: 'multiple', options: ['挂断', '核实', '转账', '共享屏幕'], answer: [1, 0], fraudTypes: ['fake_customer_service', 'after_scam'], difficulty: 2 });
    expect(Number(q2.code.slice(2))).toBe(Number(q.code.slice(2)) + 1);
    // answers are a set, stored ascending
    expect(q2.answer).toEqual([0, 1]);
    expect((await get(admin, `/api/quiz/questions/${q.id}`)).body).toEqual(q);

    const own = await get(admin, '/api/quiz/questions', { townId: ids.town, bank: 'town' });
    expect(own.status).toBe(200);
    expect(own.body.items.map((x: QuestionView) => x.id)).toEqual([q2.id, q.id]);
    expect(own.body.total).toBe(2);
    // filters
    const filtered = async (query: Record<string, unknown>) => (await get(admin, '/api/quiz/questions', { townId: ids.town, bank: 'town', ...query })).body.items.map((x: QuestionView) => x.id);
    expect(await filtered({ q: '百万保障' })).toEqual([q2.id]);
    expect(await filtered({ q: '100%_' })).toEqual([]);
    expect(await filtered({ q: '!' })).toEqual([]);
    expect(await filtered({ type: 'multiple' })).toEqual([q2.id]);
    expect(await filtered({ fraudType: 'after_scam' })).toEqual([q2.id]);
    expect(await filtered({ fraudType: 'fake_customer_service' })).toEqual([q2.id, q.id]);
    expect(await filtered({ difficulty: 1 })).toEqual([q.id]);
    // all: the town's and the built-in, newest first, page by page with the same total
    const all = await get(admin, '/api/quiz/questions', { townId: ids.town, fraudType: 'fake_customer_service', limit: 2 });
    expect(all.body.items.map((x: QuestionView) => x.id)).toEqual([q2.id, q.id]);
    const builtinCount = await count("SELECT COUNT(*) AS n FROM question WHERE townId = 0 AND status = 'active' AND tagKey LIKE '%,fake_customer_service,%'");
    expect(all.body.total).toBe(builtinCount + 2);
    const seen = new Set<number>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: QuestionView[]; nextCursor: string | null; total: number } } = await get(admin, '/api/quiz/questions', { townId: ids.town, fraudType: 'fake_customer_service', limit: 7, ...(cursor ? { cursor } : {}) });
      page.body.items.forEach((x) => seen.add(x.id));
      expect(page.body.total).toBe(builtinCount + 2);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(builtinCount + 2);
  });

  it('is edited in place until drawn; then an edit makes a new version and the drawn one stays as it was', async () => {
    const q = await create('有人冒充公安说你涉嫌洗钱，要求转到“安全账户”，你该怎么办？', { fraudTypes: ['impersonate_officials'] });
    const edited = await send('put', admin, `/api/quiz/questions/${q.id}`, question('有人冒充公安说你涉嫌洗钱，要求把钱转到“安全账户”，怎么办？', { fraudTypes: ['impersonate_officials'] }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 1, versionId: q.versionId });
    expect(edited.body.stem).toContain('要求把钱转到');
    // the same content again: nothing changes
    const same = await send('put', admin, `/api/quiz/questions/${q.id}`, question(edited.body.stem, { fraudTypes: ['impersonate_officials'] }));
    expect(same.body).toEqual(edited.body);

    // drawn into a paper (the quiz module locks the versions it draws)
    await ds.transaction((m) => bank.lockVersions(m, [q.versionId]));
    const v2 = await send('put', admin2, `/api/quiz/questions/${q.id}`, question('公安机关会不会通过电话要求你把钱转到“安全账户”？', { fraudTypes: ['impersonate_officials', 'anti_fraud_law'], difficulty: 2 }));
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ id: q.id, code: q.code, version: 2, difficulty: 2 });
    expect(v2.body.versionId).not.toBe(q.versionId);
    const old = await ds.getRepository(QuestionVersion).findOneByOrFail({ id: q.versionId });
    expect([old.stem, old.locked, old.version]).toEqual([edited.body.stem, true, 1]);
    // version 2 is not drawn yet: edited in place
    const v2b = await send('put', admin, `/api/quiz/questions/${q.id}`, question('公安机关会通过电话要求你把钱转到“安全账户”吗？', { fraudTypes: ['impersonate_officials'], difficulty: 2 }));
    expect(v2b.body).toMatchObject({ version: 2, versionId: v2.body.versionId });
    // the draw keys follow the current version
    const tagged = await ds.transaction((m) => bank.drawCandidates(m, ids.town, { fraudType: 'anti_fraud_law', difficulty: 2 }));
    expect(tagged.some((c) => c.questionId === q.id)).toBe(false);
    const now = await ds.transaction((m) => bank.drawCandidates(m, ids.town, { fraudType: 'impersonate_officials', difficulty: 2 }));
    expect(now).toContainEqual({ questionId: q.id, versionId: v2.body.versionId });
    const byId = await bank.versionsByIds(ds.manager, [q.versionId, v2.body.versionId]);
    expect([...byId.keys()].sort()).toEqual([q.versionId, v2.body.versionId].sort());
  });

  it('rejects invalid content with field errors', async () => {
    const dupOptions = await send('post', admin, '/api/quiz/questions', question('选项重复的题目在这里', { options: ['一样', '一样'] }), { townId: ids.town });
    expect([dupOptions.status, dupOptions.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(dupOptions.body.fields).toContainEqual({ path: 'body.options', message: '选项不能重复' });
    const outOfRange = await send('post', admin, '/api/quiz/questions', question('答案超出选项范围的题目', { answer: [5] }), { townId: ids.town });
    expect(outOfRange.body.fields).toContainEqual({ path: 'body.answer', message: '答案不在选项范围内' });
  });

  it('is retired (never drawn, listed under retired) and restored', async () => {
    const q = await create('网上刷单兼职“先垫付后返利”，可信吗？', { fraudTypes: ['order_brushing'] });
    const retired = await send('post', admin, `/api/quiz/questions/${q.id}/status`, { status: 'retired' });
    expect([retired.status, retired.body.status]).toEqual([200, 'retired']);
    const draw = () => ds.transaction((m) => bank.drawCandidates(m, ids.town, { fraudType: 'order_brushing' }));
    expect((await draw()).map((c) => c.questionId)).not.toContain(q.id);
    expect((await bank.currentVersionsOf(ds.manager, ids.town, [q.id])).size).toBe(0);
    const active = await get(admin, '/api/quiz/questions', { townId: ids.town, bank: 'town' });
    expect(active.body.items.map((x: QuestionView) => x.id)).not.toContain(q.id);
    const listed = await get(admin, '/api/quiz/questions', { townId: ids.town, bank: 'town', status: 'retired' });
    expect(listed.body.items.map((x: QuestionView) => x.id)).toEqual([q.id]);
    const restored = await send('post', admin, `/api/quiz/questions/${q.id}/status`, { status: 'active' });
    expect(restored.body.status).toBe('active');
    expect((await draw()).map((c) => c.questionId)).toContain(q.id);
    expect((await bank.currentVersionsOf(ds.manager, ids.town, [q.id])).get(q.id)?.id).toBe(q.versionId);
    // another town does not see it
    expect((await bank.currentVersionsOf(ds.manager, town2, [q.id])).size).toBe(0);
  });
});

describe('scoping', () => {
  let q: QuestionView;
  beforeAll(async () => {
    q = await create('冒充领导加微信要求转账，正确的做法是？', { fraudTypes: ['impersonate_acquaintance'] });
  });

  it("another town's admin sees nothing of it", async () => {
    expect((await get(town2Admin, `/api/quiz/questions/${q.id}`)).status).toBe(404);
    expect((await send('put', town2Admin, `/api/quiz/questions/${q.id}`, question('别的镇想改这道题'))).status).toBe(404);
    expect((await send('post', town2Admin, `/api/quiz/questions/${q.id}/status`, { status: 'retired' })).status).toBe(404);
    expect((await get(town2Admin, '/api/quiz/questions', { townId: ids.town })).status).toBe(404);
    expect((await exportBank(t, town2Admin.accessToken, ids.town)).status).toBe(404);
    // and its own bank holds only the built-in questions
    const own = await get(town2Admin, '/api/quiz/questions', { townId: town2, bank: 'town' });
    expect([own.status, own.body.total]).toEqual([200, 0]);
  });

  it('school admins and unit contacts read the bank but do not write it', async () => {
    for (const token of [schoolAdmin, unitContact]) {
      expect((await get(token, `/api/quiz/questions/${q.id}`)).status).toBe(200);
      expect((await get(token, '/api/quiz/questions', { townId: ids.town, bank: 'town' })).body.items.map((x: QuestionView) => x.id)).toContain(q.id);
      expect((await exportBank(t, token.accessToken, ids.town)).status).toBe(200);
      const upd = await send('put', token, `/api/quiz/questions/${q.id}`, question('学校管理员想改这道题'));
      expect([upd.status, upd.body.code]).toEqual([403, 'FORBIDDEN']);
      expect((await send('post', token, '/api/quiz/questions', question('学校管理员想新建一道题'), { townId: ids.town })).status).toBe(403);
      expect((await importBank(t, token.accessToken, ids.town, Buffer.from('x'))).status).toBe(403);
    }
  });

  it('residents, teachers and the police liaison cannot read it', async () => {
    for (const token of [resident, teacher]) {
      expect((await get(token, `/api/quiz/questions/${q.id}`)).status).toBe(404);
      expect((await get(token, '/api/quiz/questions', { townId: ids.town })).status).toBe(404);
    }
    // the liaison sees the town, without the permission
    expect((await get(police, '/api/quiz/questions', { townId: ids.town })).status).toBe(403);
    expect((await get(police, `/api/quiz/questions/${q.id}`)).status).toBe(403);
  });

  it('the bank belongs to a town node: a village or the county is not found', async () => {
    expect((await get(admin, '/api/quiz/questions', { townId: ids.dongshan })).status).toBe(404);
    expect((await send('post', admin, '/api/quiz/questions', question('建在村里的题目'), { townId: ids.dongshan })).status).toBe(404);
  });
});

describe('xlsx export and import', () => {
  it('exports the town bank with Chinese headers and a help sheet, audit-logged', async () => {
    const res = await exportBank(t, admin.accessToken, ids.town);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readSheet(res.body);
    expect(rows[0]).toEqual(HEADER);
    const townCount = await count('SELECT COUNT(*) AS n FROM question WHERE townId = ?', [ids.town]);
    expect(rows.length - 1).toBe(townCount);
    const multi = rows.find((r) => r[2].includes('百万保障'))!;
    expect(multi.slice(0, 2)).toEqual([expect.stringMatching(/^T-/), '多选题']);
    expect(multi[9]).toBe('AB');
    expect(multi[11]).toBe('冒充电商物流客服、被骗后怎么办');
    expect(multi[13]).toBe('中等');
    const help = await readSheet(res.body, '说明');
    expect(help.map((r) => r[0])).toEqual(expect.arrayContaining(['编号', '答案', '类型']));
    const audit = await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.quiz_questions' AND nodeId = ?", [ids.town]);
    expect(audit).toBeGreaterThanOrEqual(1);

    const builtin = await readSheet((await exportBank(t, admin.accessToken, ids.town, 'builtin')).body);
    expect(builtin.length - 1).toBe(await count('SELECT COUNT(*) AS n FROM question WHERE townId = 0'));
    expect(builtin.slice(1).every((r) => r[0].startsWith('SYS-'))).toBe(true);
  });

  it('importing the export unchanged reports every row unchanged and writes nothing', async () => {
    const file = (await exportBank(t, admin.accessToken, ids.town)).body as Buffer;
    const before = await snapshot(ids.town);
    const audits = () => count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'quiz.questions.import' AND nodeId = ?", [ids.town]);
    const auditsBefore = await audits();
    const n = (await readSheet(file)).length - 1;
    const res = await importBank(t, admin.accessToken, ids.town, file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: n, created: 0, updated: 0, unchanged: n });
    expect(await snapshot(ids.town)).toBe(before);
    expect(await audits()).toBe(auditsBefore + 1);
  });

  it('importing the export into another town creates identical questions', async () => {
    const file = (await exportBank(t, admin.accessToken, ids.town)).body as Buffer;
    const res = await importBank(t, town2Admin.accessToken, town2, file);
    expect(res.status).toBe(200);
    const n = await count('SELECT COUNT(*) AS n FROM question WHERE townId = ?', [ids.town]);
    expect(res.body).toEqual({ rows: n, created: n, updated: 0, unchanged: 0 });
    const strip = async (token: TokenResponse, townId: number, status: string) => {
      const r = await get(token, '/api/quiz/questions', { townId, bank: 'town', status, limit: 100 });
      return (r.body.items as QuestionView[]).map(({ id: _i, versionId: _v, townId: _t, updatedAt: _u, version: _n, ...rest }) => rest).sort((a, b) => a.code.localeCompare(b.code));
    };
    for (const status of ['active', 'retired']) expect(await strip(town2Admin, town2, status)).toEqual(await strip(admin, ids.town, status));
    // and the second town's export is the same sheet
    const again = await readSheet((await exportBank(t, town2Admin.accessToken, town2)).body);
    expect(again).toEqual(await readSheet(file));
  });

  it('an edited export updates the changed rows (a drawn one as a new version) and creates the new ones', async () => {
    const file = (await exportBank(t, admin.accessToken, ids.town)).body as Buffer;
    const rows = await readSheet(file);
    const target = rows.findIndex((r) => r[2].includes('百万保障'));
    const code = rows[target][0];
    const [{ currentVersionId }] = await ds.query('SELECT currentVersionId FROM question WHERE townId = ? AND code = ?', [ids.town, code]);
    await ds.transaction((m) => bank.lockVersions(m, [currentVersionId]));
    rows[target][2] = '客服让你开通“百万保障”服务，否则每月扣费，怎么办？';
    const retireRow = rows.findIndex((r, i) => i > 0 && i !== target && r[15] === '启用');
    rows[retireRow][15] = '停用';
    rows.push(['', '判断题', '公检法机关不会通过电话、微信办案，也没有“安全账户”。', '', '', '', '', '', '', '正确', '公检法机关不会通过电话办案，更不会要求转账。', '冒充公检法', '老年人、干部', '1', '', '']);
    rows.push(['MY-01', '单选题', '下面哪个是全国反诈专用号码？', '96110', '12345', '', '', '', '', 'a', '96110 是反诈预警劝阻专线。', '被骗后怎么办', '', '容易', '', '启用']);
    const res = await importBank(t, admin.accessToken, ids.town, await workbookBuffer(rows));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: rows.length - 1, created: 2, updated: 2, unchanged: rows.length - 5 });
    const after = await get(admin, '/api/quiz/questions', { townId: ids.town, q: '否则每月扣费' });
    expect(after.body.items[0]).toMatchObject({ code, version: 2 });
    const tf = (await get(admin, '/api/quiz/questions', { townId: ids.town, q: '也没有“安全账户”' })).body.items[0];
    expect(tf).toMatchObject({ type: 'true_false', options: ['正确', '错误'], answer: [0], audiences: ['elderly', 'cadres'], difficulty: 1, source: null });
    expect(tf.code).toMatch(/^T-\d{6}$/);
    const mine = (await get(admin, '/api/quiz/questions', { townId: ids.town, q: '全国反诈专用号码' })).body.items[0];
    expect(mine).toMatchObject({ code: 'MY-01', answer: [0], fraudTypes: ['after_scam'] });
    // the same file again: the row without a code is another new question, nothing else changes
    const again = await importBank(t, admin.accessToken, ids.town, await workbookBuffer(rows));
    expect(again.body).toEqual({ rows: rows.length - 1, created: 1, updated: 0, unchanged: rows.length - 2 });
  });

  it('a file with bad rows is refused whole, every row error listed, nothing written', async () => {
    const before = await snapshot(ids.town);
    const ok = ['', '单选题', '这是一道完全正确的题目', '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''];
    const rows: SheetRow[] = [
      HEADER,
      ok,
      ['', '问答题', '题型写错了的一道题', '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['', '单选题', '答案超出了选项范围', '甲', '乙', '', '', '', '', 'D', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['', '单选题', '选项有重复的一道题', '甲', '甲', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['', '单选题', '', '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['DUP-1', '单选题', '编号第一次出现', '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['dup-1', '单选题', '编号重复出现了', '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['', '单选题', '类型和难度都写错了', '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单、不存在的类型', '', '很难', '', ''],
      ['SYS-A001', '单选题', '带着系统题库编号的一道题', '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['', '多选题', '多选题只有一个答案', '甲', '乙', '丙', '', '', '', 'B', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
      ['', '单选题', '选项中间空了一个', '甲', '', '丙', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', ''],
    ];
    const res = await importBank(t, admin.accessToken, ids.town, await workbookBuffer(rows));
    expect([res.status, res.body.code]).toEqual([400, 'IMPORT_INVALID']);
    const paths = (res.body.fields as Array<{ path: string; message: string }>).map((f) => f.path);
    expect(paths).toEqual(['第3行 题型', '第4行 答案', '第5行 选项', '第6行 题干', '第8行 编号', '第9行 类型', '第9行 难度', '第10行 编号', '第11行 答案', '第12行 选项B']);
    const byPath = Object.fromEntries((res.body.fields as Array<{ path: string; message: string }>).map((f) => [f.path, f.message]));
    expect(byPath['第4行 答案']).toBe('答案不在选项范围内');
    expect(byPath['第5行 选项']).toBe('选项不能重复');
    expect(byPath['第8行 编号']).toBe('编号和第7行重复');
    expect(byPath['第9行 类型']).toBe('不认识的类型“刷单”“不存在的类型”，可填的内容见“说明”表');
    expect(byPath['第10行 编号']).toContain('系统题库的编号不能导入');
    expect(res.body.message).toContain('共10处错误');
    expect(await snapshot(ids.town)).toBe(before);
  });

  it('a file that is not an xlsx, or lacks the header, is IMPORT_FILE_INVALID; a multipart upload is required', async () => {
    const notXlsx = await importBank(t, admin.accessToken, ids.town, Buffer.from('编号,题型,题干\n1,单选题,题目'), 'bank.csv');
    expect([notXlsx.status, notXlsx.body.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    const zipNotXlsx = await importBank(t, admin.accessToken, ids.town, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]));
    expect([zipNotXlsx.status, zipNotXlsx.body.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    const noHeader = await importBank(t, admin.accessToken, ids.town, await workbookBuffer([['题目', '答案'], ['一道题', 'A']]));
    expect([noHeader.status, noHeader.body.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    expect(noHeader.body.message).toContain('题型');
    const json = await send('post', admin, '/api/quiz/questions/import', { file: 'x' }, { townId: ids.town });
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('more than 5,000 rows is refused with 413 before any row is read', async () => {
    const rows: SheetRow[] = [HEADER];
    for (let i = 0; i < 10_000; i++) rows.push(['', '单选题', `第${i}道题的题干`, '甲', '乙', '', '', '', '', 'A', '这是一段解析文字', '刷单返利', '', '容易', '', '']);
    const before = await count('SELECT COUNT(*) AS n FROM question');
    const res = await importBank(t, admin.accessToken, ids.town, await workbookBuffer(rows));
    expect([res.status, res.body.code]).toEqual([413, 'IMPORT_TOO_MANY_ROWS']);
    expect(await count('SELECT COUNT(*) AS n FROM question')).toBe(before);
  });

  it('imports 2,000 questions in one go, well under 10 s, and they round-trip', async () => {
    const rows: SheetRow[] = [HEADER];
    for (let i = 0; i < 2000; i++) {
      const multiple = i % 3 === 1;
      rows.push([
        '',
        multiple ? '多选题' : i % 3 === 2 ? '判断题' : '单选题',
        `批量导入的第${i + 1}道题：遇到陌生人要求转账时应该怎么做？`,
        ...(i % 3 === 2 ? ['', '', '', ''] : ['立即转账', '先核实身份', '拨打96110咨询', '告诉家人']),
        '', '',
        multiple ? 'BCD' : i % 3 === 2 ? '错误' : 'B',
        '陌生人要求转账，先核实，拿不准就拨打96110。',
        i % 2 ? '刷单返利、虚假投资理财' : '冒充公检法',
        i % 5 ? '老年人' : '',
        (i % 3) + 1,
        i % 4 ? '' : '《反电信网络诈骗法》第八条',
        '',
      ]);
    }
    const file = await workbookBuffer(rows);
    const before = await count('SELECT COUNT(*) AS n FROM question WHERE townId = ?', [town2]);
    const started = Date.now();
    const res = await importBank(t, town2Admin.accessToken, town2, file);
    const ms = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 2000, created: 2000, updated: 0, unchanged: 0 });
    expect(ms).toBeLessThan(10_000);
    console.log(`2,000-row import: ${ms} ms`);
    expect(await count('SELECT COUNT(*) AS n FROM question WHERE townId = ?', [town2])).toBe(before + 2000);
    // every question points at its own first version
    expect(await count('SELECT COUNT(*) AS n FROM question q JOIN question_version v ON v.id = q.currentVersionId AND v.questionId = q.id WHERE q.townId = ?', [town2])).toBe(before + 2000);
    const codes: Array<{ code: string }> = await ds.query('SELECT code FROM question WHERE townId = ? ORDER BY code', [town2]);
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
    const exported = (await exportBank(t, town2Admin.accessToken, town2)).body as Buffer;
    const back = await importBank(t, town2Admin.accessToken, town2, exported);
    expect(back.body).toEqual({ rows: before + 2000, created: 0, updated: 0, unchanged: before + 2000 });
  });
});
