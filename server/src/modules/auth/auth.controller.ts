import { Controller } from '@nestjs/common';
import { AuthConfigResponse, OkResponse, TokenResponse } from '@wuzha/shared';
import { Input, Route, RouteInput } from '../../common/route';
import { AuthService } from './auth.service';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Route('auth.config')
  config(): AuthConfigResponse {
    return this.auth.authConfig();
  }

  @Route('auth.login')
  login(@Input() input: RouteInput<'auth.login'>): Promise<TokenResponse> {
    return this.auth.login(input.body.code);
  }

  @Route('auth.refresh')
  refresh(@Input() input: RouteInput<'auth.refresh'>): Promise<TokenResponse> {
    return this.auth.refreshTokens(input.body.refreshToken);
  }

  @Route('auth.logout')
  logout(@Input() input: RouteInput<'auth.logout'>): Promise<OkResponse> {
    return this.auth.logout(input.body.refreshToken);
  }
}
