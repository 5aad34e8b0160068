import { QuestionStatus } from '@wuzha/shared';
import { EntityManager, In } from 'typeorm';
import { QuestionContent, drawKeys, sameContent, versionContent } from './question-content';
import { QuestionVersion } from './question-version.entity';
import { Question } from './question.entity';

// Query code of the bank: bulk inserts, current versions, the versioning rule. Every function takes
// the manager of the caller's transaction.

// rows per INSERT: a version row binds 14 values, well under SQLite's 32766 variables
const CHUNK = 200;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface NewQuestion {
  code: string;
  status: QuestionStatus;
  content: QuestionContent;
}

// A question with its current version.
export interface Current {
  question: Question;
  version: QuestionVersion;
}

// Inserts questions with their first version in a few multi-row statements: questions first
// (currentVersionId 0), then their versions, then one UPDATE pointing each at its version.
// Returns the new ids by code.
export async function insertQuestions(m: EntityManager, townId: number, rows: readonly NewQuestion[], by: number | null, now: Date): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (rows.length === 0) return ids;
  for (const part of chunks(rows)) {
    const values = part.map((r) => ({
      townId,
      code: r.code,
      status: r.status,
      currentVersionId: 0,
      version: 1,
      ...drawKeys(r.content),
      createdBy: by,
      createdAt: now,
      updatedAt: now,
    }));
    await m.createQueryBuilder().insert().into(Question).values(values).updateEntity(false).execute();
  }
  // ids by code (ids of a multi-row insert are not reliably consecutive on MySQL)
  const fresh = await m.find(Question, { where: { townId, currentVersionId: 0 }, select: { id: true, code: true } });
  for (const q of fresh) ids.set(q.code, q.id);
  for (const part of chunks(rows)) {
    const values = part.map((r) => {
      const questionId = ids.get(r.code);
      if (questionId === undefined) throw new Error(`question ${r.code} was not inserted`);
      return { questionId, version: 1, ...versionColumns(r.content), locked: false, createdBy: by, createdAt: now };
    });
    await m.createQueryBuilder().insert().into(QuestionVersion).values(values).updateEntity(false).execute();
  }
  await m.query(
    'UPDATE question SET currentVersionId = (SELECT v.id FROM question_version v WHERE v.questionId = question.id AND v.version = question.version) WHERE townId = ? AND currentVersionId = 0',
    [townId],
  );
  return ids;
}

// a version's content columns are exactly the content's fields
const versionColumns = (c: QuestionContent) => ({ ...c });

// Versions by id (TypeORM parses the JSON columns).
export async function versionsById(m: EntityManager, versionIds: readonly number[]): Promise<Map<number, QuestionVersion>> {
  const out = new Map<number, QuestionVersion>();
  for (const part of chunks([...new Set(versionIds)], 500)) {
    for (const v of await m.find(QuestionVersion, { where: { id: In(part) } })) out.set(v.id, v);
  }
  return out;
}

// The questions with their current versions, in the questions' order.
export async function withCurrent(m: EntityManager, questions: readonly Question[]): Promise<Current[]> {
  const versions = await versionsById(m, questions.map((q) => q.currentVersionId));
  return questions.map((question) => {
    const version = versions.get(question.currentVersionId);
    if (!version) throw new Error(`question ${question.id} has no current version ${question.currentVersionId}`);
    return { question, version };
  });
}

// The versioning rule. Same content: nothing. The current version never drawn: edited in place (the
// UPDATE re-checks `locked`, so a paper drawn meanwhile keeps its content). Otherwise version + 1
// becomes current. Returns whether anything changed.
export async function reviseQuestion(m: EntityManager, cur: Current, content: QuestionContent, by: number | null, now: Date): Promise<boolean> {
  const { question: q, version: v } = cur;
  if (sameContent(versionContent(v), content)) return false;
  const keys = drawKeys(content);
  if (!v.locked) {
    const res = await m
      .createQueryBuilder()
      .update(QuestionVersion)
      .set(versionColumns(content))
      .where('id = :id AND locked = :no', { id: v.id, no: false })
      .execute();
    if ((res.affected ?? 0) > 0) {
      await m.update(Question, { id: q.id }, { ...keys, updatedAt: now });
      Object.assign(q, keys, { updatedAt: now });
      Object.assign(v, versionColumns(content));
      return true;
    }
  }
  const next = m.create(QuestionVersion, { questionId: q.id, version: q.version + 1, ...versionColumns(content), locked: false, createdBy: by, createdAt: now });
  await m.insert(QuestionVersion, next);
  await m.update(Question, { id: q.id }, { ...keys, currentVersionId: next.id, version: next.version, updatedAt: now });
  Object.assign(q, keys, { currentVersionId: next.id, version: next.version, updatedAt: now });
  cur.version = next;
  return true;
}

// Auto codes T-000001…: one above the highest such code of the town (and of `alsoTaken`).
export async function nextAutoCodes(m: EntityManager, townId: number, count: number, alsoTaken: Iterable<string> = []): Promise<string[]> {
  const rows: Array<{ code: string }> = await m
    .createQueryBuilder(Question, 'q')
    .select('q.code', 'code')
    .where('q.townId = :townId AND q.code LIKE :pat', { townId, pat: 'T-%' })
    .getRawMany();
  let max = 0;
  for (const code of [...rows.map((r) => r.code), ...alsoTaken]) {
    const match = /^T-(\d{1,9})$/i.exec(code);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return Array.from({ length: count }, (_, i) => `T-${String(max + 1 + i).padStart(6, '0')}`);
}
