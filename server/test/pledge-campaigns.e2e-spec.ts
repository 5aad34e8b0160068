// Pledge texts and campaigns end to end: the built-in texts (every kind, idempotent sync, read-only,
// versioned once used), towns' own texts (in-place edits, versions after publishing, kind fixed, town
// scoping), campaign rules (owner, template, kind and audience, scope, deadline, school limits),
// publishing locks the text version, edits after publishing, closing, and who sees which campaigns
// with which counts.
import { PLEDGE_KINDS, PledgeCampaignView, PledgeTemplateView, signRate } from '@wuzha/shared';
import { DataSource, IsNull } from 'typeorm';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { RosterEntry } from '../src/modules/pledge-roster/roster-entry.entity';
import { BUILTIN_TEXTS } from '../src/modules/pledge-template/builtin-texts';
import { ensureBuiltinTemplates } from '../src/modules/pledge-template/builtin-sync';
import { pledgeTextHash } from '../src/modules/pledge-template/pledge-text';
import { PledgeTemplateService } from '../src/modules/pledge-template/pledge-template.service';
import { PledgeTemplateVersion } from '../src/modules/pledge-template/pledge-template-version.entity';
import { PledgeTemplate } from '../src/modules/pledge-template/pledge-template.entity';
import { PledgeCampaignService } from '../src/modules/pledge/pledge-campaign.service';
import { PledgeCampaign } from '../src/modules/pledge/pledge-campaign.entity';
import { PledgeSignature } from '../src/modules/pledge/pledge-signature.entity';
import { builtinTemplate, pledgeCampaignBody, pledgeTemplateBody, secondTown } from './authz/pledge-campaigns.rows';
import { demoNodeIds } from './utils/demo-nodes';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(180_000);

const DAY = 86400_000;
// Monday 2025-03-10 10:00 in China
const T0 = new Date('2025-03-10T02:00:00Z');

let t: TestApp;
let ds: DataSource;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
const openids: Record<string, string> = {};
const tok: Record<string, { token: string; at: number }> = {};
let town2: OrgNode;
// built-in template ids by kind
const B: Record<string, number> = {};

const err = (res: { status: number; body: { code?: string } }) => `${res.status} ${res.body.code}`;
// access tokens live 15 minutes on the test clock: log in again after the clock moved
async function token(who: string): Promise<string> {
  const now = t.clock.now().getTime();
  const cur = tok[who];
  if (!cur || Math.abs(now - cur.at) > 10 * 60_000) tok[who] = { token: (await t.login(openids[who])).accessToken, at: now };
  return tok[who].token;
}
const as = (who: string) => ({
  get: async (url: string, query: object = {}) => t.http.get(url).query(query).set(t.bearer(await token(who))),
  post: async (url: string, body: object = {}, query: object = {}) => t.http.post(url).query(query).set(t.bearer(await token(who))).send(body),
  put: async (url: string, body: object = {}) => t.http.put(url).set(t.bearer(await token(who))).send(body),
});
const userId = async (who: string) => (await t.login(openids[who])).userId;
const body = (owner: number, scope: number[], templateId: number, over: Record<string, unknown> = {}) => pledgeCampaignBody(owner, scope, templateId, over as never, t.clock.now());
async function created(who: string, b: Record<string, unknown>): Promise<PledgeCampaignView> {
  const res = await as(who).post('/api/pledge/campaigns', b);
  expect([res.status, res.body.code]).toEqual([201, undefined]);
  return res.body;
}
async function published(who: string, b: Record<string, unknown>): Promise<PledgeCampaignView> {
  const c = await created(who, b);
  const res = await as(who).post(`/api/pledge/campaigns/${c.id}/publish`);
  expect(res.status).toBe(200);
  return res.body;
}
async function townText(kind = 'resident', title = '和平镇居民承诺书', text = '一、不参与网络刷单。\n二、不出租出借银行卡和手机卡。'): Promise<PledgeTemplateView> {
  const res = await as('admin').post('/api/pledge/templates', pledgeTemplateBody(kind as never, title, text), { townId: ids.town });
  expect(res.status).toBe(201);
  return res.body;
}
const versionRows = (templateId: number) => ds.getRepository(PledgeTemplateVersion).find({ where: { templateId }, order: { version: 'ASC' } });

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(T0);
  ds = t.dataSource;
  ids = await demoNodeIds(t);
  Object.assign(openids, {
    admin: 'demo-town_admin', school: 'demo-school_admin', teacher: 'demo-teacher', student: 'demo-student', parent: 'demo-parent',
    cadre: 'demo-village_cadre', unit: 'demo-unit_contact', police: 'demo-police_liaison', resident: 'demo-resident', grid: 'demo-grid_worker',
    admin2: 'e2e-pledge-town2-admin', cadreB: 'e2e-pledge-cadreB', teacher72: 'e2e-pledge-teacher72',
  });
  expect((await as('resident').post('/api/memberships/join', { nodeId: ids.dsGrid1 })).status).toBe(200);
  town2 = (await secondTown(t, '安乐镇', openids.admin2)).town;
  for (const kind of PLEDGE_KINDS) B[kind] = (await builtinTemplate(t, kind)).id;
  // a village cadre of 西河村, and a teacher of 七年级2班
  for (const [who, nodeId, role, inviter] of [['cadreB', ids.xihe, 'village_cadre', 'admin'], ['teacher72', ids.class72, 'teacher', 'school']] as const) {
    const invite = await as(inviter).post('/api/invites', { nodeId, role });
    expect(invite.status).toBe(201);
    expect((await as(who).post(`/api/invites/code/${invite.body.code}/accept`)).status).toBe(200);
  }
});

