import { Inject, Injectable } from '@nestjs/common';
import {
  AttemptAuditPage,
  AttemptAuditQuery,
  AttemptStatus,
  CampaignKind,
  CountingMode,
  intersectSubtrees,
  isInSubtree,
  maskName,
  NodeRef,
  pathIds,
  QuizOverview,
  QuizStats,
  ratio,
  roleHas,
} from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { keysetCursor } from '../../common/keyset-cursor';
import { safeFileName } from '../../common/xlsx-download';
import { AuditService } from '../audit/audit.service';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds, userNames } from '../org/views';
import { QuizAttempt } from '../quiz/quiz-attempt.entity';
import { QuizCampaign } from '../quiz/quiz-campaign.entity';
import { buildQuizStatsWorkbook } from './quiz-stats-export';
import { emptyCounters, metrics, ranks, typeAccuracies, weakestTypes } from './quiz-stats-math';
import { QuizStatsQueries } from './quiz-stats.queries';

// Attempts list: newest first, keyset on id.
const attemptCursor = keysetCursor('qa', [10]);

export interface QuizStatsExport {
  filename: string;
  xlsx: Buffer;
}

interface Loaded {
  campaign: QuizCampaign;
  node: OrgNode;
  scope: AccessScope;
  audience: string[];
}

