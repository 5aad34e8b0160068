// The "Done when", end to end on either database: a school admin imports a class of 40 through
// the roster import, publishes a students campaign over it, 40 people sign at once (students themselves,
// guardians for those under 14 and for some others, with relationships; one of them twice at the same
// moment), the progress shows 100%, a code verifies through the public route, and altering a stored
// record (its time, its encrypted name, its text hash, the stored image) makes that code's verification
// fail and the campaign's chain check report it.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GUARDIAN_RELATIONSHIPS, isMinorByBirthYear, PledgeCampaignView, PledgeProgress, SignatureView } from '@wuzha/shared';
import { DataCipher } from '../src/common/data-cipher';
import { PledgeCampaign } from '../src/modules/pledge/pledge-campaign.entity';
import { recordHash } from '../src/modules/pledge/pledge-chain';
import { PledgeSignature } from '../src/modules/pledge/pledge-signature.entity';
import { builtinTemplate, pledgeCampaignBody } from './authz/pledge-campaigns.rows';
import { demoNodeIds } from './utils/demo-nodes';
import { importRoster, inventedName, ROSTER_HEADER, rosterXlsx } from './utils/roster-file';
import { signaturePng, toBase64 } from './utils/signature-png';
import { createTestApp, TestApp } from './utils/test-app';

jest.setTimeout(300_000);

let t: TestApp;
let admin: string;
let classId: number;
let campaign: PledgeCampaignView;
let textHash: string;
const signatures: SignatureView[] = [];

const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
// 八年级1班 of 和平镇中学: numbers D0801…D0840; every other student 12 (a guardian must sign), the rest
// without a birth year
const CLASS: Array<{ name: string; studentNo: string; birthYear: number | null }> = Array.from({ length: 40 }, (_, i) => ({
  name: inventedName(i + 7),
  studentNo: `D08${String(i + 1).padStart(2, '0')}`,
  birthYear: i % 2 === 0 ? thisYear - 12 : null,
}));

const err = (res: { status: number; body: { code?: string } }) => `${res.status} ${res.body.code}`;

beforeAll(async () => {
  t = await createTestApp();
  const ids = await demoNodeIds(t);
  classId = await t.nodeId('示范县', '和平镇', '和平镇中学', '八年级', '八年级1班');
  admin = (await t.login('demo-school_admin')).accessToken;

  // the roster, through the import route
  const file = await rosterXlsx([ROSTER_HEADER, ...CLASS.map((s) => ['八年级1班', s.name, s.studentNo, s.birthYear, null])]);
  const imported = await importRoster(t, admin, ids.school, file);
  expect(imported.status).toBe(200);
  expect(imported.body).toMatchObject({ rows: 40, created: 40, classes: [{ class: { id: classId }, count: 40 }] });

  // a campaign over the class, published
  const template = await builtinTemplate(t, 'student');
  const created = await t.http.post('/api/pledge/campaigns').set(t.bearer(admin)).send(pledgeCampaignBody(ids.school, [classId], template.id, { title: '八年级1班反诈承诺书' }, t.clock.now()));
  expect(created.status).toBe(201);
  const published = await t.http.post(`/api/pledge/campaigns/${created.body.id}/publish`).set(t.bearer(admin));
  expect(published.status).toBe(200);
  campaign = published.body;
  textHash = campaign.template.textHash;
});

afterAll(async () => {
  await t?.close();
});

