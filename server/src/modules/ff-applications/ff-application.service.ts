import { Inject, Injectable } from '@nestjs/common';
import {
  type ApplicationInput,
  type ApplicationList,
  type ApplicationListQuery,
  type ApplicationReviewRequest,
  type ApplicationStatus,
  type ApplicationView,
  chinaDayKey,
  type DecideRequest,
  type NoticeList,
  type NoticeQuery,
  type ObjectionInput,
  type ObjectionView,
  type ProgramKind,
} from '@wuzha/shared';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { RateLimiter } from '../../common/rate-limiter';
import { isDuplicateKey } from '../../database/db-errors';
import { AuditService } from '../audit/audit.service';
import { FfIndicatorService, isEligible } from '../ff-indicators/ff-indicator.service';
import { FfProgram } from '../ff-programs/ff-program.entity';
import { FfProgramService, isOpen } from '../ff-programs/ff-program.service';
import { FilesService } from '../files/files.service';
import { StoredFile } from '../files/stored-file.entity';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { addChinaMonths, addDays, evidenceIssues, isSelfReview, manualScoreIssues, roundScores } from './ff-application-rules';
import { FfApplication } from './ff-application.entity';
import { FfAward } from './ff-award.entity';
import { FfObjection } from './ff-objection.entity';

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);
// statuses whose indicators are the live ones (frozen into the snapshot at approval)
const LIVE: readonly string[] = ['draft', 'submitted', 'returned'];
const EDITABLE: readonly string[] = ['draft', 'returned'];
// an application that went through the public notice is known to the public
const NOTICED: readonly string[] = ['notice', 'awarded', 'rejected'];
const OBJECTIONS_PER_MINUTE = 5;

// What the caller is to an application: its applicant side (ff.apply at the node), a reviewer
// (ff.review at the town), a reader (ff.read at or above the node).
interface Seen {
  scope: AccessScope;
  app: FfApplication;
  program: FfProgram;
  applicant: boolean;
  reviewer: boolean;
}

