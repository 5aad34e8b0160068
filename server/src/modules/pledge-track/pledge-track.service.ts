import { Inject, Injectable } from '@nestjs/common';
import {
  ChainCheck,
  GuardianRelationship,
  intersectSubtrees,
  isInSubtree,
  maskName,
  NodeRef,
  pathIds,
  PledgeAudience,
  PledgeProgress,
  PledgeRemindResponse,
  pledgeCampaignState,
  ProgressRow,
  RemindRequest,
  SignerListQuery,
  SignerPage,
  SignerType,
  signRate,
} from '@wuzha/shared';
import { zipSync } from 'fflate';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DataCipher } from '../../common/data-cipher';
import { DomainError } from '../../common/domain-error';
import { keysetCursor } from '../../common/keyset-cursor';
import { isSqlite } from '../../common/raw-query';
import { safeFileName } from '../../common/xlsx-download';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { OutboxService } from '../outbox/outbox.service';
import { subjectKey } from '../pledge/pledge-audience';
import { checkChain } from '../pledge/pledge-chain';
import { PledgeCampaign } from '../pledge/pledge-campaign.entity';
import { PledgeCampaignService } from '../pledge/pledge-campaign.service';
import { PledgeCounts, PledgePopulationService } from '../pledge/pledge-population.service';
import { PledgeReminder } from '../pledge/pledge-reminder.entity';
import { PledgeSignature } from '../pledge/pledge-signature.entity';
import { PledgeSignService } from '../pledge/pledge-sign.service';
import { RosterService } from '../pledge-roster/roster.service';
import { buildSignersWorkbook, exportOrder, imageFileNames } from './pledge-track-export';
import { pledgeRemindMessage } from './pledge-remind-message';
import { canRemind, chunked, PledgeSignerQueries, Subject } from './pledge-signers.queries';
import { commonAncestor, MAX_ZIP_IMAGES, REMIND_ROLES, requireNameAccess, requireRolesOver, viewRegions } from './track-rules';

// Signer lists: by (class, entry) for students, (user or unit id, 0) otherwise.
const signerCursor = keysetCursor('sg', [10, 10]);

export interface PledgeDownload {
  filename: string;
  body: Buffer;
}

// A campaign seen by a tracker from one node: the parts of it they follow (regions).
interface Seen {
  campaign: PledgeCampaign;
  scope: AccessScope;
  roots: string[];
  // where their view starts: the deepest node holding all their roots
  top: string;
  node: OrgNode;
  regions: string[];
}

