import { Inject, Injectable } from '@nestjs/common';
import { maskPhone } from '@wuzha/shared';
import { DataSource, Repository } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DataCipher } from '../../common/data-cipher';
import { DomainError } from '../../common/domain-error';
import { isDuplicateKey } from '../../database/db-errors';
import { WECHAT_CLIENT, WechatClient } from '../wechat/wechat.types';
import { User } from './user.entity';

export interface FindOrCreateResult {
  user: User;
  created: boolean;
}

// People and their WeChat identity. Sensitive values (phone, session_key) are encrypted at rest.
@Injectable()
export class UsersService {
  private readonly repo: Repository<User>;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
    private readonly cipher: DataCipher,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
  ) {
    this.repo = dataSource.getRepository(User);
  }

  findById(id: number): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  async getById(id: number): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new DomainError('NOT_FOUND');
    return user;
  }

  findByOpenid(openid: string): Promise<User | null> {
    return this.repo.findOneBy({ openid });
  }

  // Users whose bound phone is this number (compared by keyed hash, never by decrypting).
  findByPhone(phone: string): Promise<User[]> {
    return this.repo.findBy({ phoneHash: this.cipher.hmac(normalisePhone(phone)) });
  }

  // The user of this openid, created on first sight. Two concurrent first logins of one openid both
  // end up with the same row: the unique index refuses the second insert, which then reads the winner.
  async findOrCreateByOpenid(openid: string, unionid?: string | null): Promise<FindOrCreateResult> {
    const existing = await this.findByOpenid(openid);
    if (existing) return { user: existing, created: false };
    const now = this.clock.now();
    const user = this.repo.create({
      openid,
      unionid: unionid ?? null,
      displayName: '',
      nameSet: false,
      phoneEnc: null,
      phoneHash: null,
      sessionKeyEnc: null,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: now,
    });
    try {
      await this.repo.insert(user);
      return { user, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const winner = await this.findByOpenid(openid);
      if (!winner) throw err;
      return { user: winner, created: false };
    }
  }

  // After a successful code2Session: keep the newest session_key (encrypted) and the login time.
  async recordLogin(userId: number, login: { sessionKey: string; unionid?: string | null }): Promise<void> {
    const now = this.clock.now();
    const patch: Partial<User> = { sessionKeyEnc: this.cipher.encrypt(login.sessionKey), lastLoginAt: now, updatedAt: now };
    if (login.unionid) patch.unionid = login.unionid;
    await this.repo.update({ id: userId }, patch);
  }

  // The WeChat session_key of the user's latest login (to decrypt group/share data), or null.
  async getSessionKey(userId: number): Promise<string | null> {
    const user = await this.repo.findOne({ where: { id: userId }, select: { id: true, sessionKeyEnc: true } });
    return user?.sessionKeyEnc ? this.cipher.decrypt(user.sessionKeyEnc) : null;
  }

  async updateDisplayName(ctx: AuthContext, name: string): Promise<User> {
    const displayName = name.trim();
    if (!displayName || Array.from(displayName).length > 32) {
      throw new DomainError('VALIDATION_FAILED', undefined, [{ path: 'body.displayName', message: '姓名长度不正确' }]);
    }
    const user = await this.getById(ctx.userId);
    user.displayName = displayName;
    user.nameSet = true;
    user.updatedAt = this.clock.now();
    await this.repo.update({ id: user.id }, { displayName, nameSet: true, updatedAt: user.updatedAt });
    return user;
  }

  // Binds the phone number WeChat reports for a getPhoneNumber code (throws PHONE_CODE_INVALID).
  async setPhoneFromWechatCode(ctx: AuthContext, code: string): Promise<User> {
    const user = await this.getById(ctx.userId);
    const info = await this.wechat.getPhoneNumber(code);
    const phone = normalisePhone(info.purePhoneNumber);
    user.phoneEnc = this.cipher.encrypt(phone);
    user.phoneHash = this.cipher.hmac(phone);
    user.updatedAt = this.clock.now();
    await this.repo.update({ id: user.id }, { phoneEnc: user.phoneEnc, phoneHash: user.phoneHash, updatedAt: user.updatedAt });
    return user;
  }

  // The decrypted phone number, for server-side use only (never in a response unmasked).
  async getPhone(userId: number): Promise<string | null> {
    const user = await this.repo.findOne({ where: { id: userId }, select: { id: true, phoneEnc: true } });
    return this.decryptPhone(user?.phoneEnc ?? null);
  }

  phoneMasked(user: Pick<User, 'phoneEnc'>): string | null {
    return maskPhone(this.decryptPhone(user.phoneEnc));
  }

  private decryptPhone(enc: string | null): string | null {
    return enc ? this.cipher.decrypt(enc) : null;
  }
}

function normalisePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '');
}