// Applications for a title: drafts and submission by the organisation, review with manual scores and
// the indicator sheet frozen, the public notice (公示) with objections, the decision and the award.
@Injectable()
export class FfApplicationService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(FfProgramService) private readonly programs: FfProgramService,
    @Inject(FfIndicatorService) private readonly indicators: FfIndicatorService,
    @Inject(FilesService) private readonly files: FilesService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  // ---- applicant side ----------------------------------------------------------------------------

  // A draft by an ff.apply holder at an eligible organisation, inside the window, once per program.
  async create(ctx: AuthContext, programId: number, body: ApplicationInput): Promise<ApplicationView> {
    const { program, scope } = await this.programs.visible(ctx, programId);
    const node = this.access.check(scope, await this.ds.manager.findOneBy(OrgNode, { id: body.nodeId }), 'ff.apply');
    if (!isEligible(program, node)) throw new DomainError('FF_NOT_ELIGIBLE', `${node.name}不能申报“${program.title}”`);
    this.requireWindow(program);
    if (await this.ds.manager.existsBy(FfApplication, { programId, nodeId: node.id })) throw new DomainError('FF_ALREADY_APPLIED');
    const evidence = this.checkEvidence(program, body);
    const now = toDbTime(this.clock.now());
    const row = this.ds.manager.create(FfApplication, {
      programId,
      townId: program.townId,
      nodeId: node.id,
      nodePath: node.path,
      applicantId: ctx.userId,
      status: 'draft',
      selfAssessment: body.selfAssessment,
      evidence,
      manualScores: null,
      snapshot: null,
      scoreX10: null,
      reviewerId: null,
      reviewComment: null,
      submittedAt: null,
      reviewedAt: null,
      noticeEndsAt: null,
      decidedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.ds.transaction(async (m) => {
        await this.requireEvidenceFiles(ctx, evidence, m);
        await m.insert(FfApplication, row);
      });
    } catch (err) {
      // two drafts at once: the unique index keeps one
      if (isDuplicateKey(err)) throw new DomainError('FF_ALREADY_APPLIED');
      throw err;
    }
    return this.view(ctx, { scope, app: row, program, applicant: true, reviewer: this.isReviewer(scope, program) }, node);
  }

  // Drafts and returned applications, inside the window; the organisation stays the same.
  async update(ctx: AuthContext, id: number, body: ApplicationInput): Promise<ApplicationView> {
    const seen = await this.applicantSide(ctx, id);
    const { app, program } = seen;
    if (body.nodeId !== app.nodeId) throw invalid('body.nodeId', '申报的组织不能更改');
    if (!EDITABLE.includes(app.status)) throw new DomainError('FF_BAD_STATE', '已提交的申报不能修改');
    this.requireWindow(program);
    const evidence = this.checkEvidence(program, body);
    const cols = { selfAssessment: body.selfAssessment, evidence, updatedAt: toDbTime(this.clock.now()) };
    await this.ds.transaction(async (m) => {
      await this.requireEvidenceFiles(ctx, evidence, m);
      const res = await m.update(FfApplication, { id, status: In([...EDITABLE]) }, cols);
      if (!res.affected) throw new DomainError('FF_BAD_STATE', '已提交的申报不能修改');
    });
    Object.assign(app, cols);
    return this.view(ctx, seen);
  }

  async submit(ctx: AuthContext, id: number): Promise<ApplicationView> {
    const seen = await this.applicantSide(ctx, id);
    const { app, program } = seen;
    if (!EDITABLE.includes(app.status)) throw new DomainError('FF_BAD_STATE', '申报已经提交');
    this.requireWindow(program);
    const now = toDbTime(this.clock.now());
    const cols = { status: 'submitted', submittedAt: now, updatedAt: now };
    const res = await this.ds.manager.update(FfApplication, { id, status: In([...EDITABLE]) }, cols);
    if (!res.affected) throw new DomainError('FF_BAD_STATE', '申报已经提交');
    Object.assign(app, cols);
    return this.view(ctx, seen);
  }

  // ---- reading -----------------------------------------------------------------------------------

  async get(ctx: AuthContext, id: number): Promise<ApplicationView> {
    return this.view(ctx, await this.seen(ctx, id));
  }

  // Applications of the node's subtree: drafts only to their applicant side; the rest to reviewers
  // of the town and readers of the node. Newest first.
  async list(ctx: AuthContext, q: ApplicationListQuery): Promise<ApplicationList> {
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    const node = await m.findOneBy(OrgNode, { id: q.nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    // reviewers hold ff.review at the town, i.e. at or above the node they list
    if (!(['ff.apply', 'ff.read', 'ff.review'] as const).some((p) => scope.can(node.path, p))) throw new DomainError('FORBIDDEN');
    const sub = subtreeWhere('a.nodePath', [node.path], 'al');
    const qb = m.createQueryBuilder(FfApplication, 'a').where(sub.sql, sub.params);
    if (q.programId) qb.andWhere('a.programId = :programId', { programId: q.programId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    const rows = (await qb.orderBy('a.id', 'DESC').getMany()).filter((a) => a.status !== 'draft' || scope.can(a.nodePath, 'ff.apply'));
    const [programs, nodes] = await Promise.all([
      rows.length ? m.findBy(FfProgram, { id: In([...new Set(rows.map((a) => a.programId))]) }) : Promise.resolve([]),
      nodesByIds(m, rows.map((a) => a.nodeId)),
    ]);
    const programOf = new Map(programs.map((p) => [p.id, p]));
    return {
      items: rows.map((a) => {
        const p = programOf.get(a.programId);
        return {
          id: a.id,
          programId: a.programId,
          programTitle: p?.title ?? '',
          kind: (p?.kind ?? 'community') as ProgramKind,
          node: nodeRef(nodes.get(a.nodeId) ?? { id: a.nodeId, name: '', kind: 'village' }),
          status: a.status as ApplicationStatus,
          score: scoreOf(a),
          submittedAt: a.submittedAt ? iso(a.submittedAt) : null,
          noticeEndsAt: a.noticeEndsAt ? iso(a.noticeEndsAt) : null,
        };
      }),
    };
  }

  // ---- review, notice, decision --------------------------------------------------------------------

  // Approve (every manual indicator scored; the sheet frozen; the notice starts) or return with a
  // comment. By a reviewer of the town who has no stake in the organisation.
  async review(ctx: AuthContext, id: number, body: ApplicationReviewRequest): Promise<ApplicationView> {
    const seen = await this.reviewerSide(ctx, id);
    const { app, program } = seen;
    if (app.status !== 'submitted') throw new DomainError('FF_BAD_STATE', '只能评审已提交、待评审的申报');
    const now = toDbTime(this.clock.now());
    let cols: Partial<FfApplication>;
    if (body.decision === 'return') {
      if (!body.comment) throw invalid('body.comment', '退回时请写明需要补充或修改的内容');
      cols = { status: 'returned', reviewComment: body.comment, reviewerId: ctx.userId, reviewedAt: now, updatedAt: now };
    } else {
      const issues = manualScoreIssues(program.indicators ?? [], body.manualScores);
      if (issues.length) throw new DomainError('FF_MANUAL_SCORE_INVALID', issues[0].message, issues);
      const manualScores = roundScores(body.manualScores);
      const node = await this.ds.manager.findOneByOrFail(OrgNode, { id: app.nodeId });
      const sheet = await this.indicators.sheet(program, node, manualScores);
      cols = {
        status: 'notice',
        manualScores,
        snapshot: sheet,
        scoreX10: Math.round(sheet.total * 10),
        reviewComment: body.comment || null,
        reviewerId: ctx.userId,
        reviewedAt: now,
        noticeEndsAt: toDbTime(addDays(now, program.noticeDays)),
        updatedAt: now,
      };
    }
    await this.ds.transaction(async (m) => {
      const res = await m.update(FfApplication, { id, status: 'submitted' }, cols);
      if (!res.affected) throw new DomainError('FF_BAD_STATE', '这份申报刚被其他人评审过');
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'ff.application.review',
        node: { id: app.nodeId, path: app.nodePath },
        targetType: 'ff_application',
        targetId: app.id,
        detail: { decision: body.decision, programId: app.programId, score: cols.scoreX10 == null ? null : cols.scoreX10 / 10, manualScores: cols.manualScores ?? null },
      });
    });
    Object.assign(app, cols);
    return this.view(ctx, seen);
  }

  // After the notice: award (the title, valid for the program's months) or reject.
  async decide(ctx: AuthContext, id: number, body: DecideRequest): Promise<ApplicationView> {
    const seen = await this.reviewerSide(ctx, id);
    const { app, program } = seen;
    if (app.status !== 'notice' || !app.noticeEndsAt) throw new DomainError('FF_BAD_STATE', '只能对公示中的申报作出决定');
    const now = toDbTime(this.clock.now());
    if (now.getTime() < new Date(app.noticeEndsAt).getTime()) throw new DomainError('FF_NOTICE_NOT_OVER', `公示期到${fmtChina(new Date(app.noticeEndsAt))}结束`);
    const status = body.decision === 'award' ? 'awarded' : 'rejected';
    const cols = { status, decidedAt: now, updatedAt: now, ...(body.comment ? { reviewComment: body.comment } : {}) };
    await this.ds.transaction(async (m) => {
      const res = await m.update(FfApplication, { id, status: 'notice' }, cols);
      if (!res.affected) throw new DomainError('FF_BAD_STATE', '这份申报刚被其他人处理过');
      let awardId: number | null = null;
      if (status === 'awarded') {
        const award = m.create(FfAward, {
          programId: app.programId,
          applicationId: app.id,
          townId: app.townId,
          nodeId: app.nodeId,
          nodePath: app.nodePath,
          kind: program.kind,
          scoreX10: app.scoreX10 ?? 0,
          awardedAt: now,
          validUntil: toDbTime(addChinaMonths(now, program.validityMonths)),
          status: 'active',
          reviewReason: null,
          reviewOpenedAt: null,
          revokeReason: null,
          revokedAt: null,
          decidedBy: ctx.userId,
          updatedAt: now,
        });
        await m.insert(FfAward, award);
        awardId = award.id;
      }
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'ff.application.decide',
        node: { id: app.nodeId, path: app.nodePath },
        targetType: 'ff_application',
        targetId: app.id,
        detail: { decision: body.decision, programId: app.programId, awardId, objections: await m.countBy(FfObjection, { applicationId: app.id }) },
      });
    });
    Object.assign(app, cols);
    return this.view(ctx, seen);
  }

  // Any logged-in user, while the notice runs; who objected is never shown.
  async object(ctx: AuthContext, id: number, body: ObjectionInput): Promise<ObjectionView> {
    const app = await this.ds.manager.findOneBy(FfApplication, { id });
    // an application never in notice is not public
    if (!app || !NOTICED.includes(app.status)) throw new DomainError('NOT_FOUND');
    const now = toDbTime(this.clock.now());
    if (app.status !== 'notice' || !app.noticeEndsAt || now.getTime() >= new Date(app.noticeEndsAt).getTime()) throw new DomainError('FF_NOTICE_OVER');
    this.limiter.take(ctx.userId, 'ff.objection', OBJECTIONS_PER_MINUTE);
    const row = this.ds.manager.create(FfObjection, { applicationId: id, userId: ctx.userId, text: body.text, createdAt: now });
    await this.ds.manager.insert(FfObjection, row);
    return { id: row.id, text: row.text, createdAt: iso(row.createdAt), mine: true };
  }

  // The public notice board of a town: applications in their notice period, ending soonest first.
  async notices(q: NoticeQuery): Promise<NoticeList> {
    const m = this.ds.manager;
    const town = await m.findOneBy(OrgNode, { id: q.townId });
    if (!town || town.kind !== 'town') throw new DomainError('NOT_FOUND');
    const now = toDbTime(this.clock.now());
    const rows = await m.find(FfApplication, { where: { townId: town.id, status: 'notice', noticeEndsAt: MoreThan(now) }, order: { noticeEndsAt: 'ASC', id: 'ASC' } });
    if (rows.length === 0) return { items: [] };
    const [programs, nodes] = await Promise.all([m.findBy(FfProgram, { id: In([...new Set(rows.map((a) => a.programId))]) }), nodesByIds(m, rows.map((a) => a.nodeId))]);
    const programOf = new Map(programs.map((p) => [p.id, p]));
    return {
      items: rows.map((a) => ({
        applicationId: a.id,
        programTitle: programOf.get(a.programId)?.title ?? '',
        kind: (programOf.get(a.programId)?.kind ?? 'community') as ProgramKind,
        org: nodes.get(a.nodeId)?.name ?? '',
        score: scoreOf(a) ?? 0,
        noticeEndsAt: iso(a.noticeEndsAt!),
      })),
    };
  }

  // ---- access ------------------------------------------------------------------------------------

  // The application as the caller sees it: the applicant side always; reviewers of the town and
  // readers of the node once it is past the draft. Anyone else: 404.
  private async seen(ctx: AuthContext, id: number): Promise<Seen> {
    const app = await this.ds.manager.findOneBy(FfApplication, { id });
    if (!app) throw new DomainError('NOT_FOUND');
    const scope = await this.access.scope(ctx);
    const program = await this.programs.load(app.programId);
    const applicant = scope.can(app.nodePath, 'ff.apply');
    const reviewer = this.isReviewer(scope, program);
    const reader = reviewer || scope.can(app.nodePath, 'ff.read');
    if (!applicant && !(app.status !== 'draft' && reader)) throw new DomainError('NOT_FOUND');
    return { scope, app, program, applicant, reviewer };
  }

  private async applicantSide(ctx: AuthContext, id: number): Promise<Seen> {
    const seen = await this.seen(ctx, id);
    if (!seen.applicant) throw new DomainError('FORBIDDEN');
    return seen;
  }

  private async reviewerSide(ctx: AuthContext, id: number): Promise<Seen> {
    const seen = await this.seen(ctx, id);
    if (!seen.reviewer) throw new DomainError('FORBIDDEN');
    if (isSelfReview(ctx.userId, seen.scope.grants, seen.app)) throw new DomainError('FF_SELF_REVIEW');
    return seen;
  }

  private isReviewer(scope: AccessScope, program: Pick<FfProgram, 'townPath'>): boolean {
    return scope.can(program.townPath, 'ff.review');
  }

  private requireWindow(program: FfProgram): void {
    if (!isOpen(program, chinaDayKey(this.clock.now()))) {
      throw new DomainError('FF_WINDOW_CLOSED', program.status === 'published' ? `申报时间是${program.applyFrom}至${program.applyUntil}` : '评比已结束，不能再申报');
    }
  }

  // Evidence items of the program's indicators, as stored.
  private checkEvidence(program: FfProgram, body: ApplicationInput): FfApplication['evidence'] {
    const issues = evidenceIssues(program.indicators ?? [], body.evidence);
    if (issues.length) throw new DomainError('VALIDATION_FAILED', undefined, issues);
    return body.evidence.map((e) => ({ indicatorKey: e.indicatorKey, note: e.note || null, fileIds: [...e.fileIds] }));
  }

  // Evidence files uploaded by the caller for this purpose (another's or an image of an activity → FILE_NOT_FOUND).
  private async requireEvidenceFiles(ctx: AuthContext, evidence: FfApplication['evidence'], m: EntityManager): Promise<void> {
    await this.files.requireOwnFiles(ctx, evidence.flatMap((e) => e.fileIds), 'evidence', m);
  }

  // ---- views -------------------------------------------------------------------------------------

  private async view(ctx: AuthContext, seen: Seen, loadedNode?: OrgNode): Promise<ApplicationView> {
    const { scope, app, program, applicant, reviewer } = seen;
    const m = this.ds.manager;
    const node = loadedNode ?? (await m.findOneByOrFail(OrgNode, { id: app.nodeId }));
    const fileIds = [...new Set((app.evidence ?? []).flatMap((e) => e.fileIds))];
    const [files, objections, indicators] = await Promise.all([
      fileIds.length ? m.findBy(StoredFile, { id: In(fileIds) }) : Promise.resolve([]),
      // objections go to the reviewers and the applicant side, never who raised them
      applicant || reviewer ? m.find(FfObjection, { where: { applicationId: app.id }, order: { id: 'ASC' } }) : Promise.resolve([]),
      LIVE.includes(app.status) || !app.snapshot ? this.indicators.sheet(program, node, app.manualScores) : Promise.resolve(app.snapshot),
    ]);
    const fileOf = new Map(files.map((f) => [f.id, f]));
    const now = this.clock.now();
    const self = isSelfReview(ctx.userId, scope.grants, app);
    const noticeOver = app.status === 'notice' && !!app.noticeEndsAt && now.getTime() >= new Date(app.noticeEndsAt).getTime();
    return {
      id: app.id,
      programId: program.id,
      programTitle: program.title,
      kind: program.kind as ProgramKind,
      node: nodeRef(node),
      status: app.status as ApplicationStatus,
      selfAssessment: app.selfAssessment,
      evidence: (app.evidence ?? []).map((e) => ({
        indicatorKey: e.indicatorKey,
        note: e.note ?? null,
        files: e.fileIds.flatMap((fid) => {
          const f = fileOf.get(fid);
          return f ? [this.files.view(f)] : [];
        }),
      })),
      indicators,
      manualScores: app.manualScores ?? {},
      reviewComment: app.reviewComment,
      score: scoreOf(app),
      submittedAt: app.submittedAt ? iso(app.submittedAt) : null,
      noticeEndsAt: app.noticeEndsAt ? iso(app.noticeEndsAt) : null,
      decidedAt: app.decidedAt ? iso(app.decidedAt) : null,
      objections: objections.map((o) => ({ id: o.id, text: o.text, createdAt: iso(o.createdAt), mine: o.userId === ctx.userId })),
      canEdit: applicant && EDITABLE.includes(app.status) && isOpen(program, chinaDayKey(now)),
      // a reviewer acts on a submitted application, and on one whose notice is over
      canReview: reviewer && !self && (app.status === 'submitted' || noticeOver),
    };
  }
}

function scoreOf(a: Pick<FfApplication, 'scoreX10'>): number | null {
  return a.scoreX10 === null || a.scoreX10 === undefined ? null : a.scoreX10 / 10;
}

// e.g. 2026-11-08 18:30 (China time)
function fmtChina(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