describe('a class of 40 signs at once', () => {
  it('40 signers at the same moment (one of them twice): 40 records, one chain, 100%', async () => {
    const now = t.clock.now();
    const signers = await Promise.all(CLASS.map((_, i) => t.login(`done-signer-${i}`)));
    // the student themself where allowed (every third of them by a guardian anyway), else a guardian
    const bodies = CLASS.map((s, i) => {
      const minor = isMinorByBirthYear(s.birthYear, now);
      const byGuardian = minor || i % 3 === 0;
      return {
        textHash,
        readToEnd: true,
        signerName: byGuardian ? `${s.name.slice(0, 1)}家长` : s.name,
        signaturePng: toBase64(signaturePng({ seed: i + 1, ratio: 1 + (i % 3) }), true),
        student: { classId, name: s.name, studentNo: s.studentNo },
        ...(byGuardian ? { guardian: { relationship: GUARDIAN_RELATIONSHIPS[i % GUARDIAN_RELATIONSHIPS.length], consent: true } } : {}),
      };
    });
    // an under-14 student cannot sign themself
    const self = await t.http
      .post(`/api/pledge/campaigns/${campaign.id}/signatures`)
      .set(t.bearer(signers[0].accessToken))
      .send({ ...bodies[0], signerName: CLASS[0].name, guardian: undefined });
    expect(err(self)).toBe('403 PLEDGE_GUARDIAN_REQUIRED');

    const send = (i: number) => t.http.post(`/api/pledge/campaigns/${campaign.id}/signatures`).set(t.bearer(signers[i].accessToken)).send(bodies[i]);
    // signer 7 taps twice
    const results = await Promise.all([...CLASS.map((_, i) => send(i)), send(7)]);
    for (const r of results) expect(r.status).toBe(201);
    const firsts = results.filter((r) => !r.body.repeated);
    expect(firsts).toHaveLength(40);
    const twice = results.filter((r) => r.body.repeated);
    expect(twice).toHaveLength(1);
    const seven = results.filter((r) => r.body.studentMasked === results[7].body.studentMasked && r.body.signerName === bodies[7].signerName);
    expect(new Set(seven.map((r) => r.body.id)).size).toBe(1);
    signatures.push(...firsts.map((r) => r.body as SignatureView).sort((a, b) => a.id - b.id));

    // every record once, one per student, seq 1…40 without gaps, codes unique
    const rows = await t.dataSource.getRepository(PledgeSignature).find({ where: { campaignId: campaign.id }, order: { seq: 'ASC' } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.subjectKey)).size).toBe(40);
    expect(new Set(rows.map((r) => r.code)).size).toBe(40);
    const head = await t.dataSource.getRepository(PledgeCampaign).findOneByOrFail({ id: campaign.id });
    expect([head.chainSeq, head.chainHead]).toEqual([40, rows[39].recordHash]);
    const guardians = bodies.filter((b) => b.guardian).length;
    expect(rows.filter((r) => r.signerType === 'guardian')).toHaveLength(guardians);
    expect(guardians).toBeGreaterThan(20);
    expect(new Set(rows.filter((r) => r.relationship).map((r) => r.relationship))).toEqual(new Set(GUARDIAN_RELATIONSHIPS));

    // a repeat later: the first record, nothing new
    const again = await send(12);
    expect(again.body).toMatchObject({ repeated: true, id: signatures.find((s) => s.code === again.body.code)!.id });
    expect(await t.dataSource.getRepository(PledgeSignature).countBy({ campaignId: campaign.id })).toBe(40);
  });

  it('the progress shows 100% for the class and the school', async () => {
    const res = await t.http.get(`/api/pledge/campaigns/${campaign.id}/progress`).set(t.bearer(admin));
    expect(res.status).toBe(200);
    const p = res.body as PledgeProgress;
    expect(p.summary).toMatchObject({ signed: 40, total: 40, rate: 100 });
    expect(p.reachedTarget).toBe(true);
    const cls = await t.http.get(`/api/pledge/campaigns/${campaign.id}/progress`).query({ nodeId: classId }).set(t.bearer(admin));
    expect(cls.body.summary).toMatchObject({ signed: 40, total: 40, rate: 100 });
    expect(cls.body.summary.byGuardian).toBe(await t.dataSource.getRepository(PledgeSignature).countBy({ campaignId: campaign.id, signerType: 'guardian' }));
    expect(p.campaign).toMatchObject({ signed: 40, total: 40, rate: 100 });
  });

  it('every code verifies publicly, and the chain is whole', async () => {
    for (const s of signatures) {
      const v = await t.http.get(`/api/pledge/verify/${s.code}`);
      expect([s.code, v.status, v.body.valid, v.body.problems]).toEqual([s.code, 200, true, []]);
    }
    const chain = await t.http.get(`/api/pledge/campaigns/${campaign.id}/chain`).set(t.bearer(admin));
    expect(chain.body).toEqual({ ok: true, checked: 40, brokenAt: null, problems: [] });
  });
});

