import { Inject, Injectable } from '@nestjs/common';
import {
  AttemptView,
  CheckRequest,
  CheckResponse,
  chinaDayKey,
  chinaWeekStart,
  DrawInput,
  isCorrect,
  isImplausible,
  percentOf,
  PracticeRequest,
  SubmitRequest,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { RateLimiter } from '../../common/rate-limiter';
import { dbTime, hydrate, isSqlite, rawQuery, rawTransaction, RawTx } from '../../common/raw-query';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { isDuplicateKey } from '../../database/db-errors';
import { QuestionVersion } from '../quiz-bank/question-version.entity';
import { QuizBankService } from '../quiz-bank/quiz-bank.service';
import { AccessService } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, userNames } from '../org/views';
import { countingGrant, townsOf } from './quiz-audience';
import { QuizAnswer } from './quiz-answer.entity';
import { AttemptTally, PaperItem, QuizAttempt } from './quiz-attempt.entity';
import { managesOrSees } from './quiz-campaign.service';
import { QuizCampaign } from './quiz-campaign.entity';
import { UrlSigner } from '../../common/url-signer';
import { certificateSigner, certificateSvg } from './quiz-certificate';
import { QuizMistake } from './quiz-mistake.entity';
import { Candidate, decodeChosen, displayAnswer, drawQuestions, encodeChosen, grade, Graded, makePaper, paperQuestions, resultItems, shuffled, tallyOf } from './quiz-paper';
import { startBlocker, stillOpen } from './quiz-rules';
import { addCounters, CounterRow, NODE_STAT, QUESTION_STAT, TYPE_STAT, WEEK_STAT } from './stat-upsert';

// where a statement runs: TypeORM's transaction (starts; SQLite) or a raw one (submits on MySQL)
type Sql = EntityManager | RawTx;

// per user per minute
export const RATE = { start: 10, submit: 30, check: 120 } as const;
const DEADLOCK_RETRIES = 8;

interface Outcome {
  graded: Graded[];
  correct: number;
  total: number;
  percent: number;
  passed: boolean | null;
  elapsedSeconds: number;
  flagged: boolean;
  tally: AttemptTally;
  submittedAt: Date;
}

interface ParticipantRow {
  id: number;
  nodeId: number;
  nodePath: string;
  countedAttemptId: number;
  correct: number;
  total: number;
  percent: number;
  passed: number | boolean;
}

// Taking quizzes: the server draws the paper and opens an attempt, grades the submit (idempotent on the
// attempt), and in the same transaction stores the answers, the person's counting attempt, the
// aggregate deltas the statistics read, and the 错题本.
// What an attempt's result and counting need of its campaign (pass mark and counting are fixed once published).
type CampaignRules = Pick<QuizCampaign, 'id' | 'title' | 'passPercent' | 'counting'>;

