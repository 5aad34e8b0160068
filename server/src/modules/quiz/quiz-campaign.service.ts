import { Inject, Injectable } from '@nestjs/common';
import {
  CampaignInput,
  CampaignListQuery,
  CampaignMine,
  CampaignPage,
  CampaignView,
  chinaDayKey,
  isInSubtree,
  NodeKind,
  Role,
  roleHas,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { filteredPage } from '../../common/filtered-page';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { QuizBankService } from '../quiz-bank/quiz-bank.service';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { countingGrant, townOf, townsOf } from './quiz-audience';
import { QuizAttempt } from './quiz-attempt.entity';
import { QuizCampaign } from './quiz-campaign.entity';
import { drawQuestions, paperCount } from './quiz-paper';
import { QuizParticipant } from './quiz-participant.entity';
import { campaignCursor, campaignState, startBlocker, stillOpen } from './quiz-rules';

// Organisations that run campaigns: a town, a school, a unit.
const OWNER_KINDS: readonly NodeKind[] = ['town', 'school', 'enterprise', 'institution'];

// Quiz campaigns: drafts edited by quiz.manage holders of the owner node, published to audience
// subtrees, closed early. Visible to managers (quiz.manage / quiz.stats at the owner or over part of
// the audience) and, once published, to the people it is for.
@Injectable()
export class QuizCampaignService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(QuizBankService) private readonly bank: QuizBankService,
  ) {}

  async create(ctx: AuthContext, body: CampaignInput): Promise<CampaignView> {
    const scope = await this.access.scope(ctx);
    const fields = await this.checkedFields(scope, body);
    const now = toDbTime(this.clock.now());
    const row = this.ds.getRepository(QuizCampaign).create({ ...fields, status: 'draft', createdBy: ctx.userId, createdAt: now, updatedAt: now, publishedAt: null, closedAt: null });
    await this.ds.getRepository(QuizCampaign).save(row);
    return this.view(scope, row);
  }

  // Drafts change freely; once published only title, intro and end time (else QUIZ_NOT_EDITABLE).
  async update(ctx: AuthContext, id: number, body: CampaignInput): Promise<CampaignView> {
    const { scope, campaign } = await this.managed(ctx, id);
    if (campaign.status === 'closed') throw new DomainError('QUIZ_BAD_STATE');
    const now = toDbTime(this.clock.now());
    if (campaign.status === 'draft') {
      Object.assign(campaign, await this.checkedFields(scope, body), { updatedAt: now });
    } else {
      if (!sameSettings(campaign, body)) throw new DomainError('QUIZ_NOT_EDITABLE');
      Object.assign(campaign, { title: body.title, intro: body.intro ?? '', endsAt: toDbTime(new Date(body.endsAt)), updatedAt: now });
    }
    await this.ds.getRepository(QuizCampaign).save(campaign);
    return this.view(scope, campaign);
  }

  // Publishing checks that a paper can be drawn now and fixes the question count.
  async publish(ctx: AuthContext, id: number): Promise<CampaignView> {
    const { scope, campaign } = await this.managed(ctx, id);
    if (campaign.status !== 'draft') throw new DomainError('QUIZ_BAD_STATE');
    const now = toDbTime(this.clock.now());
    if (new Date(campaign.endsAt) <= now) throw new DomainError('QUIZ_ENDED');
    const drawn = await drawQuestions(this.bank, this.ds.manager, campaign.townId, campaign.draw as CampaignInput['draw']);
    Object.assign(campaign, { status: 'published', questionCount: drawn.length, publishedAt: now, updatedAt: now });
    const res = await this.ds.getRepository(QuizCampaign).update({ id, status: 'draft' }, { status: 'published', questionCount: drawn.length, publishedAt: now, updatedAt: now });
    if (!res.affected) throw new DomainError('QUIZ_BAD_STATE');
    return this.view(scope, campaign);
  }

  async close(ctx: AuthContext, id: number): Promise<CampaignView> {
    const { scope, campaign } = await this.managed(ctx, id);
    if (campaign.status !== 'published') throw new DomainError('QUIZ_BAD_STATE');
    const now = toDbTime(this.clock.now());
    const res = await this.ds.getRepository(QuizCampaign).update({ id, status: 'published' }, { status: 'closed', closedAt: now, updatedAt: now });
    if (!res.affected) throw new DomainError('QUIZ_BAD_STATE');
    Object.assign(campaign, { status: 'closed', closedAt: now, updatedAt: now });
    return this.view(scope, campaign);
  }

  async get(ctx: AuthContext, id: number): Promise<CampaignView> {
    const scope = await this.access.scope(ctx);
    const campaign = await this.ds.getRepository(QuizCampaign).findOneBy({ id });
    if (!campaign || (!managesOrSees(scope, campaign) && !takes(scope, campaign))) throw new DomainError('NOT_FOUND');
    return this.view(scope, campaign);
  }

  // mine: published or closed campaigns I am in the audience of; manage: those I run or see statistics of.
  async list(ctx: AuthContext, query: CampaignListQuery): Promise<CampaignPage> {
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    const now = this.clock.now();
    const qb = m.getRepository(QuizCampaign).createQueryBuilder('c');
    let keep: (c: QuizCampaign) => boolean;
    if (query.view === 'mine') {
      const towns = await townsOf(m, scope.grants.map((g) => g.path));
      if (towns.length === 0) return { items: [], nextCursor: null };
      qb.where('c.townId IN (:...towns)', { towns }).andWhere("c.status IN ('published', 'closed')");
      keep = (c) => takes(scope, c);
    } else {
      const roots = [...new Set([...scope.subtrees('quiz.manage'), ...scope.subtrees('quiz.stats')])];
      if (roots.length === 0) return { items: [], nextCursor: null };
      const owned = subtreeWhere('c.ownerPath', roots, 'own');
      // grants below a town may see part of a town-wide campaign's audience
      const towns = await townsOf(m, roots);
      qb.where(towns.length ? `(${owned.sql} OR c.townId IN (:...towns))` : owned.sql, { ...owned.params, towns });
      keep = (c) => managesOrSees(scope, c);
    }
    if (query.state) keep = ((base) => (c: QuizCampaign) => base(c) && campaignState(c, now) === query.state)(keep);
    const { page, nextCursor } = await filteredPage(qb, keep, campaignCursor, query);
    return { items: await this.views(scope, page, query.view === 'mine'), nextCursor };
  }

  // The campaign, if the caller holds quiz.manage at its owner node (visible but not: 403; else 404).
  private async managed(ctx: AuthContext, id: number): Promise<{ scope: AccessScope; campaign: QuizCampaign }> {
    const scope = await this.access.scope(ctx);
    const campaign = await this.ds.getRepository(QuizCampaign).findOneBy({ id });
    if (!campaign || !managesOrSees(scope, campaign)) throw new DomainError('NOT_FOUND');
    if (!scope.can(campaign.ownerPath, 'quiz.manage')) throw new DomainError('FORBIDDEN');
    return { scope, campaign };
  }

  // The stored fields of an input, after the owner (quiz.manage there; a town, school or unit) and the
  // audience (inside the owner's subtree) are checked.
  private async checkedFields(scope: AccessScope, body: CampaignInput) {
    const m = this.ds.manager;
    const owner = this.access.check(scope, await m.findOneBy(OrgNode, { id: body.ownerNodeId }), 'quiz.manage');
    if (!OWNER_KINDS.includes(owner.kind as NodeKind)) {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.ownerNodeId', message: '答题活动只能由镇、学校或单位发起' }]);
    }
    const townId = await townOf(m, owner);
    if (townId === null) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.ownerNodeId', message: '找不到所属的镇' }]);
    const nodes = await nodesByIds(m, body.audienceNodeIds);
    const audience = body.audienceNodeIds.map((nid) => {
      const n = nodes.get(nid);
      if (!n || !isInSubtree(n.path, owner.path)) throw new DomainError('QUIZ_AUDIENCE_OUTSIDE');
      return { nodeId: n.id, path: n.path };
    });
    return {
      townId,
      ownerNodeId: owner.id,
      ownerPath: owner.path,
      kind: body.kind,
      title: body.title,
      intro: body.intro ?? '',
      audience,
      roles: [...body.roles],
      startsAt: toDbTime(new Date(body.startsAt)),
      endsAt: toDbTime(new Date(body.endsAt)),
      draw: body.draw,
      questionCount: paperCount(body.draw),
      shuffleQuestions: body.shuffleQuestions,
      shuffleOptions: body.shuffleOptions,
      timeLimitMinutes: body.timeLimitMinutes,
      attemptsPerDay: body.attemptsPerDay,
      attemptsTotal: body.attemptsTotal,
      passPercent: body.passPercent,
      counting: body.counting,
    };
  }

  async view(scope: AccessScope, c: QuizCampaign): Promise<CampaignView> {
    return (await this.views(scope, [c], takes(scope, c)))[0];
  }

  private async views(scope: AccessScope, list: QuizCampaign[], withMine: boolean): Promise<CampaignView[]> {
    if (list.length === 0) return [];
    const m = this.ds.manager;
    const nodes = await nodesByIds(m, list.flatMap((c) => [c.ownerNodeId, ...c.audience.map((a) => a.nodeId)]));
    const mine = withMine ? await this.standings(m, scope.userId, list.filter((c) => takes(scope, c))) : new Map<number, CampaignMine>();
    return list.map((c) => ({
      id: c.id,
      kind: c.kind as CampaignView['kind'],
      owner: nodeRef(nodes.get(c.ownerNodeId) ?? { id: c.ownerNodeId, name: '', kind: 'town' }),
      townId: c.townId,
      title: c.title,
      intro: c.intro,
      audience: c.audience.filter((a) => nodes.has(a.nodeId)).map((a) => nodeRef(nodes.get(a.nodeId)!)),
      roles: c.roles as Role[],
      startsAt: iso(c.startsAt),
      endsAt: iso(c.endsAt),
      draw: c.draw as CampaignView['draw'],
      questionCount: c.questionCount,
      shuffleQuestions: c.shuffleQuestions,
      shuffleOptions: c.shuffleOptions,
      timeLimitMinutes: c.timeLimitMinutes,
      attemptsPerDay: c.attemptsPerDay,
      attemptsTotal: c.attemptsTotal,
      passPercent: c.passPercent,
      counting: c.counting as CampaignView['counting'],
      status: c.status as CampaignView['status'],
      state: campaignState(c, this.clock.now()),
      createdAt: iso(c.createdAt),
      publishedAt: c.publishedAt ? iso(c.publishedAt) : null,
      canManage: scope.can(c.ownerPath, 'quiz.manage'),
      mine: mine.get(c.id) ?? null,
    }));
  }

  // The caller's own standing in each campaign (attempts, the counting result, what blocks a new start).
  private async standings(m: EntityManager, userId: number, list: QuizCampaign[]): Promise<Map<number, CampaignMine>> {
    const out = new Map<number, CampaignMine>();
    if (list.length === 0) return out;
    const ids = list.map((c) => c.id);
    const attempts = await m.find(QuizAttempt, {
      where: { userId, campaignId: In(ids) },
      select: { id: true, campaignId: true, status: true, dayKey: true, deadlineAt: true },
      order: { id: 'ASC' },
    });
    const parts = await m.find(QuizParticipant, { where: { userId, campaignId: In(ids) }, select: { campaignId: true, percent: true, passed: true } });
    const now = this.clock.now();
    const today = chinaDayKey(now);
    for (const c of list) {
      const own = attempts.filter((a) => a.campaignId === c.id);
      const open = own.find((a) => stillOpen(a, now)) ?? null;
      const used = { total: own.length, today: own.filter((a) => a.dayKey === today).length };
      const p = c.kind === 'exam' ? parts.find((x) => x.campaignId === c.id) : undefined;
      out.set(c.id, {
        attemptsUsed: used.total,
        attemptsToday: used.today,
        percent: p ? p.percent : null,
        passed: p ? Boolean(p.passed) : null,
        openAttemptId: open ? open.id : null,
        blockedBy: open ? null : startBlocker(c, now, used),
      });
    }
    return out;
  }
}

