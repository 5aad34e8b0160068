import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/config';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { Users1732300000000 } from '../../database/migrations/1732300000000-Users';
import { installSqliteSerializer } from '../../database/sqlite-serializer';
import { RefreshToken } from './refresh-token.entity';
import { hashRefreshToken, RefreshTokenService } from './refresh-token.service';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('RefreshTokenService', () => {
  const config = loadConfig({ REFRESH_TOKEN_TTL: '3600' });
  let ds: DataSource;
  let clock: Clock;
  let svc: RefreshTokenService;

  beforeEach(async () => {
    ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [RefreshToken], migrations: [Users1732300000000] });
    await ds.initialize();
    installSqliteSerializer(ds);
    await ds.runMigrations();
    clock = new Clock();
    clock.set(new Date('2025-03-01T08:00:00Z'));
    svc = new RefreshTokenService(ds, clock, config);
  });
  afterEach(() => ds.destroy());

  const rows = () => ds.getRepository(RefreshToken).find({ order: { id: 'ASC' } });

  it('stores only the sha256 of an opaque 32-byte token', async () => {
    const { token, expiresIn } = await svc.issue(5);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(expiresIn).toBe(3600);
    const [row] = await rows();
    expect(row.tokenHash).toBe(hashRefreshToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.toISOString()).toBe('2025-03-01T09:00:00.000Z');
  });

  it('rotates within the family and marks the old token used', async () => {
    const first = await svc.issue(5);
    const second = await svc.rotate(first.token);
    expect(second.userId).toBe(5);
    expect(second.token).not.toBe(first.token);
    const [a, b] = await rows();
    expect(a.usedAt).not.toBeNull();
    expect(b.familyId).toBe(a.familyId);
    expect(b.usedAt).toBeNull();
    const third = await svc.rotate(second.token);
    expect(third.userId).toBe(5);
  });

  it('a reused token revokes the whole family, including the newest token', async () => {
    const first = await svc.issue(5);
    const other = await svc.issue(6);
    const second = await svc.rotate(first.token);
    expect(await codeOf(svc.rotate(first.token))).toBe('REFRESH_REUSED');
    expect(await codeOf(svc.rotate(second.token))).toBe('REFRESH_REUSED');
    // another login's family is untouched
    expect((await svc.rotate(other.token)).userId).toBe(6);
  });

  it('of two concurrent rotations of one token, exactly one wins and the family is revoked', async () => {
    const first = await svc.issue(5);
    const results = await Promise.allSettled([svc.rotate(first.token), svc.rotate(first.token)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0].reason as DomainError).code).toBe('REFRESH_REUSED');
    const winner = (won[0] as PromiseFulfilledResult<{ token: string }>).value;
    expect(await codeOf(svc.rotate(winner.token))).toBe('REFRESH_REUSED');
  });

  it('an expired token is refused by the clock', async () => {
    const first = await svc.issue(5);
    clock.advance(3599_000);
    const second = await svc.rotate(first.token);
    clock.advance(3600_000);
    expect(await codeOf(svc.rotate(second.token))).toBe('TOKEN_EXPIRED');
  });

  it('an unknown token is invalid', async () => {
    await svc.issue(5);
    expect(await codeOf(svc.rotate('A'.repeat(43)))).toBe('TOKEN_INVALID');
  });

  it('logout revokes the family; revoking an unknown token is a no-op', async () => {
    const first = await svc.issue(5);
    const second = await svc.rotate(first.token);
    await svc.revoke('nope-nope-nope-nope');
    await svc.revoke(second.token);
    expect((await rows()).every((r) => r.revokedAt !== null)).toBe(true);
    expect(await codeOf(svc.rotate(second.token))).toBe('REFRESH_REUSED');
  });
});
