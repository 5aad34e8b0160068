import { createHash } from 'node:crypto';
import { pledgeTextHash } from '../pledge-template/pledge-text';
import { genesisHash, recordProblem, StoredChainRecord } from './pledge-chain';

// What the public verification of one code checks, given what was read around the record: its own
// hash, its links to the records before and after it (or the campaign's head), the stored signature
// image against its hash, and the text version against the record's text hash.

export interface VerifyFacts<R extends StoredChainRecord> {
  rec: R & { templateVersionId: number };
  nameOf: (rec: R) => string;
  // the records at seq - 1 and seq + 1 (null: none stored)
  prev: Pick<StoredChainRecord, 'recordHash'> | null;
  next: Pick<StoredChainRecord, 'prevHash'> | null;
  head: { chainSeq: number; chainHead: string | null };
  image: Buffer | null;
  // the text version the record names, as stored now (null: gone)
  version: { title: string; body: string; textHash: string } | null;
}

export function verifyProblems<R extends StoredChainRecord>(f: VerifyFacts<R>): string[] {
  const { rec } = f;
  const problems: string[] = [];
  const own = recordProblem(rec, f.nameOf);
  if (own) problems.push(own);
  if (rec.seq === 1) {
    if (rec.prevHash !== genesisHash(rec.campaignId)) problems.push('第一条记录的链接不正确');
  } else if (!f.prev) {
    problems.push('前一条记录缺失');
  } else if (f.prev.recordHash !== rec.prevHash) {
    problems.push('与前一条记录的链接断开');
  }
  if (f.next) {
    if (f.next.prevHash !== rec.recordHash) problems.push('与后一条记录的链接断开');
  } else if (f.head.chainSeq > rec.seq) {
    problems.push('后一条记录缺失');
  } else if (f.head.chainSeq !== rec.seq || f.head.chainHead !== rec.recordHash) {
    problems.push('活动记录的链尾与这条记录不符');
  }
  if (!f.image) problems.push('签名图片缺失');
  else if (createHash('sha256').update(f.image).digest('hex') !== rec.imageHash) problems.push('签名图片与记录不符，图片被改动过');
  if (!f.version) problems.push('承诺书文本缺失');
  else if (f.version.textHash !== rec.textHash || pledgeTextHash(f.version.title, f.version.body) !== rec.textHash) problems.push('承诺书文本与签署时的不一致');
  return problems;
}
