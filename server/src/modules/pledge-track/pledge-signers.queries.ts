import { Inject, Injectable } from '@nestjs/common';
import { isInSubtree, PledgeAudience, PLEDGE_REMIND_INTERVAL_HOURS } from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { subtreeWhere } from '../org/access.service';
import { Membership } from '../org/membership.entity';
import { OrgNode } from '../org/org-node.entity';
import { nodesByIds, userNames } from '../org/views';
import { UNIT_KINDS, subjectKey } from '../pledge/pledge-audience';
import { PledgeCampaign } from '../pledge/pledge-campaign.entity';
import { PledgePopulationService } from '../pledge/pledge-population.service';
import { PledgeReminder } from '../pledge/pledge-reminder.entity';
import { PledgeSignature } from '../pledge/pledge-signature.entity';
import { RosterEntry } from '../pledge-roster/roster-entry.entity';
import { RosterService } from '../pledge-roster/roster.service';

type Num = number | string;
type Campaign = Pick<PledgeCampaign, 'id' | 'audience' | 'scope'>;
export type SignStatus = 'signed' | 'unsigned';

// One subject of a campaign seen by a tracker: a roster entry, a person or a unit, with its signature.
export interface Subject {
  key: string;
  node: OrgNode;
  // full name (the roster's, the person's display name, the unit's name): masked by the caller as needed
  name: string;
  studentNo: string | null;
  signature: PledgeSignature | null;
  // someone who asked to be reminded for this subject may be reminded now
  remindable: boolean;
}

export interface SubjectPage {
  items: Subject[];
  // keyset of the last row when there are more
  last: number[] | null;
  total: number;
}

// Rows per IN list: well under every placeholder limit.
const CHUNK = 500;
export function chunked<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

// May a reminder credit be used now? (one left, and none sent within the interval)
export function canRemind(r: Pick<PledgeReminder, 'credits' | 'lastSentAt'>, now: Date): boolean {
  return r.credits > 0 && (!r.lastSentAt || now.getTime() - new Date(r.lastSentAt).getTime() >= PLEDGE_REMIND_INTERVAL_HOURS * 3600_000);
}