// Holds quiz.manage or quiz.stats at the owner node, or over part of the audience (a grant inside an
// audience subtree, or covering an audience node).
export function managesOrSees(scope: AccessScope, c: QuizCampaign): boolean {
  if (scope.can(c.ownerPath, 'quiz.manage') || scope.can(c.ownerPath, 'quiz.stats')) return true;
  return scope.grants.some(
    (g) => (roleHas(g.role, 'quiz.stats') || roleHas(g.role, 'quiz.manage')) && c.audience.some((a) => isInSubtree(g.path, a.path) || isInSubtree(a.path, g.path)),
  );
}

// In the audience of a published (or closed) campaign.
export function takes(scope: AccessScope, c: QuizCampaign): boolean {
  return c.status !== 'draft' && countingGrant(scope.grants, c) !== null;
}

// A published campaign's settings other than title, intro and end time are unchanged by the input.
function sameSettings(c: QuizCampaign, b: CampaignInput): boolean {
  const sameSet = (x: readonly (string | number)[], y: readonly (string | number)[]) => x.length === y.length && x.every((v) => y.includes(v));
  return (
    c.kind === b.kind &&
    c.ownerNodeId === b.ownerNodeId &&
    sameSet(c.audience.map((a) => a.nodeId), b.audienceNodeIds) &&
    sameSet(c.roles, b.roles) &&
    new Date(c.startsAt).getTime() === toDbTime(new Date(b.startsAt)).getTime() &&
    JSON.stringify(c.draw) === JSON.stringify(b.draw) &&
    c.shuffleQuestions === b.shuffleQuestions &&
    c.shuffleOptions === b.shuffleOptions &&
    c.timeLimitMinutes === b.timeLimitMinutes &&
    c.attemptsPerDay === b.attemptsPerDay &&
    c.attemptsTotal === b.attemptsTotal &&
    c.passPercent === b.passPercent &&
    c.counting === b.counting
  );
}
