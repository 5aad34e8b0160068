import { Inject, Injectable } from '@nestjs/common';
import { ComputeResponse, IndicatorSheet, PROGRAM_KIND_NODE_KINDS, ProgramKind, isInSubtree } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { FfProgram } from '../ff-programs/ff-program.entity';
import { FfProgramService } from '../ff-programs/ff-program.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef } from '../org/views';
import { emptyCounts, indicatorValues, periodOf } from './ff-indicator-math';
import { FfIndicatorSources, Target } from './ff-indicator-sources';
import { FfIndicatorValue } from './ff-indicator-value.entity';

const INSERT_CHUNK = 200;

// Indicator values from live data: one organisation's sheet (read on demand, also frozen into an
// application at review), and the whole town's as a batch into ff_indicator_value for the rankings.
@Injectable()
export class FfIndicatorService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(FfProgramService) private readonly programs: FfProgramService,
    @Inject(FfIndicatorSources) private readonly sources: FfIndicatorSources,
  ) {}

  // One organisation's values against the targets (manual items: the reviewer's points when given).
  async sheet(program: FfProgram, node: Pick<OrgNode, 'id' | 'name' | 'kind' | 'path'>, manualScores?: Record<string, number> | null, m: EntityManager = this.ds.manager): Promise<IndicatorSheet> {
    const now = this.clock.now();
    const target: Target = { id: node.id, path: node.path, counts: emptyCounts() };
    const defs = program.indicators ?? [];
    await this.sources.collect({ townId: program.townId, period: periodOf(program), indicators: defs, root: node.path, targets: [target], now, live: true }, m);
    const { values, total } = indicatorValues(defs, target.counts, manualScores);
    return { programId: program.id, node: nodeRef(node), values, total, computedAt: iso(now) };
  }

  // Every eligible organisation of the town: each source read once for the whole town, rolled up in
  // memory; the rows of the program replaced in one transaction.
  async computeAll(program: FfProgram): Promise<ComputeResponse> {
    const t0 = Date.now();
    const now = toDbTime(this.clock.now());
    const m = this.ds.manager;
    const defs = program.indicators ?? [];
    const [nodes, manual] = await Promise.all([this.programs.eligibleNodes(m, program), manualScoresOf(m, program.id)]);
    const targets: Target[] = nodes.map((n) => ({ id: n.id, path: n.path, counts: emptyCounts() }));
    if (targets.length > 0) {
      await this.sources.collect({ townId: program.townId, period: periodOf(program), indicators: defs, root: program.townPath, targets, now, live: false }, m);
    }
    const rows = targets.map((t) => {
      const { values, total } = indicatorValues(defs, t.counts, manual.get(t.id));
      const vals: FfIndicatorValue['vals'] = {};
      for (const v of values) vals[v.key] = { v: v.value, ...(v.detail ? { n: v.detail.numerator, d: v.detail.denominator } : {}), s: v.score };
      return { programId: program.id, nodeId: t.id, nodePath: t.path, vals, totalX10: Math.round(total * 10), computedAt: now };
    });
    await this.ds.transaction(async (tx) => {
      await tx.delete(FfIndicatorValue, { programId: program.id });
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insert(FfIndicatorValue, rows.slice(i, i + INSERT_CHUNK));
      await tx.update(FfProgram, { id: program.id }, { computedAt: now });
    });
    program.computedAt = now;
    return { nodes: rows.length, millis: Date.now() - t0, computedAt: iso(now) };
  }

  // ---- routes -------------------------------------------------------------------------------------

  // ff.read or ff.apply at (or above) the organisation, or ff.manage in the town; the organisation must
  // be one that may apply for the program.
  async indicators(ctx: AuthContext, programId: number, nodeId: number): Promise<IndicatorSheet> {
    const { program, scope } = await this.programs.visible(ctx, programId);
    const node = await this.ds.manager.findOneBy(OrgNode, { id: nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    if (!scope.can(node.path, 'ff.read') && !scope.can(node.path, 'ff.apply') && !scope.can(program.townPath, 'ff.manage')) throw new DomainError('FORBIDDEN');
    if (!isEligible(program, node)) throw new DomainError('FF_NOT_ELIGIBLE', `${node.name}不在本次评比的申报范围内`);
    return this.sheet(program, node, await manualScoresOf(this.ds.manager, program.id, node.id).then((m) => m.get(node.id)));
  }

  async compute(ctx: AuthContext, programId: number): Promise<ComputeResponse> {
    const { program, scope } = await this.programs.visible(ctx, programId);
    if (!scope.can(program.townPath, 'ff.manage')) throw new DomainError('FORBIDDEN');
    return this.computeAll(program);
  }
}

// An organisation of the program's kinds inside its town.
export function isEligible(program: Pick<FfProgram, 'kind' | 'townPath'>, node: Pick<OrgNode, 'kind' | 'path'>): boolean {
  return isInSubtree(node.path, program.townPath) && (PROGRAM_KIND_NODE_KINDS[program.kind as ProgramKind] ?? []).includes(node.kind as never);
}

// The reviewers' points of the program's applications (ff_application.manualScores), per node.
async function manualScoresOf(m: EntityManager, programId: number, nodeId?: number): Promise<Map<number, Record<string, number>>> {
  const qb = m.createQueryBuilder().select(['a.nodeId AS nodeId', 'a.manualScores AS manualScores']).from('ff_application', 'a').where('a.programId = :programId', { programId });
  if (nodeId !== undefined) qb.andWhere('a.nodeId = :nodeId', { nodeId });
  const rows = await qb.andWhere('a.manualScores IS NOT NULL').getRawMany<{ nodeId: number | string; manualScores: string | null }>();
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const parsed = parseScores(r.manualScores);
    if (parsed) out.set(Number(r.nodeId), parsed);
  }
  return out;
}

function parseScores(raw: unknown): Record<string, number> | null {
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    const v = typeof raw === 'string' ? JSON.parse(raw) : raw;
    return v && typeof v === 'object' ? (v as Record<string, number>) : null;
  } catch {
    return null;
  }
}
