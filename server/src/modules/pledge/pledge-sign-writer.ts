import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { dbTime, hydrate, isSqlite, rawQuery, rawTransaction, RawTx } from '../../common/raw-query';
import { isDeadlock, isDuplicateKey } from '../../database/db-errors';
import { PledgeCampaign } from './pledge-campaign.entity';
import { genesisHash, recordHash } from './pledge-chain';
import { newSignatureCode, signBlocker } from './pledge-sign-rules';
import { PledgeSignature } from './pledge-signature.entity';

// Appends signatures to a campaign's hash chain. Every append locks the campaign row (its chainSeq and
// chainHead), so the signers of one campaign are written one transaction after another; when a class
// signs at once the transactions queue on that lock. Here the appends of a campaign waiting in this
// process go in one transaction instead: lock the row, insert them all in one statement, move the head
// once. One signer alone is a batch of one; other processes still order on the row lock.

export type NewSignature = Omit<PledgeSignature, 'id' | 'seq' | 'prevHash' | 'recordHash' | 'code'>;
export type Appended = { row: PledgeSignature; title: string } | { repeat: PledgeSignature };

interface Job {
  row: NewSignature;
  // the signer's name in clear (the record's hash covers it)
  name: string;
  resolve: (r: Appended) => void;
  reject: (err: unknown) => void;
}

// at most this many records per transaction (one INSERT of 21 columns each)
const MAX_BATCH = 50;
const RETRIES = 6;
const COLUMNS = [
  'campaignId', 'seq', 'subjectKey', 'rosterEntryId', 'nodeId', 'nodePath', 'signerUserId', 'signerType', 'signerNameEnc', 'relationship', 'guardianConsent',
  'unitName', 'signerTitle', 'templateVersionId', 'textHash', 'imageHash', 'imageKey', 'code', 'signedAt', 'prevHash', 'recordHash',
] as const;
const INSERT = `INSERT INTO pledge_signature (${COLUMNS.join(', ')}) VALUES `;
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;

