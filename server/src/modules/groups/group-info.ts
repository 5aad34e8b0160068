import { Inject, Injectable } from '@nestjs/common';
import { GroupInfoInput } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { DataCipher } from '../../common/data-cipher';
import { rawQuery } from '../../common/raw-query';
import { DomainError } from '../../common/domain-error';
import { UsersService } from '../users/users.service';
import { WECHAT_CLIENT, WechatClient } from '../wechat/wechat.types';

// Group info older than this is refused: a captured encryptedData must not be replayable for ever.
export const GROUP_INFO_MAX_AGE_MS = 60 * 60 * 1000;
const KEY_CACHE_MS = 60_000;
const KEY_CACHE_MAX = 20_000;
// opengids are short ASCII ids; the column holds 64 ASCII characters
const OPENGID = /^[\x21-\x7e]{1,64}$/;

interface GroupPlaintext {
  // wx.getGroupEnterInfo
  opengid?: unknown;
  // wx.getShareInfo (older API)
  openGId?: unknown;
  watermark?: { timestamp?: unknown };
}

// Reads the opengid out of wx.getGroupEnterInfo / wx.getShareInfo encryptedData. It is decrypted with
// the CALLER's session key, so data captured from someone else (or forged) fails to decrypt.
@Injectable()
export class GroupInfoReader {
  // userId → session key, for the open-tracking hot path only (one read fewer per open)
  private readonly keys = new Map<number, { key: string; until: number }>();

  constructor(
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DataCipher) private readonly cipher: DataCipher,
  ) {}

  // Throws WECHAT_DECRYPT_FAILED (forged, someone else's, not group info) or GROUP_INFO_STALE.
  async openGid(userId: number, info: GroupInfoInput, opts: { cachedKey?: boolean } = {}): Promise<string> {
    const plain = await this.decrypt(userId, info, opts.cachedKey ?? false);
    const opengid = typeof plain.opengid === 'string' ? plain.opengid : plain.openGId;
    if (typeof opengid !== 'string' || !OPENGID.test(opengid)) throw new DomainError('WECHAT_DECRYPT_FAILED');
    const ts = plain.watermark?.timestamp;
    if (typeof ts !== 'number' || !Number.isFinite(ts)) throw new DomainError('WECHAT_DECRYPT_FAILED');
    if (this.clock.now().getTime() - ts * 1000 > GROUP_INFO_MAX_AGE_MS) throw new DomainError('GROUP_INFO_STALE');
    return opengid;
  }

  private async decrypt(userId: number, info: GroupInfoInput, cachedKey: boolean): Promise<GroupPlaintext> {
    const hit = cachedKey ? this.keys.get(userId) : undefined;
    if (hit && hit.until > Date.now()) {
      try {
        return this.wechat.decryptData<GroupPlaintext>(info.encryptedData, info.iv, hit.key);
      } catch {
        // the user may have logged in again (new session key): fall through to the stored one
      }
    }
    // the open hot path reads the stored key with one plain statement (UsersService's findOne builds
    // the query each call); other callers keep UsersService
    const key = cachedKey ? await this.storedKey(userId) : await this.users.getSessionKey(userId);
    if (!key) throw new DomainError('WECHAT_DECRYPT_FAILED');
    if (cachedKey) this.remember(userId, key);
    return this.wechat.decryptData<GroupPlaintext>(info.encryptedData, info.iv, key);
  }

  private async storedKey(userId: number): Promise<string | null> {
    const res = await rawQuery<{ sessionKeyEnc: string | null }>(this.ds, 'SELECT sessionKeyEnc FROM user_account WHERE id = ? LIMIT 1', [userId]);
    const enc = res.rows[0]?.sessionKeyEnc;
    return enc ? this.cipher.decrypt(enc) : null;
  }

  private remember(userId: number, key: string): void {
    this.keys.delete(userId);
    if (this.keys.size >= KEY_CACHE_MAX) {
      // Map iterates in insertion order: drop the oldest entry
      const oldest = this.keys.keys().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    this.keys.set(userId, { key, until: Date.now() + KEY_CACHE_MS });
  }
}
