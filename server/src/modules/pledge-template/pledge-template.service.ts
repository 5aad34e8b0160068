// Pledge texts (范本): the built-in ones (townId 0, read-only, synced from ./builtin-texts at boot) and
// each town's own, with versions. A version used by a published campaign is locked: an edit of the
// text then makes version + 1, so every signature keeps the exact words (and hash) it signed.
//
// For the campaign and signing code:
// - versionById(id, manager?) → the version (locked ones are kept in memory: they never change).
// - lockVersion(manager, id): call it in the transaction that publishes a campaign.
// - pledgeTextHash (./pledge-text) and ensureBuiltinTemplates (./builtin-sync).
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  isInSubtree,
  Permission,
  PLEDGE_KINDS,
  PledgeKind,
  PledgeTemplateInput,
  PledgeTemplateList,
  PledgeTemplateListQuery,
  PledgeTemplateView,
  roleHas,
} from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { isDuplicateKey } from '../../database/db-errors';
import { AccessScope, AccessService } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso } from '../org/views';
import { BUILTIN_TOWN, ensureBuiltinTemplates, insertTemplate } from './builtin-sync';
import { normalizeBody } from './pledge-text';
import { PledgeTemplateVersion } from './pledge-template-version.entity';
import { PledgeTemplate } from './pledge-template.entity';
import { lockTemplateRow, reviseTemplate } from './template-store';

// who reads a town's texts: its text writers and everyone running campaigns there (school admins too)
const READ_PERMISSIONS: Permission[] = ['pledge.templates', 'pledge.manage'];
// locked versions kept in memory (oldest dropped first)
const LOCKED_VERSION_CACHE = 2000;

