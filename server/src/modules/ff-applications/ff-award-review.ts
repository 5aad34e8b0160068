import { Inject, Injectable } from '@nestjs/common';
import {
  type AwardList,
  type AwardListQuery,
  type AwardView,
  chinaMonthKey,
  type KeepRequest,
  pathIds,
  PROGRAM_KIND_LABELS,
  type ProgramKind,
  type RevokeRequest,
} from '@wuzha/shared';
import { DataSource, EntityManager, In, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { UrlSigner } from '../../common/url-signer';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { FfProgram } from '../ff-programs/ff-program.entity';
import { FF_SEEING } from '../ff-programs/ff-program-rules';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { awardSerial, awardState, isSelfReview } from './ff-application-rules';
import { FfApplication } from './ff-application.entity';
import { awardCertificateSigner, awardCertificateSvg } from './ff-award-certificate';
import { FfAward } from './ff-award.entity';

// The node itself and every ancestor, as stored paths ('/1/', '/1/5/', …).
export function selfAndAncestorPaths(nodePath: string): string[] {
  const ids = pathIds(nodePath);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

// Awarded titles: reviews opened by a case or a red warning, the town keeping or revoking them, the
// printable certificate.
@Injectable()
export class FfAwardService {
  private readonly signer: UrlSigner;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {
    this.signer = awardCertificateSigner(config.dataKey);
  }

  // Called by the ledger (a case figure) and the warnings (a red node) inside their own transactions,
  // so the review opens together with what caused it. Active, unexpired awards of the node or of an
  // ancestor (a case in a village also concerns its awarded community above) go under review with the
  // reason; with sinceMonth (a case figure's month) only awards given no later than that month, as an
  // earlier case was known at the award. Returns how many were opened.
  async openReviews(m: EntityManager, nodePath: string, reason: string, opts?: { sinceMonth?: string }): Promise<number> {
    const now = this.clock.now();
    const awards = await m.find(FfAward, {
      where: { nodePath: In(selfAndAncestorPaths(nodePath)), status: 'active', validUntil: MoreThan(toDbTime(now)) },
    });
    const hits = awards.filter((a) => !opts?.sinceMonth || chinaMonthKey(new Date(a.awardedAt)) <= opts.sinceMonth);
    if (!hits.length) return 0;
    const at = toDbTime(now);
    await m.update(
      FfAward,
      { id: In(hits.map((a) => a.id)), status: 'active' },
      { status: 'review', reviewReason: reason.slice(0, 500), reviewOpenedAt: at, updatedAt: at },
    );
    return hits.length;
  }

  // ---- routes -------------------------------------------------------------------------------------

  // Titles of the node's subtree (any Fraud-Free role at or above the node), newest first; state
  // filters by the derived state (expired by the clock).
  async list(ctx: AuthContext, q: AwardListQuery): Promise<AwardList> {
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    const node = await m.findOneBy(OrgNode, { id: q.nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    if (!FF_SEEING.some((p) => scope.can(node.path, p))) throw new DomainError('FORBIDDEN');
    const sub = subtreeWhere('a.nodePath', [node.path], 'aw');
    const qb = m.createQueryBuilder(FfAward, 'a').where(sub.sql, sub.params);
    const now = toDbTime(this.clock.now());
    if (q.state === 'revoked') qb.andWhere({ status: 'revoked' });
    else if (q.state === 'expired') qb.andWhere({ status: Not('revoked'), validUntil: LessThanOrEqual(now) });
    else if (q.state) qb.andWhere({ status: q.state, validUntil: MoreThan(now) });
    const rows = await qb.orderBy('a.id', 'DESC').getMany();
    return { items: await this.views(m, rows) };
  }

  // Kept after a review (or confirmed without one): active again, the comment in the audit log.
  async keep(ctx: AuthContext, id: number, body: KeepRequest): Promise<AwardView> {
    const { award } = await this.decidable(ctx, id);
    const now = toDbTime(this.clock.now());
    const cols = { status: 'active', reviewReason: null, reviewOpenedAt: null, decidedBy: ctx.userId, updatedAt: now };
    await this.ds.transaction(async (m) => {
      const res = await m.update(FfAward, { id, status: In(['active', 'review']) }, cols);
      if (!res.affected) throw new DomainError('FF_BAD_STATE', '称号已被撤销');
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'ff.award.keep',
        node: { id: award.nodeId, path: award.nodePath },
        targetType: 'ff_award',
        targetId: award.id,
        detail: { comment: body.comment, reviewReason: award.reviewReason, wasUnderReview: award.status === 'review' },
      });
    });
    Object.assign(award, cols);
    return (await this.views(this.ds.manager, [award]))[0];
  }

  // Revoked with a reason, under review or not.
  async revoke(ctx: AuthContext, id: number, body: RevokeRequest): Promise<AwardView> {
    const { award } = await this.decidable(ctx, id);
    if (!body.reason) throw new DomainError('FF_REVOKE_REASON_REQUIRED', undefined, [{ path: 'body.reason', message: '撤销称号时请写明原因' }]);
    const now = toDbTime(this.clock.now());
    const cols = { status: 'revoked', revokeReason: body.reason, revokedAt: now, decidedBy: ctx.userId, updatedAt: now };
    await this.ds.transaction(async (m) => {
      const res = await m.update(FfAward, { id, status: In(['active', 'review']) }, cols);
      if (!res.affected) throw new DomainError('FF_BAD_STATE', '称号已被撤销');
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'ff.award.revoke',
        node: { id: award.nodeId, path: award.nodePath },
        targetType: 'ff_award',
        targetId: award.id,
        detail: { reason: body.reason, reviewReason: award.reviewReason, programId: award.programId },
      });
    });
    Object.assign(award, cols);
    return (await this.views(this.ds.manager, [award]))[0];
  }

  // The printable certificate of an active title behind a valid signed link; anything else 404.
  async certificate(id: number, exp: number, sig: string): Promise<string> {
    const now = this.clock.now();
    if (!this.signer.verify(id, exp, sig, now)) throw new DomainError('NOT_FOUND');
    const m = this.ds.manager;
    const award = await m.findOneBy(FfAward, { id });
    if (!award || awardState(award, now) !== 'active') throw new DomainError('NOT_FOUND');
    const [program, nodes] = await Promise.all([m.findOneBy(FfProgram, { id: award.programId }), nodesByIds(m, [award.nodeId, award.townId])]);
    return awardCertificateSvg({
      title: PROGRAM_KIND_LABELS[award.kind as ProgramKind] ?? '无诈单位',
      orgName: nodes.get(award.nodeId)?.name ?? '',
      townName: nodes.get(award.townId)?.name ?? '',
      programTitle: program?.title ?? '',
      awardedAt: new Date(award.awardedAt),
      validUntil: new Date(award.validUntil),
      serial: awardSerial(award),
    });
  }

  // ---- helpers ------------------------------------------------------------------------------------

  // A title the caller may keep or revoke: seen (as in list), ff.review at its town, no stake in the
  // organisation, not revoked nor expired.
  private async decidable(ctx: AuthContext, id: number): Promise<{ scope: AccessScope; award: FfAward }> {
    const m = this.ds.manager;
    const award = await m.findOneBy(FfAward, { id });
    const scope = await this.access.scope(ctx);
    if (!award || !scope.can(award.nodePath, 'node.read') || !FF_SEEING.some((p) => scope.can(award.nodePath, p))) throw new DomainError('NOT_FOUND');
    const town = await m.findOneByOrFail(OrgNode, { id: award.townId });
    if (!scope.can(town.path, 'ff.review')) throw new DomainError('FORBIDDEN');
    const app = await m.findOneBy(FfApplication, { id: award.applicationId });
    if (isSelfReview(ctx.userId, scope.grants, { applicantId: app?.applicantId ?? 0, nodePath: award.nodePath })) throw new DomainError('FF_SELF_REVIEW', '不能复核自己或本单位的称号，请由另一位工作人员处理');
    const state = awardState(award, this.clock.now());
    if (state === 'revoked') throw new DomainError('FF_BAD_STATE', '称号已被撤销');
    if (state === 'expired') throw new DomainError('FF_BAD_STATE', '称号已过有效期');
    return { scope, award };
  }

  private async views(m: EntityManager, list: FfAward[]): Promise<AwardView[]> {
    if (list.length === 0) return [];
    const [programs, nodes] = await Promise.all([m.findBy(FfProgram, { id: In([...new Set(list.map((a) => a.programId))]) }), nodesByIds(m, list.map((a) => a.nodeId))]);
    const programOf = new Map(programs.map((p) => [p.id, p]));
    const now = this.clock.now();
    return list.map((a) => {
      const state = awardState(a, now);
      return {
        id: a.id,
        programId: a.programId,
        programTitle: programOf.get(a.programId)?.title ?? '',
        kind: a.kind as ProgramKind,
        node: nodeRef(nodes.get(a.nodeId) ?? { id: a.nodeId, name: '', kind: 'village' }),
        score: a.scoreX10 / 10,
        awardedAt: iso(a.awardedAt),
        validUntil: iso(a.validUntil),
        state,
        reviewReason: a.reviewReason,
        revokeReason: a.revokeReason,
        revokedAt: a.revokedAt ? iso(a.revokedAt) : null,
        certificateUrl: state === 'active' ? this.signer.url(a.id, now) : null,
      };
    });
  }
}
