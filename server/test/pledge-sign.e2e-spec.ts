// Signing pledges: the sign page, matching students, every bad input of the issue (blank and near-blank
// signatures, oversized images, a name not on the roster, a second signature, after the deadline, a
// forged campaign id, a changed text, not read), guardian rules, units by their contact with a title,
// residents once per person and not in the audience, the pledge image behind its signed link, my
// pledges, reminder credits, and the public verification of a code.
import { createHash } from 'node:crypto';
import { MAX_SIGNATURE_BYTES } from '@wuzha/shared';
import { DataCipher } from '../src/common/data-cipher';
import { PledgeCampaign } from '../src/modules/pledge/pledge-campaign.entity';
import { PledgeSignature } from '../src/modules/pledge/pledge-signature.entity';
import { OrgNode } from '../src/modules/org/org-node.entity';
import { DEMO_PLEDGE_SELF_SIGNER, DEMO_PLEDGE_STUDENT } from '../src/seed/demo-pledge';
import { pledgeCampaignRow } from './authz/pledge-campaigns.rows';
import { demoNodeIds } from './utils/demo-nodes';
import { bulkySignaturePng, signaturePng, toBase64 } from './utils/signature-png';
import { createTestApp, TestApp } from './utils/test-app';
import { binaryParser } from './utils/xlsx';

jest.setTimeout(180_000);

const MIN = 60_000;
const HOUR = 60 * MIN;

let t: TestApp;
let ids: Awaited<ReturnType<typeof demoNodeIds>>;
// the seeded demo campaigns
const C = { students: 0, residents: 0, units: 0 };
let textHash: Record<number, string> = {};
const tokens: Record<string, { token: string; at: number }> = {};

async function token(openid: string): Promise<string> {
  const now = t.clock.now().getTime();
  const cur = tokens[openid];
  // access tokens live 15 minutes on the test clock
  if (!cur || Math.abs(now - cur.at) > 10 * MIN) tokens[openid] = { token: (await t.login(openid)).accessToken, at: now };
  return tokens[openid].token;
}

const as = (openid: string) => ({
  get: async (url: string, query: object = {}) => t.http.get(url).query(query).set(t.bearer(await token(openid))),
  post: async (url: string, body: object = {}) => t.http.post(url).set(t.bearer(await token(openid))).send(body),
});
const err = (res: { status: number; body: { code?: string } }) => `${res.status} ${res.body.code}`;

let seed = 0;
const png = (o: Parameters<typeof signaturePng>[0] = {}) => toBase64(signaturePng({ seed: ++seed, ...o }), true);

const student = (name: string, studentNo: string, classId = ids.class71) => ({ classId, name, studentNo });
function signBody(campaignId: number, over: Record<string, unknown> = {}) {
  return { textHash: textHash[campaignId], readToEnd: true, signerName: '吴海涛', signaturePng: png(), ...over };
}
const submit = (openid: string, campaignId: number, body: object) => as(openid).post(`/api/pledge/campaigns/${campaignId}/signatures`, body);

async function chainOf(campaignId: number) {
  const c = await t.dataSource.getRepository(PledgeCampaign).findOneByOrFail({ id: campaignId });
  const n = await t.dataSource.getRepository(PledgeSignature).countBy({ campaignId });
  return { seq: c.chainSeq, head: c.chainHead, rows: n };
}

// the roster number of the i-th student of 七年级1班 (1-based)
const no71 = (i: number) => `20240701${String(i).padStart(2, '0')}`;

beforeAll(async () => {
  t = await createTestApp();
  ids = await demoNodeIds(t);
  const repo = t.dataSource.getRepository(PledgeCampaign);
  C.students = (await repo.findOneByOrFail({ title: '七年级学生反诈承诺书' })).id;
  C.residents = (await repo.findOneByOrFail({ title: '东山村居民反诈承诺书' })).id;
  C.units = (await repo.findOneByOrFail({ title: '和平镇企业防电诈倡议书' })).id;
  textHash = {};
  for (const id of Object.values(C)) {
    const page = await as('sign-reader').get(`/api/pledge/campaigns/${id}/sign`);
    // units and residents campaigns are not visible to a stranger: read their hash as their signers
    if (page.status === 200) textHash[id] = page.body.text.textHash;
  }
  // the demo resident lives in 东山村第一网格
  expect((await as('demo-resident').post('/api/memberships/join', { nodeId: ids.dsGrid1 })).status).toBe(200);
  for (const [id, who] of [
    [C.residents, 'demo-resident'],
    [C.units, 'demo-unit_contact'],
  ] as const) {
    const page = await as(who).get(`/api/pledge/campaigns/${id}/sign`);
    expect(page.status).toBe(200);
    textHash[id] = page.body.text.textHash;
  }
});

