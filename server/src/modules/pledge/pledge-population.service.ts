import { Inject, Injectable } from '@nestjs/common';
import { intersectSubtrees, PledgeAudience, ROLE_META } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { isSqlite } from '../../common/raw-query';
import { subtreeWhere } from '../org/access.service';
import { childIdUnder } from '../quiz-stats/quiz-stats-math';
import { AUDIENCE_ROLES, UNIT_KINDS } from './pledge-audience';
import { scopeRoots } from './pledge-campaign-rules';
import type { PledgeCampaign } from './pledge-campaign.entity';

type Num = number | string;
type CampaignScope = Pick<PledgeCampaign, 'id' | 'audience' | 'scope'>;

export interface PledgeCounts {
  total: number;
  signed: number;
  // students: signed by a guardian
  byGuardian: number;
}

export interface PledgeRollup {
  // the viewed node ∩ the scope
  summary: PledgeCounts;
  // per direct child of the viewed node (only children holding part of the scope)
  perChild: Map<number, PledgeCounts>;
  // signatures counted in summary.signed per China day ('YYYY-MM-DD')
  daily: Map<string, number>;
}

export const emptyCounts = (): PledgeCounts => ({ total: 0, signed: 0, byGuardian: 0 });

// The campaign's scope roots (nested ones dropped), narrowed to a subtree if given.
export function scopeRegions(campaign: Pick<PledgeCampaign, 'scope'>, underPath?: string): string[] {
  return underPath === undefined ? scopeRoots(campaign) : intersectSubtrees(underPath, scopeRoots(campaign));
}

