import { Inject, Injectable } from '@nestjs/common';
import { maskName, maskPhone } from '@wuzha/shared';
import { DataSource, EntityManager } from 'typeorm';
import { DataCipher } from '../../common/data-cipher';

export interface MaskedPerson {
  displayName: string;
  phoneMasked: string | null;
}

// Masked names and phones of many people in one query, for lists (member lists, audit log).
@Injectable()
export class MemberDirectory {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DataCipher) private readonly cipher: DataCipher,
  ) {}

  async masked(userIds: Iterable<number>, manager: EntityManager = this.ds.manager): Promise<Map<number, MaskedPerson>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    // user_account belongs to the users module; read-only columns, no entity import needed
    const rows = await manager
      .createQueryBuilder()
      .select('u.id', 'id')
      .addSelect('u.displayName', 'displayName')
      .addSelect('u.phoneEnc', 'phoneEnc')
      .from('user_account', 'u')
      .where('u.id IN (:...ids)', { ids })
      .getRawMany<{ id: number | string; displayName: string | null; phoneEnc: string | null }>();
    return new Map(rows.map((r) => [Number(r.id), { displayName: maskName(r.displayName), phoneMasked: this.phone(r.phoneEnc) }]));
  }

  private phone(enc: string | null): string | null {
    if (!enc) return null;
    try {
      return maskPhone(this.cipher.decrypt(enc));
    } catch {
      // an undecryptable value (rotated key) shows as unknown rather than failing the whole list
      return null;
    }
  }
}