afterAll(async () => {
  await t?.close();
});

describe('sign page', () => {
  it('a students campaign opens for anyone logged in: the text, the classes, counts of a class only', async () => {
    const res = await as('sign-stranger').get(`/api/pledge/campaigns/${C.students}/sign`, { classId: ids.class71 });
    expect(res.status).toBe(200);
    expect(res.body.campaign).toMatchObject({ id: C.students, audience: 'students', kind: 'student', state: 'open', owner: { id: ids.school } });
    expect(res.body.text.body.length).toBeGreaterThan(100);
    expect(res.body.text.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.classes.map((c: { id: number }) => c.id)).toEqual([ids.class71, ids.class72]);
    expect(res.body).toMatchObject({ units: [], mine: [], canSign: true, reason: null });
    expect(res.body.classCounts).toEqual({ class: expect.objectContaining({ id: ids.class71 }), signed: 0, total: 40 });
    // no names anywhere on the page
    expect(JSON.stringify(res.body)).not.toContain(DEMO_PLEDGE_STUDENT.name);
  });

  it('a class outside the scope gets no counts; a forged or draft campaign is 404', async () => {
    const other = await as('sign-stranger').get(`/api/pledge/campaigns/${C.students}/sign`, { classId: ids.dsGrid1 });
    expect(other.body.classCounts).toBeNull();
    expect(err(await as('sign-stranger').get('/api/pledge/campaigns/999999/sign'))).toBe('404 NOT_FOUND');
    const school = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.school });
    const class71 = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.class71 });
    const draft = await pledgeCampaignRow(t, school, [class71], { status: 'draft', townId: ids.town });
    expect(err(await as('sign-stranger').get(`/api/pledge/campaigns/${draft}/sign`))).toBe('404 NOT_FOUND');
    expect(err(await submit('sign-stranger', draft, signBody(C.students, { student: student(DEMO_PLEDGE_SELF_SIGNER.name, DEMO_PLEDGE_SELF_SIGNER.studentNo) })))).toBe('404 NOT_FOUND');
    expect(err(await submit('sign-stranger', 999999, signBody(C.students)))).toBe('404 NOT_FOUND');
  });

  it('residents and units campaigns: 404 for someone outside the scope, not in the audience for others inside it', async () => {
    // a resident of 西河村 sees nothing of 东山村's campaign
    expect((await as('sign-xihe').post('/api/memberships/join', { nodeId: ids.xhGrid1 })).status).toBe(200);
    expect(err(await as('sign-xihe').get(`/api/pledge/campaigns/${C.residents}/sign`))).toBe('404 NOT_FOUND');
    expect(err(await submit('sign-xihe', C.residents, signBody(C.residents)))).toBe('404 NOT_FOUND');
    // the village cadre follows the campaign but is not one of its residents
    const cadre = await as('demo-village_cadre').get(`/api/pledge/campaigns/${C.residents}/sign`);
    expect(cadre.status).toBe(200);
    expect([cadre.body.canSign, cadre.body.reason]).toEqual([false, 'PLEDGE_NOT_IN_AUDIENCE']);
    expect(err(await submit('demo-village_cadre', C.residents, signBody(C.residents, { signerName: '陈红霞' })))).toBe('403 PLEDGE_NOT_IN_AUDIENCE');
    // a resident is not a unit's contact
    const resident = await as('demo-resident').get(`/api/pledge/campaigns/${C.units}/sign`);
    expect([resident.status, resident.body.canSign, resident.body.reason]).toEqual([200, false, 'PLEDGE_NOT_IN_AUDIENCE']);
  });
});

