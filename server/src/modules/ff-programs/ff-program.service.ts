// Fraud-Free programs of a town: town admins (ff.manage) write drafts, publish and close them; holders of
// ff.read / ff.apply / ff.review in the town read the published ones.
//
// For the other Fraud-Free modules:
// - load(id, m?) → the program (404 when absent).
// - visible(ctx, id) → { program, scope } when the caller may see it (see seesProgram), else 404.
// - eligibleNodes(m, program, underPath?) → the org nodes of the town that may apply (kinds of
//   PROGRAM_KIND_NODE_KINDS[kind]), optionally within a subtree; in creation (id) order.
// - townOfNode(m, node) → the node's town (itself or an ancestor of kind town), or null.
// - view(scope, program) → ProgramView.
import { Inject, Injectable } from '@nestjs/common';
import {
  chinaDayKey,
  isInSubtree,
  PROGRAM_KIND_NODE_KINDS,
  type IndicatorDef,
  type ProgramInput,
  type ProgramKind,
  type ProgramList,
  type ProgramListQuery,
  type ProgramStatus,
  type ProgramView,
} from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { townOf } from '../quiz/quiz-audience';
import { FF_SEEING, holdsInTown, programInputIssues, sameIndicators, seesProgram, toDef, weightsProblem } from './ff-program-rules';
import { FfProgram } from './ff-program.entity';

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);