afterAll(async () => {
  await t?.close();
});

describe('built-in texts', () => {
  it('are there for every kind, first in the list, read-only to nobody but readable by text readers', async () => {
    const res = await as('admin').get('/api/pledge/templates', { townId: ids.town });
    expect(res.status).toBe(200);
    const builtins = res.body.items.filter((x: PledgeTemplateView) => x.builtin);
    expect(builtins.map((x: PledgeTemplateView) => x.kind)).toEqual([...PLEDGE_KINDS]);
    for (const x of builtins) {
      const shipped = BUILTIN_TEXTS.find((b) => b.kind === x.kind)!;
      expect(x).toMatchObject({ townId: null, current: { version: 1, title: shipped.title, body: shipped.body } });
      expect(x.current.textHash).toBe(pledgeTextHash(shipped.title, shipped.body));
    }
    // filtered by kind
    const family = await as('school').get('/api/pledge/templates', { townId: ids.town, kind: 'family' });
    expect(family.body.items.map((x: PledgeTemplateView) => x.id)).toEqual([B.family]);
    // the full view has the versions, newest first, without bodies
    const one = await as('school').get(`/api/pledge/templates/${B.unit}`);
    expect(one.status).toBe(200);
    expect(one.body.versions).toEqual([{ id: one.body.current.id, version: 1, title: one.body.current.title, textHash: one.body.current.textHash, locked: one.body.current.locked, createdAt: one.body.current.createdAt }]);
  });

  it('sync is idempotent: a second run (as at every boot) changes nothing', async () => {
    const before = JSON.stringify([await ds.query('SELECT * FROM pledge_template ORDER BY id'), await ds.query('SELECT * FROM pledge_template_version ORDER BY id')]);
    const current = await t.app.get(PledgeTemplateService).syncBuiltin();
    expect([...current.keys()].sort()).toEqual([...PLEDGE_KINDS].sort());
    expect(current.get('student')!.templateId).toBe(B.student);
    const after = JSON.stringify([await ds.query('SELECT * FROM pledge_template ORDER BY id'), await ds.query('SELECT * FROM pledge_template_version ORDER BY id')]);
    expect(after).toBe(before);
  });

  it('a changed shipped text is edited in place while unused, and makes a new version once a campaign published it', async () => {
    const shipped = BUILTIN_TEXTS.map((b) => (b.kind === 'staff' ? { ...b, body: `${b.body}\n八、（修订）` } : b));
    const now = t.clock.now();
    const v1 = (await versionRows(B.staff))[0];
    const inPlace = await ds.transaction((m) => ensureBuiltinTemplates(m, now, shipped));
    expect(inPlace.get('staff')!.id).toBe(v1.id);
    expect(await versionRows(B.staff)).toEqual([expect.objectContaining({ id: v1.id, version: 1, body: shipped.find((b) => b.kind === 'staff')!.body })]);
    // back to the shipped text, then used by a published campaign: the next change is a new version
    await ds.transaction((m) => ensureBuiltinTemplates(m, now));
    const c = await published('school', body(ids.school, [ids.school], B.staff, { audience: 'staff', title: '教职工承诺书' }));
    expect(c.template).toMatchObject({ versionId: v1.id, version: 1 });
    const next = await ds.transaction((m) => ensureBuiltinTemplates(m, now, shipped));
    expect(next.get('staff')!.version).toBe(2);
    const rows = await versionRows(B.staff);
    expect(rows.map((v) => [v.version, Boolean(v.locked)])).toEqual([[1, true], [2, false]]);
    expect(rows[0].textHash).toBe(pledgeTextHash(BUILTIN_TEXTS.find((b) => b.kind === 'staff')!.title, BUILTIN_TEXTS.find((b) => b.kind === 'staff')!.body));
    // the published campaign keeps version 1
    expect((await as('school').get(`/api/pledge/campaigns/${c.id}`)).body.template).toMatchObject({ versionId: v1.id, version: 1, textHash: rows[0].textHash });
    // the boot sync brings the shipped text back into version 2 (never used: edited in place)
    await t.app.get(PledgeTemplateService).syncBuiltin();
    expect((await versionRows(B.staff)).map((v) => v.version)).toEqual([1, 2]);
    expect((await ds.getRepository(PledgeTemplate).findOneByOrFail({ id: B.staff })).currentVersionId).toBe(rows[1].id);
  });

  it('cannot be edited by anyone (PLEDGE_TEMPLATE_READ_ONLY) and is hidden from those who read no texts', async () => {
    const before = await versionRows(B.student);
    for (const who of ['admin', 'school']) {
      const res = await as(who).put(`/api/pledge/templates/${B.student}`, pledgeTemplateBody('student', '我改的'));
      expect(err(res)).toBe('403 PLEDGE_TEMPLATE_READ_ONLY');
    }
    for (const who of ['teacher', 'police', 'cadre', 'resident']) {
      expect(err(await as(who).get(`/api/pledge/templates/${B.student}`))).toBe('404 NOT_FOUND');
      expect(err(await as(who).put(`/api/pledge/templates/${B.student}`, pledgeTemplateBody('student')))).toBe('404 NOT_FOUND');
    }
    expect(await versionRows(B.student)).toEqual(before);
  });
});

