import { Inject, Injectable } from '@nestjs/common';
import {
  APPLICATION_STATUSES,
  ApplicationStatus,
  AWARD_STATES,
  AwardState,
  chinaDayKey,
  FfSummary,
  intersectSubtrees,
  isInSubtree,
  PROGRAM_KIND_NODE_KINDS,
  PROGRAM_KINDS,
  ProgramKind,
  RankingQuery,
  RankingRow,
  Rankings,
} from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { safeFileName } from '../../common/xlsx-download';
import { AuditService } from '../audit/audit.service';
import { FfAward } from '../ff-applications/ff-award.entity';
import { FfProgram } from '../ff-programs/ff-program.entity';
import { FfProgramService } from '../ff-programs/ff-program.service';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { townOf } from '../quiz/quiz-audience';
import { competitionRanks, isMet } from './ff-indicator-math';
import { FfIndicatorValue } from './ff-indicator-value.entity';
import { buildRankingsWorkbook } from './ff-rankings-export';

type Num = number | string;

export interface RankingsExport {
  filename: string;
  xlsx: Buffer;
}

// A title's state as people see it: revoked, expired once validUntil has passed, else active or under review.
export function awardState(status: string, validUntil: Date | string, now: Date): AwardState {
  if (status === 'revoked') return 'revoked';
  if (new Date(validUntil).getTime() <= now.getTime()) return 'expired';
  return status === 'review' ? 'review' : 'active';
}

