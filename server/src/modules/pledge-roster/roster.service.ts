// Class rosters of schools: the denominators of student pledges, and the matching of a signer to a
// student. Children's data: names and guardian phones are encrypted at rest; only teachers of the
// class, the school's admins and town admins read them (requireChildrenAccess), and only holders of
// pledge.roster (school admins, town admins) change them.
//
// Used by the pledge modules (all take the caller's EntityManager, so they join its transaction):
// - match(m, campaign, ref) → the live entry a student or guardian signs for (PLEDGE_NOT_ON_ROSTER).
// - nameOf(entry) → the decrypted name; phoneHash(phone) → the keyed hash stored per guardian phone.
import { Inject, Injectable } from '@nestjs/common';
import {
  isInSubtree,
  isMinorByBirthYear,
  maskPhone,
  normalizeName,
  normalizeStudentNo,
  NodeKind,
  pathIds,
  RosterEntryInput,
  RosterEntryView,
  RosterImportResult,
  RosterListQuery,
  RosterPage,
  StudentRef,
} from '@wuzha/shared';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DataCipher } from '../../common/data-cipher';
import { DomainError } from '../../common/domain-error';
import { isDuplicateKey } from '../../database/db-errors';
import { AuditService } from '../audit/audit.service';
import { AccessScope, AccessService, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { inScope } from '../pledge/pledge-audience';
import type { PledgeCampaign } from '../pledge/pledge-campaign.entity';
import { requireChildrenAccess } from './children-access';
import { RosterEntry } from './roster-entry.entity';
import { parseRosterRows, RosterRow, SchoolClass } from './roster-rows';
import { readRosterTable } from './roster-table';
import { buildRosterTemplate } from './roster-template';

export interface RosterTemplateFile {
  filename: string;
  xlsx: Buffer;
}

// the nodes a roster is listed by
const LIST_KINDS: readonly NodeKind[] = ['school', 'grade', 'class'];
const INSERT_CHUNK = 300;

// Keyset cursor over (classId, studentNo), the list's order.
const listCursor = {
  encode: (classId: number, studentNo: string) => Buffer.from(`r${classId}.${studentNo}`, 'utf8').toString('base64url'),
  decode(cursor: string | undefined): { classId: number; studentNo: string } | null {
    if (!cursor) return null;
    const m = /^r(\d{1,10})\.([0-9A-Z-]{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!m) throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'query.cursor', message: '分页参数无效' }]);
    return { classId: Number(m[1]), studentNo: m[2] };
  },
};
const byListOrder = (a: RosterEntry, b: RosterEntry) => a.classId - b.classId || (a.studentNo < b.studentNo ? -1 : a.studentNo > b.studentNo ? 1 : 0);

const kindError = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);

