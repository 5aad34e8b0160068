import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthContext, IS_PUBLIC } from '../../common/auth-context';
import { DomainError } from '../../common/domain-error';
import { AccessTokenService } from './access-token.service';

// Global guard: every route needs a valid access token unless marked public (route table or @Public()).
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    if (isPublic) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; auth?: AuthContext }>();
    const header = req.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') throw new DomainError('UNAUTHENTICATED');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new DomainError('TOKEN_INVALID');
    req.auth = this.tokens.verify(m[1]);
    return true;
  }
}