// Rankings of a program's organisations from the last batch computation, their xlsx export, and the
// town and county summaries of the Fraud-Free work.
@Injectable()
export class FfRankingsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FfProgramService) private readonly programs: FfProgramService,
  ) {}

  // Ranked over the whole town (ties share a rank); listed: the rows the caller reads with ff.read (the
  // town's for town staff, their own subtree's for a village, school or unit), ∩ the subtree at nodeId.
  async rankings(ctx: AuthContext, programId: number, query: RankingQuery): Promise<Rankings> {
    return (await this.load(ctx, programId, query)).view;
  }

  async export(ctx: AuthContext, programId: number, query: RankingQuery): Promise<RankingsExport> {
    const { view, program, scopeNode } = await this.load(ctx, programId, query);
    const now = this.clock.now();
    const xlsx = await buildRankingsWorkbook(view, scopeNode?.name ?? view.program.town.name, now);
    await this.audit.record(this.ds.manager, {
      actorId: ctx.userId,
      action: 'export.ff_rankings',
      node: scopeNode ? { id: scopeNode.id, path: scopeNode.path } : { id: program.townId, path: program.townPath },
      targetType: 'ff_program',
      targetId: program.id,
      detail: { rows: view.rows.length, computedAt: view.computedAt },
    });
    return { filename: `${safeFileName(program.title, '无诈创建评比')}-${scopeNode?.name ?? view.program.town.name}-排名.xlsx`, xlsx };
  }

  private async load(ctx: AuthContext, programId: number, query: RankingQuery): Promise<{ view: Rankings; program: FfProgram; scopeNode: OrgNode | null }> {
    const { program, scope } = await this.programs.visible(ctx, programId);
    const m = this.ds.manager;
    let roots = intersectSubtrees(program.townPath, scope.subtrees('ff.read'));
    let scopeNode: OrgNode | null = null;
    if (query.nodeId !== undefined) {
      scopeNode = await m.findOneBy(OrgNode, { id: query.nodeId });
      if (!scopeNode || !scope.can(scopeNode.path, 'node.read')) throw new DomainError('NOT_FOUND');
      roots = intersectSubtrees(scopeNode.path, roots);
    }
    if (roots.length === 0) throw new DomainError('FORBIDDEN');
    const rows = await m
      .createQueryBuilder(FfIndicatorValue, 'v')
      .select(['v.nodeId', 'v.nodePath', 'v.vals', 'v.totalX10'])
      .where('v.programId = :id', { id: program.id })
      .orderBy('v.totalX10', 'DESC')
      .addOrderBy('v.nodePath', 'ASC')
      .getMany();
    const ranks = competitionRanks(rows.map((r) => r.totalX10));
    const listed = rows.map((r, i) => ({ r, rank: ranks[i] })).filter(({ r }) => roots.some((p) => isInSubtree(r.nodePath, p)));
    const ids = listed.map(({ r }) => r.nodeId);
    const [nodes, apps, awards, programView] = await Promise.all([nodesByIds(m, ids), applicationStatuses(m, program.id, ids), awardStates(m, program.id, ids, this.clock.now()), this.programs.view(scope, program, m)]);
    const defs = program.indicators ?? [];
    const out: RankingRow[] = [];
    for (const { r, rank } of listed) {
      const node = nodes.get(r.nodeId);
      // an organisation removed since the computation
      if (!node) continue;
      out.push({
        rank,
        node: nodeRef(node),
        total: r.totalX10 / 10,
        values: defs.map((d) => {
          const v = r.vals?.[d.key];
          const value = v?.v ?? null;
          return { key: d.key, value, score: v?.s ?? 0, met: isMet(d, value) };
        }),
        applicationStatus: apps.get(r.nodeId) ?? null,
        awardState: awards.get(r.nodeId) ?? null,
      });
    }
    return { view: { program: programView, computedAt: program.computedAt ? iso(program.computedAt) : null, rows: out }, program, scopeNode };
  }

  // ---- summaries ----------------------------------------------------------------------------------

  // The node's town (ff.read there), or every town of a county (ff.read at the county): programs,
  // eligible organisations, applications and titles per kind; the latest warning month's colours;
  // activities and cases of this (China) year; per town when the node is a county.
  async summary(ctx: AuthContext, nodeId: number): Promise<FfSummary> {
    const m = this.ds.manager;
    const scope: AccessScope = await this.access.scope(ctx);
    const node = await m.findOneBy(OrgNode, { id: nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    let root: OrgNode;
    let towns: OrgNode[];
    if (node.kind === 'county') {
      root = node;
      const w = subtreeWhere('n.path', [node.path], 'sc');
      towns = await m.createQueryBuilder(OrgNode, 'n').where(w.sql, w.params).andWhere("n.kind = 'town'").orderBy('n.path', 'ASC').getMany();
    } else {
      const townId = node.kind === 'town' ? node.id : await townOf(m, node);
      const town = townId === null ? null : townId === node.id ? node : await m.findOneBy(OrgNode, { id: townId });
      if (!town) throw new DomainError('NOT_FOUND');
      root = town;
      towns = [town];
    }
    if (!scope.can(root.path, 'ff.read')) throw new DomainError(scope.can(root.path, 'node.read') ? 'FORBIDDEN' : 'NOT_FOUND');
    const now = this.clock.now();
    const year = chinaDayKey(now).slice(0, 4);
    const townIds = towns.map((t) => t.id);
    const empty: FfSummary = {
      node: nodeRef(root),
      programs: PROGRAM_KINDS.map((kind) => ({ kind, programs: 0, eligible: 0, applications: zeros(APPLICATION_STATUSES), awards: zeros(AWARD_STATES) })),
      warnings: { period: null, green: 0, yellow: 0, red: 0 },
      activities: { count: 0, people: 0 },
      cases: { cases: 0, lossYuan: 0 },
      towns: [],
    };
    if (townIds.length === 0) return empty;
    const perKind = new Map(empty.programs.map((p) => [p.kind, p]));
    const kindOfNodeKind = new Map<string, ProgramKind>(PROGRAM_KINDS.flatMap((k) => PROGRAM_KIND_NODE_KINDS[k].map((nk) => [nk, k] as [string, ProgramKind])));
    const inTowns = { townIds };
    const range = subtreeWhere('n.path', [root.path], 'se');
    const [programs, eligible, applications, awards, latest, activities, cases] = await Promise.all([
      m.createQueryBuilder().select('p.kind', 'kind').addSelect('COUNT(*)', 'n').from('ff_program', 'p').where("p.townId IN (:...townIds) AND p.status <> 'draft'", inTowns).groupBy('p.kind').getRawMany<{ kind: string; n: Num }>(),
      m.createQueryBuilder().select('n.kind', 'kind').addSelect('COUNT(*)', 'n').from('org_node', 'n').where(range.sql, range.params).andWhere('n.kind IN (:...kinds)', { kinds: [...kindOfNodeKind.keys()] }).groupBy('n.kind').getRawMany<{ kind: string; n: Num }>(),
      m
        .createQueryBuilder()
        .select('p.kind', 'kind')
        .addSelect('a.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .from('ff_application', 'a')
        .innerJoin('ff_program', 'p', 'p.id = a.programId')
        .where('a.townId IN (:...townIds)', inTowns)
        .groupBy('p.kind')
        .addGroupBy('a.status')
        .getRawMany<{ kind: string; status: string; n: Num }>(),
      m
        .createQueryBuilder()
        .select(['w.townId AS townId', 'w.kind AS kind', 'w.status AS status'])
        .addSelect('CASE WHEN w.validUntil <= :now THEN 1 ELSE 0 END', 'expired')
        .addSelect('COUNT(*)', 'n')
        .from('ff_award', 'w')
        .where('w.townId IN (:...townIds)', inTowns)
        .setParameter('now', now)
        .groupBy('w.townId')
        .addGroupBy('w.kind')
        .addGroupBy('w.status')
        .addGroupBy('expired')
        .getRawMany<{ townId: Num; kind: string; status: string; expired: Num; n: Num }>(),
      m.createQueryBuilder().select('MAX(w.period)', 'period').from('ff_warning', 'w').where('w.townId IN (:...townIds)', inTowns).getRawOne<{ period: string | null }>(),
      m
        .createQueryBuilder()
        .select('COUNT(*)', 'n')
        .addSelect('SUM(a.peopleReached)', 'people')
        .from('ff_activity', 'a')
        .where('a.townId IN (:...townIds) AND a.day >= :from AND a.day <= :to', { ...inTowns, from: `${year}-01-01`, to: `${year}-12-31` })
        .getRawOne<{ n: Num; people: Num | null }>(),
      m
        .createQueryBuilder()
        .select('c.townId', 'townId')
        .addSelect('SUM(c.cases)', 'cases')
        .addSelect('SUM(c.lossYuan)', 'loss')
        .from('ff_case_figure', 'c')
        .where('c.townId IN (:...townIds) AND c.month >= :from AND c.month <= :to', { ...inTowns, from: `${year}-01`, to: `${year}-12` })
        .groupBy('c.townId')
        .getRawMany<{ townId: Num; cases: Num; loss: Num }>(),
    ]);
    for (const r of programs) if (perKind.has(r.kind as ProgramKind)) perKind.get(r.kind as ProgramKind)!.programs += Number(r.n);
    for (const r of eligible) perKind.get(kindOfNodeKind.get(r.kind)!)!.eligible += Number(r.n);
    for (const r of applications) {
      const p = perKind.get(r.kind as ProgramKind);
      if (p && r.status in p.applications) p.applications[r.status] += Number(r.n);
    }
    const townAwards = new Map<number, number>();
    for (const r of awards) {
      const state = r.status === 'revoked' ? 'revoked' : Number(r.expired) ? 'expired' : r.status === 'review' ? 'review' : 'active';
      const p = perKind.get(r.kind as ProgramKind);
      if (p) p.awards[state] += Number(r.n);
      // titles in force: active or under review, not expired
      if (state === 'active' || state === 'review') townAwards.set(Number(r.townId), (townAwards.get(Number(r.townId)) ?? 0) + Number(r.n));
    }
    const period = latest?.period ?? null;
    const colours = new Map<number, { green: number; yellow: number; red: number }>();
    if (period) {
      const rows = await m
        .createQueryBuilder()
        .select('w.townId', 'townId')
        .addSelect('w.colour', 'colour')
        .addSelect('COUNT(*)', 'n')
        .from('ff_warning', 'w')
        .where('w.townId IN (:...townIds) AND w.period = :period', { ...inTowns, period })
        .groupBy('w.townId')
        .addGroupBy('w.colour')
        .getRawMany<{ townId: Num; colour: string; n: Num }>();
      for (const r of rows) {
        const c = colours.get(Number(r.townId)) ?? { green: 0, yellow: 0, red: 0 };
        if (r.colour === 'green' || r.colour === 'yellow' || r.colour === 'red') c[r.colour] += Number(r.n);
        colours.set(Number(r.townId), c);
      }
    }
    const townCases = new Map(cases.map((r) => [Number(r.townId), { cases: Number(r.cases ?? 0), loss: Number(r.loss ?? 0) }]));
    const sum = (f: (id: number) => number) => townIds.reduce((n, id) => n + f(id), 0);
    return {
      ...empty,
      warnings: {
        period,
        green: sum((id) => colours.get(id)?.green ?? 0),
        yellow: sum((id) => colours.get(id)?.yellow ?? 0),
        red: sum((id) => colours.get(id)?.red ?? 0),
      },
      activities: { count: Number(activities?.n ?? 0), people: Number(activities?.people ?? 0) },
      cases: { cases: sum((id) => townCases.get(id)?.cases ?? 0), lossYuan: sum((id) => townCases.get(id)?.loss ?? 0) },
      towns:
        root.kind === 'county'
          ? towns.map((t) => ({
              town: nodeRef(t),
              awards: townAwards.get(t.id) ?? 0,
              red: colours.get(t.id)?.red ?? 0,
              yellow: colours.get(t.id)?.yellow ?? 0,
              cases: townCases.get(t.id)?.cases ?? 0,
            }))
          : [],
    };
  }
}

function zeros(keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

async function applicationStatuses(m: EntityManager, programId: number, nodeIds: number[]): Promise<Map<number, ApplicationStatus>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await m
    .createQueryBuilder()
    .select(['a.nodeId AS nodeId', 'a.status AS status'])
    .from('ff_application', 'a')
    .where('a.programId = :programId', { programId })
    .getRawMany<{ nodeId: Num; status: string }>();
  return new Map(rows.map((r) => [Number(r.nodeId), r.status as ApplicationStatus]));
}

async function awardStates(m: EntityManager, programId: number, nodeIds: number[], now: Date): Promise<Map<number, AwardState>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await m.find(FfAward, { where: { programId }, select: { nodeId: true, status: true, validUntil: true } });
  return new Map(rows.map((r) => [r.nodeId, awardState(r.status, r.validUntil, now)]));
}