describe('students', () => {
  it('matching: the same clear 404 for a wrong number or a wrong name; a match says whether a guardian must sign', async () => {
    const wrongNo = await as('sign-match').post(`/api/pledge/campaigns/${C.students}/match`, { student: student(DEMO_PLEDGE_STUDENT.name, '2024079999') });
    const wrongName = await as('sign-match').post(`/api/pledge/campaigns/${C.students}/match`, { student: student('吴子轩', DEMO_PLEDGE_STUDENT.studentNo) });
    const wrongClass = await as('sign-match').post(`/api/pledge/campaigns/${C.students}/match`, { student: student(DEMO_PLEDGE_STUDENT.name, DEMO_PLEDGE_STUDENT.studentNo, ids.class72) });
    for (const r of [wrongNo, wrongName, wrongClass]) {
      expect(err(r)).toBe('404 PLEDGE_NOT_ON_ROSTER');
      expect(r.body.message).toContain('班主任');
    }
    expect(wrongNo.body).toEqual(wrongName.body);
    const minor = await as('sign-match').post(`/api/pledge/campaigns/${C.students}/match`, { student: student(DEMO_PLEDGE_STUDENT.name, DEMO_PLEDGE_STUDENT.studentNo) });
    expect(minor.status).toBe(200);
    expect(minor.body).toEqual({ class: expect.objectContaining({ id: ids.class71, name: '七年级1班' }), studentMasked: '吴*轩', guardianRequired: true, signed: false, mine: null });
    // spaces in the name and a lower-case number still match
    const self = await as('sign-match').post(`/api/pledge/campaigns/${C.students}/match`, { student: student(' 李 思远', DEMO_PLEDGE_SELF_SIGNER.studentNo) });
    expect(self.body).toMatchObject({ studentMasked: '李*远', guardianRequired: false });
  });

  it('matching is rate-limited per person', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await as('sign-prober').post(`/api/pledge/campaigns/${C.students}/match`, { student: student('王某某', `X${i}`) })).status);
    expect(codes.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    t.clock.advance(61_000);
  });

  it('a student signs themself with their roster name; a repeat returns the first, to others masked and without the image', async () => {
    const ref = student(DEMO_PLEDGE_SELF_SIGNER.name, DEMO_PLEDGE_SELF_SIGNER.studentNo);
    const before = await chainOf(C.students);
    expect(err(await submit('sign-self', C.students, signBody(C.students, { student: ref, signerName: '李四' })))).toBe('400 PLEDGE_NAME_MISMATCH');
    const first = await submit('sign-self', C.students, signBody(C.students, { student: ref, signerName: '李思远' }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      campaignId: C.students,
      kind: 'student',
      signerType: 'self',
      signerName: '李思远',
      studentMasked: '李*远',
      relationship: null,
      templateVersion: 1,
      textHash: textHash[C.students],
      repeated: false,
    });
    expect(first.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(first.body.imageHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.body.imageUrl).toMatch(new RegExp(`^/api/pledge/signatures/${first.body.id}/image\\?exp=\\d+&sig=`));
    expect(await chainOf(C.students)).toEqual({ seq: before.seq + 1, head: expect.stringMatching(/^[0-9a-f]{64}$/), rows: before.rows + 1 });

    // the same person again, even with a blank pad and another name: the first, nothing new
    const again = await submit('sign-self', C.students, signBody(C.students, { student: ref, signerName: '李思远', signaturePng: png({ ink: 'blank' }) }));
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, repeated: true });
    // someone else for the same student: the first record, the signer's name masked, no image link
    const other = await submit('sign-classmate', C.students, signBody(C.students, { student: ref, signerName: '王子涵' }));
    expect(other.body).toMatchObject({ id: first.body.id, code: first.body.code, repeated: true, signerName: '李*远', imageUrl: '', signatureUrl: '' });
    expect(await chainOf(C.students)).toMatchObject({ seq: before.seq + 1, rows: before.rows + 1 });

    const match = await as('sign-self').post(`/api/pledge/campaigns/${C.students}/match`, { student: ref });
    expect(match.body).toMatchObject({ signed: true, mine: { id: first.body.id } });
    const classmate = await as('sign-classmate').post(`/api/pledge/campaigns/${C.students}/match`, { student: ref });
    expect(classmate.body).toMatchObject({ signed: true, mine: null });
  });

  it('under 14 a guardian signs: a self signature is refused, consent is required, relationship and the guardian name are kept', async () => {
    const ref = student(DEMO_PLEDGE_STUDENT.name, DEMO_PLEDGE_STUDENT.studentNo);
    expect(err(await submit('demo-parent', C.students, signBody(C.students, { student: ref, signerName: DEMO_PLEDGE_STUDENT.name })))).toBe('403 PLEDGE_GUARDIAN_REQUIRED');
    expect(err(await submit('demo-parent', C.students, signBody(C.students, { student: ref, guardian: { relationship: 'father', consent: false } })))).toBe(
      '400 PLEDGE_GUARDIAN_CONSENT_REQUIRED',
    );
    const res = await submit('demo-parent', C.students, signBody(C.students, { student: ref, signerName: '吴海涛', guardian: { relationship: 'father', consent: true } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ signerType: 'guardian', signerName: '吴海涛', relationship: 'father', studentMasked: '吴*轩', repeated: false });
    const row = await t.dataSource.getRepository(PledgeSignature).findOneByOrFail({ id: res.body.id });
    expect(row).toMatchObject({ guardianConsent: true, relationship: 'father', nodeId: ids.class71, signerType: 'guardian' });
    // the name is stored encrypted
    expect(row.signerNameEnc).not.toContain('吴海涛');
    expect(t.app.get(DataCipher).decrypt(row.signerNameEnc)).toBe('吴海涛');
  });

  it('a guardian may sign for a student who could sign themself; guardianSigns campaigns need a guardian for everyone', async () => {
    const res = await submit('sign-mother', C.students, signBody(C.students, { student: student('陈梓萱', no71(5)), signerName: '陈妈妈', guardian: { relationship: 'mother', consent: true } }));
    expect(res.status).toBe(201);
    const school = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.school });
    const class71 = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.class71 });
    const guardians = await pledgeCampaignRow(t, school, [class71], { status: 'published', townId: ids.town, guardianSigns: true });
    const page = await as('sign-self2').get(`/api/pledge/campaigns/${guardians}/sign`);
    textHash[guardians] = page.body.text.textHash;
    expect(page.body.campaign.guardianSigns).toBe(true);
    expect(err(await submit('sign-self2', guardians, signBody(guardians, { student: student('郭明轩', no71(14)), signerName: '郭明轩' })))).toBe('403 PLEDGE_GUARDIAN_REQUIRED');
  });

  it('many signers for one student at the same moment: one record, every answer that record', async () => {
    const before = await chainOf(C.students);
    const ref = student('罗嘉懿', no71(19));
    const res = await Promise.all(
      Array.from({ length: 8 }, (_, i) => submit(`sign-race-${i}`, C.students, signBody(C.students, { student: ref, signerName: `罗家长${i}`, guardian: { relationship: 'other', consent: true } }))),
    );
    expect(res.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(res.map((r) => r.body.id)).size).toBe(1);
    expect(res.filter((r) => !r.body.repeated)).toHaveLength(1);
    expect(await chainOf(C.students)).toMatchObject({ seq: before.seq + 1, rows: before.rows + 1 });
  });

  it('the student is required on a students campaign', async () => {
    const res = await submit('sign-nostudent', C.students, signBody(C.students));
    expect(err(res)).toBe('400 VALIDATION_FAILED');
    expect(res.body.fields[0].path).toBe('body.student');
  });
});