// Denominators and signed counts of pledge campaigns: live roster entries (students), distinct holders
// of the audience roles (residents, staff), unit nodes (units). Every query is an index range over
// materialized paths (roster classPath, membership nodePath, org_node path, signature campaignId +
// nodePath); counts per node are rolled up to the viewed node's children in memory.
@Injectable()
export class PledgePopulationService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  // The denominator within the scope (∩ the subtree at underPath).
  async total(campaign: CampaignScope, underPath?: string, manager: EntityManager = this.ds.manager): Promise<number> {
    const regions = scopeRegions(campaign, underPath);
    if (regions.length === 0) return 0;
    switch (campaign.audience as PledgeAudience) {
      case 'students': {
        const w = subtreeWhere('e.classPath', regions, 'pt');
        const row = await manager
          .createQueryBuilder()
          .select('COUNT(*)', 'n')
          .from('pledge_roster_entry', 'e')
          .where(w.sql, w.params)
          .andWhere('e.removedAt IS NULL')
          .getRawOne<{ n: Num }>();
        return Number(row?.n ?? 0);
      }
      case 'units':
        return (await this.unitPaths(manager, regions)).length;
      default: {
        const cond = await this.peopleCondition(manager, campaign.audience as PledgeAudience, regions);
        if (!cond) return 0;
        const row = await manager
          .createQueryBuilder()
          .select('COUNT(DISTINCT m.userId)', 'n')
          .from('membership', 'm')
          .where(cond.sql, cond.params)
          .getRawOne<{ n: Num }>();
        return Number(row?.n ?? 0);
      }
    }
  }

  // Totals and signed counts of the node at viewPath (∩ the scope, ∩ `within` if given: the parts a
  // tracker may follow) and of each of its direct children.
  async rollup(campaign: CampaignScope, viewPath: string, opts: { within?: readonly string[]; manager?: EntityManager } = {}): Promise<PledgeRollup> {
    const manager = opts.manager ?? this.ds.manager;
    const out: PledgeRollup = { summary: emptyCounts(), perChild: new Map(), daily: new Map() };
    const regions = opts.within ? intersectSubtrees(viewPath, scopeRegions(campaign).flatMap((r) => intersectSubtrees(r, opts.within!))) : scopeRegions(campaign, viewPath);
    if (regions.length === 0) return out;
    const add = (path: string, f: (c: PledgeCounts) => void) => {
      f(out.summary);
      const child = childIdUnder(viewPath, path);
      if (child === null) return;
      let c = out.perChild.get(child);
      if (!c) out.perChild.set(child, (c = emptyCounts()));
      f(c);
    };
    const [totals, signed] = await Promise.all([this.totalsByPath(manager, campaign, viewPath, regions), this.signedByPath(manager, campaign, regions)]);
    for (const t of totals.rows) add(t.path, (c) => (c.total += t.n));
    // people are counted distinct over the whole, not summed over the nodes they hold roles at
    if (totals.whole !== null) out.summary.total = totals.whole;
    for (const s of signed.byPath) {
      add(s.path, (c) => {
        c.signed += s.n;
        if (s.guardian) c.byGuardian += s.n;
      });
    }
    for (const d of signed.byDay) out.daily.set(d.day, d.n);
    return out;
  }

  // Denominator rows keyed by path: per class (students), per unit (units); people per child of the
  // view, counted distinct in SQL (a person holding roles at two nodes of a child counts once there),
  // with the distinct whole beside them.
  private async totalsByPath(
    manager: EntityManager,
    campaign: CampaignScope,
    viewPath: string,
    regions: string[],
  ): Promise<{ rows: Array<{ path: string; n: number }>; whole: number | null }> {
    switch (campaign.audience as PledgeAudience) {
      case 'students':
        return { rows: await this.rosterByClass(manager, regions), whole: null };
      case 'units':
        return { rows: (await this.unitPaths(manager, regions)).map((path) => ({ path, n: 1 })), whole: null };
      default: {
        const cond = await this.peopleCondition(manager, campaign.audience as PledgeAudience, regions);
        if (!cond) return { rows: [], whole: 0 };
        const len = viewPath.length;
        // '/1/5/23/7/' under '/1/5/' → '/1/5/23/'; the node itself keeps its own path
        const childKey = `SUBSTR(m.nodePath, 1, ${len} + INSTR(SUBSTR(m.nodePath, ${len + 1}), '/'))`;
        const base = () => manager.createQueryBuilder().from('membership', 'm').where(cond.sql, cond.params);
        const [whole, perChild] = await Promise.all([
          base().select('COUNT(DISTINCT m.userId)', 'n').getRawOne<{ n: Num }>(),
          base().select(childKey, 'k').addSelect('COUNT(DISTINCT m.userId)', 'n').groupBy('k').getRawMany<{ k: string; n: Num }>(),
        ]);
        return { rows: perChild.map((r) => ({ path: String(r.k), n: Number(r.n) })), whole: Number(whole?.n ?? 0) };
      }
    }
  }

  // Live roster entries in the regions, per class path (also the Fraud-Free batch's students denominator).
  async rosterByClass(manager: EntityManager, regions: string[]): Promise<Array<{ path: string; n: number }>> {
    const w = subtreeWhere('e.classPath', regions, 'pr');
    const rows = await manager
      .createQueryBuilder()
      .select('e.classPath', 'path')
      .addSelect('COUNT(*)', 'n')
      .from('pledge_roster_entry', 'e')
      .where(w.sql, w.params)
      .andWhere('e.removedAt IS NULL')
      .groupBy('e.classPath')
      .getRawMany<{ path: string; n: Num }>();
    return rows.map((r) => ({ path: r.path, n: Number(r.n) }));
  }

  // Signatures that still count, per node path and guardian or not, and per China day (two grouped
  // reads side by side: one row per class and signer type, one per day; not their product): students
  // by the class their live roster entry is in now (IDX (campaignId, rosterEntryId) per entry), people
  // at the node they signed at while they still hold an audience role there, units at the unit.
  private async signedByPath(
    manager: EntityManager,
    campaign: CampaignScope,
    regions: string[],
  ): Promise<{ byPath: Array<{ path: string; guardian: boolean; n: number }>; byDay: Array<{ day: string; n: number }> }> {
    const audience = campaign.audience as PledgeAudience;
    const students = audience === 'students';
    const pathCol = students ? 'e.classPath' : 's.nodePath';
    const w = subtreeWhere(pathCol, regions, 'ps');
    const base = () => {
      const qb = manager.createQueryBuilder();
      if (students) {
        qb.from('pledge_roster_entry', 'e')
          .innerJoin('pledge_signature', 's', 's.campaignId = :campaignId AND s.rosterEntryId = e.id', { campaignId: campaign.id })
          .where(w.sql, w.params)
          .andWhere('e.removedAt IS NULL');
      } else {
        qb.from('pledge_signature', 's').where('s.campaignId = :campaignId', { campaignId: campaign.id }).andWhere(w.sql, w.params);
        if (audience !== 'units') {
          const roles = [...new Set(AUDIENCE_ROLES[audience].map((r) => r.role))];
          qb.andWhere('EXISTS (SELECT 1 FROM membership m WHERE m.userId = s.signerUserId AND m.nodeId = s.nodeId AND m.role IN (:...roles))', { roles });
        }
      }
      return qb.addSelect('COUNT(*)', 'n');
    };
    const [byPath, byDay] = await Promise.all([
      base().addSelect(pathCol, 'path').addSelect('s.signerType', 'signerType').groupBy(pathCol).addGroupBy('s.signerType').getRawMany<{ path: string; signerType: string; n: Num }>(),
      base().addSelect(this.chinaDaySql('s.signedAt'), 'day').groupBy('day').getRawMany<{ day: string; n: Num }>(),
    ]);
    return {
      byPath: byPath.map((r) => ({ path: r.path, guardian: r.signerType === 'guardian', n: Number(r.n) })),
      byDay: byDay.map((r) => ({ day: String(r.day), n: Number(r.n) })),
    };
  }

  // 'YYYY-MM-DD' of the China day of a stored UTC datetime, in SQL (both databases keep UTC).
  chinaDaySql(column: string): string {
    return !isSqlite(this.ds) ? `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')` : `date(${column}, '+8 hours')`;
  }

  // Unit nodes in the regions (org_node path range).
  async unitPaths(manager: EntityManager, regions: string[]): Promise<string[]> {
    const w = subtreeWhere('n.path', regions, 'pu');
    const rows = await manager
      .createQueryBuilder()
      .select('n.path', 'path')
      .from('org_node', 'n')
      .where(w.sql, w.params)
      .andWhere('n.kind IN (:...kinds)', { kinds: UNIT_KINDS })
      .getRawMany<{ path: string }>();
    return rows.map((r) => r.path);
  }

  // Membership rows counted for a people audience: the regions and, per role, the node kinds it counts
  // at. Kinds are turned into exact node paths (membership.nodePath copies the node's path), so the
  // query stays on the covering index (nodePath, role, userId) without joining org_node: a role counted
  // at only some of the kinds it can be held at lists the fewer of the allowed or the refused nodes.
  async peopleCondition(manager: EntityManager, audience: PledgeAudience, regions: string[]): Promise<{ sql: string; params: Record<string, unknown> } | null> {
    const rules = AUDIENCE_ROLES[audience] ?? [];
    if (rules.length === 0) return null;
    const narrowed = rules.filter((r) => r.kinds !== null && ROLE_META[r.role].nodeKinds.some((k) => !r.kinds!.includes(k)));
    const kindsNeeded = [...new Set(narrowed.flatMap((r) => ROLE_META[r.role].nodeKinds))];
    const nodes: Array<{ path: string; kind: string }> = [];
    if (kindsNeeded.length > 0) {
      const w = subtreeWhere('n.path', regions, 'pk');
      nodes.push(
        ...(await manager
          .createQueryBuilder()
          .select('n.path', 'path')
          .addSelect('n.kind', 'kind')
          .from('org_node', 'n')
          .where(w.sql, w.params)
          .andWhere('n.kind IN (:...kinds)', { kinds: kindsNeeded })
          .getRawMany<{ path: string; kind: string }>()),
      );
    }
    const where = subtreeWhere('m.nodePath', regions, 'pm');
    const params: Record<string, unknown> = { ...where.params };
    const parts: string[] = [];
    const wide = rules.filter((r) => !narrowed.includes(r)).map((r) => r.role);
    if (wide.length > 0) {
      parts.push('m.role IN (:...pWide)');
      params.pWide = [...new Set(wide)];
    }
    narrowed.forEach((r, i) => {
      const held = nodes.filter((n) => ROLE_META[r.role].nodeKinds.includes(n.kind as never));
      const allowed = held.filter((n) => r.kinds!.includes(n.kind as never)).map((n) => n.path);
      const refused = held.filter((n) => !r.kinds!.includes(n.kind as never)).map((n) => n.path);
      params[`pRole${i}`] = r.role;
      if (allowed.length === 0) return;
      if (refused.length === 0) parts.push(`m.role = :pRole${i}`);
      else if (allowed.length <= refused.length) {
        parts.push(`(m.role = :pRole${i} AND m.nodePath IN (:...pIn${i}))`);
        params[`pIn${i}`] = allowed;
      } else {
        parts.push(`(m.role = :pRole${i} AND m.nodePath NOT IN (:...pOut${i}))`);
        params[`pOut${i}`] = refused;
      }
    });
    if (parts.length === 0) return null;
    return { sql: `${where.sql} AND (${parts.join(' OR ')})`, params };
  }
}
