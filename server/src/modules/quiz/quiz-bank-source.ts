import type { DrawRule } from '@wuzha/shared';
import { EntityManager, In } from 'typeorm';
import { QuestionVersion } from '../quiz-bank/question-version.entity';
import { Question } from '../quiz-bank/question.entity';

// The bank reads a paper is drawn from: active questions of the built-in bank (townId 0) and the
// campaign's town, by the draw keys copied onto `question`. Kept here, as plain queries, so drawing
// does not depend on the bank module's editing code.
export interface Candidate {
  questionId: number;
  versionId: number;
}

const visibleBank = (townId: number) => (townId > 0 ? [0, townId] : [0]);

export async function drawCandidates(manager: EntityManager, townIds: number | number[], rule: Omit<DrawRule, 'count'>): Promise<Candidate[]> {
  const towns = [...new Set([0, ...(Array.isArray(townIds) ? townIds : visibleBank(townIds))])];
  const qb = manager
    .createQueryBuilder(Question, 'q')
    .select('q.id', 'questionId')
    .addSelect('q.currentVersionId', 'versionId')
    .where('q.townId IN (:...towns)', { towns })
    .andWhere("q.status = 'active'");
  if (rule.fraudType) qb.andWhere('q.tagKey LIKE :tag', { tag: `%,${rule.fraudType},%` });
  if (rule.audience) qb.andWhere('q.audienceKey LIKE :aud', { aud: `%,${rule.audience},%` });
  if (rule.difficulty) qb.andWhere('q.difficulty = :diff', { diff: rule.difficulty });
  const rows = await qb.orderBy('q.id', 'ASC').getRawMany<{ questionId: number | string; versionId: number | string }>();
  return rows.map((r) => ({ questionId: Number(r.questionId), versionId: Number(r.versionId) }));
}

// Current versions of the given questions that are active and in the town's visible bank (missing ones left out).
export async function currentVersionsOf(manager: EntityManager, townIds: number | number[], questionIds: number[]): Promise<Map<number, number>> {
  if (questionIds.length === 0) return new Map();
  const towns = [...new Set([0, ...(Array.isArray(townIds) ? townIds : visibleBank(townIds))])];
  const rows = await manager.find(Question, {
    where: { id: In(questionIds), townId: In(towns), status: 'active' },
    select: { id: true, currentVersionId: true },
  });
  return new Map(rows.map((q) => [q.id, q.currentVersionId]));
}

export async function versionsByIds(manager: EntityManager, versionIds: number[]): Promise<Map<number, QuestionVersion>> {
  const unique = [...new Set(versionIds)];
  if (unique.length === 0) return new Map();
  const rows = await manager.findBy(QuestionVersion, { id: In(unique) });
  return new Map(rows.map((v) => [v.id, v]));
}

// Drawn versions become read-only: a later edit of the question makes a new version.
export async function lockVersions(manager: EntityManager, versionIds: number[]): Promise<void> {
  const unique = [...new Set(versionIds)];
  if (unique.length === 0) return;
  await manager
    .createQueryBuilder()
    .update(QuestionVersion)
    .set({ locked: true })
    .where('id IN (:...ids)', { ids: unique })
    .andWhere('locked = :no', { no: false })
    .execute();
}
