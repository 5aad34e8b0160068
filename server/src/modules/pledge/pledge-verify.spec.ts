import { createHash } from 'node:crypto';
import { pledgeTextHash } from '../pledge-template/pledge-text';
import { genesisHash, recordHash, StoredChainRecord } from './pledge-chain';
import { VerifyFacts, verifyProblems } from './pledge-verify';

const image = Buffer.from('png bytes');
const text = { title: '承诺书', body: '一、不刷单。' };
const textHash = pledgeTextHash(text.title, text.body);

function rec(seq: number, prevHash: string): StoredChainRecord & { templateVersionId: number; name: string } {
  const base = {
    campaignId: 5, seq, subjectKey: `r:${seq}`, signerUserId: 9, signerType: 'self', relationship: null, guardianConsent: false, unitName: null, signerTitle: null,
    textHash, imageHash: createHash('sha256').update(image).digest('hex'), code: `C${seq}`, signedAt: new Date('2025-01-01T00:00:00Z'), prevHash, templateVersionId: 1, name: `学生${seq}`,
  };
  return { ...base, recordHash: recordHash(base, base.name) };
}
const r1 = rec(1, genesisHash(5));
const r2 = rec(2, r1.recordHash);
const r3 = rec(3, r2.recordHash);
type Row = typeof r2;
const facts = (over: Partial<VerifyFacts<Row>> = {}): VerifyFacts<Row> => ({
  rec: r2, nameOf: (r: Row) => r.name, prev: r1, next: r3, head: { chainSeq: 3, chainHead: r3.recordHash }, image, version: { ...text, textHash }, ...over,
});

describe('verifying one record', () => {
  it('a whole record in the middle, the first and the last', () => {
    expect(verifyProblems(facts())).toEqual([]);
    expect(verifyProblems(facts({ rec: r1, prev: null, next: r2 }))).toEqual([]);
    expect(verifyProblems(facts({ rec: r3, prev: r2, next: null }))).toEqual([]);
  });
  it('each fault is named', () => {
    expect(verifyProblems(facts({ rec: { ...r2, code: 'X' } }))).toEqual(['记录内容与其校验值不符，记录被改动过']);
    expect(verifyProblems(facts({ nameOf: () => { throw new Error('tag'); } }))).toEqual(['签名人信息被改动，无法解密']);
    expect(verifyProblems(facts({ prev: null }))).toEqual(['前一条记录缺失']);
    expect(verifyProblems(facts({ prev: { recordHash: 'f'.repeat(64) } }))).toEqual(['与前一条记录的链接断开']);
    expect(verifyProblems(facts({ next: { prevHash: 'f'.repeat(64) } }))).toEqual(['与后一条记录的链接断开']);
    expect(verifyProblems(facts({ next: null }))).toEqual(['后一条记录缺失']);
    expect(verifyProblems(facts({ rec: r3, prev: r2, next: null, head: { chainSeq: 3, chainHead: 'f'.repeat(64) } }))).toEqual(['活动记录的链尾与这条记录不符']);
    expect(verifyProblems(facts({ image: null }))).toEqual(['签名图片缺失']);
    expect(verifyProblems(facts({ image: Buffer.from('other') }))).toEqual(['签名图片与记录不符，图片被改动过']);
    expect(verifyProblems(facts({ version: null }))).toEqual(['承诺书文本缺失']);
    // the text edited in place under its stored hash
    expect(verifyProblems(facts({ version: { title: text.title, body: '一、可以刷单。', textHash } }))).toEqual(['承诺书文本与签署时的不一致']);
    expect(verifyProblems(facts({ rec: { ...r1, prevHash: 'f'.repeat(64) }, prev: null, next: r2 }))).toContain('第一条记录的链接不正确');
  });
});
