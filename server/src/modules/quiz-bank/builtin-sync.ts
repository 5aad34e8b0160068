import { QuestionInput } from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { isDuplicateKey } from '../../database/db-errors';
import { BuiltinQuestion } from './builtin';
import { contentOf, QuestionContent, sameContent, versionContent } from './question-content';
import { Current, insertQuestions, reviseQuestion } from './question-store';
import { QuestionVersion } from './question-version.entity';
import { Question } from './question.entity';

export interface SyncResult {
  created: number;
  updated: number;
  retired: number;
  restored: number;
}

// The current questions of the built-in bank (townId 0) in one query: versions joined to their question.
async function builtinCurrent(m: EntityManager): Promise<Map<string, Current>> {
  const { entities, raw } = await m
    .createQueryBuilder(QuestionVersion, 'v')
    .innerJoin(Question, 'q', 'q.currentVersionId = v.id')
    .addSelect(['q.id', 'q.code', 'q.status', 'q.version', 'q.currentVersionId', 'q.townId'])
    .where('q.townId = 0')
    .getRawAndEntities<{ v_id: number | string; q_id: number | string; q_code: string; q_status: string; q_version: number | string }>();
  const byVersion = new Map(entities.map((v) => [v.id, v]));
  const out = new Map<string, Current>();
  for (const r of raw) {
    const version = byVersion.get(Number(r.v_id));
    if (!version) continue;
    const question = Object.assign(new Question(), { id: Number(r.q_id), townId: 0, code: r.q_code, status: r.q_status, version: Number(r.q_version), currentVersionId: version.id });
    out.set(r.q_code, { question, version });
  }
  return out;
}

// Makes the built-in bank equal the shipped list, by code: missing → created; content changed →
// the versioning rule (attempts keep the version they were drawn with); dropped from the list →
// retired. Nothing changed → one read and no transaction.
export async function syncBuiltinBank(ds: DataSource, shipped: readonly BuiltinQuestion[], now: Date): Promise<SyncResult> {
  const wanted = new Map<string, QuestionContent>();
  for (const { code, ...input } of shipped) wanted.set(code, contentOf(QuestionInput.parse(input)));
  const plan = (current: Map<string, Current>) => {
    const create = [...wanted].filter(([code]) => !current.has(code));
    const change = [...current.values()].filter((c) => wanted.has(c.question.code) && !sameContent(versionContent(c.version), wanted.get(c.question.code)!));
    const retire = [...current.values()].filter((c) => !wanted.has(c.question.code) && c.question.status === 'active');
    const restore = [...current.values()].filter((c) => wanted.has(c.question.code) && c.question.status !== 'active');
    return { create, change, retire, restore };
  };
  const first = plan(await builtinCurrent(ds.manager));
  if (!first.create.length && !first.change.length && !first.retire.length && !first.restore.length) return { created: 0, updated: 0, retired: 0, restored: 0 };

  const run = () =>
    ds.transaction(async (m) => {
      // re-planned inside the transaction: another instance may have synced meanwhile
      const p = plan(await builtinCurrent(m));
      await insertQuestions(m, 0, p.create.map(([code, content]) => ({ code, status: 'active', content })), null, now);
      for (const c of p.change) await reviseQuestion(m, c, wanted.get(c.question.code)!, null, now);
      const setStatus = async (list: Current[], status: string) => {
        if (list.length) await m.update(Question, { id: In(list.map((c) => c.question.id)) }, { status, updatedAt: now });
      };
      await setStatus(p.retire, 'retired');
      await setStatus(p.restore, 'active');
      return { created: p.create.length, updated: p.change.length, retired: p.retire.length, restored: p.restore.length };
    });
  try {
    return await run();
  } catch (err) {
    // two instances booting together over one MySQL database: the loser re-plans once
    if (!isDuplicateKey(err)) throw err;
    return run();
  }
}
