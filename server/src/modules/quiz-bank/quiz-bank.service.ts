// The question bank: the built-in bank (townId 0, read-only, synced from ./builtin at boot) and each
// town's own questions, with versions (an edit of a version already drawn into a paper makes a new one).
//
// Used by the quiz module (all take the caller's EntityManager, so they join its transaction):
// - drawCandidates(manager, townId, { fraudType?, difficulty?, audience? })
//     → { questionId, versionId }[]: active questions of the built-in bank and the town matching the
//     rule (read from `question` alone, through IDX_question_townId_status); versionId is current.
// - currentVersionsOf(manager, townId, questionIds) → Map<questionId, QuestionVersion>: the current
//     versions of those that are visible to the town (built-in or its own) and active (fixed papers).
// - versionsByIds(manager, versionIds) → Map<versionId, QuestionVersion>.
// - lockVersions(manager, versionIds): marks versions as drawn into a paper; call it in the
//     transaction that stores the paper, so a later edit makes a new version instead.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  AudienceTag,
  Difficulty,
  FraudType,
  ImportResult,
  Permission,
  QuestionExportQuery,
  QuestionInput,
  QuestionListQuery,
  QuestionPage,
  QuestionStatus,
  QuestionView,
  roleHas,
  isInSubtree,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { keysetCursor } from '../../common/keyset-cursor';
import { isDuplicateKey } from '../../database/db-errors';
import { AuditService } from '../audit/audit.service';
import { AccessScope, AccessService } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { BUILTIN_QUESTIONS } from './builtin';
import { syncBuiltinBank } from './builtin-sync';
import { contentOf, questionView, tagPattern, versionContent } from './question-content';
import { chunks, Current, insertQuestions, nextAutoCodes, reviseQuestion, versionsById, withCurrent } from './question-store';
import { QuestionVersion } from './question-version.entity';
import { buildBankWorkbook, parseBankWorkbook } from './question-xlsx';
import { Question } from './question.entity';

export interface DrawRuleKeys {
  fraudType?: FraudType;
  difficulty?: Difficulty;
  audience?: AudienceTag;
}

export interface BankExport {
  filename: string;
  xlsx: Buffer;
}

const BUILTIN = 0;
const READ_PERMISSIONS: Permission[] = ['quiz.bank', 'quiz.manage'];
const listCursor = keysetCursor('q', [10]);
const BANK_NAMES = { all: '题库', builtin: '系统题库', town: '本镇题库' } as const;

// '!' as the LIKE escape: a backslash literal is read differently by MySQL and SQLite
const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

// versions kept in memory (oldest dropped first)
const LOCKED_VERSION_CACHE = 20000;

@Injectable()
export class QuizBankService implements OnApplicationBootstrap {
  private readonly logger = new Logger(QuizBankService.name);
  private readonly lockedVersions = new Map<number, QuestionVersion>();

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  // After the DataSource is migrated (DatabaseModule's factory) and before the app listens.
  async onApplicationBootstrap(): Promise<void> {
    const r = await this.syncBuiltin();
    if (r.created || r.updated || r.retired || r.restored) this.logger.log(`built-in bank: ${r.created} created, ${r.updated} updated, ${r.retired} retired, ${r.restored} restored`);
  }

  syncBuiltin() {
    return syncBuiltinBank(this.ds, BUILTIN_QUESTIONS, toDbTime(this.clock.now()));
  }

  // ---- for the quiz module ----------------------------------------------------------------------

  async drawCandidates(manager: EntityManager, townId: number, rule: DrawRuleKeys): Promise<{ questionId: number; versionId: number }[]> {
    const qb = manager
      .createQueryBuilder(Question, 'q')
      .select(['q.id', 'q.currentVersionId'])
      .where('q.townId IN (:...banks) AND q.status = :active', { banks: [BUILTIN, townId], active: 'active' });
    if (rule.fraudType) qb.andWhere('q.tagKey LIKE :tag', { tag: tagPattern(rule.fraudType) });
    if (rule.difficulty) qb.andWhere('q.difficulty = :difficulty', { difficulty: rule.difficulty });
    if (rule.audience) qb.andWhere('q.audienceKey LIKE :aud', { aud: tagPattern(rule.audience) });
    const rows = await qb.orderBy('q.id').getMany();
    return rows.map((q) => ({ questionId: q.id, versionId: q.currentVersionId }));
  }

