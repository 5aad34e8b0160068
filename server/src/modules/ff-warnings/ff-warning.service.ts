import { Inject, Injectable } from '@nestjs/common';
import {
  warningColour,
  warningReasons,
  type WarningColour,
  type WarningComputeRequest,
  type WarningComputeResponse,
  type WarningList,
  type WarningListQuery,
  type WarningReasonView,
  type WarningRules,
  type WarningRulesInput,
  type WarningRulesView,
  type WarningView,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { isDeadlock, isDuplicateKey } from '../../database/db-errors';
import { AuditService } from '../audit/audit.service';
import { FfAwardService } from '../ff-applications/ff-award-review';
import { holdsInTown } from '../ff-programs/ff-program-rules';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { townsOf } from '../quiz/quiz-audience';
import { inputsOf, readWarningInputs, warningTarget } from './ff-warning-inputs';
import { byColourThenNode, monthWindow, redReviewReason, resolvePeriod, rulesOf, WARNING_NODE_KINDS } from './ff-warning-rules';
import { FfWarningConfig } from './ff-warning-config.entity';
import { FfWarning } from './ff-warning.entity';

const INSERT_CHUNK = 200;
const DELETE_CHUNK = 500;
const DEADLOCK_RETRIES = 3;

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);

// Red/yellow/green warnings of a town's villages, communities, schools and units per month, by the
// town's rules (defaults until a town admin saves its own).
@Injectable()
export class FfWarningService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FfAwardService) private readonly awards: FfAwardService,
  ) {}

  // ---- rules ------------------------------------------------------------------------------------

  // ff.read (or ff.manage) anywhere in or above the town: a village sees the thresholds behind its colour.
  async rules(ctx: AuthContext, townId: number): Promise<WarningRulesView> {
    const scope = await this.access.scope(ctx);
    const node = await this.ds.manager.findOneBy(OrgNode, { id: townId });
    // holders of ff.read below the town see its rules too; others as for any node (404 out of sight, 403 in it)
    const town = node && holdsInTown(scope, node.path, ['ff.read', 'ff.manage']) ? node : this.access.check(scope, node, 'ff.read');
    if (town.kind !== 'town') throw invalid('query.townId', '预警规则按镇设置，请选择一个镇');
    const saved = await this.ds.manager.findOneBy(FfWarningConfig, { townId: town.id });
    return rulesView(town.id, saved);
  }

  // ff.manage at the town; the change is audit-logged with the rules before it.
  async updateRules(ctx: AuthContext, townId: number, body: WarningRulesInput): Promise<WarningRulesView> {
    const scope = await this.access.scope(ctx);
    const town = this.managedTown(scope, await this.ds.manager.findOneBy(OrgNode, { id: townId }), 'query.townId');
    const now = toDbTime(this.clock.now());
    const rules: WarningRules = {
      casesUpRedPercent: body.casesUpRedPercent,
      casesRed: body.casesRed,
      awarenessBelow: body.awarenessBelow,
      overdueYellow: body.overdueYellow,
      overdueRed: body.overdueRed,
      noActivityYellow: body.noActivityYellow,
    };
    const write = () => this.ds.transaction(async (m) => {
      const prev = await m.findOneBy(FfWarningConfig, { townId: town.id });
      if (prev) await m.update(FfWarningConfig, { id: prev.id }, { rules, updatedBy: ctx.userId, updatedAt: now });
      else await m.insert(FfWarningConfig, { townId: town.id, rules, updatedBy: ctx.userId, updatedAt: now });
      await this.audit.record(m, {
        actorId: ctx.userId,
        action: 'ff.warnings.rules',
        node: { id: town.id, path: town.path },
        targetType: 'ff_warning_config',
        targetId: town.id,
        detail: { rules, previous: prev ? rulesOf(prev.rules) : null },
      });
      return { townId: town.id, rules, updatedAt: now } as FfWarningConfig;
    });
    let saved: FfWarningConfig;
    try {
      saved = await write();
    } catch (err) {
      // two first saves of the town's rules at once (MariaDB): the second one now updates
      if (!isDuplicateKey(err)) throw err;
      saved = await write();
    }
    return rulesView(town.id, saved);
  }

  // ---- compute ----------------------------------------------------------------------------------

  // A month of the town (default: the month before the current China month): every organisation that may
  // hold a title gets its colour; the town's rows of the month are replaced in one transaction, and
  // titles of organisations turning red go under review in it.
  async compute(ctx: AuthContext, body: WarningComputeRequest): Promise<WarningComputeResponse> {
    const scope = await this.access.scope(ctx);
    const town = this.managedTown(scope, await this.ds.manager.findOneBy(OrgNode, { id: body.townId }), 'body.townId');
    const now = this.clock.now();
    const period = resolvePeriod(body.period, now);
    return this.computeTown(town, period, now);
  }

  async computeTown(town: Pick<OrgNode, 'id' | 'path'>, period: string, now: Date): Promise<WarningComputeResponse> {
    const m = this.ds.manager;
    const w = monthWindow(period);
    const range = subtreeWhere('n.path', [town.path], 'wn');
    const [nodes, config] = await Promise.all([
      m.createQueryBuilder(OrgNode, 'n').select(['n.id', 'n.path']).where(range.sql, range.params).andWhere('n.kind IN (:...kinds)', { kinds: [...WARNING_NODE_KINDS] }).orderBy('n.id', 'ASC').getMany(),
      m.findOneBy(FfWarningConfig, { townId: town.id }),
    ]);
    const rules = rulesOf(config?.rules);
    const targets = nodes.map(warningTarget);
    await readWarningInputs(m, town, w, now, targets);
    const at = toDbTime(now);
    const rows = targets.map((t) => {
      const reasons = warningReasons(rules, inputsOf(t));
      return { townId: town.id, nodeId: t.id, nodePath: t.path, period, colour: warningColour(reasons), reasons, computedAt: at };
    });
    const counts = { green: 0, yellow: 0, red: 0 };
    for (const r of rows) counts[r.colour]++;

    for (let attempt = 1; ; attempt++) {
      try {
        await this.ds.transaction((tx) => this.replace(tx, town.id, period, rows, now));
        break;
      } catch (err) {
        // two computes of the same town and month at once (MariaDB): the loser runs again
        if (!isDeadlock(err) || attempt >= DEADLOCK_RETRIES) throw err;
      }
    }
    return { period, nodes: rows.length, ...counts };
  }

  private async replace(m: EntityManager, townId: number, period: string, rows: (Omit<FfWarning, 'id' | 'colour'> & { colour: WarningColour; reasons: WarningReasonView[] })[], now: Date): Promise<void> {
    // the colours before this run: a title is put under review when its organisation turns red, not
    // again by recomputing a month that was red already (the town may have kept it meanwhile)
    const before = await m.createQueryBuilder(FfWarning, 'w').select(['w.nodeId', 'w.colour']).where('w.townId = :townId AND w.period = :period', { townId, period }).getMany();
    const wasRed = new Set(before.filter((b) => b.colour === 'red').map((b) => b.nodeId));
    await m.delete(FfWarning, { townId, period });
    // rows of these organisations kept under another town (moved since): the unique (node, period) is theirs now
    const ids = rows.map((r) => r.nodeId);
    for (let i = 0; i < ids.length; i += DELETE_CHUNK) await m.delete(FfWarning, { nodeId: In(ids.slice(i, i + DELETE_CHUNK)), period });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await m.insert(FfWarning, rows.slice(i, i + INSERT_CHUNK));

    const red = rows.filter((r) => r.colour === 'red' && !wasRed.has(r.nodeId));
    if (red.length === 0) return;
    // the town's titles in force (IDX_ff_award_townId_status), then those held by a red organisation
    const awarded = await m
      .createQueryBuilder()
      .select('a.nodeId', 'nodeId')
      .from('ff_award', 'a')
      .where("a.townId = :townId AND a.status = 'active' AND a.validUntil > :now", { townId, now: toDbTime(now) })
      .getRawMany<{ nodeId: number | string }>();
    const holders = new Set(awarded.map((a) => Number(a.nodeId)));
    for (const r of red) {
      if (holders.has(r.nodeId)) await this.awards.openReviews(m, r.nodePath, redReviewReason(period, r.reasons), { sinceMonth: period });
    }
  }

  // ---- list -------------------------------------------------------------------------------------

  // ff.read at the node: the colours of the organisations in its subtree for the period (default: the
  // latest computed), counted by colour; items narrowed by colour when asked. A town admin or the police
  // liaison sees the whole town; a village, school or unit sees its own with the reasons.
  async list(ctx: AuthContext, q: WarningListQuery): Promise<WarningList> {
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    const node = this.access.check(scope, await m.findOneBy(OrgNode, { id: q.nodeId }), 'ff.read');
    const townIds = await this.townsAtOrUnder(m, node);
    const empty: WarningList = { period: q.period ?? null, counts: { green: 0, yellow: 0, red: 0 }, items: [] };
    if (townIds.length === 0) return empty;
    const inTowns = { townIds };
    const period =
      q.period ??
      (await m.createQueryBuilder().select('MAX(w.period)', 'period').from('ff_warning', 'w').where('w.townId IN (:...townIds)', inTowns).getRawOne<{ period: string | null }>())?.period ??
      null;
    if (!period) return empty;
    const range = subtreeWhere('w.nodePath', [node.path], 'wl');
    // (townId, period) narrows to the town's month; the subtree is a range over those rows
    const rows = await m.getRepository(FfWarning).createQueryBuilder('w').where('w.townId IN (:...townIds) AND w.period = :period', { ...inTowns, period }).andWhere(range.sql, range.params).getMany();
    const counts = { green: 0, yellow: 0, red: 0 };
    for (const r of rows) if (r.colour in counts) counts[r.colour as WarningColour]++;
    const shown = rows.filter((r) => !q.colour || r.colour === q.colour).sort(byColourThenNode);
    const names = await nodesByIds(m, shown.map((r) => r.nodeId));
    const items = shown.flatMap((r): WarningView[] => {
      const n = names.get(r.nodeId);
      return n ? [{ node: nodeRef(n), period: r.period, colour: r.colour as WarningColour, reasons: (r.reasons ?? []) as WarningView['reasons'], computedAt: iso(r.computedAt) }] : [];
    });
    return { period, counts, items };
  }

  // ---- helpers ----------------------------------------------------------------------------------

  // ff.manage at the town (out of sight 404, seen 403); another kind of node is a field error.
  private managedTown(scope: AccessScope, node: OrgNode | null, field: string): OrgNode {
    const town = this.access.check(scope, node, 'ff.manage');
    if (town.kind !== 'town') throw invalid(field, '预警按镇计算和设置，请选择一个镇');
    return town;
  }

  // The node's town (itself or above), or the towns below a county.
  private async townsAtOrUnder(m: EntityManager, node: OrgNode): Promise<number[]> {
    const own = await townsOf(m, [node.path]);
    if (own.length > 0) return own;
    const range = subtreeWhere('n.path', [node.path], 'wt');
    const towns = await m.createQueryBuilder(OrgNode, 'n').select(['n.id']).where(range.sql, range.params).andWhere("n.kind = 'town'").getMany();
    return towns.map((t) => t.id);
  }
}

function rulesView(townId: number, saved: Pick<FfWarningConfig, 'rules' | 'updatedAt'> | null): WarningRulesView {
  return { townId, rules: rulesOf(saved?.rules), updatedAt: saved ? iso(saved.updatedAt) : null };
}
