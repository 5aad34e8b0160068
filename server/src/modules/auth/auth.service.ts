import { Inject, Injectable } from '@nestjs/common';
import { AuthConfigResponse, TokenResponse } from '@wuzha/shared';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DomainError } from '../../common/domain-error';
import { DEMO_USERS } from '../../seed/demo-data';
import { UsersService } from '../users/users.service';
import { WECHAT_CLIENT, WechatClient } from '../wechat/wechat.types';
import { AccessTokenService } from './access-token.service';
import { RefreshTokenService } from './refresh-token.service';

const MOCK_PREFIX = 'mock:';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    private readonly users: UsersService,
    private readonly access: AccessTokenService,
    private readonly refresh: RefreshTokenService,
  ) {}

  authConfig(): AuthConfigResponse {
    const mock = this.config.wechat.mode === 'mock';
    return {
      wechatMode: this.config.wechat.mode,
      demoUsers: mock ? DEMO_USERS.map((u) => ({ code: MOCK_PREFIX + u.openid, role: u.role, displayName: u.displayName, nodeName: u.nodeName })) : [],
    };
  }

  // wx.login code -> our tokens. The user is created on first login.
  async login(code: string): Promise<TokenResponse> {
    if (code.startsWith(MOCK_PREFIX) && this.config.wechat.mode !== 'mock') throw new DomainError('MOCK_LOGIN_DISABLED');
    const session = await this.wechat.code2Session(code);
    const { user, created } = await this.users.findOrCreateByOpenid(session.openid, session.unionid ?? null);
    await this.users.recordLogin(user.id, { sessionKey: session.sessionKey, unionid: session.unionid ?? null });
    const refresh = await this.refresh.issue(user.id);
    return this.tokens(user.id, refresh, created);
  }

  async refreshTokens(refreshToken: string): Promise<TokenResponse> {
    const next = await this.refresh.rotate(refreshToken);
    return this.tokens(next.userId, next, false);
  }

  async logout(refreshToken: string): Promise<{ ok: true }> {
    await this.refresh.revoke(refreshToken);
    return { ok: true };
  }

  private tokens(userId: number, refresh: { token: string; expiresIn: number }, isNewUser: boolean): TokenResponse {
    return {
      accessToken: this.access.sign(userId),
      accessExpiresIn: this.access.ttlSeconds,
      refreshToken: refresh.token,
      refreshExpiresIn: refresh.expiresIn,
      userId,
      isNewUser,
    };
  }
}