  async currentVersionsOf(manager: EntityManager, townId: number, questionIds: number[]): Promise<Map<number, QuestionVersion>> {
    const out = new Map<number, QuestionVersion>();
    if (questionIds.length === 0) return out;
    const questions = await manager.find(Question, {
      where: { id: In([...new Set(questionIds)]), townId: In([BUILTIN, townId]), status: 'active' },
      select: { id: true, currentVersionId: true },
    });
    const versions = await versionsById(manager, questions.map((q) => q.currentVersionId));
    for (const q of questions) {
      const v = versions.get(q.currentVersionId);
      if (v) out.set(q.id, v);
    }
    return out;
  }

  // Locked versions never change (an edit makes a new version), so they are kept in memory: every
  // submit and result view reads its paper's versions, and the same few hundred serve a whole county.
  async versionsByIds(manager: EntityManager, versionIds: number[]): Promise<Map<number, QuestionVersion>> {
    const out = new Map<number, QuestionVersion>();
    const missing: number[] = [];
    for (const id of versionIds) {
      const v = this.lockedVersions.get(id);
      if (v) out.set(id, v);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    for (const [id, v] of await versionsById(manager, missing)) {
      out.set(id, v);
      if (v.locked) this.rememberLocked(v);
    }
    return out;
  }

  private rememberLocked(v: QuestionVersion): void {
    if (this.lockedVersions.size >= LOCKED_VERSION_CACHE) this.lockedVersions.delete(this.lockedVersions.keys().next().value!);
    this.lockedVersions.set(v.id, v);
  }

  async lockVersions(manager: EntityManager, versionIds: number[]): Promise<void> {
    for (const part of chunks([...new Set(versionIds)].sort((a, b) => a - b), 500)) {
      await manager.createQueryBuilder().update(QuestionVersion).set({ locked: true }).where('id IN (:...ids) AND locked = :no', { ids: part, no: false }).execute();
    }
  }

  // ---- routes -----------------------------------------------------------------------------------

  async list(ctx: AuthContext, query: QuestionListQuery): Promise<QuestionPage> {
    const town = await this.readableTown(ctx, query.townId);
    const banks = query.bank === 'builtin' ? [BUILTIN] : query.bank === 'town' ? [town.id] : [BUILTIN, town.id];
    const qb = this.ds.getRepository(Question).createQueryBuilder('q').where('q.townId IN (:...banks)', { banks }).andWhere('q.status = :status', { status: query.status });
    if (query.type) qb.andWhere('q.type = :type', { type: query.type });
    if (query.fraudType) qb.andWhere('q.tagKey LIKE :tag', { tag: tagPattern(query.fraudType) });
    if (query.difficulty) qb.andWhere('q.difficulty = :difficulty', { difficulty: query.difficulty });
    if (query.q) {
      // the stem lives in the current version
      qb.innerJoin(QuestionVersion, 'v', 'v.id = q.currentVersionId').andWhere("v.stem LIKE :stem ESCAPE '!'", { stem: `%${escapeLike(query.q)}%` });
    }
    const total = await qb.clone().getCount();
    const before = listCursor.decode(query.cursor);
    if (before) qb.andWhere('q.id < :before', { before: before[0] });
    const rows = await qb.orderBy('q.id', 'DESC').limit(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const items = (await withCurrent(this.ds.manager, page)).map((c) => questionView(c.question, c.version));
    return { items, nextCursor: rows.length > query.limit ? listCursor.encode(page[page.length - 1].id) : null, total };
  }

  async get(ctx: AuthContext, id: number): Promise<QuestionView> {
    const q = await this.readable(ctx, id);
    const [c] = await withCurrent(this.ds.manager, [q]);
    return questionView(c.question, c.version);
  }

  async create(ctx: AuthContext, townId: number, input: QuestionInput): Promise<QuestionView> {
    const town = await this.writableTown(ctx, townId);
    const content = contentOf(input);
    const now = toDbTime(this.clock.now());
    const insert = () =>
      this.ds.transaction(async (m) => {
        const [code] = await nextAutoCodes(m, town.id, 1);
        const ids = await insertQuestions(m, town.id, [{ code, status: 'active', content }], ctx.userId, now);
        return ids.get(code)!;
      });
    let id: number;
    try {
      id = await insert();
    } catch (err) {
      // two creates took the same next code: the second tries the one after
      if (!isDuplicateKey(err)) throw err;
      id = await insert();
    }
    return this.viewOf(id);
  }

  async update(ctx: AuthContext, id: number, input: QuestionInput): Promise<QuestionView> {
    await this.writable(ctx, id);
    const content = contentOf(input);
    const now = toDbTime(this.clock.now());
    await this.ds.transaction(async (m) => {
      const cur = await this.lockCurrent(m, id);
      await reviseQuestion(m, cur, content, ctx.userId, now);
    });
    return this.viewOf(id);
  }

  async setStatus(ctx: AuthContext, id: number, status: QuestionStatus): Promise<QuestionView> {
    const q = await this.writable(ctx, id);
    if (q.status !== status) {
      await this.ds.getRepository(Question).update({ id }, { status, updatedAt: toDbTime(this.clock.now()) });
    }
    return this.viewOf(id);
  }

  async export(ctx: AuthContext, query: QuestionExportQuery): Promise<BankExport> {
    const town = await this.readableTown(ctx, query.townId);
    const banks = query.bank === 'builtin' ? [BUILTIN] : query.bank === 'town' ? [town.id] : [BUILTIN, town.id];
    const questions = await this.ds.getRepository(Question).find({ where: { townId: In(banks) }, order: { townId: 'ASC', id: 'ASC' } });
    const rows = (await withCurrent(this.ds.manager, questions)).map((c) => ({ code: c.question.code, status: c.question.status as QuestionStatus, content: versionContent(c.version) }));
    const now = this.clock.now();
    const title = `${town.name}${BANK_NAMES[query.bank]}`;
    const xlsx = await buildBankWorkbook(rows, { title, exportedAt: now });
    await this.audit.record(this.ds.manager, {
      actorId: ctx.userId,
      action: 'export.quiz_questions',
      node: { id: town.id, path: town.path },
      targetType: 'question_bank',
      targetId: town.id,
      detail: { bank: query.bank, rows: rows.length },
    });
    const day = new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    return { filename: `${title}-${day}.xlsx`, xlsx };
  }

  // All or nothing: the whole file is checked before anything is written, then one transaction.
  async import(ctx: AuthContext, townId: number, readFile: () => Promise<Buffer>): Promise<ImportResult> {
    const town = await this.writableTown(ctx, townId);
    const rows = await parseBankWorkbook(await readFile());
    const now = toDbTime(this.clock.now());
    const run = () =>
      this.ds.transaction(async (m) => {
        const existing = await m.find(Question, { where: { townId: town.id } });
        const byCode = new Map(existing.map((q) => [q.code.toUpperCase(), q]));
        const matched = rows.filter((r) => r.code !== null && byCode.has(r.code.toUpperCase()));
        const fresh = rows.filter((r) => r.code === null || !byCode.has(r.code.toUpperCase()));
        const current = new Map((await withCurrent(m, matched.map((r) => byCode.get(r.code!.toUpperCase())!))).map((c) => [c.question.id, c]));
        let updated = 0;
        let unchanged = 0;
        const statusChanges = new Map<QuestionStatus, number[]>();
        for (const r of matched) {
          const cur = current.get(byCode.get(r.code!.toUpperCase())!.id)!;
          const statusChanged = r.status !== null && r.status !== cur.question.status;
          const contentChanged = await reviseQuestion(m, cur, r.content, ctx.userId, now);
          if (statusChanged) statusChanges.set(r.status!, [...(statusChanges.get(r.status!) ?? []), cur.question.id]);
          if (contentChanged || statusChanged) updated++;
          else unchanged++;
        }
        for (const [status, ids] of statusChanges) {
          for (const part of chunks(ids, 500)) await m.update(Question, { id: In(part) }, { status, updatedAt: now });
        }
        const taken = rows.filter((r) => r.code !== null).map((r) => r.code!);
        const autoCodes = await nextAutoCodes(m, town.id, fresh.filter((r) => r.code === null).length, taken);
        let next = 0;
        await insertQuestions(
          m,
          town.id,
          fresh.map((r) => ({ code: r.code ?? autoCodes[next++], status: r.status ?? 'active', content: r.content })),
          ctx.userId,
          now,
        );
        const result = { rows: rows.length, created: fresh.length, updated, unchanged };
        await this.audit.record(m, {
          actorId: ctx.userId,
          action: 'quiz.questions.import',
          node: { id: town.id, path: town.path },
          targetType: 'question_bank',
          targetId: town.id,
          detail: result,
        });
        return result;
      });
    try {
      return await run();
    } catch (err) {
      // an edit or create raced the import for a code or a version number
      if (isDuplicateKey(err)) throw new DomainError('CONFLICT');
      throw err;
    }
  }

  // ---- access ------------------------------------------------------------------------------------

  // A town's bank is readable by holders of quiz.bank or quiz.manage at the town, above it or
  // anywhere inside it (school admins and unit contacts pick questions for fixed papers); written with
  // quiz.bank at the town (or above). Not a town, or out of sight: 404; seen but not allowed: 403.
  private async bankTown(ctx: AuthContext, townId: number, need: 'read' | 'write', scope?: AccessScope): Promise<OrgNode> {
    scope ??= await this.access.scope(ctx);
    const node = await this.ds.manager.findOneBy(OrgNode, { id: townId });
    if (!node || node.kind !== 'town') throw new DomainError('NOT_FOUND');
    const reads = this.readsBank(scope, node.path);
    if (need === 'read' ? reads : scope.can(node.path, 'quiz.bank')) return node;
    if (reads) throw new DomainError('FORBIDDEN');
    return this.access.check(scope, node, 'quiz.bank');
  }

  private readableTown(ctx: AuthContext, townId: number, scope?: AccessScope): Promise<OrgNode> {
    return this.bankTown(ctx, townId, 'read', scope);
  }

  private writableTown(ctx: AuthContext, townId: number, scope?: AccessScope): Promise<OrgNode> {
    return this.bankTown(ctx, townId, 'write', scope);
  }

  private readsBank(scope: AccessScope, townPath: string): boolean {
    return scope.grants.some((g) => READ_PERMISSIONS.some((p) => roleHas(g.role, p)) && (isInSubtree(townPath, g.path) || isInSubtree(g.path, townPath)));
  }

  // A question the caller may read: a built-in one (for anyone reading some town's bank) or one of a
  // town whose bank they read.
  private async readable(ctx: AuthContext, id: number, scope?: AccessScope): Promise<Question> {
    const q = await this.ds.getRepository(Question).findOneBy({ id });
    if (!q) throw new DomainError('NOT_FOUND');
    scope ??= await this.access.scope(ctx);
    if (q.townId === BUILTIN) {
      if (!scope.grants.some((g) => READ_PERMISSIONS.some((p) => roleHas(g.role, p)))) throw new DomainError('NOT_FOUND');
      return q;
    }
    await this.readableTown(ctx, q.townId, scope);
    return q;
  }

  private async writable(ctx: AuthContext, id: number): Promise<Question> {
    const scope = await this.access.scope(ctx);
    const q = await this.readable(ctx, id, scope);
    if (q.townId === BUILTIN) throw new DomainError('QUESTION_READ_ONLY');
    await this.writableTown(ctx, q.townId, scope);
    return q;
  }

  // The question and its current version, its row locked for the rest of the transaction (MySQL;
  // SQLite serialises transactions anyway).
  private async lockCurrent(m: EntityManager, id: number): Promise<Current> {
    await m.query('UPDATE question SET version = version WHERE id = ?', [id]);
    const q = await m.findOneByOrFail(Question, { id });
    const [c] = await withCurrent(m, [q]);
    return c;
  }

  private async viewOf(id: number): Promise<QuestionView> {
    const q = await this.ds.getRepository(Question).findOneByOrFail({ id });
    const [c] = await withCurrent(this.ds.manager, [q]);
    return questionView(c.question, c.version);
  }
}
