import { chainTime, checkChain, genesisHash, recordHash, type StoredChainRecord } from './pledge-chain';

type Row = StoredChainRecord & { name: string };

// Builds a well-formed chain of n records for campaign 7.
function chain(n: number, campaignId = 7): Row[] {
  const rows: Row[] = [];
  let prev = genesisHash(campaignId);
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      campaignId,
      seq,
      subjectKey: `r:${100 + seq}`,
      signerUserId: 1000 + seq,
      signerType: seq % 2 ? 'self' : 'guardian',
      relationship: seq % 2 ? null : 'mother',
      guardianConsent: seq % 2 === 0,
      unitName: null,
      signerTitle: null,
      textHash: 'a'.repeat(64),
      imageHash: String(seq).padStart(64, 'b'),
      code: `CODE${seq}`,
      signedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, seq)),
      prevHash: prev,
      name: `学生${seq}`,
    };
    const hash = recordHash(base, base.name);
    rows.push({ ...base, recordHash: hash });
    prev = hash;
  }
  return rows;
}
const nameOf = (r: Row) => r.name;
const head = (rows: Row[]) => ({ campaignId: 7, chainSeq: rows.length, chainHead: rows[rows.length - 1]?.recordHash ?? null });

describe('pledge chain', () => {
  it('accepts an intact chain, in any order it is read', () => {
    const rows = chain(5);
    expect(checkChain(rows, nameOf, head(rows))).toEqual({ ok: true, checked: 5, brokenAt: null, problems: [] });
    expect(checkChain([...rows].reverse(), nameOf, head(rows)).ok).toBe(true);
  });

  it('accepts an empty campaign whose head is empty', () => {
    expect(checkChain([], nameOf, { campaignId: 7, chainSeq: 0, chainHead: null }).ok).toBe(true);
  });

  it('genesis differs per campaign', () => {
    expect(genesisHash(1)).not.toBe(genesisHash(2));
    expect(genesisHash(1)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the hash ignores sub-second time but not the second', () => {
    const [r] = chain(1);
    const withMs = { ...r, signedAt: new Date(r.signedAt.getTime() + 400) };
    expect(recordHash(withMs, r.name)).toBe(r.recordHash);
    expect(recordHash({ ...r, signedAt: new Date(r.signedAt.getTime() + 1000) }, r.name)).not.toBe(r.recordHash);
    expect(chainTime('2025-01-02T03:04:05.999Z')).toBe('2025-01-02T03:04:05.000Z');
  });

  it.each([
    ['signedAt', { signedAt: new Date(Date.UTC(2024, 0, 1)) }],
    ['textHash', { textHash: 'c'.repeat(64) }],
    ['imageHash', { imageHash: 'd'.repeat(64) }],
    ['signerType', { signerType: 'guardian' }],
    ['relationship', { relationship: 'father' }],
    ['subjectKey', { subjectKey: 'r:999' }],
    ['code', { code: 'OTHER' }],
    ['signer name', { name: '别人' }],
  ])('detects a changed %s', (_label, change) => {
    const rows = chain(4);
    rows[2] = { ...rows[2], ...change } as Row;
    const check = checkChain(rows, nameOf, head(rows));
    expect(check.ok).toBe(false);
    expect(check.brokenAt).toBe(3);
    expect(check.problems.map((p) => p.seq)).toEqual([3]);
  });

  it('detects an undecryptable name', () => {
    const rows = chain(3);
    const check = checkChain(rows, (r) => {
      if (r.seq === 2) throw new Error('bad tag');
      return r.name;
    });
    expect(check).toMatchObject({ ok: false, brokenAt: 2 });
    expect(check.problems[0].problem).toContain('无法解密');
  });

  it('detects a removed record in the middle', () => {
    const rows = chain(5);
    const gone = rows.filter((r) => r.seq !== 3);
    const check = checkChain(gone, nameOf, head(rows));
    expect(check.ok).toBe(false);
    expect(check.brokenAt).toBe(4);
    expect(check.problems.some((p) => p.problem.includes('缺失'))).toBe(true);
  });

  it('detects a removed last record against the head', () => {
    const rows = chain(5);
    const check = checkChain(rows.slice(0, 4), nameOf, head(rows));
    expect(check).toMatchObject({ ok: false, brokenAt: 5 });
    // without the head a truncated chain looks whole: the head is what catches it
    expect(checkChain(rows.slice(0, 4), nameOf).ok).toBe(true);
  });

  it('detects a removed first record', () => {
    const rows = chain(3);
    const check = checkChain(rows.slice(1), nameOf, head(rows));
    expect(check.ok).toBe(false);
    expect(check.brokenAt).toBe(2);
  });

  it('detects two records swapped (their seq numbers exchanged)', () => {
    const rows = chain(4);
    const swapped = rows.map((r) => (r.seq === 2 ? { ...r, seq: 3 } : r.seq === 3 ? { ...r, seq: 2 } : r));
    const check = checkChain(swapped, nameOf, head(rows));
    expect(check.ok).toBe(false);
    expect(check.brokenAt).toBe(2);
  });

  it('detects a reordered chain rehashed without fixing the links', () => {
    // someone moves record 3 before record 2 and recomputes both hashes, but keeps their prevHash
    const rows = chain(4);
    const a = { ...rows[2], seq: 2 };
    const b = { ...rows[1], seq: 3 };
    const moved = [rows[0], { ...a, recordHash: recordHash(a, a.name) }, { ...b, recordHash: recordHash(b, b.name) }, rows[3]];
    const check = checkChain(moved, nameOf, head(rows));
    expect(check.ok).toBe(false);
    expect(check.problems.some((p) => p.problem.includes('链接'))).toBe(true);
  });

  it('detects a wrong prevHash even when the record hash was recomputed', () => {
    const rows = chain(3);
    const bad = { ...rows[1], prevHash: 'e'.repeat(64) };
    rows[1] = { ...bad, recordHash: recordHash(bad, bad.name) };
    const check = checkChain(rows, nameOf);
    expect(check.ok).toBe(false);
    // record 2's link is wrong; record 3 now points at a hash that is no longer record 2's
    expect(check.problems.map((p) => p.seq)).toEqual([2, 3]);
  });

  it('detects a wrong genesis link', () => {
    const rows = chain(2, 8);
    const check = checkChain(rows, nameOf, { campaignId: 7, chainSeq: 2, chainHead: rows[1].recordHash });
    expect(check.ok).toBe(false);
    expect(check.brokenAt).toBe(1);
  });
});
