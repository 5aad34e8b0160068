import { Inject, Injectable } from '@nestjs/common';
import { normalizeName, normalizeStudentNo, StudentRef } from '@wuzha/shared';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DataCipher } from '../../common/data-cipher';
import { DomainError } from '../../common/domain-error';
import type { PledgeCampaign } from '../pledge/pledge-campaign.entity';
import { inScope } from '../pledge/pledge-audience';
import { RosterEntry } from './roster-entry.entity';

@Injectable()
export class RosterService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DataCipher) private readonly cipher: DataCipher,
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

  // keyed hash of a guardian's mobile, to find the entries of a parent who verified that phone
  phoneHash(phone: string): string {
    return this.cipher.hmac(phone.trim());
  }
}
