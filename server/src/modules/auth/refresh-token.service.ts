import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { RefreshToken } from './refresh-token.entity';

export interface IssuedRefreshToken {
  token: string;
  expiresIn: number;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

// Opaque rotating refresh tokens. Each use marks the token used and issues the next one of its family;
// presenting a used or revoked token again means it was copied, so the whole family is revoked.
@Injectable()
export class RefreshTokenService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.jwt.refreshTtl;
  }

  // A new token: of a new family (a login) or of an existing one (a rotation).
  async issue(userId: number, familyId?: string, manager: EntityManager = this.dataSource.manager): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await manager
      .createQueryBuilder()
      .insert()
      .into(RefreshToken)
      .values({
        userId,
        familyId: familyId ?? randomBytes(16).toString('hex'),
        tokenHash: hashRefreshToken(token),
        expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
        usedAt: null,
        revokedAt: null,
        createdAt: now,
      })
      .updateEntity(false)
      .execute();
    return { token, expiresIn: this.ttlSeconds };
  }

  // Exchanges a refresh token for the next one. Throws TOKEN_INVALID (unknown), TOKEN_EXPIRED, or
  // REFRESH_REUSED (used/revoked, or lost a race with a concurrent exchange of the same token).
  async rotate(token: string): Promise<{ userId: number } & IssuedRefreshToken> {
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: hashRefreshToken(token) });
    if (!row) throw new DomainError('TOKEN_INVALID');
    const now = this.clock.now();
    if (row.usedAt || row.revokedAt) {
      await this.revokeFamily(row.familyId);
      throw new DomainError('REFRESH_REUSED');
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw new DomainError('TOKEN_EXPIRED');

    const next = await this.dataSource.transaction(async (m) => {
      // only one concurrent exchange can flip usedAt from NULL
      const res = await m
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ usedAt: now })
        .where('id = :id AND usedAt IS NULL AND revokedAt IS NULL', { id: row.id })
        .execute();
      if (res.affected !== 1) return null;
      return this.issue(row.userId, row.familyId, m);
    });
    if (!next) {
      await this.revokeFamily(row.familyId);
      throw new DomainError('REFRESH_REUSED');
    }
    return { userId: row.userId, ...next };
  }

  // Logout: revokes the family of this token; unknown tokens are ignored.
  async revoke(token: string): Promise<void> {
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: hashRefreshToken(token) });
    if (row) await this.revokeFamily(row.familyId);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.dataSource.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }
}