@Injectable()
export class QuizAttemptService {
  private readonly signer: UrlSigner;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(QuizBankService) private readonly bank: QuizBankService,
  ) {
    this.signer = certificateSigner(config.dataKey);
  }

  // A new attempt at a campaign, or the open one to resume.
  async start(ctx: AuthContext, campaignId: number): Promise<AttemptView> {
    this.limiter.take(ctx.userId, 'start', RATE.start);
    const scope = await this.access.scope(ctx);
    const c = await this.ds.getRepository(QuizCampaign).findOneBy({ id: campaignId });
    if (!c) throw new DomainError('NOT_FOUND');
    const grant = c.status === 'draft' ? null : countingGrant(scope.grants, c);
    if (!grant) {
      // managers see the campaign but are not among its takers
      if (!managesOrSees(scope, c)) throw new DomainError('NOT_FOUND');
      throw new DomainError(c.status === 'draft' ? 'QUIZ_BAD_STATE' : 'FORBIDDEN');
    }
    const now = toDbTime(this.clock.now());
    const attempt = await this.transaction(async (m) => {
      await this.lockUser(m, ctx.userId);
      const own = await m.find(QuizAttempt, { where: { userId: ctx.userId, campaignId: c.id }, select: { id: true, status: true, dayKey: true, deadlineAt: true } });
      const open = own.find((a) => stillOpen(a, now));
      if (open) return m.findOneByOrFail(QuizAttempt, { id: open.id });
      const stale = own.filter((a) => a.status === 'open').map((a) => a.id);
      if (stale.length) await m.update(QuizAttempt, { id: In(stale), status: 'open' }, { status: 'expired' });
      const today = chinaDayKey(now);
      const blocked = startBlocker(c, now, { total: own.length, today: own.filter((a) => a.dayKey === today).length });
      if (blocked) throw new DomainError(blocked);
      const drawn = await drawQuestions(this.bank, m, c.townId, c.draw as DrawInput);
      return this.open(m, ctx.userId, drawn, {
        campaignId: c.id,
        kind: c.kind,
        nodeId: grant.nodeId,
        nodePath: grant.path,
        now,
        deadlineAt: c.timeLimitMinutes ? new Date(now.getTime() + c.timeLimitMinutes * 60_000) : null,
        shuffleQuestions: c.shuffleQuestions,
        shuffleOptions: c.shuffleOptions,
      });
    });
    return this.view(attempt, c);
  }

  // Practice on the open bank (built-in and the caller's towns) or on the caller's 错题本.
  async practice(ctx: AuthContext, body: PracticeRequest): Promise<AttemptView> {
    this.limiter.take(ctx.userId, 'start', RATE.start);
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    // the built-in bank (town 0) and the towns the caller belongs to
    const towns = [0, ...(await townsOf(m, scope.grants.map((g) => g.path)))];
    let drawn: Candidate[];
    if (body.fromMistakes) {
      const book = await m.find(QuizMistake, { where: { userId: ctx.userId }, select: { questionId: true }, order: { lastWrongAt: 'DESC', id: 'DESC' }, take: body.count });
      const ids = book.map((b) => b.questionId);
      const current = new Map<number, number>();
      for (const town of towns) for (const [q, v] of await this.bank.currentVersionsOf(m, town, ids)) current.set(q, v.id);
      drawn = shuffled(ids.filter((q) => current.has(q)).map((q) => ({ questionId: q, versionId: current.get(q)! })));
    } else {
      const pool = new Map<number, Candidate>();
      for (const town of towns) for (const c of await this.bank.drawCandidates(m, town, { fraudType: body.fraudType })) pool.set(c.questionId, c);
      drawn = shuffled([...pool.values()]).slice(0, body.count);
    }
    if (drawn.length === 0) throw new DomainError('QUIZ_NOT_ENOUGH_QUESTIONS');
    const now = toDbTime(this.clock.now());
    const attempt = await this.transaction((tm) =>
      this.open(tm, ctx.userId, drawn, { campaignId: 0, kind: 'practice', nodeId: 0, nodePath: '', now, deadlineAt: null, shuffleQuestions: false, shuffleOptions: true }),
    );
    return this.view(attempt, null);
  }

  async get(ctx: AuthContext, id: number): Promise<AttemptView> {
    const { a, c } = await this.own(ctx, id);
    return this.view(a, c);
  }

  // Practice only: one question's answer, before submitting.
  async check(ctx: AuthContext, id: number, body: CheckRequest): Promise<CheckResponse> {
    this.limiter.take(ctx.userId, 'check', RATE.check);
    const { a } = await this.own(ctx, id);
    if (a.kind !== 'practice') throw new DomainError('QUIZ_NO_INSTANT_CHECK');
    const item = a.paper.find((p) => p.v === body.questionId);
    if (!item || body.chosen.some((d) => d >= item.o.length)) throw new DomainError('QUIZ_ANSWER_NOT_IN_PAPER');
    const v = await this.ds.getRepository(QuestionVersion).findOneByOrFail({ id: item.v });
    const chosen = body.chosen.map((d) => item.o[d]);
    return { correct: chosen.length > 0 && isCorrect(v.answer, chosen), answer: displayAnswer(item, v), explanation: v.explanation, source: v.source };
  }

  // Grades and stores the attempt once; a retry (even with other answers) returns the stored result.
  async submit(ctx: AuthContext, id: number, body: SubmitRequest): Promise<AttemptView> {
    this.limiter.take(ctx.userId, 'submit', RATE.submit);
    const { a, c } = await this.own(ctx, id);
    if (a.status !== 'open') return this.stored(a, c);
    const now = toDbTime(this.clock.now());
    if (!stillOpen(a, now)) {
      // the attempt is used up: it counts toward the limits and never toward the statistics
      await this.ds.getRepository(QuizAttempt).update({ id: a.id, status: 'open' }, { status: 'expired' });
      return this.stored(await this.ds.getRepository(QuizAttempt).findOneByOrFail({ id }), c);
    }
    const versions = await this.bank.versionsByIds(this.ds.manager, a.paper.map((p) => p.v));
    const graded = grade(a.paper, versions, body.answers);
    const correct = graded.filter((g) => g.correct).length;
    const total = graded.length;
    const percent = percentOf(correct, total);
    const elapsedSeconds = Math.max(0, Math.floor((now.getTime() - new Date(a.startedAt).getTime()) / 1000));
    const out: Outcome = {
      graded,
      correct,
      total,
      percent,
      passed: a.kind === 'exam' && c ? percent >= c.passPercent : null,
      elapsedSeconds,
      flagged: isImplausible(correct, total, elapsedSeconds),
      tally: tallyOf(graded),
      submittedAt: now,
    };
    const won = await this.retrying(() => rawTransaction(this.ds, 'READ COMMITTED', async (m) => {
      // one person's submits one after another (their participant row and 错题本)
      await this.lockUser(m, a.userId);
      const won = await rawQuery(
        m,
        'UPDATE quiz_attempt SET status = ?, submittedAt = ?, elapsedSeconds = ?, correct = ?, percent = ?, passed = ?, hiddenCount = ?, flagged = ?, tally = ? WHERE id = ? AND status = ?',
        ['submitted', dbTime(this.ds, now), elapsedSeconds, correct, percent, out.passed === null ? null : out.passed ? 1 : 0, body.hiddenCount, out.flagged ? 1 : 0, JSON.stringify(out.tally), a.id, 'open'],
      );
      // someone (a concurrent retry) submitted first: theirs is the result
      if (won.affected === 0) return false;
      await this.insertAnswers(m, a, graded);
      await this.updateMistakes(m, a.userId, graded, now);
      // last: the aggregate rows are shared by the whole class or village, so their locks are held
      // only until the commit
      if (a.kind === 'exam' && c) await this.count(m, a, c, out);
      return true;
    }));
    if (!won) return this.stored(await this.ds.getRepository(QuizAttempt).findOneByOrFail({ id }), c);
    // what was just stored, without reading it back
    Object.assign(a, { status: 'submitted', submittedAt: now, elapsedSeconds, correct, percent, passed: out.passed, hiddenCount: body.hiddenCount, flagged: out.flagged, tally: out.tally });
    return this.view(a, c, { versions, chosen: new Map(graded.map((g) => [g.item.v, g.chosen])) });
  }

  // The certificate image of a passed exam attempt, for a valid signed link; anything else is NOT_FOUND.
  async certificate(id: number, exp: number, sig: string): Promise<string> {
    if (!this.signer.verify(id, exp, sig, this.clock.now())) throw new DomainError('NOT_FOUND');
    const a = await this.ds.getRepository(QuizAttempt).findOneBy({ id });
    const c = a ? await this.campaignOf(a) : null;
    if (!a || !c || a.kind !== 'exam' || a.status !== 'submitted' || !a.passed || !a.submittedAt) throw new DomainError('NOT_FOUND');
    const owner = await this.ds.getRepository(OrgNode).findOneBy({ id: c.ownerNodeId });
    const names = await userNames(this.ds.manager, [a.userId]);
    return certificateSvg({
      name: names.get(a.userId) ?? '',
      campaignTitle: c.title,
      orgName: owner?.name ?? '',
      percent: a.percent ?? 0,
      passedAt: new Date(a.submittedAt),
      serial: `WZ${String(c.id).padStart(4, '0')}-${String(a.id).padStart(7, '0')}`,
    });
  }

  // ---- internals ----

  private async open(
    m: EntityManager,
    userId: number,
    drawn: Candidate[],
    o: { campaignId: number; kind: string; nodeId: number; nodePath: string; now: Date; deadlineAt: Date | null; shuffleQuestions: boolean; shuffleOptions: boolean },
  ): Promise<QuizAttempt> {
    const versions = await this.bank.versionsByIds(m, drawn.map((d) => d.versionId));
    const paper = makePaper(drawn, versions, o);
    await this.bank.lockVersions(m, paper.map((p) => p.v));
    const row = m.create(QuizAttempt, {
      campaignId: o.campaignId,
      userId,
      nodeId: o.nodeId,
      nodePath: o.nodePath,
      kind: o.kind,
      status: 'open',
      paper,
      dayKey: chinaDayKey(o.now),
      startedAt: o.now,
      deadlineAt: o.deadlineAt,
      submittedAt: null,
      elapsedSeconds: null,
      correct: null,
      total: paper.length,
      percent: null,
      passed: null,
      hiddenCount: 0,
      flagged: false,
      tally: null,
    });
    await m.insert(QuizAttempt, row);
    return row;
  }

  // The caller's own attempt and what its result needs of the campaign, in one plain statement (a
  // submit's hottest read; two TypeORM findOneBy were a tenth of its CPU); anyone else's is NOT_FOUND.
  private async own(ctx: AuthContext, id: number): Promise<{ a: QuizAttempt; c: CampaignRules | null }> {
    const { rows } = await rawQuery<Record<string, unknown>>(
      this.ds,
      'SELECT a.*, c.title AS c_title, c.passPercent AS c_passPercent, c.counting AS c_counting FROM quiz_attempt a LEFT JOIN quiz_campaign c ON c.id = a.campaignId WHERE a.id = ?',
      [id],
    );
    const row = rows[0];
    if (!row || Number(row.userId) !== ctx.userId) throw new DomainError('NOT_FOUND');
    const a = hydrate(this.ds, QuizAttempt, row);
    const c = a.campaignId && row.c_title != null ? { id: a.campaignId, title: String(row.c_title), passPercent: Number(row.c_passPercent), counting: String(row.c_counting) } : null;
    return { a, c };
  }

  private campaignOf(a: QuizAttempt): Promise<QuizCampaign | null> {
    return a.campaignId ? this.ds.getRepository(QuizCampaign).findOneBy({ id: a.campaignId }) : Promise.resolve(null);
  }

  // A finished attempt as a submit answers it: its result, or QUIZ_TIME_UP for one that expired.
  private stored(a: QuizAttempt, c: CampaignRules | null): Promise<AttemptView> {
    if (a.status === 'expired') throw new DomainError('QUIZ_TIME_UP');
    return this.view(a, c);
  }

  private async view(a: QuizAttempt, c: CampaignRules | null, known?: { versions: Map<number, QuestionVersion>; chosen: Map<number, number[]> }): Promise<AttemptView> {
    const now = this.clock.now();
    const versions = known?.versions ?? (await this.bank.versionsByIds(this.ds.manager, a.paper.map((p) => p.v)));
    const status = a.status === 'open' && !stillOpen(a, now) ? 'expired' : (a.status as AttemptView['status']);
    let result: AttemptView['result'] = null;
    if (a.status === 'submitted') {
      const chosen = known?.chosen ?? (await this.storedChoices(a.id));
      const passed = a.kind === 'exam' && a.passed !== null ? Boolean(a.passed) : null;
      result = {
        correct: a.correct ?? 0,
        total: a.total,
        percent: a.percent ?? 0,
        passed,
        elapsedSeconds: a.elapsedSeconds ?? 0,
        items: resultItems(a.paper, versions, chosen),
        certificateUrl: passed && c ? this.signer.url(a.id, now) : null,
      };
    }
    return {
      id: a.id,
      kind: a.kind as AttemptView['kind'],
      campaign: c ? { id: c.id, title: c.title, passPercent: c.passPercent } : null,
      status,
      startedAt: iso(a.startedAt),
      deadline: a.deadlineAt ? iso(a.deadlineAt) : null,
      serverNow: now.toISOString(),
      questions: paperQuestions(a.paper, versions),
      result,
    };
  }

  private async storedChoices(attemptId: number): Promise<Map<number, number[]>> {
    const answers = await this.ds.getRepository(QuizAnswer).find({ where: { attemptId }, select: { questionVersionId: true, chosen: true } });
    return new Map(answers.map((x) => [x.questionVersionId, decodeChosen(x.chosen)]));
  }

  private async insertAnswers(m: Sql, a: QuizAttempt, graded: Graded[]): Promise<void> {
    const params: unknown[] = [];
    for (const g of graded) params.push(a.id, g.item.q, g.item.v, encodeChosen(g.chosen), g.correct ? 1 : 0);
    await rawQuery(m, `INSERT INTO quiz_answer (attemptId, questionId, questionVersionId, chosen, correct) VALUES ${graded.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, params);
  }

  // The person's counting attempt (best: a higher percent replaces it, a tie keeps the earlier; last:
  // always the newest) and the aggregate deltas: the counting attempt's contribution replaces the old
  // one's; attempts, flagged and the week rows count every submitted attempt.
  private async count(m: Sql, a: QuizAttempt, c: CampaignRules, out: Outcome): Promise<void> {
    // read after the person's lock (submit): no other submit of theirs is in between
    const prev = (
      await rawQuery<ParticipantRow>(
        m,
        'SELECT id, nodeId, nodePath, countedAttemptId, correct, total, percent, passed FROM quiz_participant WHERE campaignId = ? AND userId = ?',
        [c.id, a.userId],
      )
    ).rows[0];
    const counts = !prev || c.counting === 'last' || out.percent > Number(prev.percent);
    const nodes = new Map<number, CounterRow>();
    const types = new Map<string, CounterRow>();
    const questions = new Map<string, CounterRow>();
    const nodeRow = (nodeId: number, nodePath: string) => {
      let r = nodes.get(nodeId);
      if (!r) nodes.set(nodeId, (r = { campaignId: c.id, nodeId, nodePath, participants: 0, passed: 0, correct: 0, answered: 0, attempts: 0, flagged: 0 }));
      return r;
    };
    const addTally = (nodeId: number, nodePath: string, t: AttemptTally, sign: 1 | -1) => {
      for (const [fraudType, [ok, n]] of Object.entries(t.t)) {
        const key = `${nodeId}:${fraudType}`;
        const r = types.get(key) ?? { campaignId: c.id, nodeId, fraudType, nodePath, correct: 0, answered: 0 };
        types.set(key, { ...r, correct: Number(r.correct) + sign * ok, answered: Number(r.answered) + sign * n });
      }
      for (const [qid, ok] of Object.entries(t.q)) {
        const key = `${nodeId}:${qid}`;
        const r = questions.get(key) ?? { campaignId: c.id, nodeId, questionId: Number(qid), nodePath, correct: 0, answered: 0 };
        questions.set(key, { ...r, correct: Number(r.correct) + sign * ok, answered: Number(r.answered) + sign });
      }
    };
    const mine = nodeRow(a.nodeId, a.nodePath);
    mine.attempts = 1;
    mine.flagged = out.flagged ? 1 : 0;
    if (counts) {
      mine.participants = 1;
      mine.passed = out.passed ? 1 : 0;
      mine.correct = out.correct;
      mine.answered = out.total;
      addTally(a.nodeId, a.nodePath, out.tally, 1);
      if (prev) {
        const old = nodeRow(prev.nodeId, prev.nodePath);
        old.participants = Number(old.participants) - 1;
        old.passed = Number(old.passed) - (Number(prev.passed) ? 1 : 0);
        old.correct = Number(old.correct) - Number(prev.correct);
        old.answered = Number(old.answered) - Number(prev.total);
        const oldTally = (await rawQuery<{ tally: string | null }>(m, 'SELECT tally FROM quiz_attempt WHERE id = ?', [prev.countedAttemptId])).rows[0]?.tally;
        if (oldTally) addTally(prev.nodeId, prev.nodePath, JSON.parse(oldTally) as AttemptTally, -1);
      }
    }
    const at = dbTime(this.ds, out.submittedAt);
    if (!prev) {
      await rawQuery(
        m,
        'INSERT INTO quiz_participant (campaignId, userId, nodeId, nodePath, countedAttemptId, correct, total, percent, passed, attempts, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)',
        [c.id, a.userId, a.nodeId, a.nodePath, a.id, out.correct, out.total, out.percent, out.passed ? 1 : 0, at],
      );
    } else if (counts) {
      await rawQuery(
        m,
        'UPDATE quiz_participant SET nodeId = ?, nodePath = ?, countedAttemptId = ?, correct = ?, total = ?, percent = ?, passed = ?, attempts = attempts + 1, updatedAt = ? WHERE id = ?',
        [a.nodeId, a.nodePath, a.id, out.correct, out.total, out.percent, out.passed ? 1 : 0, at, prev.id],
      );
    } else {
      await rawQuery(m, 'UPDATE quiz_participant SET attempts = attempts + 1, updatedAt = ? WHERE id = ?', [at, prev.id]);
    }
    await addCounters(m, NODE_STAT, [...nodes.values()]);
    await addCounters(m, TYPE_STAT, [...types.values()]);
    await addCounters(m, QUESTION_STAT, [...questions.values()]);
    await addCounters(m, WEEK_STAT, [
      { campaignId: c.id, nodeId: a.nodeId, weekStart: chinaWeekStart(out.submittedAt), nodePath: a.nodePath, attempts: 1, passed: out.passed ? 1 : 0, correct: out.correct, answered: out.total },
    ]);
  }

  // 错题本: a wrong (or blank) answer adds the question or bumps it; a right one removes it.
  private async updateMistakes(m: Sql, userId: number, graded: Graded[], now: Date): Promise<void> {
    const right = graded.filter((g) => g.correct).map((g) => g.item.q);
    const wrong = graded.filter((g) => !g.correct).sort((x, y) => x.item.q - y.item.q);
    if (right.length) await rawQuery(m, `DELETE FROM quiz_mistake WHERE userId = ? AND questionId IN (${right.map(() => '?').join(', ')})`, [userId, ...right]);
    if (!wrong.length) return;
    const sqlite = isSqlite(this.ds);
    const v = (col: string) => (sqlite ? `excluded.${col}` : `VALUES(${col})`);
    const params: unknown[] = [];
    const at = dbTime(this.ds, now);
    for (const g of wrong) params.push(userId, g.item.q, g.item.v, encodeChosen(g.chosen), 1, at);
    const set = `wrongCount = wrongCount + 1, questionVersionId = ${v('questionVersionId')}, lastChosen = ${v('lastChosen')}, lastWrongAt = ${v('lastWrongAt')}`;
    await rawQuery(
      m,
      `INSERT INTO quiz_mistake (userId, questionId, questionVersionId, lastChosen, wrongCount, lastWrongAt) VALUES ${wrong.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ${
        sqlite ? `ON CONFLICT(userId, questionId) DO UPDATE SET ${set}` : `ON DUPLICATE KEY UPDATE ${set}`
      }`,
      params,
    );
  }

  // Serializes one person's starts and submits on MySQL/MariaDB (SQLite transactions are serialized
  // anyway): two taps cannot open two attempts, two submits cannot both count.
  private async lockUser(m: Sql, userId: number): Promise<void> {
    if (!isSqlite(this.ds)) await rawQuery(m, 'SELECT id FROM user_account WHERE id = ? FOR UPDATE', [userId]);
  }

  // A transaction, retried on an InnoDB deadlock (errno 1213) or a lost race to create a unique row
  // (first submits of a class all creating its aggregate rows), after a short random pause. MySQL runs
  // it READ COMMITTED: no gap locks on the rows a submit looks up but does not find (participant,
  // 错题本), the usual source of deadlocks between different people's submits.
  private async transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (isSqlite(this.ds)) return this.ds.transaction(fn);
    return this.retrying(() => this.ds.transaction('READ COMMITTED', fn));
  }

  private async retrying<T>(run: () => Promise<T>): Promise<T> {
    if (isSqlite(this.ds)) return run();
    for (let i = 0; ; i++) {
      try {
        return await run();
      } catch (err) {
        if (i >= DEADLOCK_RETRIES || !(isDeadlock(err) || isDuplicateKey(err))) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
      }
    }
  }
}

function isDeadlock(err: unknown): boolean {
  const e = (err as { driverError?: { errno?: number; code?: string } })?.driverError ?? (err as { errno?: number; code?: string });
  return e?.errno === 1213 || e?.code === 'ER_LOCK_DEADLOCK';
}