describe('altering a stored record is detected', () => {
  const repo = () => t.dataSource.getRepository(PledgeSignature);
  const verify = (code: string) => t.http.get(`/api/pledge/verify/${code}`);
  const chain = async () => (await t.http.get(`/api/pledge/campaigns/${campaign.id}/chain`).set(t.bearer(admin))).body;
  const bySeq = (seq: number) => repo().findOneByOrFail({ campaignId: campaign.id, seq });

  it('a changed signing time', async () => {
    const rec = await bySeq(10);
    await repo().update({ id: rec.id }, { signedAt: new Date(new Date(rec.signedAt).getTime() - 3600_000) });
    const v = await verify(rec.code);
    expect(v.body.valid).toBe(false);
    expect(v.body.problems).toEqual(['记录内容与其校验值不符，记录被改动过']);
    // its neighbours still verify: their own fields and links are intact
    expect((await verify((await bySeq(9)).code)).body.valid).toBe(true);
    expect((await verify((await bySeq(11)).code)).body.valid).toBe(true);
    const c = await chain();
    expect(c).toMatchObject({ ok: false, checked: 40, brokenAt: 10 });
    expect(c.problems.map((p: { seq: number }) => p.seq)).toEqual([10]);
    await repo().update({ id: rec.id }, { signedAt: rec.signedAt });
    expect((await verify(rec.code)).body.valid).toBe(true);
  });

  it('two records with their encrypted names swapped', async () => {
    const [a, b] = [await bySeq(3), await bySeq(4)];
    await repo().update({ id: a.id }, { signerNameEnc: b.signerNameEnc });
    await repo().update({ id: b.id }, { signerNameEnc: a.signerNameEnc });
    expect((await verify(a.code)).body.valid).toBe(false);
    expect((await verify(b.code)).body.valid).toBe(false);
    expect(await chain()).toMatchObject({ ok: false, brokenAt: 3 });
    await repo().update({ id: a.id }, { signerNameEnc: a.signerNameEnc });
    await repo().update({ id: b.id }, { signerNameEnc: b.signerNameEnc });
  });

  it('a changed text hash; recomputing the record hash (with the name decrypted) then breaks the link to the next', async () => {
    const rec = await bySeq(20);
    const other = 'e'.repeat(64);
    await repo().update({ id: rec.id }, { textHash: other });
    const v = await verify(rec.code);
    expect(v.body.valid).toBe(false);
    expect(v.body.problems).toEqual(['记录内容与其校验值不符，记录被改动过', '承诺书文本与签署时的不一致']);
    expect(await chain()).toMatchObject({ ok: false, brokenAt: 20 });
    // a forger holding the data key recomputes the record's hash: the next record still points at the old one
    const name = t.app.get(DataCipher).decrypt(rec.signerNameEnc);
    await repo().update({ id: rec.id }, { recordHash: recordHash({ ...rec, textHash: other }, name) });
    expect((await verify(rec.code)).body.problems).toEqual(['与后一条记录的链接断开', '承诺书文本与签署时的不一致']);
    expect(await chain()).toMatchObject({ ok: false, brokenAt: 21 });
    await repo().update({ id: rec.id }, { textHash: rec.textHash, recordHash: rec.recordHash });
    expect((await chain()).ok).toBe(true);
  });

  it('a replaced signature image', async () => {
    const rec = await bySeq(30);
    const path = join(t.config.storageDir, rec.imageKey);
    const original = await readFile(path);
    expect(createHash('sha256').update(original).digest('hex')).toBe(rec.imageHash);
    await writeFile(path, signaturePng({ seed: 999 }));
    try {
      const v = await verify(rec.code);
      expect(v.body).toMatchObject({ valid: false, problems: ['签名图片与记录不符，图片被改动过'] });
    } finally {
      await writeFile(path, original);
    }
    expect((await verify(rec.code)).body.valid).toBe(true);
  });

  it('a removed record: its neighbours report the gap, the chain check too', async () => {
    const rec = await bySeq(25);
    await repo().delete({ id: rec.id });
    expect(err(await verify(rec.code))).toBe('404 NOT_FOUND');
    expect((await verify((await bySeq(24)).code)).body.problems).toEqual(['后一条记录缺失']);
    expect((await verify((await bySeq(26)).code)).body.problems).toEqual(['前一条记录缺失']);
    const c = await chain();
    expect(c).toMatchObject({ ok: false, checked: 39, brokenAt: 26 });
  });
});
