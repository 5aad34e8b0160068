// Pledge campaigns: a town (town admins) or a school (school admins) asks an audience within a scope to
// sign one text version by a deadline. Drafts change freely and follow edits of their text; publishing
// fixes and locks the text version; a published campaign changes only its title, intro and deadline
// (extended); closing ends it. Visible to managers and trackers of the owner or of part of the scope.
//
// For signing and tracking:
// - forSigning(id) → a published or closed campaign (drafts and unknown ids: 404).
// - forTracking(ctx, id) → { campaign, scope, roots }: roots are the parts of the scope the caller may
//   follow (pledge.track or pledge.manage), nested ones dropped; none → 404.
// - view(scope, campaign) → PledgeCampaignView with the caller's signed/total.
import { Inject, Injectable } from '@nestjs/common';
import {
  isInSubtree,
  NodeKind,
  PLEDGE_KIND_AUDIENCES,
  PledgeAudience,
  PledgeCampaignInput,
  PledgeCampaignListQuery,
  PledgeCampaignPage,
  pledgeCampaignState,
  PledgeCampaignView,
  PledgeKind,
  pathIds,
  signRate,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { filteredPage } from '../../common/filtered-page';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { BUILTIN_TOWN } from '../pledge-template/builtin-sync';
import { PledgeTemplateService } from '../pledge-template/pledge-template.service';
import { PledgeTemplate } from '../pledge-template/pledge-template.entity';
import { lockTemplateRow } from '../pledge-template/template-store';
import { townOf } from '../quiz/quiz-audience';
import { PLEDGE_OWNER_KINDS, SCOPE_KINDS } from './pledge-audience';
import { audienceUnder, pledgeCampaignCursor, scopeRoots, seesCampaign, trackRoots, TRACKING } from './pledge-campaign-rules';
import { PledgeCampaign } from './pledge-campaign.entity';
import { PledgePopulationService } from './pledge-population.service';

// a school runs campaigns for its own students and staff only
const SCHOOL_AUDIENCES: readonly PledgeAudience[] = ['students', 'staff'];

const scopeError = (message: string) => new DomainError('PLEDGE_SCOPE_INVALID', undefined, [{ path: 'body.scopeNodeIds', message }]);
const deadlineError = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);

