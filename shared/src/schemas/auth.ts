import { z } from 'zod';
import { ROLES, WECHAT_MODES } from '../enums';

export const LoginRequest = z.strictObject({
  // wx.login code; in mock mode `mock:<openid>`
  code: z.string().trim().min(1).max(128),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(16).max(256) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const LogoutRequest = RefreshRequest;
export type LogoutRequest = z.infer<typeof LogoutRequest>;

export const TokenResponse = z.object({
  accessToken: z.string(),
  // seconds until the access token expires
  accessExpiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
  userId: z.number().int(),
  isNewUser: z.boolean(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const DemoUser = z.object({ code: z.string(), role: z.enum(ROLES), displayName: z.string(), nodeName: z.string() });
export type DemoUser = z.infer<typeof DemoUser>;

export const AuthConfigResponse = z.object({
  wechatMode: z.enum(WECHAT_MODES),
  // only in mock mode: the demo users the browser build offers in its login picker
  demoUsers: z.array(DemoUser),
});
export type AuthConfigResponse = z.infer<typeof AuthConfigResponse>;

// Claims inside the access JWT.
export const AccessClaims = z.object({ sub: z.string(), typ: z.literal('access'), iat: z.number(), exp: z.number() });
export type AccessClaims = z.infer<typeof AccessClaims>;