// Quiz statistics of a campaign seen from a node (organisations, never people's scores), its xlsx
// export, the admins' integrity list of attempts, and the weakest fraud types across campaigns.
@Injectable()
export class QuizStatsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(QuizStatsQueries) private readonly queries: QuizStatsQueries,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async stats(ctx: AuthContext, campaignId: number, nodeId?: number): Promise<QuizStats> {
    return this.build(await this.load(ctx, campaignId, nodeId));
  }

  async export(ctx: AuthContext, campaignId: number, nodeId?: number): Promise<QuizStatsExport> {
    const loaded = await this.load(ctx, campaignId, nodeId);
    const view = await this.build(loaded);
    const xlsx = await buildQuizStatsWorkbook(view, this.clock.now());
    await this.audit.record(this.ds.manager, {
      actorId: ctx.userId,
      action: 'export.quiz_stats',
      node: { id: loaded.node.id, path: loaded.node.path },
      targetType: 'quiz_campaign',
      targetId: loaded.campaign.id,
      detail: { children: view.children.length, questions: view.questions.length },
    });
    return { filename: `${safeFileName(loaded.campaign.title, '答题活动')}-${loaded.node.name}-答题统计.xlsx`, xlsx };
  }

  // Integrity signals of attempts under the node (elapsed time, times hidden, flagged); never scores.
  async attempts(ctx: AuthContext, campaignId: number, query: AttemptAuditQuery): Promise<AttemptAuditPage> {
    const { campaign, node, audience } = await this.load(ctx, campaignId, query.nodeId);
    const after = attemptCursor.decode(query.cursor)?.[0] ?? null;
    const under = subtreeWhere('a.nodePath', intersectSubtrees(node.path, audience), 'at');
    const qb = this.ds
      .getRepository(QuizAttempt)
      .createQueryBuilder('a')
      .select(['a.id', 'a.userId', 'a.nodeId', 'a.status', 'a.startedAt', 'a.submittedAt', 'a.elapsedSeconds', 'a.total', 'a.hiddenCount', 'a.flagged'])
      .where('a.campaignId = :campaignId', { campaignId: campaign.id })
      .andWhere(under.sql, under.params)
      .orderBy('a.id', 'DESC')
      .take(query.limit + 1);
    if (query.flagged) qb.andWhere('a.flagged = :flagged', { flagged: query.flagged === 'true' });
    if (after !== null) qb.andWhere('a.id < :after', { after });
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const [names, nodes] = await Promise.all([
      userNames(
        this.ds.manager,
        page.map((a) => a.userId),
      ),
      nodesByIds(
        this.ds.manager,
        page.map((a) => a.nodeId),
      ),
    ]);
    return {
      items: page
        .filter((a) => nodes.has(a.nodeId))
        .map((a) => ({
          id: a.id,
          name: maskName(names.get(a.userId) ?? ''),
          node: nodeRef(nodes.get(a.nodeId)!),
          status: a.status as AttemptStatus,
          startedAt: iso(a.startedAt),
          submittedAt: a.submittedAt ? iso(a.submittedAt) : null,
          elapsedSeconds: a.elapsedSeconds,
          questionCount: a.total,
          hiddenCount: a.hiddenCount,
          flagged: !!a.flagged,
        })),
      nextCursor: rows.length > query.limit ? attemptCursor.encode(page[page.length - 1].id) : null,
    };
  }

  // Accuracy per fraud type over every campaign, for the node and each direct child organisation.
  async overview(ctx: AuthContext, nodeId: number): Promise<QuizOverview> {
    const node = await this.access.requireNode(ctx, nodeId, 'quiz.stats');
    const [sums, children] = await Promise.all([this.queries.typeSumsAllCampaigns(node.path), this.queries.children(node.id)]);
    return {
      node: nodeRef(node),
      byFraudType: typeAccuracies(sums.total),
      children: children.map((c) => {
        const types = sums.perChild.get(c.id) ?? new Map();
        const all = typeAccuracies(types);
        const answered = all.reduce((n, t) => n + t.answered, 0);
        return {
          node: nodeRef(c),
          answered,
          accuracy: ratio(
            all.reduce((n, t) => n + t.correct, 0),
            answered,
          ),
          weakest: weakestTypes(types),
        };
      }),
      generatedAt: iso(this.clock.now()),
    };
  }

  // The campaign and the node it is seen from. A campaign the caller has no statistics or management
  // role for (on its owner, or on a node meeting its audience) → NOT_FOUND; so is a node outside the
  // caller's sight or outside the audience; a node in sight without quiz.stats → FORBIDDEN.
  private async load(ctx: AuthContext, campaignId: number, nodeId: number | undefined): Promise<Loaded> {
    const [campaign, scope] = await Promise.all([this.ds.getRepository(QuizCampaign).findOneBy({ id: campaignId }), this.access.scope(ctx)]);
    if (!campaign) throw new DomainError('NOT_FOUND');
    const audience = (campaign.audience ?? []).map((a) => a.path);
    if (!visible(scope, campaign, audience)) throw new DomainError('NOT_FOUND');
    const id = nodeId ?? defaultNodeId(scope, campaign, audience);
    if (id === null) throw new DomainError('NOT_FOUND');
    const node = this.access.check(scope, await this.ds.getRepository(OrgNode).findOneBy({ id }), 'quiz.stats');
    // a node the audience does not reach knows nothing of this campaign
    if (intersectSubtrees(node.path, audience).length === 0) throw new DomainError('NOT_FOUND');
    return { campaign, node, scope, audience };
  }

  private async build({ campaign, node, scope, audience }: Loaded): Promise<QuizStats> {
    const regions = intersectSubtrees(node.path, audience);
    const [sums, population, allChildren, trail] = await Promise.all([
      this.queries.campaignSums(campaign.id, node.path, regions),
      this.queries.population(node.path, regions, campaign.roles ?? []),
      this.queries.children(node.id),
      this.trail(scope, node),
    ]);
    // children the audience reaches: inside an audience subtree, or holding one below them
    const children = allChildren
      .filter((c) => intersectSubtrees(c.path, audience).length > 0)
      .map((c) => ({
        ...c,
        // a child the audience reaches through it has children the audience reaches too
        hasChildren: c.childCount > 0,
        metrics: metrics(sums.perChild.get(c.id) ?? emptyCounters(), population.perChild.get(c.id) ?? 0),
      }));
    const participationRanks = ranks(children.map((c) => c.metrics.participation));
    const awarenessRanks = ranks(children.map((c) => c.metrics.awarenessRate));
    const stems = await this.queries.stems(sums.questions.map((q) => q.questionId));
    const questions = sums.questions
      .filter((q) => q.answered > 0)
      .map((q) => ({ questionId: q.questionId, stem: stems.get(q.questionId) ?? '', answered: q.answered, correct: q.correct, correctRate: ratio(q.correct, q.answered) }))
      .sort((a, b) => a.correct / a.answered - b.correct / b.answered || b.answered - a.answered || a.questionId - b.questionId);
    return {
      campaign: { id: campaign.id, title: campaign.title, kind: campaign.kind as CampaignKind, passPercent: campaign.passPercent, counting: campaign.counting as CountingMode },
      node: nodeRef(node),
      trail,
      summary: metrics(sums.total, population.total),
      children: children.map((c, i) => ({
        ...c.metrics,
        node: nodeRef(c),
        hasChildren: c.hasChildren,
        participationRank: participationRanks[i],
        awarenessRank: awarenessRanks[i],
      })),
      byFraudType: typeAccuracies(sums.types),
      questions,
      weekly: sums.weeks.map((w) => ({ weekStart: w.weekStart, attempts: w.attempts, passed: w.passed, accuracy: ratio(w.correct, w.answered) })),
      weakest: children.map((c) => ({ node: nodeRef(c), fraudTypes: weakestTypes(sums.typesPerChild.get(c.id) ?? new Map()) })),
      generatedAt: iso(this.clock.now()),
    };
  }

  // From the shallowest ancestor (or the node) where the caller holds quiz.stats down to the node.
  private async trail(scope: AccessScope, node: OrgNode): Promise<NodeRef[]> {
    const ids = pathIds(node.path);
    const nodes = await nodesByIds(this.ds.manager, ids);
    const chain = ids.map((id) => nodes.get(id)).filter((n): n is OrgNode => !!n);
    const top = chain.findIndex((n) => scope.can(n.path, 'quiz.stats'));
    return chain.slice(Math.max(0, top)).map(nodeRef);
  }
}

// The caller holds quiz.stats or quiz.manage on the owner, or on a node meeting an audience subtree.
function visible(scope: AccessScope, campaign: QuizCampaign, audience: string[]): boolean {
  return scope.grants.some(
    (g) =>
      (roleHas(g.role, 'quiz.stats') || roleHas(g.role, 'quiz.manage')) &&
      (isInSubtree(campaign.ownerPath, g.path) || audience.some((a) => isInSubtree(a, g.path) || isInSubtree(g.path, a))),
  );
}

// The owner node if the caller holds quiz.stats there, else the caller's topmost quiz.stats node the
// audience reaches (null: none).
function defaultNodeId(scope: AccessScope, campaign: QuizCampaign, audience: string[]): number | null {
  if (scope.can(campaign.ownerPath, 'quiz.stats')) return campaign.ownerNodeId;
  const roots = scope.subtrees('quiz.stats').filter((p) => intersectSubtrees(p, audience).length > 0);
  roots.sort((a, b) => pathIds(a).length - pathIds(b).length || a.localeCompare(b));
  const first = roots[0];
  return first ? pathIds(first).at(-1)! : null;
}