describe('bad signatures and texts write nothing', () => {
  // 周雨桐 has no birth year on the roster: she may sign herself
  const ref = () => student('周雨桐', no71(9));
  const body = (over: Record<string, unknown>) => signBody(C.students, { student: ref(), signerName: '周雨桐', ...over });
  let before: Awaited<ReturnType<typeof chainOf>>;
  beforeAll(async () => {
    before = await chainOf(C.students);
  });
  afterEach(async () => {
    expect(await chainOf(C.students)).toEqual(before);
  });

  it.each([
    ['a blank pad', { ink: 'blank' as const }],
    ['a blank white pad without alpha', { ink: 'blank' as const, opaque: true }],
    ['a dot', { ink: 'dot' as const }],
    ['a short stroke', { ink: 'short' as const, ratio: 3 }],
  ])('%s is refused as blank', async (_label, o) => {
    const res = await submit('sign-bad', C.students, body({ signaturePng: png(o) }));
    expect(err(res)).toBe('400 PLEDGE_SIGNATURE_BLANK');
    expect(res.body.message).toContain('签名是空白的');
  });

  it('an image over 200 KB is 413; a 2 MB string is refused before it is read', async () => {
    const big = bulkySignaturePng(MAX_SIGNATURE_BYTES + 16 * 1024);
    expect(err(await submit('sign-bad', C.students, body({ signaturePng: toBase64(big, true) })))).toBe('413 PLEDGE_SIGNATURE_TOO_LARGE');
    const huge = await submit('sign-bad', C.students, body({ signaturePng: 'A'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('garbage and non-PNG images are invalid', async () => {
    for (const bad of ['!!!!', 'data:image/png;base64,AAAA', Buffer.from('GIF89a-not-a-png-at-all').toString('base64'), signaturePng().subarray(0, 120).toString('base64')]) {
      expect(err(await submit('sign-bad', C.students, body({ signaturePng: bad })))).toBe('400 PLEDGE_SIGNATURE_INVALID');
    }
    t.clock.advance(61_000);
  });

  it('a changed text and an unread text are refused', async () => {
    expect(err(await submit('sign-bad2', C.students, body({ textHash: 'f'.repeat(64) })))).toBe('409 PLEDGE_TEXT_CHANGED');
    expect(err(await submit('sign-bad2', C.students, body({ readToEnd: false })))).toBe('400 PLEDGE_NOT_READ');
  });

  it('a name not on the roster: the clear message and how to ask the teacher', async () => {
    const res = await submit('sign-bad2', C.students, body({ student: student('不存在', '2024070199') }));
    expect(err(res)).toBe('404 PLEDGE_NOT_ON_ROSTER');
    expect(res.body.message).toBe('花名册里没有找到这位同学。请核对班级、姓名和学号；如果都没错，请联系班主任把孩子加入花名册');
  });
});

describe('deadline and closing', () => {
  let id = 0;
  beforeAll(async () => {
    const school = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.school });
    const class72 = await t.dataSource.getRepository(OrgNode).findOneByOrFail({ id: ids.class72 });
    id = await pledgeCampaignRow(t, school, [class72], { status: 'published', townId: ids.town, deadline: new Date(t.clock.now().getTime() + HOUR) });
    textHash[id] = (await as('sign-late').get(`/api/pledge/campaigns/${id}/sign`)).body.text.textHash;
  });

  it('after the deadline nobody signs, but a repeat still returns the first; closed campaigns refuse too', async () => {
    const first = await submit('sign-late', id, signBody(id, { student: student('叶梓涵', '2024070201', ids.class72), guardian: { relationship: 'mother', consent: true } }));
    expect(first.status).toBe(201);
    t.clock.advance(2 * HOUR);
    try {
      const late = await submit('sign-late', id, signBody(id, { student: student('程浩轩', '2024070202', ids.class72), guardian: { relationship: 'mother', consent: true } }));
      expect(err(late)).toBe('409 PLEDGE_DEADLINE_PASSED');
      const page = await as('sign-late').get(`/api/pledge/campaigns/${id}/sign`);
      expect([page.body.campaign.state, page.body.canSign, page.body.reason]).toEqual(['ended', false, 'PLEDGE_DEADLINE_PASSED']);
      const repeat = await submit('sign-late', id, signBody(id, { student: student('叶梓涵', '2024070201', ids.class72), guardian: { relationship: 'mother', consent: true } }));
      expect(repeat.body).toMatchObject({ id: first.body.id, repeated: true });
      // the deadline extended: signing works again at once
      await t.dataSource.getRepository(PledgeCampaign).update({ id }, { deadline: new Date(t.clock.now().getTime() + HOUR) });
      const extended = await submit('sign-late', id, signBody(id, { student: student('程浩轩', '2024070202', ids.class72), guardian: { relationship: 'mother', consent: true } }));
      expect(extended.status).toBe(201);
      await t.dataSource.getRepository(PledgeCampaign).update({ id }, { status: 'closed', closedAt: t.clock.now() });
      t.clock.advance(5000);
      const closed = await submit('sign-late', id, signBody(id, { student: student('魏欣然', '2024070203', ids.class72), guardian: { relationship: 'mother', consent: true } }));
      expect(err(closed)).toBe('409 PLEDGE_CLOSED');
    } finally {
      t.clock.advance(-2 * HOUR - 5000);
    }
  });
});

describe('residents and units', () => {
  it('a resident signs once, counted at their grid', async () => {
    const page = await as('demo-resident').get(`/api/pledge/campaigns/${C.residents}/sign`);
    expect([page.body.canSign, page.body.reason, page.body.classes, page.body.units]).toEqual([true, null, [], []]);
    const res = await submit('demo-resident', C.residents, signBody(C.residents, { signerName: '张桂英' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ signerType: 'self', signerName: '张桂英', studentMasked: null, kind: 'resident' });
    const row = await t.dataSource.getRepository(PledgeSignature).findOneByOrFail({ id: res.body.id });
    expect([row.subjectKey, row.nodeId]).toEqual([`u:${(await t.login('demo-resident')).userId}`, ids.dsGrid1]);
    const again = await submit('demo-resident', C.residents, signBody(C.residents, { signerName: '张桂英' }));
    expect(again.body).toMatchObject({ id: res.body.id, repeated: true, signerName: '张桂英' });
    const after = await as('demo-resident').get(`/api/pledge/campaigns/${C.residents}/sign`);
    expect(after.body.canSign).toBe(false);
    expect(after.body.mine.map((s: { id: number }) => s.id)).toEqual([res.body.id]);
  });

  it('a unit signs through its contact, with the unit name and the title', async () => {
    const page = await as('demo-unit_contact').get(`/api/pledge/campaigns/${C.units}/sign`);
    expect(page.body.units).toEqual([expect.objectContaining({ id: ids.textile, name: '和平纺织有限公司' })]);
    expect(page.body.canSign).toBe(true);
    const noTitle = await submit('demo-unit_contact', C.units, signBody(C.units, { signerName: '郑伟', unitId: ids.textile }));
    expect([err(noTitle), noTitle.body.fields[0].path]).toEqual(['400 VALIDATION_FAILED', 'body.signerTitle']);
    const noUnit = await submit('demo-unit_contact', C.units, signBody(C.units, { signerName: '郑伟', signerTitle: '总经理' }));
    expect([err(noUnit), noUnit.body.fields[0].path]).toEqual(['400 VALIDATION_FAILED', 'body.unitId']);
    expect(err(await submit('demo-unit_contact', C.units, signBody(C.units, { signerName: '郑伟', signerTitle: '总经理', unitId: ids.coop })))).toBe('403 PLEDGE_NOT_IN_AUDIENCE');
    const res = await submit('demo-unit_contact', C.units, signBody(C.units, { signerName: '郑伟', signerTitle: '总经理', unitId: ids.textile }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ signerType: 'unit', signerName: '郑伟', unitName: '和平纺织有限公司', signerTitle: '总经理', kind: 'unit' });
    const row = await t.dataSource.getRepository(PledgeSignature).findOneByOrFail({ id: res.body.id });
    expect([row.subjectKey, row.nodeId]).toEqual([`n:${ids.textile}`, ids.textile]);
    const after = await as('demo-unit_contact').get(`/api/pledge/campaigns/${C.units}/sign`);
    expect([after.body.canSign, after.body.mine.length]).toEqual([false, 1]);
  });
});

describe('pledge image, own signatures, verification', () => {
  let s: { id: number; code: string; imageUrl: string; imageHash: string };
  beforeAll(async () => {
    const res = await submit('sign-image', C.students, signBody(C.students, { student: student('张欣怡', no71(3)), signerName: '张爸爸', guardian: { relationship: 'father', consent: true } }));
    expect(res.status).toBe(201);
    s = res.body;
  });

  it('the image link serves an SVG with the text, the signature, masked student, time and code', async () => {
    const res = await t.http.get(s.imageUrl).buffer(true).parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (data += c));
      r.on('end', () => cb(null, data));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    const svg = res.body as string;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(s.code);
    expect(svg).toContain('张*怡');
    expect(svg).not.toContain('张欣怡');
    expect(svg).toContain('张爸爸');
    expect(svg).toContain('在「无诈」小程序核验');
    expect(svg).toContain('data:image/png;base64,');
    expect(svg).toMatch(/签署时间：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d/);
  });

  it('a tampered, foreign or expired link is 404', async () => {
    const url = new URL(s.imageUrl, 'http://x');
    const exp = url.searchParams.get('exp')!;
    const sig = url.searchParams.get('sig')!;
    const bad = [
      `/api/pledge/signatures/${s.id}/image?exp=${exp}&sig=${sig.slice(0, -2)}AA`,
      `/api/pledge/signatures/${s.id + 1}/image?exp=${exp}&sig=${sig}`,
      `/api/pledge/signatures/${s.id}/image?exp=${Number(exp) + 3600}&sig=${sig}`,
    ];
    for (const u of bad) expect(err(await t.http.get(u))).toBe('404 NOT_FOUND');
    t.clock.advance(8 * 24 * HOUR);
    try {
      expect(err(await t.http.get(s.imageUrl))).toBe('404 NOT_FOUND');
    } finally {
      t.clock.advance(-8 * 24 * HOUR);
    }
  });

  it('the signature link serves the stored PNG itself (its bytes hash to imageHash); a tampered, swapped or expired link is 404', async () => {
    const own = await as('sign-image').get(`/api/pledge/signatures/${s.id}`);
    const link: string = own.body.signatureUrl;
    expect(link).toMatch(new RegExp(`^/api/pledge/signatures/${s.id}/signature\\.png\\?exp=\\d+&sig=`));
    const res = await t.http.get(link).buffer(true).parse(binaryParser as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+/);
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(s.imageHash);
    const url = new URL(link, 'http://x');
    const [exp, sig] = [url.searchParams.get('exp')!, url.searchParams.get('sig')!];
    // the pledge image's signature does not open the PNG (a key per use), nor the other way round
    const imageSig = new URL(s.imageUrl, 'http://x').searchParams.get('sig')!;
    for (const u of [
      `/api/pledge/signatures/${s.id}/signature.png?exp=${exp}&sig=${sig.slice(0, -2)}AA`,
      `/api/pledge/signatures/${s.id + 1}/signature.png?exp=${exp}&sig=${sig}`,
      `/api/pledge/signatures/${s.id}/signature.png?exp=${Number(exp) + 3600}&sig=${sig}`,
      `/api/pledge/signatures/${s.id}/signature.png?exp=${exp}&sig=${imageSig}`,
      `/api/pledge/signatures/${s.id}/image?exp=${exp}&sig=${sig}`,
    ])
      expect(err(await t.http.get(u))).toBe('404 NOT_FOUND');
    t.clock.advance(8 * 24 * HOUR);
    try {
      expect(err(await t.http.get(link))).toBe('404 NOT_FOUND');
    } finally {
      t.clock.advance(-8 * 24 * HOUR);
    }
  });

  it('a signature is shown to its signer only', async () => {
    const own = await as('sign-image').get(`/api/pledge/signatures/${s.id}`);
    expect(own.body).toMatchObject({ id: s.id, code: s.code, repeated: false, studentMasked: '张*怡' });
    expect(err(await as('sign-stranger').get(`/api/pledge/signatures/${s.id}`))).toBe('404 NOT_FOUND');
    expect(err(await as('sign-stranger').get('/api/pledge/signatures/999999'))).toBe('404 NOT_FOUND');
  });

  it('a code verifies publicly with masked names; typed in lower case or with O for 0 too', async () => {
    const res = await t.http.get(`/api/pledge/verify/${s.code}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, problems: [], code: s.code, campaignTitle: '七年级学生反诈承诺书', kind: 'student', owner: '和平镇中学', signerMasked: '张*爸', signerType: 'guardian', templateVersion: 1 });
    expect(JSON.stringify(res.body)).not.toContain('张爸爸');
    const typed = s.code.toLowerCase().replace(/0/g, 'o');
    expect((await t.http.get(`/api/pledge/verify/${typed}`)).body.code).toBe(s.code);
    expect(err(await t.http.get('/api/pledge/verify/ZZZZZZZZZZ'))).toBe('404 NOT_FOUND');
    expect(err(await t.http.get('/api/pledge/verify/!!'))).toBe('400 VALIDATION_FAILED');
  });
});

describe('my pledges and reminders', () => {
  it('a parent whose verified phone is on the roster sees whom to sign for; a class member sees the campaign; residents and units theirs', async () => {
    const cipher = t.app.get(DataCipher);
    const parent = await t.login('sign-phone-parent');
    await t.dataSource.query('UPDATE user_account SET phoneHash = ? WHERE id = ?', [cipher.hmac(DEMO_PLEDGE_STUDENT.guardianPhone), parent.userId]);
    const mine = await as('sign-phone-parent').get('/api/pledge/mine');
    expect(mine.status).toBe(200);
    // 吴梓轩 was signed for by the demo parent above: nothing left for this phone
    expect(mine.body.toSign.filter((x: { campaignId: number }) => x.campaignId === C.students)).toEqual([]);
    // a second child with the same guardian phone
    const entryId = (await t.dataSource.query('SELECT id FROM pledge_roster_entry WHERE studentNo = ?', [no71(20)]))[0].id;
    await t.dataSource.query('UPDATE pledge_roster_entry SET guardianPhoneHash = ? WHERE id = ?', [cipher.hmac(DEMO_PLEDGE_STUDENT.guardianPhone), entryId]);
    const two = await as('sign-phone-parent').get('/api/pledge/mine');
    expect(two.body.toSign.filter((x: { campaignId: number }) => x.campaignId === C.students)).toEqual([
      { campaignId: C.students, title: '七年级学生反诈承诺书', kind: 'student', audience: 'students', owner: expect.objectContaining({ id: ids.school }), deadline: expect.any(String), forStudent: '为 郑*阳 签署' },
    ]);
    await submit('sign-phone-parent', C.students, signBody(C.students, { student: student('郑晨阳', no71(20)), signerName: '郑妈妈', guardian: { relationship: 'mother', consent: true } }));
    const done = await as('sign-phone-parent').get('/api/pledge/mine');
    expect(done.body.toSign.filter((x: { campaignId: number }) => x.campaignId === C.students)).toEqual([]);
    expect(done.body.signed).toEqual([expect.objectContaining({ campaignId: C.students, studentMasked: '郑*阳', signerName: '郑妈妈' })]);

    // the demo student holds a role at 七年级1班 and has signed nothing: the campaign is shown to open
    const studentMine = await as('demo-student').get('/api/pledge/mine');
    expect(studentMine.body.toSign.map((x: { campaignId: number; forStudent: string | null }) => [x.campaignId, x.forStudent])).toContainEqual([C.students, null]);
    // the demo parent signed in it: no longer listed
    const parentMine = await as('demo-parent').get('/api/pledge/mine');
    expect(parentMine.body.toSign.map((x: { campaignId: number }) => x.campaignId)).not.toContain(C.students);
    expect(parentMine.body.signed.map((x: { campaignId: number }) => x.campaignId)).toContain(C.students);

    // a fresh resident of 东山村 is asked to sign the residents campaign; the unit contact signed theirs
    expect((await as('sign-new-resident').post('/api/memberships/join', { nodeId: ids.dsGrid2 })).status).toBe(200);
    const resident = await as('sign-new-resident').get('/api/pledge/mine');
    expect(resident.body.toSign.map((x: { campaignId: number }) => x.campaignId)).toEqual([C.residents]);
    const unit = await as('demo-unit_contact').get('/api/pledge/mine');
    expect(unit.body.toSign.map((x: { campaignId: number }) => x.campaignId)).not.toContain(C.units);
    expect(unit.body.signed.map((x: { campaignId: number }) => x.campaignId)).toContain(C.units);
  });

  it('reminder credits: a student must be matched on a students campaign, up to 5 credits; residents for themselves', async () => {
    const url = `/api/pledge/campaigns/${C.students}/subscribe`;
    const none = await as('sign-remind').post(url, {});
    expect([err(none), none.body.fields[0].path]).toEqual(['400 VALIDATION_FAILED', 'body.student']);
    expect(err(await as('sign-remind').post(url, { student: student('王某', '2024070177') }))).toBe('404 PLEDGE_NOT_ON_ROSTER');
    const credits: number[] = [];
    for (let i = 0; i < 6; i++) credits.push((await as('sign-remind').post(url, { student: student('刘浩然', no71(4)) })).body.credits);
    expect(credits).toEqual([1, 2, 3, 4, 5, 5]);
    const me = await t.login('sign-remind');
    const rows = await t.dataSource.query('SELECT rosterEntryId, credits FROM pledge_reminder WHERE campaignId = ? AND userId = ?', [C.students, me.userId]);
    expect(rows.map((r: { credits: number }) => Number(r.credits))).toEqual([5]);
    t.clock.advance(61_000);

    const resident = await as('sign-new-resident').post(`/api/pledge/campaigns/${C.residents}/subscribe`, {});
    expect(resident.body).toEqual({ credits: 1 });
    expect(err(await as('demo-village_cadre').post(`/api/pledge/campaigns/${C.residents}/subscribe`, {}))).toBe('403 PLEDGE_NOT_IN_AUDIENCE');
    expect(err(await as('sign-xihe').post(`/api/pledge/campaigns/${C.residents}/subscribe`, {}))).toBe('404 NOT_FOUND');
  });
});