describe('town texts', () => {
  it('are created by town admins with the hash of the trimmed text; control characters are refused', async () => {
    const crlf = await as('admin').post('/api/pledge/templates', pledgeTemplateBody('family', '和平镇无诈家庭承诺书', '一、全家装反诈APP。\r\n二、不出借银行卡。'), { townId: ids.town });
    expect(err(crlf)).toBe('400 VALIDATION_FAILED');
    expect(crlf.body.fields).toEqual([{ path: 'body.body', message: '不能包含控制字符' }]);
    const res = await as('admin').post('/api/pledge/templates', pledgeTemplateBody('family', '和平镇无诈家庭承诺书', '  一、全家装反诈APP。\n二、不出借银行卡。  '), { townId: ids.town });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ builtin: false, townId: ids.town, kind: 'family', current: { version: 1, body: '一、全家装反诈APP。\n二、不出借银行卡。', locked: false } });
    expect(res.body.current.textHash).toBe(pledgeTextHash('和平镇无诈家庭承诺书', '一、全家装反诈APP。\n二、不出借银行卡。'));
    const list = await as('school').get('/api/pledge/templates', { townId: ids.town });
    expect(list.body.items.map((x: PledgeTemplateView) => x.id)).toContain(res.body.id);
  });

  it('are edited in place while no published campaign uses them; the kind cannot change; the same text changes nothing', async () => {
    const x = await townText('resident', '居民承诺书（草稿）');
    const draft = await created('admin', body(ids.town, [ids.dongshan], x.id, { audience: 'residents' }));
    const edit = await as('admin').put(`/api/pledge/templates/${x.id}`, pledgeTemplateBody('resident', '居民承诺书', '一、不刷单。\n二、不出借两卡。\n三、被骗打110。'));
    expect(edit.status).toBe(200);
    expect(edit.body.current).toMatchObject({ id: x.current.id, version: 1, title: '居民承诺书' });
    expect(edit.body.versions).toHaveLength(1);
    // the draft follows the edit
    expect((await as('admin').get(`/api/pledge/campaigns/${draft.id}`)).body.template).toMatchObject({ versionId: x.current.id, title: '居民承诺书', textHash: edit.body.current.textHash });
    const kind = await as('admin').put(`/api/pledge/templates/${x.id}`, pledgeTemplateBody('family', '居民承诺书'));
    expect(err(kind)).toBe('400 VALIDATION_FAILED');
    expect(kind.body.fields).toEqual([{ path: 'body.kind', message: expect.stringMatching(/类型不能修改/) }]);
    const same = await as('admin').put(`/api/pledge/templates/${x.id}`, pledgeTemplateBody('resident', '居民承诺书', '一、不刷单。\n二、不出借两卡。\n三、被骗打110。'));
    expect(same.body).toEqual(edit.body);
  });

  it('get a new version once a published campaign uses them; the campaign keeps its words, a draft follows the new text', async () => {
    const x = await townText('resident', '东山村居民承诺书', '一、不参与刷单。\n二、不出借银行卡和手机卡。');
    const pub = await published('admin', body(ids.town, [ids.dongshan], x.id, { audience: 'residents' }));
    expect(pub.template).toMatchObject({ id: x.id, versionId: x.current.id, version: 1, textHash: x.current.textHash });
    expect((await as('admin').get(`/api/pledge/templates/${x.id}`)).body.current.locked).toBe(true);
    const draft = await created('admin', body(ids.town, [ids.xihe], x.id, { audience: 'residents' }));
    const edit = await as('admin').put(`/api/pledge/templates/${x.id}`, pledgeTemplateBody('resident', '东山村居民承诺书', '一、不参与刷单。\n二、不出借银行卡、手机卡和身份证。'));
    expect(edit.status).toBe(200);
    expect(edit.body.current).toMatchObject({ version: 2, locked: false });
    expect(edit.body.versions.map((v: { version: number; locked: boolean }) => [v.version, v.locked])).toEqual([[2, false], [1, true]]);
    const v1 = await ds.getRepository(PledgeTemplateVersion).findOneByOrFail({ id: x.current.id });
    expect([v1.body, v1.textHash]).toEqual(['一、不参与刷单。\n二、不出借银行卡和手机卡。', x.current.textHash]);
    expect((await as('admin').get(`/api/pledge/campaigns/${pub.id}`)).body.template).toMatchObject({ versionId: x.current.id, version: 1, textHash: x.current.textHash });
    expect((await as('admin').get(`/api/pledge/campaigns/${draft.id}`)).body.template).toMatchObject({ versionId: edit.body.current.id, version: 2 });
    // publishing the draft fixes and locks version 2; a further edit makes version 3
    const pub2 = await as('admin').post(`/api/pledge/campaigns/${draft.id}/publish`);
    expect(pub2.body.template).toMatchObject({ versionId: edit.body.current.id, version: 2, textHash: edit.body.current.textHash });
    expect((await ds.getRepository(PledgeCampaign).findOneByOrFail({ id: draft.id })).templateVersionId).toBe(edit.body.current.id);
    expect((await ds.getRepository(PledgeTemplateVersion).findOneByOrFail({ id: edit.body.current.id })).locked).toBeTruthy();
    const third = await as('admin').put(`/api/pledge/templates/${x.id}`, pledgeTemplateBody('resident', '东山村居民承诺书（三）'));
    expect(third.body.current.version).toBe(3);
    // versionById serves locked versions (from memory after the first read) and unlocked ones alike
    const svc = t.app.get(PledgeTemplateService);
    expect((await svc.versionById(x.current.id)).textHash).toBe(x.current.textHash);
    expect((await svc.versionById(third.body.current.id)).version).toBe(3);
    await expect(svc.versionById(99_999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('are scoped to their town: another town sees none of them and may not write them; school admins read but do not write', async () => {
    const x = await townText('student', '和平镇学生承诺书');
    expect(err(await as('admin2').get(`/api/pledge/templates/${x.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('admin2').put(`/api/pledge/templates/${x.id}`, pledgeTemplateBody('student')))).toBe('404 NOT_FOUND');
    expect(err(await as('admin2').get('/api/pledge/templates', { townId: ids.town }))).toBe('404 NOT_FOUND');
    expect(err(await as('admin2').post('/api/pledge/templates', pledgeTemplateBody(), { townId: ids.town }))).toBe('404 NOT_FOUND');
    const own = await as('admin2').get('/api/pledge/templates', { townId: town2.id });
    expect(own.body.items.every((i: PledgeTemplateView) => i.builtin)).toBe(true);
    expect(own.body.items).toHaveLength(PLEDGE_KINDS.length);
    // 安乐镇's own text, and a town admin of 和平镇 cannot see it
    const theirs = await as('admin2').post('/api/pledge/templates', pledgeTemplateBody('resident', '安乐镇居民承诺书'), { townId: town2.id });
    expect(theirs.status).toBe(201);
    expect(err(await as('admin').get(`/api/pledge/templates/${theirs.body.id}`))).toBe('404 NOT_FOUND');
    expect((await as('admin').get('/api/pledge/templates', { townId: ids.town })).body.items.map((i: PledgeTemplateView) => i.id)).not.toContain(theirs.body.id);
    // …nor run a campaign with it
    const foreign = await as('admin').post('/api/pledge/campaigns', body(ids.town, [ids.dongshan], theirs.body.id, { audience: 'residents' }));
    expect(err(foreign)).toBe('404 NOT_FOUND');
    // a school admin reads the town's texts, does not write them
    expect((await as('school').get(`/api/pledge/templates/${x.id}`)).status).toBe(200);
    expect(err(await as('school').put(`/api/pledge/templates/${x.id}`, pledgeTemplateBody('student')))).toBe('403 FORBIDDEN');
    expect(err(await as('school').post('/api/pledge/templates', pledgeTemplateBody(), { townId: ids.town }))).toBe('403 FORBIDDEN');
    // the school admin's town only: a node that is not a town is not a text library
    expect(err(await as('school').get('/api/pledge/templates', { townId: ids.school }))).toBe('404 NOT_FOUND');
    // police liaisons see the town but no texts; teachers and residents see nothing
    expect(err(await as('police').get('/api/pledge/templates', { townId: ids.town }))).toBe('403 FORBIDDEN');
    expect(err(await as('teacher').get('/api/pledge/templates', { townId: ids.town }))).toBe('404 NOT_FOUND');
    expect(err(await as('police').get(`/api/pledge/templates/${x.id}`))).toBe('404 NOT_FOUND');
  });
});

describe('campaign rules', () => {
  it('a town admin creates a draft; the view carries the text version, scope, state and counts', async () => {
    const c = await created('admin', body(ids.town, [ids.dongshan, ids.xihe], B.resident, { audience: 'residents', guardianSigns: true, targetPercent: 90 }));
    const v = await ds.getRepository(PledgeTemplateVersion).findOneByOrFail({ id: (await ds.getRepository(PledgeTemplate).findOneByOrFail({ id: B.resident })).currentVersionId });
    expect(c).toMatchObject({
      owner: { id: ids.town, kind: 'town' },
      kind: 'resident',
      audience: 'residents',
      scope: [{ id: ids.dongshan, name: '东山村', kind: 'village' }, { id: ids.xihe, name: '西河村', kind: 'village' }],
      template: { id: B.resident, versionId: v.id, version: v.version, title: v.title, textHash: v.textHash },
      targetPercent: 90,
      // only students campaigns have guardians
      guardianSigns: false,
      status: 'draft',
      state: 'draft',
      signed: 0,
      publishedAt: null,
      canManage: true,
    });
    expect(typeof c.total).toBe('number');
    expect(new Date(c.deadline).getTime()).toBe(T0.getTime() + 7 * DAY);
    // a students campaign keeps guardianSigns
    const s = await created('school', body(ids.school, [ids.class71], B.student, { guardianSigns: true }));
    expect(s.guardianSigns).toBe(true);
  });

  it('the template kind must fit the audience (PLEDGE_KIND_AUDIENCE_MISMATCH)', async () => {
    const mismatch: Array<[string, string, number[]]> = [
      ['student', 'residents', [ids.dongshan]],
      ['resident', 'students', [ids.class71]],
      ['unit', 'staff', [ids.textile]],
      ['staff', 'units', [ids.textile]],
      ['family', 'units', [ids.textile]],
    ];
    for (const [kind, audience, scope] of mismatch) {
      expect([kind, audience, err(await as('admin').post('/api/pledge/campaigns', body(ids.town, scope, B[kind], { audience })))]).toEqual([kind, audience, '400 PLEDGE_KIND_AUDIENCE_MISMATCH']);
    }
    // a family pledge goes to students (their families) or to residents
    expect((await as('admin').post('/api/pledge/campaigns', body(ids.town, [ids.class71], B.family, { audience: 'students' }))).status).toBe(201);
    expect((await as('admin').post('/api/pledge/campaigns', body(ids.town, [ids.dongshan], B.family, { audience: 'residents' }))).status).toBe(201);
    // an unknown template
    expect(err(await as('admin').post('/api/pledge/campaigns', body(ids.town, [ids.dongshan], 99_999, { audience: 'residents' })))).toBe('404 NOT_FOUND');
  });

  it('the scope: existing nodes of the audience kinds inside the owner; students in one school (PLEDGE_SCOPE_INVALID)', async () => {
    const county = (await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.county })).id;
    const grade7 = await t.nodeId('示范县', '和平镇', '和平镇中学', '七年级');
    const invalid: Array<[string, string, Record<string, unknown>]> = [
      ['a node that does not exist', 'admin', body(ids.town, [99_999_999], B.resident, { audience: 'residents' })],
      ['a node above the owner', 'admin', body(ids.town, [county], B.resident, { audience: 'residents' })],
      ['a node of another town', 'admin', body(ids.town, [town2.id], B.resident, { audience: 'residents' })],
      ['a class for residents', 'admin', body(ids.town, [ids.class71], B.resident, { audience: 'residents' })],
      ['a village for students', 'admin', body(ids.town, [ids.dongshan], B.student)],
      ['the town for students', 'admin', body(ids.town, [ids.town], B.student)],
      ['a school for units', 'admin', body(ids.town, [ids.school], B.unit, { audience: 'units' })],
      ['a grid for staff', 'admin', body(ids.town, [ids.dsGrid1], B.staff, { audience: 'staff' })],
      ['students of two schools', 'admin', body(ids.town, [ids.class71, ids.primary], B.student)],
      ['another school for a school', 'school', body(ids.school, [ids.primary], B.student)],
      ['a village for a school', 'school', body(ids.school, [ids.dongshan], B.staff, { audience: 'staff' })],
    ];
    for (const [label, who, b] of invalid) {
      const res = await as(who).post('/api/pledge/campaigns', b);
      expect([label, err(res)]).toEqual([label, '400 PLEDGE_SCOPE_INVALID']);
      expect(res.body.fields).toEqual([{ path: 'body.scopeNodeIds', message: expect.any(String) }]);
    }
    // the same school's grade and class: the class inside the grade adds nothing and is dropped
    const nested = await created('admin', body(ids.town, [grade7, ids.class71], B.student));
    expect(nested.scope.map((n) => n.id)).toEqual([grade7]);
    // units: a whole village or the town means its units
    expect((await as('admin').post('/api/pledge/campaigns', body(ids.town, [ids.town], B.unit, { audience: 'units' }))).status).toBe(201);
  });

  it('the owner: a town or a school where the caller holds pledge.manage; schools ask only their students and staff', async () => {
    const village = await as('admin').post('/api/pledge/campaigns', body(ids.dongshan, [ids.dongshan], B.resident, { audience: 'residents' }));
    expect(err(village)).toBe('400 VALIDATION_FAILED');
    expect(village.body.fields).toEqual([{ path: 'body.ownerNodeId', message: '签署活动只能由镇或学校发起' }]);
    const residents = await as('school').post('/api/pledge/campaigns', body(ids.school, [ids.school], B.family, { audience: 'residents' }));
    expect(err(residents)).toBe('400 VALIDATION_FAILED');
    expect(residents.body.fields).toEqual([{ path: 'body.audience', message: expect.stringMatching(/学校只能/) }]);
    // a school admin runs campaigns for their own school only
    expect(err(await as('school').post('/api/pledge/campaigns', body(ids.primary, [ids.primary], B.student)))).toBe('404 NOT_FOUND');
    expect(err(await as('school').post('/api/pledge/campaigns', body(ids.town, [ids.school], B.student)))).toBe('404 NOT_FOUND');
    expect((await as('school').post('/api/pledge/campaigns', body(ids.school, [ids.school], B.staff, { audience: 'staff' }))).status).toBe(201);
    // trackers follow campaigns, they do not run them
    expect(err(await as('teacher').post('/api/pledge/campaigns', body(ids.class71, [ids.class71], B.student)))).toBe('403 FORBIDDEN');
    expect(err(await as('teacher').post('/api/pledge/campaigns', body(ids.school, [ids.class71], B.student)))).toBe('404 NOT_FOUND');
    expect(err(await as('cadre').post('/api/pledge/campaigns', body(ids.town, [ids.dongshan], B.resident, { audience: 'residents' })))).toBe('404 NOT_FOUND');
    expect(err(await as('unit').post('/api/pledge/campaigns', body(ids.textile, [ids.textile], B.unit, { audience: 'units' })))).toBe('403 FORBIDDEN');
  });

  it('the deadline must be in the future, on create and on publish', async () => {
    const past = await as('admin').post('/api/pledge/campaigns', body(ids.town, [ids.dongshan], B.resident, { audience: 'residents', deadline: new Date(T0.getTime() - 60_000).toISOString() }));
    expect(err(past)).toBe('400 VALIDATION_FAILED');
    expect(past.body.fields).toEqual([{ path: 'body.deadline', message: '截止时间必须晚于现在' }]);
    const c = await created('admin', body(ids.town, [ids.dongshan], B.resident, { audience: 'residents', deadline: new Date(T0.getTime() + DAY).toISOString() }));
    t.clock.set(new Date(T0.getTime() + 2 * DAY));
    try {
      const pub = await as('admin').post(`/api/pledge/campaigns/${c.id}/publish`);
      expect(err(pub)).toBe('400 VALIDATION_FAILED');
      expect(pub.body.fields[0].message).toMatch(/截止时间已过/);
      expect((await ds.getRepository(PledgeCampaign).findOneByOrFail({ id: c.id })).status).toBe('draft');
      // a later deadline, then it publishes
      const moved = await as('admin').put(`/api/pledge/campaigns/${c.id}`, body(ids.town, [ids.dongshan], B.resident, { audience: 'residents' }));
      expect(moved.status).toBe(200);
      expect((await as('admin').post(`/api/pledge/campaigns/${c.id}/publish`)).status).toBe(200);
    } finally {
      t.clock.set(T0);
    }
  });
});

describe('campaign lifecycle', () => {
  let c: PledgeCampaignView;

  it('a draft changes freely (and is checked again)', async () => {
    c = await created('school', body(ids.school, [ids.class71], B.student, { title: '七年级1班承诺书' }));
    const edited = await as('school').put(`/api/pledge/campaigns/${c.id}`, body(ids.school, [ids.class71, ids.class72], B.family, { title: '七年级承诺书', targetPercent: 95, guardianSigns: true }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: '七年级承诺书', kind: 'family', targetPercent: 95, guardianSigns: true, template: { id: B.family } });
    expect(edited.body.scope.map((n: { id: number }) => n.id)).toEqual([ids.class71, ids.class72]);
    expect(err(await as('school').put(`/api/pledge/campaigns/${c.id}`, body(ids.school, [ids.class71], B.resident)))).toBe('400 PLEDGE_KIND_AUDIENCE_MISMATCH');
    expect(err(await as('school').put(`/api/pledge/campaigns/${c.id}`, body(ids.school, [ids.primary], B.student)))).toBe('400 PLEDGE_SCOPE_INVALID');
    // a failed update wrote nothing
    expect((await as('school').get(`/api/pledge/campaigns/${c.id}`)).body).toEqual(edited.body);
    c = edited.body;
  });

  it('publishing locks the text version in the same step; a second publish is PLEDGE_BAD_STATE', async () => {
    const before = await ds.getRepository(PledgeTemplateVersion).findOneByOrFail({ id: c.template.versionId });
    const pub = await as('school').post(`/api/pledge/campaigns/${c.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published', state: 'open', template: { versionId: before.id }, publishedAt: T0.toISOString() });
    expect((await ds.getRepository(PledgeTemplateVersion).findOneByOrFail({ id: before.id })).locked).toBeTruthy();
    expect(err(await as('school').post(`/api/pledge/campaigns/${c.id}/publish`))).toBe('409 PLEDGE_BAD_STATE');
    c = pub.body;
    // signing finds it now; drafts stay hidden from signing
    const svc = t.app.get(PledgeCampaignService);
    expect((await svc.forSigning(c.id)).id).toBe(c.id);
    const draft = await created('school', body(ids.school, [ids.class71], B.student));
    await expect(svc.forSigning(draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.forSigning(99_999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a published campaign changes title, intro and a later deadline only (PLEDGE_NOT_EDITABLE)', async () => {
    const same = { title: c.title, guardianSigns: true, targetPercent: 95 };
    const later = new Date(T0.getTime() + 10 * DAY).toISOString();
    const ok = await as('school').put(`/api/pledge/campaigns/${c.id}`, body(ids.school, [ids.class71, ids.class72], B.family, { ...same, title: '七年级承诺书（延期）', intro: '截止时间延后三天', deadline: later }));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ title: '七年级承诺书（延期）', intro: '截止时间延后三天', deadline: later, status: 'published', template: c.template });
    const changes: Array<[string, Record<string, unknown>]> = [
      ['the scope', body(ids.school, [ids.class71], B.family, same)],
      ['the template', body(ids.school, [ids.class71, ids.class72], B.student, same)],
      ['the target', body(ids.school, [ids.class71, ids.class72], B.family, { ...same, targetPercent: 80 })],
      ['guardians', body(ids.school, [ids.class71, ids.class72], B.family, { ...same, guardianSigns: false })],
    ];
    for (const [label, b] of changes) expect([label, err(await as('school').put(`/api/pledge/campaigns/${c.id}`, { ...b, deadline: later }))]).toEqual([label, '409 PLEDGE_NOT_EDITABLE']);
    const earlier = await as('school').put(`/api/pledge/campaigns/${c.id}`, body(ids.school, [ids.class71, ids.class72], B.family, { ...same, deadline: new Date(T0.getTime() + 2 * DAY).toISOString() }));
    expect(err(earlier)).toBe('400 VALIDATION_FAILED');
    expect(earlier.body.fields).toEqual([{ path: 'body.deadline', message: '已发布的签署活动只能延长截止时间' }]);
    const stored = await ds.getRepository(PledgeCampaign).findOneByOrFail({ id: c.id });
    expect([stored.title, new Date(stored.deadline).toISOString(), stored.scope.length]).toEqual(['七年级承诺书（延期）', later, 2]);
    c = ok.body;
  });

  it('closing ends it; a closed campaign is not edited, published or closed again (PLEDGE_BAD_STATE)', async () => {
    const draft = await created('school', body(ids.school, [ids.class71], B.student));
    expect(err(await as('school').post(`/api/pledge/campaigns/${draft.id}/close`))).toBe('409 PLEDGE_BAD_STATE');
    const closed = await as('school').post(`/api/pledge/campaigns/${c.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', state: 'ended' });
    expect(err(await as('school').post(`/api/pledge/campaigns/${c.id}/close`))).toBe('409 PLEDGE_BAD_STATE');
    expect(err(await as('school').post(`/api/pledge/campaigns/${c.id}/publish`))).toBe('409 PLEDGE_BAD_STATE');
    expect(err(await as('school').put(`/api/pledge/campaigns/${c.id}`, body(ids.school, [ids.class71, ids.class72], B.family, { title: c.title, guardianSigns: true, targetPercent: 95, deadline: c.deadline })))).toBe('409 PLEDGE_BAD_STATE');
    // signing still finds it (signatures of a closed campaign stay viewable)
    expect((await t.app.get(PledgeCampaignService).forSigning(c.id)).status).toBe('closed');
  });

  it('managers of the owner act; trackers see but may not; others get 404', async () => {
    const d = await created('school', body(ids.school, [ids.class71], B.student));
    // the town admin manages a school's campaign too (pledge.manage above it)
    expect((await as('admin').put(`/api/pledge/campaigns/${d.id}`, body(ids.school, [ids.class71], B.student, { title: '镇里改的标题' }))).status).toBe(200);
    expect(err(await as('teacher').post(`/api/pledge/campaigns/${d.id}/publish`))).toBe('403 FORBIDDEN');
    for (const who of ['teacher72', 'cadre', 'student', 'parent', 'police', 'admin2']) {
      expect([who, err(await as(who).post(`/api/pledge/campaigns/${d.id}/publish`))]).toEqual([who, '404 NOT_FOUND']);
    }
    expect((await ds.getRepository(PledgeCampaign).findOneByOrFail({ id: d.id })).status).toBe('draft');
  });
});

describe('who sees which campaigns', () => {
  // made in this block: a students campaign of the school over 七年级1班 and 2班 (3 and 2 more students
  // on their rosters, one signature in each class), one of
  // the school over 七年级2班 only, residents campaigns of 东山村, 西河村 and the whole town, units and
  // staff of the whole town
  const C: Record<string, number> = {};
  const rosterSize = async (classId: number) => ds.getRepository(RosterEntry).countBy({ classId, removedAt: IsNull() });
  const listIds = async (who: string, nodeId: number, query: Record<string, unknown> = {}) => {
    const res = await as(who).get('/api/pledge/campaigns', { nodeId, limit: 100, ...query });
    expect([who, res.status]).toEqual([who, 200]);
    return (res.body.items as PledgeCampaignView[]).map((x) => x.id);
  };

  beforeAll(async () => {
    C.school = (await published('school', body(ids.school, [ids.class71, ids.class72], B.student, { title: '两个班' }))).id;
    C.c72 = (await published('school', body(ids.school, [ids.class72], B.student, { title: '二班' }))).id;
    C.dongshan = (await published('admin', body(ids.town, [ids.dongshan], B.resident, { audience: 'residents', title: '东山村' }))).id;
    C.xihe = (await published('admin', body(ids.town, [ids.xihe], B.resident, { audience: 'residents', title: '西河村' }))).id;
    C.townDraft = (await created('admin', body(ids.town, [ids.town], B.resident, { audience: 'residents', title: '全镇草稿' }))).id;
    C.units = (await published('admin', body(ids.town, [ids.town], B.unit, { audience: 'units', title: '全镇单位' }))).id;
    C.staff = (await published('admin', body(ids.town, [ids.town], B.staff, { audience: 'staff', title: '全镇职工' }))).id;
    // 3 more students in 七年级1班 and 2 in 2班 (beside the demo roster); one signature in each class
    const now = t.clock.now();
    const c71 = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.class71 });
    const c72 = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.class72 });
    const entries = [c71, c71, c71, c72, c72].map((cls, i) => ({
      schoolId: ids.school, classId: cls.id, classPath: cls.path, nameEnc: `enc-${i}`, studentNo: `E2E-${i}`, birthYear: null,
      guardianPhoneEnc: null, guardianPhoneHash: null, removedAt: null, createdAt: now, updatedAt: now,
    }));
    const saved = await ds.getRepository(RosterEntry).save(entries);
    const campaign = await ds.getRepository(PledgeCampaign).findOneByOrFail({ id: C.school });
    for (const [seq, entry] of [saved[0], saved[3]].entries()) {
      await ds.getRepository(PledgeSignature).insert({
        campaignId: C.school, seq: seq + 1, subjectKey: `r:${entry.id}`, rosterEntryId: entry.id, nodeId: entry.classId, nodePath: entry.classPath,
        signerUserId: await userId('student'), signerType: 'self', signerNameEnc: 'enc', relationship: null, guardianConsent: false, unitName: null, signerTitle: null,
        templateVersionId: campaign.templateVersionId, textHash: 'a'.repeat(64), imageHash: 'b'.repeat(64), imageKey: `k${seq}`, code: `E2ECODE${seq}`,
        signedAt: now, prevHash: 'c'.repeat(64), recordHash: `${seq}`.padEnd(64, 'd'),
      });
    }
    await ds.getRepository(PledgeCampaign).update({ id: C.school }, { chainSeq: 2 });
  });

  it('the town admin sees them all at the town; the list is newest first and pages by cursor', async () => {
    const all = await listIds('admin', ids.town);
    for (const id of Object.values(C)) expect(all).toContain(id);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await as('admin').get('/api/pledge/campaigns', { nodeId: ids.town, limit: 4, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((x: PledgeCampaignView) => x.id));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
    expect(err(await as('admin').get('/api/pledge/campaigns', { nodeId: ids.town, cursor: 'bm9wZQ' }))).toBe('400 VALIDATION_FAILED');
  });

  it('filters by state', async () => {
    const drafts = await listIds('admin', ids.town, { state: 'draft' });
    expect(drafts).toContain(C.townDraft);
    expect(drafts).not.toContain(C.dongshan);
    const open = await listIds('admin', ids.town, { state: 'open' });
    expect(open).toEqual(expect.arrayContaining([C.school, C.dongshan, C.units]));
    expect(open).not.toContain(C.townDraft);
    t.clock.set(new Date(T0.getTime() + 8 * DAY));
    try {
      const ended = await listIds('admin', ids.town, { state: 'ended' });
      expect(ended).toEqual(expect.arrayContaining([C.school, C.dongshan, C.units]));
      const open = await listIds('admin', ids.town, { state: 'open' });
      for (const id of [C.school, C.dongshan, C.units]) expect(open).not.toContain(id);
    } finally {
      t.clock.set(T0);
    }
  });

  it('a teacher sees the campaigns reaching their class, with their class counts; another class or school is 404', async () => {
    const mine = await listIds('teacher', ids.class71);
    expect(mine).toEqual(expect.arrayContaining([C.school, C.staff]));
    for (const id of [C.c72, C.dongshan, C.townDraft, C.units]) expect(mine).not.toContain(id);
    expect(err(await as('teacher').get('/api/pledge/campaigns', { nodeId: ids.class72 }))).toBe('404 NOT_FOUND');
    expect(err(await as('teacher').get('/api/pledge/campaigns', { nodeId: ids.school }))).toBe('404 NOT_FOUND');
    const [n71, n72] = [await rosterSize(ids.class71), await rosterSize(ids.class72)];
    expect([n71 >= 3, n72 >= 2]).toEqual([true, true]);
    const one = await as('teacher').get(`/api/pledge/campaigns/${C.school}`);
    expect(one.body).toMatchObject({ signed: 1, total: n71, rate: signRate(1, n71), canManage: false });
    expect(err(await as('teacher').get(`/api/pledge/campaigns/${C.c72}`))).toBe('404 NOT_FOUND');
    expect(err(await as('teacher').get(`/api/pledge/campaigns/${C.dongshan}`))).toBe('404 NOT_FOUND');
    // the teacher of 2班 sees both school campaigns, with 2班's counts
    expect(await listIds('teacher72', ids.class72)).toEqual(expect.arrayContaining([C.school, C.c72]));
    expect((await as('teacher72').get(`/api/pledge/campaigns/${C.school}`)).body).toMatchObject({ signed: 1, total: n72, rate: signRate(1, n72) });
    // the school's admin and the town admin see the whole: signed = the chain's length
    for (const who of ['school', 'admin']) expect((await as(who).get(`/api/pledge/campaigns/${C.school}`)).body).toMatchObject({ signed: 2, total: n71 + n72, rate: signRate(2, n71 + n72), canManage: true });
    // forTracking gives each the parts they follow
    const svc = t.app.get(PledgeCampaignService);
    const c71 = await ds.getRepository(OrgNode).findOneByOrFail({ id: ids.class71 });
    expect((await svc.forTracking({ userId: await userId('teacher') }, C.school)).roots).toEqual([c71.path]);
    expect((await svc.forTracking({ userId: await userId('school') }, C.school)).roots).toHaveLength(2);
    await expect(svc.forTracking({ userId: await userId('cadre') }, C.school)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.forTracking({ userId: await userId('teacher') }, C.c72)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("a school admin sees the school's campaigns, not a village's nor town-wide ones without signers in a school", async () => {
    const seen = await listIds('school', ids.school);
    expect(seen).toEqual(expect.arrayContaining([C.school, C.c72, C.staff]));
    for (const id of [C.dongshan, C.xihe, C.townDraft, C.units]) expect(seen).not.toContain(id);
    expect(err(await as('school').get(`/api/pledge/campaigns/${C.dongshan}`))).toBe('404 NOT_FOUND');
  });

  it("a village cadre sees their village's and the town's resident campaigns, not another village's", async () => {
    const seen = await listIds('cadre', ids.dongshan);
    // a village may hold units and their staff too
    expect(seen).toEqual(expect.arrayContaining([C.dongshan, C.townDraft, C.units, C.staff]));
    for (const id of [C.xihe, C.school, C.c72]) expect(seen).not.toContain(id);
    expect(err(await as('cadre').get(`/api/pledge/campaigns/${C.xihe}`))).toBe('404 NOT_FOUND');
    expect(err(await as('cadre').get('/api/pledge/campaigns', { nodeId: ids.xihe }))).toBe('404 NOT_FOUND');
    expect((await as('cadre').get(`/api/pledge/campaigns/${C.dongshan}`)).body).toMatchObject({ canManage: false, signed: 0 });
    expect(await listIds('cadreB', ids.xihe)).toContain(C.xihe);
    expect(await listIds('cadreB', ids.xihe)).not.toContain(C.dongshan);
  });

  it('a unit contact sees the units campaign reaching their unit; signers and the police get 403 on lists and 404 on campaigns', async () => {
    const seen = await listIds('unit', ids.textile);
    expect(seen).toEqual(expect.arrayContaining([C.units, C.staff]));
    for (const id of [C.school, C.c72, C.dongshan, C.xihe, C.townDraft]) expect(seen).not.toContain(id);
    expect((await as('unit').get(`/api/pledge/campaigns/${C.units}`)).body).toMatchObject({ signed: 0, total: 1 });
    for (const [who, nodeId] of [['student', ids.class71], ['parent', ids.class71], ['resident', ids.dsGrid1], ['grid', ids.dsGrid1], ['police', ids.town]] as const) {
      expect([who, err(await as(who).get('/api/pledge/campaigns', { nodeId }))]).toEqual([who, '403 FORBIDDEN']);
    }
    for (const who of ['student', 'parent', 'resident', 'grid', 'police', 'admin2']) {
      for (const id of [C.school, C.dongshan, C.units]) expect([who, id, err(await as(who).get(`/api/pledge/campaigns/${id}`))]).toEqual([who, id, '404 NOT_FOUND']);
    }
    expect(err(await as('admin').get('/api/pledge/campaigns/99999999'))).toBe('404 NOT_FOUND');
  });
});