@Injectable()
export class PledgeCampaignService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(PledgeTemplateService) private readonly templates: PledgeTemplateService,
    @Inject(PledgePopulationService) private readonly population: PledgePopulationService,
  ) {}

  // ---- for signing and tracking -------------------------------------------------------------------

  async forSigning(id: number): Promise<PledgeCampaign> {
    const c = await this.ds.getRepository(PledgeCampaign).findOneBy({ id });
    if (!c || c.status === 'draft') throw new DomainError('NOT_FOUND');
    return c;
  }

  async forTracking(ctx: AuthContext, id: number): Promise<{ campaign: PledgeCampaign; scope: AccessScope; roots: string[] }> {
    const scope = await this.access.scope(ctx);
    const campaign = await this.ds.getRepository(PledgeCampaign).findOneBy({ id });
    const roots = campaign ? trackRoots(scope, campaign) : [];
    if (!campaign || roots.length === 0) throw new DomainError('NOT_FOUND');
    return { campaign, scope, roots };
  }

  async view(scope: AccessScope, campaign: PledgeCampaign): Promise<PledgeCampaignView> {
    return (await this.views(scope, [campaign]))[0];
  }

  // ---- routes -------------------------------------------------------------------------------------

  async create(ctx: AuthContext, body: PledgeCampaignInput): Promise<PledgeCampaignView> {
    const scope = await this.access.scope(ctx);
    const now = toDbTime(this.clock.now());
    const fields = await this.checkedFields(scope, body, now);
    const row = this.ds.getRepository(PledgeCampaign).create({
      ...fields,
      status: 'draft',
      chainSeq: 0,
      chainHead: null,
      createdBy: ctx.userId,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      closedAt: null,
    });
    await this.ds.getRepository(PledgeCampaign).save(row);
    return this.view(scope, row);
  }

  // Drafts change freely; published ones only title, intro and a later deadline; closed ones not at all.
  async update(ctx: AuthContext, id: number, body: PledgeCampaignInput): Promise<PledgeCampaignView> {
    const { scope, campaign } = await this.managed(ctx, id);
    if (campaign.status === 'closed') throw new DomainError('PLEDGE_BAD_STATE');
    const now = toDbTime(this.clock.now());
    if (campaign.status === 'draft') {
      Object.assign(campaign, await this.checkedFields(scope, body, now), { updatedAt: now });
      const res = await this.ds.getRepository(PledgeCampaign).update({ id, status: 'draft' }, campaignColumns(campaign));
      // published meanwhile: its settings are fixed now
      if (!res.affected) throw new DomainError('PLEDGE_NOT_EDITABLE');
    } else {
      if (!sameSettings(campaign, body)) throw new DomainError('PLEDGE_NOT_EDITABLE');
      const deadline = toDbTime(new Date(body.deadline));
      const old = new Date(campaign.deadline).getTime();
      if (deadline.getTime() < old) throw deadlineError('body.deadline', '已发布的签署活动只能延长截止时间');
      if (deadline.getTime() !== old && deadline <= now) throw deadlineError('body.deadline', '截止时间必须晚于现在');
      Object.assign(campaign, { title: body.title, intro: body.intro ?? '', deadline, updatedAt: now });
      const res = await this.ds.getRepository(PledgeCampaign).update({ id, status: 'published' }, { title: campaign.title, intro: campaign.intro, deadline, updatedAt: now });
      if (!res.affected) throw new DomainError('PLEDGE_BAD_STATE');
    }
    return this.view(scope, campaign);
  }

  // Fixes the text at the template's current version and locks that version, in one transaction.
  async publish(ctx: AuthContext, id: number): Promise<PledgeCampaignView> {
    const { scope, campaign } = await this.managed(ctx, id);
    if (campaign.status !== 'draft') throw new DomainError('PLEDGE_BAD_STATE');
    const now = toDbTime(this.clock.now());
    if (new Date(campaign.deadline) <= now) throw deadlineError('deadline', '截止时间已过，请先把截止时间改到以后再发布');
    await this.ds.transaction(async (m) => {
      const res = await m.update(PledgeCampaign, { id, status: 'draft' }, { status: 'published', publishedAt: now, updatedAt: now });
      if (!res.affected) throw new DomainError('PLEDGE_BAD_STATE');
      // the template row is locked so that an edit of the text cannot slip between reading and locking
      const template = await lockTemplateRow(m, campaign.templateId);
      if (!template) throw new DomainError('NOT_FOUND');
      await this.templates.lockVersion(m, template.currentVersionId);
      await m.update(PledgeCampaign, { id }, { templateVersionId: template.currentVersionId });
      Object.assign(campaign, { status: 'published', publishedAt: now, updatedAt: now, templateVersionId: template.currentVersionId });
    });
    return this.view(scope, campaign);
  }

  async close(ctx: AuthContext, id: number): Promise<PledgeCampaignView> {
    const { scope, campaign } = await this.managed(ctx, id);
    if (campaign.status !== 'published') throw new DomainError('PLEDGE_BAD_STATE');
    const now = toDbTime(this.clock.now());
    const res = await this.ds.getRepository(PledgeCampaign).update({ id, status: 'published' }, { status: 'closed', closedAt: now, updatedAt: now });
    if (!res.affected) throw new DomainError('PLEDGE_BAD_STATE');
    Object.assign(campaign, { status: 'closed', closedAt: now, updatedAt: now });
    return this.view(scope, campaign);
  }

  async get(ctx: AuthContext, id: number): Promise<PledgeCampaignView> {
    const scope = await this.access.scope(ctx);
    const campaign = await this.ds.getRepository(PledgeCampaign).findOneBy({ id });
    if (!campaign || !seesCampaign(scope, campaign)) throw new DomainError('NOT_FOUND');
    return this.view(scope, campaign);
  }

  // Campaigns owned inside the node's subtree or whose scope reaches into it (for its audience), for
  // holders of pledge.manage or pledge.track at the node; newest first.
  async list(ctx: AuthContext, query: PledgeCampaignListQuery): Promise<PledgeCampaignPage> {
    const scope = await this.access.scope(ctx);
    const m = this.ds.manager;
    const node = await m.findOneBy(OrgNode, { id: query.nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    if (!TRACKING.some((p) => scope.can(node.path, p))) throw new DomainError('FORBIDDEN');
    const owned = subtreeWhere('c.ownerPath', [node.path], 'own');
    // a node at or below a town may be reached by any campaign of its town
    const townId = await townOf(m, node);
    const qb = m.getRepository(PledgeCampaign).createQueryBuilder('c');
    qb.where(townId !== null ? `(${owned.sql} OR c.townId = :townId)` : owned.sql, { ...owned.params, townId });
    const now = this.clock.now();
    // owned below, scope nodes below, or a scope covering the node with signers possible under it
    const reaches = (c: PledgeCampaign) =>
      isInSubtree(c.ownerPath, node.path) ||
      c.scope.some((s) => isInSubtree(s.path, node.path)) ||
      (c.scope.some((s) => isInSubtree(node.path, s.path)) && audienceUnder(c.audience as PledgeAudience, node.kind as NodeKind));
    const keep = (c: PledgeCampaign) => reaches(c) && (!query.state || pledgeCampaignState(c, now) === query.state);
    const { page, nextCursor } = await filteredPage(qb, keep, pledgeCampaignCursor, query);
    return { items: await this.views(scope, page), nextCursor };
  }

  // ---- helpers ------------------------------------------------------------------------------------

  // The campaign, if the caller holds pledge.manage at its owner node (seen but not: 403; else 404).
  private async managed(ctx: AuthContext, id: number): Promise<{ scope: AccessScope; campaign: PledgeCampaign }> {
    const scope = await this.access.scope(ctx);
    const campaign = await this.ds.getRepository(PledgeCampaign).findOneBy({ id });
    if (!campaign || !seesCampaign(scope, campaign)) throw new DomainError('NOT_FOUND');
    if (!scope.can(campaign.ownerPath, 'pledge.manage')) throw new DomainError('FORBIDDEN');
    return { scope, campaign };
  }

  // The stored fields of an input after every rule is checked: the owner (a town or school where the
  // caller holds pledge.manage), the template (built-in or the owner's town; its kind fits the
  // audience), the scope (existing nodes of the audience's kinds, inside the owner and the caller's
  // pledge.manage subtrees; students: one school) and a future deadline. The text version is the
  // template's current one (a draft follows edits until it is published).
  private async checkedFields(scope: AccessScope, body: PledgeCampaignInput, now: Date) {
    const m = this.ds.manager;
    const owner = this.access.check(scope, await m.findOneBy(OrgNode, { id: body.ownerNodeId }), 'pledge.manage');
    if (!PLEDGE_OWNER_KINDS.includes(owner.kind as NodeKind)) {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.ownerNodeId', message: '签署活动只能由镇或学校发起' }]);
    }
    if (owner.kind === 'school' && !SCHOOL_AUDIENCES.includes(body.audience)) {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.audience', message: '学校只能发起本校学生或教职工的签署活动' }]);
    }
    const townId = await townOf(m, owner);
    if (townId === null) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.ownerNodeId', message: '找不到所属的镇' }]);
    const template = await m.findOneBy(PledgeTemplate, { id: body.templateId });
    if (!template || (template.townId !== BUILTIN_TOWN && template.townId !== townId)) throw new DomainError('NOT_FOUND', '没有找到这份承诺书范本');
    if (!PLEDGE_KIND_AUDIENCES[template.kind as PledgeKind].includes(body.audience)) throw new DomainError('PLEDGE_KIND_AUDIENCE_MISMATCH');
    const deadline = toDbTime(new Date(body.deadline));
    if (deadline <= now) throw deadlineError('body.deadline', '截止时间必须晚于现在');
    const scopeNodes = await this.checkedScope(m, scope, owner, body);
    return {
      townId,
      ownerNodeId: owner.id,
      ownerPath: owner.path,
      templateId: template.id,
      templateVersionId: template.currentVersionId,
      kind: template.kind,
      audience: body.audience,
      title: body.title,
      intro: body.intro ?? '',
      scope: scopeNodes.map((n) => ({ nodeId: n.id, path: n.path })),
      deadline,
      targetPercent: body.targetPercent,
      guardianSigns: guardianSignsOf(body),
    };
  }

  // The scope nodes in input order; a node inside another chosen one is dropped (it adds nothing).
  private async checkedScope(m: EntityManager, scope: AccessScope, owner: OrgNode, body: PledgeCampaignInput): Promise<OrgNode[]> {
    const nodes = await nodesByIds(m, body.scopeNodeIds);
    const kinds = SCOPE_KINDS[body.audience];
    const chosen = body.scopeNodeIds.map((id) => {
      const n = nodes.get(id);
      if (!n || !scope.can(n.path, 'node.read')) throw scopeError('所选的范围不存在');
      if (!isInSubtree(n.path, owner.path) || !scope.can(n.path, 'pledge.manage')) throw scopeError(`“${n.name}”不在发起单位或您负责的范围之内`);
      if (!kinds.includes(n.kind as NodeKind)) throw scopeError(`“${n.name}”不能作为这类签署对象的范围`);
      return n;
    });
    if (body.audience === 'students') {
      // the school of each node: itself or its ancestor of kind school
      const ancestors = await nodesByIds(m, chosen.flatMap((n) => pathIds(n.path)));
      const schools = new Set(chosen.map((n) => pathIds(n.path).find((id) => ancestors.get(id)?.kind === 'school')));
      if (schools.size !== 1) throw scopeError('学生签署活动只能选择同一所学校的年级或班级');
    }
    return chosen.filter((n) => !chosen.some((o) => o !== n && isInSubtree(n.path, o.path)));
  }

  private async views(scope: AccessScope, list: PledgeCampaign[]): Promise<PledgeCampaignView[]> {
    if (list.length === 0) return [];
    const m = this.ds.manager;
    const nodes = await nodesByIds(m, list.flatMap((c) => [c.ownerNodeId, ...c.scope.map((s) => s.nodeId)]));
    // drafts show the text they would publish: the template's current version
    const drafts = list.filter((c) => c.status === 'draft');
    const templates = new Map(
      drafts.length ? (await m.find(PledgeTemplate, { where: { id: In([...new Set(drafts.map((c) => c.templateId))]) } })).map((t) => [t.id, t]) : [],
    );
    const versionIdOf = (c: PledgeCampaign) => (c.status === 'draft' ? (templates.get(c.templateId)?.currentVersionId ?? c.templateVersionId) : c.templateVersionId);
    const versions = await this.templates.versionsByIds(list.map(versionIdOf), m);
    const now = this.clock.now();
    return Promise.all(
      list.map(async (c) => {
        const v = versions.get(versionIdOf(c))!;
        const counts = await this.counts(m, scope, c);
        return {
          id: c.id,
          owner: nodeRef(nodes.get(c.ownerNodeId) ?? { id: c.ownerNodeId, name: '', kind: 'town' }),
          title: c.title,
          intro: c.intro,
          kind: c.kind as PledgeKind,
          audience: c.audience as PledgeAudience,
          scope: c.scope.filter((s) => nodes.has(s.nodeId)).map((s) => nodeRef(nodes.get(s.nodeId)!)),
          template: { id: c.templateId, versionId: v.id, version: v.version, title: v.title, textHash: v.textHash },
          deadline: iso(c.deadline),
          targetPercent: c.targetPercent,
          guardianSigns: Boolean(c.guardianSigns),
          status: c.status as PledgeCampaignView['status'],
          state: pledgeCampaignState(c, now),
          ...counts,
          publishedAt: c.publishedAt ? iso(c.publishedAt) : null,
          createdAt: iso(c.createdAt),
          canManage: scope.can(c.ownerPath, 'pledge.manage'),
        };
      }),
    );
  }

  // Signed and total over the part of the scope the caller follows: the whole campaign (signed = the
  // chain's length) for its managers, the caller's subtrees (e.g. a teacher's classes) otherwise;
  // null for those who follow none of it.
  private async counts(m: EntityManager, scope: AccessScope, c: PledgeCampaign): Promise<Pick<PledgeCampaignView, 'signed' | 'total' | 'rate'>> {
    const roots = trackRoots(scope, c);
    if (roots.length === 0) return { signed: null, total: null, rate: null };
    const whole = scopeRoots(c);
    let signed: number;
    let total: number;
    if (roots.length === whole.length && roots.every((r) => whole.includes(r))) {
      signed = c.chainSeq;
      total = await this.population.total(c, undefined, m);
    } else {
      const w = subtreeWhere('s.nodePath', roots, 'vr');
      const row = await m
        .createQueryBuilder()
        .select('COUNT(*)', 'n')
        .from('pledge_signature', 's')
        .where('s.campaignId = :id', { id: c.id })
        .andWhere(w.sql, w.params)
        .getRawOne<{ n: number | string }>();
      signed = Number(row?.n ?? 0);
      total = 0;
      for (const r of roots) total += await this.population.total(c, r, m);
    }
    return { signed, total, rate: signRate(signed, total) };
  }
}

const guardianSignsOf = (b: PledgeCampaignInput) => b.audience === 'students' && b.guardianSigns;

// The columns a draft update writes.
function campaignColumns(c: PledgeCampaign) {
  const { townId, ownerNodeId, ownerPath, templateId, templateVersionId, kind, audience, title, intro, scope, deadline, targetPercent, guardianSigns, updatedAt } = c;
  return { townId, ownerNodeId, ownerPath, templateId, templateVersionId, kind, audience, title, intro, scope, deadline, targetPercent, guardianSigns, updatedAt };
}

// A published campaign's settings other than title, intro and deadline are unchanged by the input.
function sameSettings(c: PledgeCampaign, b: PledgeCampaignInput): boolean {
  const stored = c.scope.map((s) => s.nodeId);
  return (
    c.ownerNodeId === b.ownerNodeId &&
    c.templateId === b.templateId &&
    c.audience === b.audience &&
    stored.length === b.scopeNodeIds.length &&
    stored.every((id) => b.scopeNodeIds.includes(id)) &&
    c.targetPercent === b.targetPercent &&
    Boolean(c.guardianSigns) === guardianSignsOf(b)
  );
}
