import { Inject, Injectable } from '@nestjs/common';
import { AccessClaims } from '@wuzha/shared';
import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';

// Signs and verifies access JWTs (HS256 only). Times come from the Clock so tests can move them.
@Injectable()
export class AccessTokenService {
  // A KeyObject built once: given a string, jsonwebtoken first tries (and fails) to parse it as an
  // asymmetric key on every call, about a quarter of the CPU of a login or a list request.
  private readonly key: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwt.secret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.config.jwt.accessTtl;
  }

  sign(userId: number): string {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims: AccessClaims = { sub: String(userId), typ: 'access', iat, exp: iat + this.config.jwt.accessTtl };
    return jwt.sign(claims, this.key, { algorithm: 'HS256' });
  }

  // Throws DomainError TOKEN_EXPIRED or TOKEN_INVALID.
  verify(token: string): AuthContext {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key, {
        // pinned: refuses `none` and any asymmetric-algorithm confusion
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (err) {
      // jsonwebtoken checks the signature before the expiry, so only a genuine token can be "expired"
      if (err instanceof jwt.TokenExpiredError) throw new DomainError('TOKEN_EXPIRED');
      throw new DomainError('TOKEN_INVALID');
    }
    const claims = AccessClaims.safeParse(payload);
    if (!claims.success || !/^[1-9]\d{0,9}$/.test(claims.data.sub)) throw new DomainError('TOKEN_INVALID');
    const userId = Number(claims.data.sub);
    if (userId > 2147483647) throw new DomainError('TOKEN_INVALID');
    return { userId };
  }
}
