import { Inject, Injectable } from '@nestjs/common';
import { FamilyListResponse, FamilyMemberRequest, FamilyMemberView, maskPhone, Relationship } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DataCipher } from '../../common/data-cipher';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { iso } from '../org/views';
import { FamilyMember } from './family-member.entity';
import { toDbTime } from '../org/db-time';

export const MAX_FAMILY_MEMBERS = 20;
// Children under 14 are sensitive under PIPL. With only a birth year the exact age is unknown, so a
// person who may still be 13 counts as a minor.
const MINOR_AGE = 14;

// Family members a person keeps for themselves; only the owner ever sees or changes them.
@Injectable()
export class FamilyService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataCipher) private readonly cipher: DataCipher,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(ctx: AuthContext): Promise<FamilyListResponse> {
    const rows = await this.ds.getRepository(FamilyMember).find({ where: { ownerUserId: ctx.userId }, order: { id: 'ASC' } });
    return { items: rows.map((r) => this.view(r)) };
  }

  async create(ctx: AuthContext, body: FamilyMemberRequest): Promise<FamilyMemberView> {
    const row = await this.ds.transaction(async (m) => {
      const count = await m.count(FamilyMember, { where: { ownerUserId: ctx.userId } });
      if (count >= MAX_FAMILY_MEMBERS) {
        throw new DomainError('VALIDATION_FAILED', `最多只能添加${MAX_FAMILY_MEMBERS}位家人`);
      }
      const now = toDbTime(this.clock.now());
      const member = m.create(FamilyMember, { ownerUserId: ctx.userId, ...this.fields(body), createdAt: now, updatedAt: now });
      await m.insert(FamilyMember, member);
      await this.auditMinor(m, ctx, 'family.create', member, null);
      return member;
    });
    return this.view(row);
  }

  async update(ctx: AuthContext, id: number, body: FamilyMemberRequest): Promise<FamilyMemberView> {
    const row = await this.ds.transaction(async (m) => {
      const member = await this.own(m, ctx, id);
      const before = { ...member };
      Object.assign(member, this.fields(body), { updatedAt: toDbTime(this.clock.now()) });
      await m.update(FamilyMember, { id: member.id }, { ...this.fields(body), updatedAt: member.updatedAt });
      await this.auditMinor(m, ctx, 'family.update', member, before);
      return member;
    });
    return this.view(row);
  }

  async remove(ctx: AuthContext, id: number): Promise<void> {
    await this.ds.transaction(async (m) => {
      const member = await this.own(m, ctx, id);
      await m.delete(FamilyMember, { id: member.id });
      await this.auditMinor(m, ctx, 'family.delete', member, null);
    });
  }

  isMinor(birthYear: number | null): boolean {
    return birthYear !== null && this.clock.now().getUTCFullYear() - birthYear <= MINOR_AGE;
  }

  private async own(m: EntityManager, ctx: AuthContext, id: number): Promise<FamilyMember> {
    const member = await m.findOneBy(FamilyMember, { id, ownerUserId: ctx.userId });
    if (!member) throw new DomainError('NOT_FOUND');
    return member;
  }

  // PUT semantics: omitted optional fields are cleared.
  private fields(body: FamilyMemberRequest) {
    return {
      name: body.name,
      relationship: body.relationship,
      birthYear: body.birthYear ?? null,
      phoneEnc: body.phone ? this.cipher.encrypt(body.phone) : null,
      note: body.note ? body.note : null,
    };
  }

  // Changes to a child's record are logged (who, when, which record), without the child's data.
  private async auditMinor(m: EntityManager, ctx: AuthContext, action: string, member: FamilyMember, before: FamilyMember | null): Promise<void> {
    if (!this.isMinor(member.birthYear) && !(before && this.isMinor(before.birthYear))) return;
    await this.audit.record(m, {
      actorId: ctx.userId,
      action,
      subjectUserId: ctx.userId,
      targetType: 'family_member',
      targetId: member.id,
      detail: { relationship: member.relationship, minor: true },
    });
  }

  private view(r: FamilyMember): FamilyMemberView {
    return {
      id: r.id,
      name: r.name,
      relationship: r.relationship as Relationship,
      birthYear: r.birthYear,
      isMinor: this.isMinor(r.birthYear),
      phoneMasked: r.phoneEnc ? maskPhone(this.cipher.decrypt(r.phoneEnc)) : null,
      note: r.note,
      createdAt: iso(r.createdAt),
    };
  }
}