// Tracking pledge campaigns: progress per class, school, village and unit; signed and unsigned lists;
// reminders to those who allowed them (outbox subscribe messages); the xlsx list and a zip of a class's
// pledge images (both audit-logged); the whole chain's check for the campaign's managers.
@Injectable()
export class PledgeTrackService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DataCipher) private readonly cipher: DataCipher,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(PledgeCampaignService) private readonly campaigns: PledgeCampaignService,
    @Inject(PledgePopulationService) private readonly population: PledgePopulationService,
    @Inject(PledgeSignService) private readonly signing: PledgeSignService,
    @Inject(RosterService) private readonly roster: RosterService,
    @Inject(PledgeSignerQueries) private readonly queries: PledgeSignerQueries,
  ) {}

  async progress(ctx: AuthContext, campaignId: number, nodeId?: number): Promise<PledgeProgress> {
    const seen = await this.see(ctx, campaignId, nodeId);
    const { campaign, node, regions } = seen;
    const [roll, children, trail, view] = await Promise.all([
      this.population.rollup(campaign, node.path, { within: seen.roots }),
      this.ds.getRepository(OrgNode).find({ where: { parentId: node.id }, order: { id: 'ASC' } }),
      this.trail(seen),
      this.campaigns.view(seen.scope, campaign),
    ]);
    const row = (n: OrgNode, c: PledgeCounts | undefined): ProgressRow => ({
      node: nodeRef(n),
      signed: c?.signed ?? 0,
      total: c?.total ?? 0,
      rate: signRate(c?.signed ?? 0, c?.total ?? 0),
      byGuardian: c?.byGuardian ?? 0,
    });
    const summary = row(node, roll.summary);
    return {
      campaign: view,
      node: nodeRef(node),
      trail,
      summary,
      // children holding part of what the caller follows here
      children: children.filter((c) => intersectSubtrees(c.path, regions).length > 0).map((c) => row(c, roll.perChild.get(c.id))),
      daily: dailySeries(roll.daily),
      // exact: 99.96% rounds to 100.0 but has not reached 100
      reachedTarget: summary.total > 0 && summary.signed * 100 >= campaign.targetPercent * summary.total,
    };
  }

  async signers(ctx: AuthContext, campaignId: number, query: SignerListQuery): Promise<SignerPage> {
    const seen = await this.see(ctx, campaignId, query.nodeId);
    const audience = seen.campaign.audience as PledgeAudience;
    requireNameAccess(seen.scope, audience, seen.regions);
    const after = signerCursor.decode(query.cursor);
    const page = await this.queries.list(seen.campaign, seen.regions, { status: query.status, after, limit: query.limit, now: this.clock.now() });
    return {
      items: page.items.map((s) => ({
        key: s.key,
        node: nodeRef(s.node),
        // a unit's name is not personal data
        nameMasked: audience === 'units' ? s.name : maskName(s.name),
        studentNo: s.studentNo,
        signed: !!s.signature,
        signerType: (s.signature?.signerType as SignerType) ?? null,
        relationship: (s.signature?.relationship as GuardianRelationship) ?? null,
        signedAt: s.signature ? iso(s.signature.signedAt) : null,
        code: s.signature?.code ?? null,
        remindable: s.remindable,
      })),
      nextCursor: page.last ? signerCursor.encode(page.last[0], page.last[1] ?? 0) : null,
      total: page.total,
    };
  }

  // One subscribe message per unsigned subject's holder of a usable credit (a guardian for a roster
  // entry; the person; a unit's contact), in one transaction with the credits' use.
  async remind(ctx: AuthContext, campaignId: number, body: RemindRequest): Promise<PledgeRemindResponse> {
    const seen = await this.see(ctx, campaignId, body.nodeId);
    const { campaign } = seen;
    const audience = campaign.audience as PledgeAudience;
    requireRolesOver(seen.scope, seen.regions, REMIND_ROLES[audience]);
    const now = this.clock.now();
    if (campaign.status === 'draft') throw new DomainError('PLEDGE_BAD_STATE');
    if (campaign.status === 'closed') throw new DomainError('PLEDGE_CLOSED');
    if (pledgeCampaignState(campaign, now) !== 'open') throw new DomainError('PLEDGE_DEADLINE_PASSED');
    const templateId = this.config.wechat.templates.pledgeRemind;
    if (!templateId) return { sent: 0, noConsent: 0, recent: 0, disabled: true };
    const roll = await this.population.rollup(campaign, seen.node.path, { within: seen.roots });
    const unsigned = roll.summary.total - roll.summary.signed;
    return this.ds.transaction(async (m) => {
      const consents = await m.find(PledgeReminder, {
        where: { campaignId: campaign.id },
        // two reminds at once must not spend a credit twice (SQLite runs one transaction at a time)
        ...(!isSqlite(this.ds) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      const subjects = await this.remindSubjects(m, campaign, seen.regions, consents);
      const openids = await this.openids(m, [...new Set(subjects.flatMap((s) => s.consents.map((c) => c.userId)))]);
      const send = new Map<number, { consent: PledgeReminder; forWhom: string }>();
      let sentSubjects = 0;
      let recent = 0;
      for (const s of subjects) {
        const ready = s.consents.filter((c) => canRemind(c, now) && openids.has(c.userId));
        if (ready.length > 0) {
          sentSubjects++;
          for (const c of ready) if (!send.has(c.id)) send.set(c.id, { consent: c, forWhom: s.forWhom });
        } else if (s.consents.some((c) => c.lastSentAt && !canRemind({ credits: 1, lastSentAt: c.lastSentAt }, now))) {
          recent++;
        }
      }
      const at = toDbTime(now);
      for (const ids of chunked([...send.keys()])) {
        await m
          .createQueryBuilder()
          .update(PledgeReminder)
          .set({ credits: () => 'credits - 1', lastSentAt: at, updatedAt: at })
          .where('id IN (:...ids)', { ids })
          .execute();
      }
      for (const { consent, forWhom } of send.values()) {
        const msg = pledgeRemindMessage({
          touser: openids.get(consent.userId)!,
          templateId,
          campaignId: campaign.id,
          campaignTitle: campaign.title,
          deadline: campaign.deadline,
          forWhom,
        });
        await this.outbox.enqueueSubscribeMessage(m, msg);
      }
      return { sent: send.size, noConsent: Math.max(0, unsigned - sentSubjects - recent), recent, disabled: false };
    });
  }

  async export(ctx: AuthContext, campaignId: number, nodeId?: number): Promise<PledgeDownload> {
    const seen = await this.see(ctx, campaignId, nodeId);
    const { campaign, node } = seen;
    const audience = campaign.audience as PledgeAudience;
    requireNameAccess(seen.scope, audience, seen.regions);
    const now = this.clock.now();
    const [list, roll] = await Promise.all([
      this.queries.list(campaign, seen.regions, { now }),
      this.population.rollup(campaign, node.path, { within: seen.roots }),
    ]);
    const subjects = [...list.items].sort(exportOrder);
    const summary = { total: roll.summary.total, signed: roll.summary.signed, rate: signRate(roll.summary.signed, roll.summary.total) };
    const xlsx = await buildSignersWorkbook(
      { campaign: { title: campaign.title, targetPercent: campaign.targetPercent } as PledgeProgress['campaign'], node: nodeRef(node), summary: { ...summary, node: nodeRef(node), byGuardian: roll.summary.byGuardian } },
      audience,
      subjects,
      (s) => (s.signature ? this.signerName(s.signature) : null),
      now,
    );
    await this.audit.record(this.ds.manager, {
      actorId: ctx.userId,
      action: 'pledge.export',
      node: { id: node.id, path: node.path },
      targetType: 'pledge_campaign',
      targetId: campaign.id,
      detail: { rows: subjects.length, signed: subjects.filter((s) => s.signature).length },
    });
    return { filename: `${safeFileName(campaign.title, '签署活动')}-${node.name}-签署名单.xlsx`, body: xlsx };
  }

  // The signed pledge images of a class (or any node with at most a class's worth) as one zip.
  async images(ctx: AuthContext, campaignId: number, nodeId?: number): Promise<PledgeDownload> {
    const seen = await this.see(ctx, campaignId, nodeId);
    const { campaign, node } = seen;
    const audience = campaign.audience as PledgeAudience;
    requireNameAccess(seen.scope, audience, seen.regions);
    const page = await this.queries.list(campaign, seen.regions, { status: 'signed', limit: MAX_ZIP_IMAGES, now: this.clock.now() });
    if (page.total > MAX_ZIP_IMAGES) {
      const message = `这里有${page.total}份已签的承诺书，一次最多打包${MAX_ZIP_IMAGES}份，请选择一个班级（或更小的范围）再下载`;
      throw new DomainError('VALIDATION_FAILED', message, [{ path: 'query.nodeId', message }]);
    }
    const subjects = [...page.items].sort(exportOrder);
    const names = imageFileNames(subjects, audience);
    const files: Record<string, Uint8Array> = {};
    for (const [i, s] of subjects.entries()) files[names[i]] = new Uint8Array(await this.signing.renderImage(s.signature!));
    // SVGs with embedded PNGs barely compress: a fast level is enough
    const zip = Buffer.from(zipSync(files, { level: 1 }));
    await this.audit.record(this.ds.manager, {
      actorId: ctx.userId,
      action: 'pledge.images',
      node: { id: node.id, path: node.path },
      targetType: 'pledge_campaign',
      targetId: campaign.id,
      detail: { files: subjects.length },
    });
    return { filename: `${safeFileName(campaign.title, '签署活动')}-${node.name}-承诺书.zip`, body: zip };
  }

  // Every record of the campaign against the chain (pledge.manage at the owner: its managers and town admins).
  async chain(ctx: AuthContext, campaignId: number): Promise<ChainCheck> {
    const { campaign, scope } = await this.campaigns.forTracking(ctx, campaignId);
    if (!scope.can(campaign.ownerPath, 'pledge.manage')) throw new DomainError('FORBIDDEN');
    const rows = await this.ds.getRepository(PledgeSignature).find({ where: { campaignId: campaign.id }, order: { seq: 'ASC' } });
    return checkChain(rows, (r) => this.cipher.decrypt(r.signerNameEnc), { campaignId: campaign.id, chainSeq: campaign.chainSeq, chainHead: campaign.chainHead });
  }

  // ---- internals -------------------------------------------------------------------------------

  // The campaign (404 unless the caller follows part of it) and the node looked at: by default the
  // deepest node holding all the caller's parts; else any node inside that one reaching one of them.
  private async see(ctx: AuthContext, campaignId: number, nodeId: number | undefined): Promise<Seen> {
    const { campaign, scope, roots } = await this.campaigns.forTracking(ctx, campaignId);
    const top = commonAncestor(roots);
    const id = nodeId ?? pathIds(top === '/' ? roots[0] : top).at(-1)!;
    const node = await this.ds.getRepository(OrgNode).findOneBy({ id });
    const regions = node ? viewRegions(node.path, roots) : [];
    if (!node || regions.length === 0) throw new DomainError('NOT_FOUND');
    return { campaign, scope, roots, top, node, regions };
  }

  // From where the caller's view starts down to the node.
  private async trail(seen: Seen): Promise<NodeRef[]> {
    const start = seen.top !== '/' ? seen.top : (seen.roots.find((r) => isInSubtree(seen.node.path, r)) ?? seen.node.path);
    const ids = pathIds(seen.node.path);
    const nodes = await nodesByIds(this.ds.manager, ids);
    return ids
      .map((id) => nodes.get(id))
      .filter((n): n is OrgNode => !!n && isInSubtree(n.path, start))
      .map(nodeRef);
  }

  private signerName(sig: PledgeSignature): string {
    try {
      return this.cipher.decrypt(sig.signerNameEnc);
    } catch {
      // an altered ciphertext: the chain check reports it; the export still goes out
      return '（无法解密）';
    }
  }

  // Unsigned subjects in the regions that someone asked to be reminded for, each with those consents.
  private async remindSubjects(m: EntityManager, campaign: PledgeCampaign, regions: string[], consents: PledgeReminder[]): Promise<Array<{ consents: PledgeReminder[]; forWhom: string }>> {
    const audience = campaign.audience as PledgeAudience;
    if (audience === 'students') {
      const byEntry = groupBy(
        consents.filter((c) => c.rosterEntryId > 0),
        (c) => c.rosterEntryId,
      );
      const entries = (await this.queries.entries(m, [...byEntry.keys()])).filter((e) => regions.some((r) => isInSubtree(e.classPath, r)));
      const signed = new Set((await this.queries.signaturesBy(m, campaign.id, 'rosterEntryId', entries.map((e) => e.id))).map((s) => s.rosterEntryId));
      return entries.filter((e) => !signed.has(e.id)).map((e) => ({ consents: byEntry.get(e.id)!, forWhom: `请为${maskName(this.roster.nameOf(e))}签署承诺书` }));
    }
    const own = groupBy(
      consents.filter((c) => c.rosterEntryId === 0),
      (c) => c.userId,
    );
    if (audience === 'units') {
      const contacts = await this.queries.contacts(m, { userIds: [...own.keys()] });
      const units = await this.queries.unitsAmong(
        m,
        regions,
        contacts.map((c) => c.nodeId),
      );
      const signed = new Set((await this.queries.signaturesBy(m, campaign.id, 'subjectKey', [...units.keys()].map(subjectKey.unit))).map((s) => s.nodeId));
      return [...units.values()]
        .filter((u) => !signed.has(u.id))
        .map((u) => ({ consents: contacts.filter((c) => c.nodeId === u.id).flatMap((c) => own.get(c.userId) ?? []), forWhom: `请代表${u.name}签署倡议书` }));
    }
    const people = await this.queries.peopleAmong(m, campaign, regions, [...own.keys()]);
    const signed = new Set((await this.queries.signaturesBy(m, campaign.id, 'subjectKey', [...people].map(subjectKey.person))).map((s) => s.signerUserId));
    return [...people].filter((u) => !signed.has(u)).map((u) => ({ consents: own.get(u)!, forWhom: '请您签署承诺书' }));
  }

  private async openids(m: EntityManager, userIds: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const part of chunked(userIds)) {
      const rows = await m
        .createQueryBuilder()
        .select('u.id', 'id')
        .addSelect('u.openid', 'openid')
        .from('user_account', 'u')
        .where('u.id IN (:...ids)', { ids: part })
        .getRawMany<{ id: number | string; openid: string | null }>();
      for (const r of rows) if (r.openid) out.set(Number(r.id), r.openid);
    }
    return out;
  }
}

function groupBy<T, K>(list: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of list) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

// Days oldest first, the days without signatures between the first and the last filled with 0.
export function dailySeries(daily: Map<string, number>): Array<{ day: string; signed: number }> {
  const days = [...daily.keys()].sort();
  if (days.length === 0) return [];
  const out: Array<{ day: string; signed: number }> = [];
  const end = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
  for (let t = Date.parse(`${days[0]}T00:00:00Z`); t <= end; t += 86400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, signed: daily.get(day) ?? 0 });
  }
  return out;
}