@Injectable()
export class FfProgramService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  // ---- for the other Fraud-Free modules -----------------------------------------------------------

  async load(id: number, m: EntityManager = this.ds.manager): Promise<FfProgram> {
    const p = await m.findOneBy(FfProgram, { id });
    if (!p) throw new DomainError('NOT_FOUND');
    return p;
  }

  async visible(ctx: AuthContext, id: number): Promise<{ program: FfProgram; scope: AccessScope }> {
    const scope = await this.access.scope(ctx);
    const program = await this.ds.manager.findOneBy(FfProgram, { id });
    if (!program || !seesProgram(scope, program)) throw new DomainError('NOT_FOUND');
    return { program, scope };
  }

  // Nodes of the program's kinds in its town (∩ the subtree at underPath), read by index-backed path
  // ranges; a subtree outside the town gives none.
  async eligibleNodes(m: EntityManager, program: Pick<FfProgram, 'kind' | 'townPath'>, underPath?: string): Promise<OrgNode[]> {
    let root = program.townPath;
    if (underPath !== undefined && underPath !== root) {
      if (isInSubtree(underPath, root)) root = underPath;
      else if (!isInSubtree(root, underPath)) return [];
    }
    const kinds = PROGRAM_KIND_NODE_KINDS[program.kind as ProgramKind] ?? [];
    if (kinds.length === 0) return [];
    const w = subtreeWhere('n.path', [root], 'el');
    return m
      .createQueryBuilder(OrgNode, 'n')
      .where(w.sql, w.params)
      .andWhere('n.kind IN (:...kinds)', { kinds: [...kinds] })
      .orderBy('n.id', 'ASC')
      .getMany();
  }

  async townOfNode(m: EntityManager, node: Pick<OrgNode, 'path'>): Promise<OrgNode | null> {
    const id = await townOf(m, node);
    return id === null ? null : m.findOneBy(OrgNode, { id });
  }

  async view(scope: AccessScope, program: FfProgram, m: EntityManager = this.ds.manager): Promise<ProgramView> {
    return (await this.views(m, scope, [program]))[0];
  }

  // ---- routes -------------------------------------------------------------------------------------

  async create(ctx: AuthContext, body: ProgramInput): Promise<ProgramView> {
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    const town = await this.managedTown(m, scope, body.townId);
    checkInput(body);
    const now = toDbTime(this.clock.now());
    const row = m.create(FfProgram, {
      ...settings(body),
      townId: town.id,
      townPath: town.path,
      status: 'draft',
      createdBy: ctx.userId,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      computedAt: null,
    });
    await m.save(FfProgram, row);
    return this.view(scope, row, m);
  }

  // Drafts change freely (the town too, to another one the caller manages); published programs only
  // their title, a later application deadline and the notice length; closed ones not at all.
  async update(ctx: AuthContext, id: number, body: ProgramInput): Promise<ProgramView> {
    const { scope, program } = await this.managed(ctx, id);
    const m = this.ds.manager;
    if (program.status === 'closed') throw new DomainError('FF_BAD_STATE', '评比已结束，不能再修改');
    checkInput(body);
    const now = toDbTime(this.clock.now());
    if (program.status === 'draft') {
      const town = body.townId === program.townId ? { id: program.townId, path: program.townPath } : await this.managedTown(m, scope, body.townId);
      const cols = { ...settings(body), townId: town.id, townPath: town.path, updatedAt: now };
      const res = await m.update(FfProgram, { id, status: 'draft' }, cols);
      // published meanwhile: its indicators are fixed now
      if (!res.affected) throw new DomainError('FF_PROGRAM_NOT_EDITABLE');
      Object.assign(program, cols);
    } else {
      const s = settings(body);
      const fixed =
        body.townId === program.townId &&
        s.kind === program.kind &&
        s.periodStart === program.periodStart &&
        s.periodEnd === program.periodEnd &&
        s.applyFrom === program.applyFrom &&
        s.validityMonths === program.validityMonths &&
        sameIndicators(s.indicators, program.indicators);
      if (!fixed) throw new DomainError('FF_PROGRAM_NOT_EDITABLE', '评比已发布，只能修改标题、延长申报截止日期和调整公示天数');
      if (s.applyUntil < program.applyUntil) throw invalid('body.applyUntil', '已发布的评比只能延长申报截止日期');
      const cols = { title: s.title, applyUntil: s.applyUntil, noticeDays: s.noticeDays, updatedAt: now };
      const res = await m.update(FfProgram, { id, status: 'published' }, cols);
      if (!res.affected) throw new DomainError('FF_BAD_STATE');
      Object.assign(program, cols);
    }
    return this.view(scope, program, m);
  }

  // A program is published with its application window still ahead or open (else nobody could apply).
  async publish(ctx: AuthContext, id: number): Promise<ProgramView> {
    const { scope, program } = await this.managed(ctx, id);
    if (program.status !== 'draft') throw new DomainError('FF_BAD_STATE', '只有草稿可以发布');
    const today = chinaDayKey(this.clock.now());
    if (program.applyUntil < today) throw invalid('applyUntil', '申报截止日期已过，请先修改申报时间再发布');
    const now = toDbTime(this.clock.now());
    const res = await this.ds.manager.update(FfProgram, { id, status: 'draft' }, { status: 'published', publishedAt: now, updatedAt: now });
    if (!res.affected) throw new DomainError('FF_BAD_STATE', '只有草稿可以发布');
    Object.assign(program, { status: 'published', publishedAt: now, updatedAt: now });
    return this.view(scope, program);
  }

  async close(ctx: AuthContext, id: number): Promise<ProgramView> {
    const { scope, program } = await this.managed(ctx, id);
    if (program.status !== 'published') throw new DomainError('FF_BAD_STATE', '只有已发布的评比可以结束');
    const now = toDbTime(this.clock.now());
    const res = await this.ds.manager.update(FfProgram, { id, status: 'published' }, { status: 'closed', updatedAt: now });
    if (!res.affected) throw new DomainError('FF_BAD_STATE', '只有已发布的评比可以结束');
    Object.assign(program, { status: 'closed', updatedAt: now });
    return this.view(scope, program);
  }

  async get(ctx: AuthContext, id: number): Promise<ProgramView> {
    const { program, scope } = await this.visible(ctx, id);
    return this.view(scope, program);
  }

  // Programs of the town the node lies in (of every town below it for a county), newest first. The
  // caller reads the node and holds a Fraud-Free permission covering it or inside it.
  async list(ctx: AuthContext, query: ProgramListQuery): Promise<ProgramList> {
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    const node = await m.findOneBy(OrgNode, { id: query.nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    if (!holdsInTown(scope, node.path, FF_SEEING)) throw new DomainError('FORBIDDEN');
    const townId = await townOf(m, node);
    const qb = m.createQueryBuilder(FfProgram, 'p');
    if (townId !== null) qb.where('p.townId = :townId', { townId });
    else {
      const w = subtreeWhere('p.townPath', [node.path], 'lt');
      qb.where(w.sql, w.params);
    }
    if (query.kind) qb.andWhere('p.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    const rows = (await qb.orderBy('p.id', 'DESC').getMany()).filter((p) => seesProgram(scope, p));
    return { items: await this.views(m, scope, rows) };
  }

  // ---- helpers ------------------------------------------------------------------------------------

  // The program, if the caller holds ff.manage at its town (seen but not: 403; else 404).
  private async managed(ctx: AuthContext, id: number): Promise<{ scope: AccessScope; program: FfProgram }> {
    const { scope, program } = await this.visible(ctx, id);
    if (!scope.can(program.townPath, 'ff.manage')) throw new DomainError('FORBIDDEN');
    return { scope, program };
  }

  // A town node where the caller holds ff.manage.
  private async managedTown(m: EntityManager, scope: AccessScope, townId: number): Promise<OrgNode> {
    const town = this.access.check(scope, await m.findOneBy(OrgNode, { id: townId }), 'ff.manage');
    if (town.kind !== 'town') throw invalid('body.townId', '评比只能由镇发起');
    return town;
  }

  private async views(m: EntityManager, scope: AccessScope, list: FfProgram[]): Promise<ProgramView[]> {
    if (list.length === 0) return [];
    const towns = await nodesByIds(m, list.map((p) => p.townId));
    const [apps, awards] = await Promise.all([
      countBy(m, 'ff_application', list, "status <> 'draft'"),
      countBy(m, 'ff_award', list, "status <> 'revoked'"),
    ]);
    const today = chinaDayKey(this.clock.now());
    return list.map((p) => ({
      id: p.id,
      town: nodeRef(towns.get(p.townId) ?? { id: p.townId, name: '', kind: 'town' }),
      kind: p.kind as ProgramKind,
      title: p.title,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      applyFrom: p.applyFrom,
      applyUntil: p.applyUntil,
      noticeDays: p.noticeDays,
      validityMonths: p.validityMonths,
      indicators: (p.indicators ?? []).map((d) => ({ ...d, note: d.note ?? null })),
      status: p.status as ProgramStatus,
      open: isOpen(p, today),
      // applications past the draft, and titles not revoked
      counts: { applications: apps.get(p.id) ?? 0, awarded: awards.get(p.id) ?? 0 },
      canManage: scope.can(p.townPath, 'ff.manage'),
      createdAt: iso(p.createdAt),
    }));
  }
}

// Applying is possible on this China day.
export function isOpen(p: Pick<FfProgram, 'status' | 'applyFrom' | 'applyUntil'>, today: string): boolean {
  return p.status === 'published' && p.applyFrom <= today && today <= p.applyUntil;
}

// Every rule of an input beyond its shape: dates, indicator keys and targets, then the weights.
function checkInput(body: ProgramInput): void {
  const issues = programInputIssues(body);
  if (issues.length) throw new DomainError('VALIDATION_FAILED', undefined, issues);
  const weights = weightsProblem(body.indicators);
  if (weights) throw new DomainError('FF_WEIGHTS_SUM', weights, [{ path: 'body.indicators', message: weights }]);
}

function settings(body: ProgramInput) {
  const indicators: IndicatorDef[] = body.indicators.map(toDef);
  const { kind, title, periodStart, periodEnd, applyFrom, applyUntil, noticeDays, validityMonths } = body;
  return { kind, title, periodStart, periodEnd, applyFrom, applyUntil, noticeDays, validityMonths, indicators };
}

// Rows per program of a table with programId and townId columns, in one grouped read (the town narrows
// it by index where programId has none).
async function countBy(m: EntityManager, table: string, programs: FfProgram[], extra: string): Promise<Map<number, number>> {
  const rows = await m
    .createQueryBuilder()
    .select('t.programId', 'programId')
    .addSelect('COUNT(*)', 'n')
    .from(table, 't')
    .where('t.townId IN (:...towns)', { towns: [...new Set(programs.map((p) => p.townId))] })
    .andWhere('t.programId IN (:...ids)', { ids: programs.map((p) => p.id) })
    .andWhere(`t.${extra}`)
    .groupBy('t.programId')
    .getRawMany<{ programId: number | string; n: number | string }>();
  return new Map(rows.map((r) => [Number(r.programId), Number(r.n)]));
}
