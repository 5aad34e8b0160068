import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

// Who is calling: set on the request by the global auth guard from a verified access JWT.
export interface AuthContext {
  userId: number;
}

export const IS_PUBLIC = 'wuzha:isPublic';
// Opens a route to callers without a token (the guard denies by default).
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<{ auth?: AuthContext }>();
  if (!req.auth) throw new Error('CurrentUser used on a public route');
  return req.auth;
});