// Signed and unsigned subjects of a campaign within regions (subtrees the tracker follows), a page at a
// time (keyset) or all of them (exports). Every list starts from an index range over paths: roster
// classPath, membership nodePath (the population's condition), org_node path.
@Injectable()
export class PledgeSignerQueries {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(PledgePopulationService) private readonly population: PledgePopulationService,
    @Inject(RosterService) private readonly roster: RosterService,
  ) {}

  async list(
    campaign: Campaign,
    regions: string[],
    opts: { status?: SignStatus; after?: number[] | null; limit?: number; now: Date },
    m: EntityManager = this.ds.manager,
  ): Promise<SubjectPage> {
    if (regions.length === 0) return { items: [], last: null, total: 0 };
    switch (campaign.audience as PledgeAudience) {
      case 'students':
        return this.students(m, campaign, regions, opts);
      case 'units':
        return this.units(m, campaign, regions, opts);
      default:
        return this.people(m, campaign, regions, opts);
    }
  }

  // Live roster entries by class then id; signed or not through IDX (campaignId, rosterEntryId).
  private async students(m: EntityManager, c: Campaign, regions: string[], opts: ListOpts): Promise<SubjectPage> {
    const w = subtreeWhere('e.classPath', regions, 'se');
    const base = () => {
      const qb = m
        .createQueryBuilder()
        .from('pledge_roster_entry', 'e')
        .leftJoin('pledge_signature', 's', 's.campaignId = :campaignId AND s.rosterEntryId = e.id', { campaignId: c.id })
        .where(w.sql, w.params)
        .andWhere('e.removedAt IS NULL');
      if (opts.status) qb.andWhere(opts.status === 'signed' ? 's.id IS NOT NULL' : 's.id IS NULL');
      return qb;
    };
    const qb = base().select(['e.id AS id', 'e.classId AS classId', 'e.nameEnc AS nameEnc', 'e.studentNo AS studentNo']).orderBy('e.classId', 'ASC').addOrderBy('e.id', 'ASC');
    if (opts.after) qb.andWhere('(e.classId > :ac OR (e.classId = :ac AND e.id > :ai))', { ac: opts.after[0], ai: opts.after[1] });
    if (opts.limit) qb.limit(opts.limit + 1);
    const [rows, count] = await Promise.all([
      qb.getRawMany<{ id: Num; classId: Num; nameEnc: string; studentNo: string }>(),
      base().select('COUNT(*)', 'n').getRawOne<{ n: Num }>(),
    ]);
    const page = opts.limit ? rows.slice(0, opts.limit) : rows;
    const ids = page.map((r) => Number(r.id));
    const [sigs, reminders, classes] = await Promise.all([
      this.signaturesBy(m, c.id, 'rosterEntryId', ids),
      this.reminders(m, c.id, { rosterEntryIds: ids }),
      nodesByIds(
        m,
        page.map((r) => Number(r.classId)),
      ),
    ]);
    const sigOf = new Map(sigs.map((s) => [s.rosterEntryId!, s]));
    const remindable = new Set(reminders.filter((r) => canRemind(r, opts.now)).map((r) => r.rosterEntryId));
    const items = page
      .filter((r) => classes.has(Number(r.classId)))
      .map((r) => {
        const id = Number(r.id);
        const signature = sigOf.get(id) ?? null;
        return {
          key: subjectKey.roster(id),
          node: classes.get(Number(r.classId))!,
          name: this.roster.nameOf(r),
          studentNo: r.studentNo,
          signature,
          remindable: !signature && remindable.has(id),
        };
      });
    const lastRow = page[page.length - 1];
    return { items, last: opts.limit && rows.length > opts.limit ? [Number(lastRow.classId), Number(lastRow.id)] : null, total: Number(count?.n ?? 0) };
  }

  // Distinct holders of the audience roles by user id; signed: a signature of theirs in the campaign
  // (IDX_pledge_signature_signerUserId). Shown at the node they signed at, else their deepest node.
  private async people(m: EntityManager, c: Campaign, regions: string[], opts: ListOpts): Promise<SubjectPage> {
    const cond = await this.population.peopleCondition(m, c.audience as PledgeAudience, regions);
    if (!cond) return { items: [], last: null, total: 0 };
    const signedSql = 'EXISTS (SELECT 1 FROM pledge_signature s WHERE s.signerUserId = m.userId AND s.campaignId = :campaignId)';
    const base = () => {
      const qb = m.createQueryBuilder().from('membership', 'm').where(cond.sql, cond.params);
      if (opts.status) qb.andWhere(opts.status === 'signed' ? signedSql : `NOT ${signedSql}`, { campaignId: c.id });
      return qb;
    };
    const qb = base().select('m.userId', 'userId').groupBy('m.userId').orderBy('m.userId', 'ASC');
    if (opts.after) qb.andWhere('m.userId > :after', { after: opts.after[0] });
    if (opts.limit) qb.limit(opts.limit + 1);
    const [rows, count] = await Promise.all([qb.getRawMany<{ userId: Num }>(), base().select('COUNT(DISTINCT m.userId)', 'n').getRawOne<{ n: Num }>()]);
    const page = (opts.limit ? rows.slice(0, opts.limit) : rows).map((r) => Number(r.userId));
    const held: Array<{ userId: Num; nodeId: Num; nodePath: string }> = [];
    for (const part of chunked(page)) {
      held.push(
        ...(await m
          .createQueryBuilder()
          .select(['m.userId AS userId', 'm.nodeId AS nodeId', 'm.nodePath AS nodePath'])
          .from('membership', 'm')
          .where(cond.sql, cond.params)
          .andWhere('m.userId IN (:...ids)', { ids: part })
          .getRawMany<{ userId: Num; nodeId: Num; nodePath: string }>()),
      );
    }
    // the deepest node each person is counted at
    const home = new Map<number, { nodeId: number; depth: number }>();
    for (const h of held) {
      const depth = h.nodePath.length;
      const prev = home.get(Number(h.userId));
      if (!prev || depth > prev.depth) home.set(Number(h.userId), { nodeId: Number(h.nodeId), depth });
    }
    const [sigs, reminders, names] = await Promise.all([
      this.signaturesBy(m, c.id, 'subjectKey', page.map(subjectKey.person)),
      this.reminders(m, c.id, { userIds: page, own: true }),
      userNames(m, page),
    ]);
    const sigOf = new Map(sigs.map((s) => [s.signerUserId, s]));
    const nodes = await nodesByIds(m, [...[...home.values()].map((h) => h.nodeId), ...sigs.map((s) => s.nodeId)]);
    const remindable = new Set(reminders.filter((r) => canRemind(r, opts.now)).map((r) => r.userId));
    const items: Subject[] = [];
    for (const userId of page) {
      const signature = sigOf.get(userId) ?? null;
      const node = nodes.get(signature?.nodeId ?? home.get(userId)?.nodeId ?? 0);
      if (!node) continue;
      items.push({ key: subjectKey.person(userId), node, name: names.get(userId) ?? '', studentNo: null, signature, remindable: !signature && remindable.has(userId) });
    }
    return { items, last: opts.limit && rows.length > opts.limit ? [page[page.length - 1]] : null, total: Number(count?.n ?? 0) };
  }

  // Unit nodes by id; signed: a signature at the unit's path (IDX (campaignId, nodePath)).
  private async units(m: EntityManager, c: Campaign, regions: string[], opts: ListOpts): Promise<SubjectPage> {
    const w = subtreeWhere('n.path', regions, 'un');
    const signedSql = 'EXISTS (SELECT 1 FROM pledge_signature s WHERE s.campaignId = :campaignId AND s.nodePath = n.path)';
    const base = () => {
      const qb = m.getRepository(OrgNode).createQueryBuilder('n').where(w.sql, w.params).andWhere('n.kind IN (:...kinds)', { kinds: UNIT_KINDS });
      if (opts.status) qb.andWhere(opts.status === 'signed' ? signedSql : `NOT ${signedSql}`, { campaignId: c.id });
      return qb;
    };
    const qb = base().orderBy('n.id', 'ASC');
    if (opts.after) qb.andWhere('n.id > :after', { after: opts.after[0] });
    if (opts.limit) qb.take(opts.limit + 1);
    const [rows, total] = await Promise.all([qb.getMany(), base().getCount()]);
    const page = opts.limit ? rows.slice(0, opts.limit) : rows;
    const ids = page.map((n) => n.id);
    const [sigs, contacts] = await Promise.all([this.signaturesBy(m, c.id, 'subjectKey', ids.map(subjectKey.unit)), this.contacts(m, { unitIds: ids })]);
    const reminders = await this.reminders(m, c.id, { userIds: [...new Set(contacts.map((x) => x.userId))], own: true });
    const ready = new Set(reminders.filter((r) => canRemind(r, opts.now)).map((r) => r.userId));
    const remindableUnits = new Set(contacts.filter((x) => ready.has(x.userId)).map((x) => x.nodeId));
    const sigOf = new Map(sigs.map((s) => [s.nodeId, s]));
    const items = page.map((n) => {
      const signature = sigOf.get(n.id) ?? null;
      return { key: subjectKey.unit(n.id), node: n, name: n.name, studentNo: null, signature, remindable: !signature && remindableUnits.has(n.id) };
    });
    return { items, last: opts.limit && rows.length > opts.limit ? [page[page.length - 1].id] : null, total };
  }

  // Signatures of the campaign by one of its keys (the unique subject key, or the roster entry).
  async signaturesBy(m: EntityManager, campaignId: number, column: 'subjectKey' | 'rosterEntryId', values: Array<string | number>): Promise<PledgeSignature[]> {
    const out: PledgeSignature[] = [];
    for (const part of chunked(values)) out.push(...(await m.find(PledgeSignature, { where: { campaignId, [column]: In(part) } })));
    return out;
  }

  // Reminder consents of the campaign for these roster entries, or these people for themselves.
  async reminders(m: EntityManager, campaignId: number, by: { rosterEntryIds?: number[]; userIds?: number[]; own?: boolean }): Promise<PledgeReminder[]> {
    const out: PledgeReminder[] = [];
    if (by.rosterEntryIds) {
      for (const part of chunked(by.rosterEntryIds)) out.push(...(await m.find(PledgeReminder, { where: { campaignId, rosterEntryId: In(part) } })));
    }
    if (by.userIds) {
      for (const part of chunked(by.userIds)) out.push(...(await m.find(PledgeReminder, { where: { campaignId, rosterEntryId: 0, userId: In(part) } })));
    }
    return out;
  }

  // unit_contact memberships at these unit nodes, or held by these people
  async contacts(m: EntityManager, by: { unitIds?: number[]; userIds?: number[] }): Promise<Array<{ userId: number; nodeId: number }>> {
    const [column, values] = by.unitIds ? (['nodeId', by.unitIds] as const) : (['userId', by.userIds ?? []] as const);
    const out: Array<{ userId: number; nodeId: number }> = [];
    for (const part of chunked(values)) {
      const rows = await m.find(Membership, { where: { [column]: In(part), role: 'unit_contact' }, select: { userId: true, nodeId: true } });
      out.push(...rows.map((r) => ({ userId: r.userId, nodeId: r.nodeId })));
    }
    return out;
  }

  // Live roster entries by id (for reminders: only the entries someone asked to be reminded for).
  async entries(m: EntityManager, ids: number[]): Promise<RosterEntry[]> {
    const out: RosterEntry[] = [];
    for (const part of chunked(ids)) out.push(...(await m.find(RosterEntry, { where: { id: In(part) } })));
    return out.filter((e) => e.removedAt === null);
  }

  // The people among userIds counted in the regions (holding an audience role there).
  async peopleAmong(m: EntityManager, c: Campaign, regions: string[], userIds: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    if (userIds.length === 0 || regions.length === 0) return out;
    const cond = await this.population.peopleCondition(m, c.audience as PledgeAudience, regions);
    if (!cond) return out;
    for (const part of chunked(userIds)) {
      const rows = await m
        .createQueryBuilder()
        .select('DISTINCT m.userId', 'userId')
        .from('membership', 'm')
        .where(cond.sql, cond.params)
        .andWhere('m.userId IN (:...ids)', { ids: part })
        .getRawMany<{ userId: Num }>();
      for (const r of rows) out.add(Number(r.userId));
    }
    return out;
  }

  // Unit nodes among ids that lie in the regions.
  async unitsAmong(m: EntityManager, regions: string[], ids: number[]): Promise<Map<number, OrgNode>> {
    const nodes = await nodesByIds(m, ids);
    return new Map([...nodes].filter(([, n]) => UNIT_KINDS.includes(n.kind as never) && regions.some((r) => isInSubtree(n.path, r))));
  }
}

interface ListOpts {
  status?: SignStatus;
  after?: number[] | null;
  limit?: number;
  now: Date;
}
