import { createHash } from 'node:crypto';
import type { ChainCheck } from '@wuzha/shared';
import type { PledgeSignature } from './pledge-signature.entity';

// The hash chain of a campaign's signatures. Each record's hash covers its own fields (with the
// decrypted signer name, so a swapped ciphertext is caught too) and the previous record's hash; the
// first record links to a genesis hash derived from the campaign id. Pure: the signing transaction,
// the public verification and the campaign chain check all use these.

export type ChainRecord = Pick<
  PledgeSignature,
  | 'campaignId'
  | 'seq'
  | 'subjectKey'
  | 'signerUserId'
  | 'signerType'
  | 'relationship'
  | 'guardianConsent'
  | 'unitName'
  | 'signerTitle'
  | 'textHash'
  | 'imageHash'
  | 'code'
  | 'signedAt'
  | 'prevHash'
>;

type Problem = ChainCheck['problems'][number];

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function genesisHash(campaignId: number): string {
  return sha256(`wuzha:pledge:genesis:${campaignId}`);
}

// whole seconds, ISO: what the databases keep of a datetime
export function chainTime(d: Date | string): string {
  const t = new Date(d).getTime();
  return new Date(Math.floor(t / 1000) * 1000).toISOString();
}

export function recordHash(rec: ChainRecord, signerName: string): string {
  // a fixed field order (an array, not an object) so the hash never depends on key order
  const fields = [
    'v1',
    rec.campaignId,
    rec.seq,
    rec.prevHash,
    rec.subjectKey,
    rec.signerUserId,
    rec.signerType,
    signerName,
    rec.relationship ?? null,
    Boolean(rec.guardianConsent),
    rec.unitName ?? null,
    rec.signerTitle ?? null,
    rec.textHash,
    rec.imageHash,
    rec.code,
    chainTime(rec.signedAt),
  ];
  return sha256(JSON.stringify(fields));
}

export type StoredChainRecord = ChainRecord & { recordHash: string };

// Checks one record's own hash; null when it matches. nameOf may throw (an altered ciphertext).
export function recordProblem<R extends StoredChainRecord>(rec: R, nameOf: (rec: R) => string): string | null {
  let name: string;
  try {
    name = nameOf(rec);
  } catch {
    return '签名人信息被改动，无法解密';
  }
  return recordHash(rec, name) === rec.recordHash ? null : '记录内容与其校验值不符，记录被改动过';
}

// Checks a campaign's records (any order; sorted here by seq): each record's own hash, its link to the
// previous record, sequence gaps, and — when the campaign's head is given — that nothing is missing at
// the end. Detects a changed field, a removed record, a reordered record and a wrong prevHash.
export function checkChain<R extends StoredChainRecord>(
  rows: readonly R[],
  nameOf: (rec: R) => string,
  head?: { campaignId: number; chainSeq: number; chainHead: string | null },
): ChainCheck {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const problems: Problem[] = [];
  const add = (rec: { seq: number; code: string }, code: string, problem: string) => problems.push({ seq: rec.seq, code, problem });
  const campaignId = head?.campaignId ?? sorted[0]?.campaignId;
  let prev: R | null = null;
  for (const rec of sorted) {
    if (rec.campaignId !== campaignId) add(rec, rec.code, '记录不属于这个签署活动');
    const expectedSeq = prev ? prev.seq + 1 : 1;
    if (rec.seq !== expectedSeq) add(rec, rec.code, `第${expectedSeq}条到第${rec.seq - 1}条记录缺失`);
    const own = recordProblem(rec, nameOf);
    if (own) add(rec, rec.code, own);
    // the link: the previous record's stored hash (or the genesis for the first)
    const expectedPrev = prev ? prev.recordHash : genesisHash(campaignId!);
    if (rec.prevHash !== expectedPrev) add(rec, rec.code, prev ? '与前一条记录的链接断开' : '第一条记录的链接不正确');
    prev = rec;
  }
  if (head) {
    const last = sorted[sorted.length - 1];
    const lastSeq = last?.seq ?? 0;
    if (head.chainSeq !== lastSeq || (head.chainHead ?? null) !== (last?.recordHash ?? null)) {
      problems.push({
        seq: Math.min(lastSeq + 1, Math.max(head.chainSeq, 1)),
        code: last?.code ?? '',
        problem: head.chainSeq > lastSeq ? `最后${head.chainSeq - lastSeq}条记录缺失` : '活动记录的链尾与最后一条记录不符',
      });
    }
  }
  problems.sort((a, b) => a.seq - b.seq);
  return { ok: problems.length === 0, checked: sorted.length, brokenAt: problems[0]?.seq ?? null, problems };
}