@Injectable()
export class PledgeTemplateService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PledgeTemplateService.name);
  private readonly lockedVersions = new Map<number, PledgeTemplateVersion>();

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  // After the DataSource is migrated and before the app listens.
  async onApplicationBootstrap(): Promise<void> {
    const current = await this.syncBuiltin();
    this.logger.debug(`built-in pledge texts: ${[...current.values()].map((v) => `${v.templateId}v${v.version}`).join(', ')}`);
  }

  syncBuiltin(): Promise<Map<PledgeKind, PledgeTemplateVersion>> {
    const run = () => this.ds.transaction((m) => ensureBuiltinTemplates(m, toDbTime(this.clock.now())));
    // two instances booting together over one MySQL database: the loser re-reads once
    return run().catch((err) => {
      if (!isDuplicateKey(err)) throw err;
      return run();
    });
  }

  // ---- for campaigns and signing ------------------------------------------------------------------

  async versionById(id: number, manager: EntityManager = this.ds.manager): Promise<PledgeTemplateVersion> {
    const v = (await this.versionsByIds([id], manager)).get(id);
    if (!v) throw new DomainError('NOT_FOUND');
    return v;
  }

  async versionsByIds(ids: readonly number[], manager: EntityManager = this.ds.manager): Promise<Map<number, PledgeTemplateVersion>> {
    const out = new Map<number, PledgeTemplateVersion>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const v = this.lockedVersions.get(id);
      if (v) out.set(id, v);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    for (const v of await manager.find(PledgeTemplateVersion, { where: { id: In(missing) } })) {
      out.set(v.id, v);
      if (v.locked) this.rememberLocked(v);
    }
    return out;
  }

  private rememberLocked(v: PledgeTemplateVersion): void {
    if (this.lockedVersions.size >= LOCKED_VERSION_CACHE) this.lockedVersions.delete(this.lockedVersions.keys().next().value!);
    this.lockedVersions.set(v.id, v);
  }

  async lockVersion(manager: EntityManager, id: number): Promise<void> {
    await manager.createQueryBuilder().update(PledgeTemplateVersion).set({ locked: true }).where('id = :id AND locked = :no', { id, no: false }).execute();
  }

  // ---- routes -------------------------------------------------------------------------------------

  // Built-in texts first (in kind order), then the town's own, newest first.
  async list(ctx: AuthContext, query: PledgeTemplateListQuery): Promise<PledgeTemplateList> {
    const town = await this.townFor(ctx, query.townId, 'read');
    const where = { townId: In([BUILTIN_TOWN, town.id]), ...(query.kind ? { kind: query.kind } : {}) };
    const templates = await this.ds.getRepository(PledgeTemplate).find({ where, order: { id: 'DESC' } });
    const builtinOrder = (t: PledgeTemplate) => (t.townId === BUILTIN_TOWN ? PLEDGE_KINDS.indexOf(t.kind as PledgeKind) : PLEDGE_KINDS.length);
    templates.sort((a, b) => builtinOrder(a) - builtinOrder(b));
    const versions = await this.versionsByIds(templates.map((t) => t.currentVersionId));
    return { items: templates.map((t) => templateHead(t, versions.get(t.currentVersionId)!)) };
  }

  async get(ctx: AuthContext, id: number): Promise<PledgeTemplateView> {
    return this.viewOf(await this.readable(ctx, id));
  }

  async create(ctx: AuthContext, townId: number, input: PledgeTemplateInput): Promise<PledgeTemplateView> {
    const town = await this.townFor(ctx, townId, 'write');
    const now = toDbTime(this.clock.now());
    const version = await this.ds.transaction((m) => insertTemplate(m, { townId: town.id, code: null, kind: input.kind, title: input.title, body: normalizeBody(input.body) }, ctx.userId, now));
    return this.viewOf(await this.ds.getRepository(PledgeTemplate).findOneByOrFail({ id: version.templateId }));
  }

  // In place while no published campaign uses the current version; else a new version. The kind stays.
  async update(ctx: AuthContext, id: number, input: PledgeTemplateInput): Promise<PledgeTemplateView> {
    const scope = await this.access.scope(ctx);
    const found = await this.readable(ctx, id, scope);
    if (found.townId === BUILTIN_TOWN) throw new DomainError('PLEDGE_TEMPLATE_READ_ONLY');
    await this.townFor(ctx, found.townId, 'write', scope);
    if (input.kind !== found.kind) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.kind', message: '范本的类型不能修改，请新建一份范本' }]);
    const now = toDbTime(this.clock.now());
    const run = () =>
      this.ds.transaction(async (m) => {
        const template = (await lockTemplateRow(m, id))!;
        const current = await m.findOneByOrFail(PledgeTemplateVersion, { id: template.currentVersionId });
        await reviseTemplate(m, template, current, { title: input.title, body: normalizeBody(input.body) }, ctx.userId, now);
      });
    try {
      await run();
    } catch (err) {
      // two edits made the same next version number
      if (isDuplicateKey(err)) throw new DomainError('CONFLICT');
      throw err;
    }
    return this.viewOf(await this.ds.getRepository(PledgeTemplate).findOneByOrFail({ id }));
  }

  // ---- access -------------------------------------------------------------------------------------

  // A town's texts are read by holders of pledge.templates or pledge.manage at the town, above it or
  // inside it, and written with pledge.templates at the town (or above). Not a town, or out of sight:
  // 404; seen but not allowed: 403.
  async townFor(ctx: AuthContext, townId: number, need: 'read' | 'write', scope?: AccessScope): Promise<OrgNode> {
    scope ??= await this.access.scope(ctx);
    const node = await this.ds.manager.findOneBy(OrgNode, { id: townId });
    if (!node || node.kind !== 'town') throw new DomainError('NOT_FOUND');
    const reads = readsTown(scope, node.path);
    if (need === 'read' ? reads : scope.can(node.path, 'pledge.templates')) return node;
    if (reads) throw new DomainError('FORBIDDEN');
    return this.access.check(scope, node, 'pledge.templates');
  }

  // A template the caller may read: a built-in one (for anyone who reads some town's texts) or one of a
  // town whose texts they read.
  private async readable(ctx: AuthContext, id: number, scope?: AccessScope): Promise<PledgeTemplate> {
    const t = await this.ds.getRepository(PledgeTemplate).findOneBy({ id });
    if (!t) throw new DomainError('NOT_FOUND');
    scope ??= await this.access.scope(ctx);
    if (t.townId === BUILTIN_TOWN) {
      if (!scope.grants.some((g) => READ_PERMISSIONS.some((p) => roleHas(g.role, p)))) throw new DomainError('NOT_FOUND');
      return t;
    }
    const town = await this.ds.manager.findOneBy(OrgNode, { id: t.townId });
    if (!town || !readsTown(scope, town.path)) throw new DomainError('NOT_FOUND');
    return t;
  }

  private async viewOf(t: PledgeTemplate): Promise<PledgeTemplateView> {
    const versions = await this.ds.getRepository(PledgeTemplateVersion).find({
      where: { templateId: t.id },
      select: { id: true, templateId: true, version: true, title: true, textHash: true, locked: true, createdAt: true },
      order: { version: 'DESC' },
    });
    const current = await this.ds.getRepository(PledgeTemplateVersion).findOneByOrFail({ id: t.currentVersionId });
    return { ...templateHead(t, current), versions: versions.map((v) => versionHead(v)) };
  }
}

// Holds a reading permission at the town, above it or inside it.
export function readsTown(scope: AccessScope, townPath: string): boolean {
  return scope.grants.some((g) => READ_PERMISSIONS.some((p) => roleHas(g.role, p)) && (isInSubtree(townPath, g.path) || isInSubtree(g.path, townPath)));
}

function versionHead(v: PledgeTemplateVersion) {
  return { id: v.id, version: v.version, title: v.title, textHash: v.textHash, locked: Boolean(v.locked), createdAt: iso(v.createdAt) };
}

function templateHead(t: PledgeTemplate, current: PledgeTemplateVersion): Omit<PledgeTemplateView, 'versions'> {
  return {
    id: t.id,
    builtin: t.townId === BUILTIN_TOWN,
    townId: t.townId === BUILTIN_TOWN ? null : t.townId,
    kind: t.kind as PledgeKind,
    current: { ...versionHead(current), body: current.body },
    updatedAt: iso(t.updatedAt),
  };
}