export class PledgeChainWriter {
  private readonly queues = new Map<number, Job[]>();

  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date,
  ) {}

  // The stored record, or the subject's existing one (signed meanwhile, or twice in one batch).
  append(row: NewSignature, name: string): Promise<Appended> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(row.campaignId);
      const job = { row, name, resolve, reject };
      if (queue) {
        queue.push(job);
        return;
      }
      this.queues.set(row.campaignId, [job]);
      void this.drain(row.campaignId);
    });
  }

  private async drain(campaignId: number): Promise<void> {
    const queue = this.queues.get(campaignId)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      await this.write(batch).catch((err) => batch.forEach((j) => j.reject(err)));
    }
    this.queues.delete(campaignId);
  }

  private async write(batch: Job[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.writeOnce(batch);
        return;
      } catch (err) {
        if (err instanceof DomainError) throw err;
        if (isDuplicateKey(err)) {
          // signed meanwhile by another process, or (hardly ever) a code taken: one by one, each
          // finding its subject's record or trying a new code
          if (batch.length > 1) {
            for (const job of batch) await this.write([job]).catch(job.reject);
            return;
          }
          const winner = await this.bySubject(batch[0].row.campaignId, batch[0].row.subjectKey);
          if (winner) return batch[0].resolve({ repeat: winner });
        } else if (!isDeadlock(err)) {
          throw err;
        }
        if (attempt >= RETRIES) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
  }

  private async writeOnce(batch: Job[]): Promise<void> {
    const campaignId = batch[0].row.campaignId;
    const now = this.now();
    // the first job per subject is written; a second one for the same subject answers the first
    const first = new Map<string, Job>();
    const twice: Job[] = [];
    for (const j of batch) {
      if (first.has(j.row.subjectKey)) twice.push(j);
      else first.set(j.row.subjectKey, j);
    }
    const out = await rawTransaction(this.ds, 'READ COMMITTED', async (tx) => {
      const c = await this.lockCampaign(tx, campaignId);
      const blocked = signBlocker(c, now);
      if (blocked) throw new DomainError(blocked);
      let jobs = [...first.values()];
      // the version is fixed once published: a mismatch means the text was swapped under the signer
      const changed = jobs.filter((j) => j.row.templateVersionId !== c.templateVersionId);
      jobs = jobs.filter((j) => j.row.templateVersionId === c.templateVersionId);
      // signed since the signer looked (a batch of one relies on the unique index instead); read
      // committed, under the campaign's lock: no other writer of this campaign is in between
      let signed = new Set<string>();
      if (jobs.length > 1) {
        const keys = jobs.map((j) => j.row.subjectKey);
        const found = await rawQuery<{ subjectKey: string }>(tx, `SELECT subjectKey FROM pledge_signature WHERE campaignId = ? AND subjectKey IN (${keys.map(() => '?').join(', ')})`, [
          campaignId,
          ...keys,
        ]);
        signed = new Set(found.rows.map((r) => r.subjectKey));
        jobs = jobs.filter((j) => !signed.has(j.row.subjectKey));
      }
      let seq = c.chainSeq;
      let prevHash = c.chainHead ?? genesisHash(c.id);
      const records = jobs.map((j) => {
        const linked = { ...j.row, seq: ++seq, prevHash, code: newSignatureCode() };
        prevHash = recordHash(linked, j.name);
        return Object.assign(new PledgeSignature(), linked, { recordHash: prevHash });
      });
      let insertId = 0;
      if (records.length > 0) {
        const params: unknown[] = [];
        for (const r of records) {
          for (const col of COLUMNS) {
            const v = r[col];
            params.push(col === 'signedAt' ? dbTime(this.ds, v as Date) : col === 'guardianConsent' ? (v ? 1 : 0) : v);
          }
        }
        const ins = await rawQuery(tx, INSERT + records.map(() => ROW_PLACEHOLDERS).join(', '), params);
        insertId = Number(ins.insertId);
        await rawQuery(tx, 'UPDATE pledge_campaign SET chainSeq = ?, chainHead = ? WHERE id = ?', [seq, prevHash, c.id]);
      }
      return { title: c.title, jobs, records, insertId, changed, signed };
    });
    // ids after the commit, outside the lock: one row's is the insert id; several are read by seq
    // (auto-increment ids of one statement need not be consecutive)
    if (out.records.length === 1) out.records[0].id = out.insertId;
    else if (out.records.length > 1) {
      const { rows } = await rawQuery<{ id: number; seq: number }>(this.ds, 'SELECT id, seq FROM pledge_signature WHERE campaignId = ? AND seq >= ? AND seq <= ?', [
        campaignId,
        out.records[0].seq,
        out.records[out.records.length - 1].seq,
      ]);
      const idOf = new Map(rows.map((r) => [Number(r.seq), Number(r.id)]));
      for (const r of out.records) r.id = idOf.get(r.seq)!;
    }
    const written = new Map<string, PledgeSignature>();
    out.jobs.forEach((j, i) => {
      written.set(j.row.subjectKey, out.records[i]);
      j.resolve({ row: out.records[i], title: out.title });
    });
    for (const j of out.changed) j.reject(new DomainError('PLEDGE_TEXT_CHANGED'));
    for (const j of [...first.values()].filter((x) => out.signed.has(x.row.subjectKey)).concat(twice)) {
      const existing = written.get(j.row.subjectKey) ?? (await this.bySubject(campaignId, j.row.subjectKey));
      if (existing) j.resolve({ repeat: existing });
      else j.reject(new DomainError('PLEDGE_TEXT_CHANGED'));
    }
  }

  private async lockCampaign(tx: EntityManager | RawTx, id: number): Promise<PledgeCampaign> {
    const sqlite = isSqlite(this.ds);
    const head = await rawQuery<Record<string, unknown>>(
      tx,
      `SELECT id, status, deadline, title, templateVersionId, chainSeq, chainHead FROM pledge_campaign WHERE id = ?${sqlite ? '' : ' FOR UPDATE'}`,
      [id],
    );
    if (!head.rows[0]) throw new DomainError('NOT_FOUND');
    return hydrate(this.ds, PledgeCampaign, head.rows[0]);
  }

  private bySubject(campaignId: number, subjectKey: string): Promise<PledgeSignature | null> {
    return this.ds.manager.findOneBy(PledgeSignature, { campaignId, subjectKey });
  }
}