@Injectable()
export class RosterService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DataCipher) private readonly cipher: DataCipher,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  // ---- for signing and tracking -----------------------------------------------------------------

  // The live entry of that class with that number and name, in the campaign's scope. A wrong number
  // and a wrong name get the same answer, so the roster cannot be probed one field at a time.
  async match(m: EntityManager, campaign: Pick<PledgeCampaign, 'scope'>, ref: StudentRef): Promise<RosterEntry> {
    const entry = await m.findOneBy(RosterEntry, { classId: ref.classId, studentNo: normalizeStudentNo(ref.studentNo), removedAt: IsNull() });
    if (!entry || !inScope(campaign, entry.classPath) || normalizeName(this.nameOf(entry)) !== normalizeName(ref.name)) {
      throw new DomainError('PLEDGE_NOT_ON_ROSTER');
    }
    return entry;
  }

  nameOf(entry: Pick<RosterEntry, 'nameEnc'>): string {
    return this.cipher.decrypt(entry.nameEnc);
  }

  // Keyed hash of a guardian's mobile, normalised as UsersService does: equal to the phoneHash of a
  // user who verified that phone, so a parent's entries are found by their own user row.
  phoneHash(phone: string): string {
    return this.cipher.hmac(phone.replace(/[\s-]/g, ''));
  }

  // ---- routes -----------------------------------------------------------------------------------

  // Live entries of a school, grade or class, ordered by class and student number. With q: a student
  // number prefix or an exact name (names are encrypted, so that filter runs in memory over the node's
  // entries, at most a few thousand).
  async list(ctx: AuthContext, query: RosterListQuery): Promise<RosterPage> {
    const { node } = await this.rosterNode(ctx, query.nodeId, 'read', LIST_KINDS, 'query.nodeId', '请选择学校、年级或班级');
    const after = listCursor.decode(query.cursor);
    const under = subtreeWhere('e.classPath', [node.path], 'node');
    const qb = this.ds.getRepository(RosterEntry).createQueryBuilder('e').where(under.sql, under.params).andWhere('e.removedAt IS NULL');
    let total: number;
    let rows: RosterEntry[];
    if (query.q) {
      const no = normalizeStudentNo(query.q);
      const name = normalizeName(query.q);
      const all = (await qb.getMany()).filter((e) => e.studentNo.startsWith(no) || normalizeName(this.nameOf(e)) === name).sort(byListOrder);
      total = all.length;
      const start = after ? all.findIndex((e) => byListOrder(e, { classId: after.classId, studentNo: after.studentNo } as RosterEntry) > 0) : 0;
      rows = start < 0 ? [] : all.slice(start, start + query.limit + 1);
    } else {
      total = await qb.clone().getCount();
      if (after) qb.andWhere('(e.classId > :ac OR (e.classId = :ac AND e.studentNo > :an))', { ac: after.classId, an: after.studentNo });
      rows = await qb.orderBy('e.classId', 'ASC').addOrderBy('e.studentNo', 'ASC').limit(query.limit + 1).getMany();
    }
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: await this.views(this.ds.manager, page), nextCursor: rows.length > query.limit ? listCursor.encode(last.classId, last.studentNo) : null, total };
  }

  // Adds a student; a number that was removed from the roster is restored with the new details.
  async create(ctx: AuthContext, input: RosterEntryInput): Promise<RosterEntryView> {
    const { node: klass, school } = await this.rosterNode(ctx, input.classId, 'write', ['class'], 'body.classId', '请选择一个班级');
    const studentNo = normalizeStudentNo(input.studentNo);
    const now = toDbTime(this.clock.now());
    const id = await this.uniqueNumber(() =>
      this.ds.transaction(async (m) => {
        const existing = await m.findOneBy(RosterEntry, { schoolId: school.id, studentNo });
        if (existing && !existing.removedAt) throw new DomainError('ROSTER_DUPLICATE');
        const fields = { ...this.fields(klass, input), studentNo, removedAt: null, updatedAt: now };
        let entryId: number;
        if (existing) {
          await m.update(RosterEntry, { id: existing.id }, fields);
          entryId = existing.id;
        } else {
          const res = await m.insert(RosterEntry, { ...fields, schoolId: school.id, createdAt: now });
          entryId = Number(res.identifiers[0].id);
        }
        await this.auditEntry(m, ctx, 'pledge.roster.create', klass, entryId, { restored: !!existing });
        return entryId;
      }),
    );
    return this.viewOf(id);
  }

  // Edits a student; the class may change within the school, the number must stay unique there.
  async update(ctx: AuthContext, id: number, input: RosterEntryInput): Promise<RosterEntryView> {
    const { entry, scope } = await this.writableEntry(ctx, id);
    let klass = await this.ds.manager.findOneByOrFail(OrgNode, { id: entry.classId });
    if (input.classId !== entry.classId) {
      klass = (await this.rosterNode(ctx, input.classId, 'write', ['class'], 'body.classId', '请选择一个班级', scope)).node;
      if (!isInSubtree(klass.path, (await this.ds.manager.findOneByOrFail(OrgNode, { id: entry.schoolId })).path)) {
        throw kindError('body.classId', '只能调到本校的班级');
      }
    }
    const studentNo = normalizeStudentNo(input.studentNo);
    const now = toDbTime(this.clock.now());
    await this.uniqueNumber(() =>
      this.ds.transaction(async (m) => {
        if (studentNo !== entry.studentNo) {
          const clash = await m.findOneBy(RosterEntry, { schoolId: entry.schoolId, studentNo });
          if (clash) {
            throw new DomainError('ROSTER_DUPLICATE', clash.removedAt ? '这个学号属于一名已移出花名册的学生；如果是同一个人，请用这个学号重新添加' : undefined);
          }
        }
        await m.update(RosterEntry, { id: entry.id }, { ...this.fields(klass, input), studentNo, updatedAt: now });
        await this.auditEntry(m, ctx, 'pledge.roster.update', klass, entry.id, { movedFrom: klass.id === entry.classId ? null : entry.classId });
      }),
    );
    return this.viewOf(entry.id);
  }

  // Soft: signatures made for the entry stay, and adding the number again restores it.
  async remove(ctx: AuthContext, id: number): Promise<{ ok: true }> {
    const { entry } = await this.writableEntry(ctx, id);
    const now = toDbTime(this.clock.now());
    await this.ds.transaction(async (m) => {
      await m.update(RosterEntry, { id: entry.id }, { removedAt: now, updatedAt: now });
      await this.auditEntry(m, ctx, 'pledge.roster.remove', { id: entry.classId, path: entry.classPath }, entry.id, null);
    });
    return { ok: true };
  }

  // All or nothing: the whole file is checked before anything is written, then one transaction.
  // Numbers already in the school are updated in place (a removed one is restored and counted as
  // created); students of the school missing from the file are left as they are.
  async import(ctx: AuthContext, schoolId: number, readFile: () => Promise<Buffer>): Promise<RosterImportResult> {
    const { node: school } = await this.rosterNode(ctx, schoolId, 'write', ['school'], 'query.schoolId', '请选择一所学校');
    const classes = await this.classesOf(school);
    const rows = parseRosterRows(await readRosterTable(await readFile()), classes.list, this.clock.now());
    const now = toDbTime(this.clock.now());
    const counts = await this.uniqueNumber(() => this.ds.transaction((m) => this.writeRows(m, ctx, school, classes.byId, rows, now)));
    const perClass = new Map<number, number>();
    for (const r of rows) perClass.set(r.classId, (perClass.get(r.classId) ?? 0) + 1);
    return {
      rows: rows.length,
      ...counts,
      classes: classes.list.filter((c) => perClass.has(c.id)).map((c) => ({ class: nodeRef(classes.byId.get(c.id)!), count: perClass.get(c.id)! })),
    };
  }

  async template(ctx: AuthContext, schoolId: number): Promise<RosterTemplateFile> {
    const { node: school } = await this.rosterNode(ctx, schoolId, 'write', ['school'], 'query.schoolId', '请选择一所学校');
    const classes = await this.classesOf(school);
    const xlsx = await buildRosterTemplate(school.name, classes.list, this.clock.now());
    return { filename: `花名册模板-${school.name}.xlsx`, xlsx };
  }

  // ---- internals --------------------------------------------------------------------------------

  private async writeRows(m: EntityManager, ctx: AuthContext, school: OrgNode, classById: Map<number, OrgNode>, rows: RosterRow[], now: Date) {
    const existing = new Map((await m.findBy(RosterEntry, { schoolId: school.id })).map((e) => [e.studentNo, e]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const fresh: Partial<RosterEntry>[] = [];
    for (const r of rows) {
      const klass = classById.get(r.classId)!;
      const e = existing.get(r.studentNo);
      if (!e) {
        fresh.push({ ...this.fields(klass, r), studentNo: r.studentNo, schoolId: school.id, removedAt: null, createdAt: now, updatedAt: now });
        created++;
        continue;
      }
      const same =
        !e.removedAt &&
        e.classId === r.classId &&
        e.birthYear === r.birthYear &&
        this.nameOf(e) === r.name &&
        (e.guardianPhoneEnc ? this.cipher.decrypt(e.guardianPhoneEnc) : null) === r.guardianPhone;
      if (same) {
        unchanged++;
        continue;
      }
      if (e.removedAt) created++;
      else updated++;
      await m.update(RosterEntry, { id: e.id }, { ...this.fields(klass, r), removedAt: null, updatedAt: now });
    }
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) await m.insert(RosterEntry, fresh.slice(i, i + INSERT_CHUNK));
    await this.audit.record(m, {
      actorId: ctx.userId,
      action: 'pledge.roster.import',
      node: { id: school.id, path: school.path },
      targetType: 'school',
      targetId: school.id,
      detail: { rows: rows.length, created, updated, unchanged },
    });
    return { created, updated, unchanged };
  }

  private fields(klass: OrgNode, input: Pick<RosterEntryInput, 'name' | 'birthYear' | 'guardianPhone'>) {
    return {
      classId: klass.id,
      classPath: klass.path,
      nameEnc: this.cipher.encrypt(input.name),
      birthYear: input.birthYear ?? null,
      guardianPhoneEnc: input.guardianPhone ? this.cipher.encrypt(input.guardianPhone) : null,
      guardianPhoneHash: input.guardianPhone ? this.phoneHash(input.guardianPhone) : null,
    };
  }

  // Two writers taking the same number at once: the unique index refuses the second.
  private async uniqueNumber<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (isDuplicateKey(err)) throw new DomainError('ROSTER_DUPLICATE');
      throw err;
    }
  }

  // The node a roster route acts on. Out of sight → 404; a node of another kind → 400; no access to
  // children's data → 403 PLEDGE_CHILDREN_DATA; writing without pledge.roster (teachers) → 403 FORBIDDEN.
  private async rosterNode(
    ctx: AuthContext,
    nodeId: number,
    need: 'read' | 'write',
    kinds: readonly NodeKind[],
    field: string,
    kindMessage: string,
    known?: AccessScope,
  ): Promise<{ node: OrgNode; school: OrgNode; scope: AccessScope }> {
    const scope = known ?? (await this.access.scope(ctx));
    const node = await this.ds.manager.findOneBy(OrgNode, { id: nodeId });
    if (!node || !scope.can(node.path, 'node.read')) throw new DomainError('NOT_FOUND');
    if (!kinds.includes(node.kind as NodeKind)) throw kindError(field, kindMessage);
    this.requireAccess(scope, node.path, need);
    const school = node.kind === 'school' ? node : await this.ds.manager.findOneBy(OrgNode, { id: In(pathIds(node.path)), kind: 'school' });
    if (!school) throw kindError(field, kindMessage);
    return { node, school, scope };
  }

  private requireAccess(scope: AccessScope, path: string, need: 'read' | 'write'): void {
    requireChildrenAccess(scope, path);
    if (need === 'write' && !scope.can(path, 'pledge.roster')) throw new DomainError('FORBIDDEN');
  }

  // A live entry the caller may change (a removed one is gone for the API).
  private async writableEntry(ctx: AuthContext, id: number): Promise<{ entry: RosterEntry; scope: AccessScope }> {
    const scope = await this.access.scope(ctx);
    const entry = await this.ds.manager.findOneBy(RosterEntry, { id, removedAt: IsNull() });
    if (!entry || !scope.can(entry.classPath, 'node.read')) throw new DomainError('NOT_FOUND');
    this.requireAccess(scope, entry.classPath, 'write');
    return { entry, scope };
  }

  // The school's classes (with their grades), in tree order.
  private async classesOf(school: OrgNode): Promise<{ list: SchoolClass[]; byId: Map<number, OrgNode> }> {
    const under = subtreeWhere('n.path', [school.path], 'school');
    const nodes = await this.ds.getRepository(OrgNode).createQueryBuilder('n').where(under.sql, under.params).andWhere('n.kind IN (:...kinds)', { kinds: ['grade', 'class'] }).orderBy('n.id').getMany();
    const grades = new Map(nodes.filter((n) => n.kind === 'grade').map((n) => [n.id, n]));
    const classes = nodes.filter((n) => n.kind === 'class');
    const gradeOrder = (c: OrgNode) => (c.parentId !== null && grades.has(c.parentId) ? c.parentId : 0);
    classes.sort((a, b) => gradeOrder(a) - gradeOrder(b) || a.id - b.id);
    return {
      list: classes.map((c) => ({ id: c.id, name: c.name, gradeName: c.parentId !== null ? (grades.get(c.parentId)?.name ?? null) : null })),
      byId: new Map(classes.map((c) => [c.id, c])),
    };
  }

  private async auditEntry(m: EntityManager, ctx: AuthContext, action: string, klass: { id: number; path: string }, entryId: number, detail: Record<string, unknown> | null) {
    await this.audit.record(m, { actorId: ctx.userId, action, node: { id: klass.id, path: klass.path }, targetType: 'roster_entry', targetId: entryId, detail });
  }

  private async viewOf(id: number): Promise<RosterEntryView> {
    const entry = await this.ds.manager.findOneByOrFail(RosterEntry, { id });
    return (await this.views(this.ds.manager, [entry]))[0];
  }

  private async views(m: EntityManager, entries: RosterEntry[]): Promise<RosterEntryView[]> {
    const classes = await nodesByIds(m, entries.map((e) => e.classId));
    const now = this.clock.now();
    return entries.map((e) => ({
      id: e.id,
      schoolId: e.schoolId,
      class: nodeRef(classes.get(e.classId) ?? { id: e.classId, name: '', kind: 'class' }),
      name: this.nameOf(e),
      studentNo: e.studentNo,
      birthYear: e.birthYear,
      guardianRequired: isMinorByBirthYear(e.birthYear, now),
      guardianPhoneMasked: e.guardianPhoneEnc ? maskPhone(this.cipher.decrypt(e.guardianPhoneEnc)) : null,
      updatedAt: iso(e.updatedAt),
    }));
  }
}
