// The route table: one entry per endpoint. The server's controllers bind to these paths and validate
// with these schemas; the mini program's client is typed from them; the authorization matrix and the
// bad-input tests iterate over them.
import { z } from 'zod';
import { AuditPage, AuditQuery, HealthResponse } from './schemas/audit';
import { AuthConfigResponse, LoginRequest, LogoutRequest, RefreshRequest, TokenResponse } from './schemas/auth';
import { IdParams, OkResponse } from './schemas/common';
import { CreateInviteRequest, InviteCodeParams, InviteListQuery, InviteListResponse, InvitePreview, InviteView } from './schemas/invites';
import { FamilyListResponse, FamilyMemberRequest, FamilyMemberView, MeResponse, PhoneRequest, UpdateMeRequest } from './schemas/me';
import {
  CreateNodeRequest,
  DirectoryQuery,
  DirectoryResponse,
  JoinRequest,
  MembersPage,
  MembersQuery,
  MembershipView,
  NodeView,
  RenameNodeRequest,
} from './schemas/org';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  // Nest-style path with :params
  path: string;
  summary: string;
  public?: boolean;
  // answers 201 Created (other POSTs answer 200)
  created?: boolean;
  params?: z.ZodTypeAny;
  query?: z.ZodTypeAny;
  body?: z.ZodTypeAny;
  // a zod schema for JSON, or a content type for binary responses
  response: z.ZodTypeAny | 'image/png';
}

function route<const R extends RouteDef>(r: R): R {
  return r;
}

export const NodeChildrenResponse = z.object({ items: z.array(NodeView) });
export type NodeChildrenResponse = z.infer<typeof NodeChildrenResponse>;

export const API = {
  health: route({ method: 'GET', path: '/api/health', summary: '健康检查（含数据库）', public: true, response: HealthResponse }),

  'auth.config': route({ method: 'GET', path: '/api/auth/config', summary: '登录方式与演示用户', public: true, response: AuthConfigResponse }),
  'auth.login': route({ method: 'POST', path: '/api/auth/login', summary: '微信登录', public: true, body: LoginRequest, response: TokenResponse }),
  'auth.refresh': route({ method: 'POST', path: '/api/auth/refresh', summary: '刷新令牌（轮换）', public: true, body: RefreshRequest, response: TokenResponse }),
  'auth.logout': route({ method: 'POST', path: '/api/auth/logout', summary: '退出登录', public: true, body: LogoutRequest, response: OkResponse }),

  'me.get': route({ method: 'GET', path: '/api/me', summary: '我的资料与身份', response: MeResponse }),
  'me.update': route({ method: 'PATCH', path: '/api/me', summary: '修改姓名', body: UpdateMeRequest, response: MeResponse }),
  'me.phone': route({ method: 'POST', path: '/api/me/phone', summary: '绑定微信手机号', body: PhoneRequest, response: MeResponse }),
  'me.family.list': route({ method: 'GET', path: '/api/me/family', summary: '我的家人', response: FamilyListResponse }),
  'me.family.create': route({ method: 'POST', path: '/api/me/family', created: true, summary: '添加家人', body: FamilyMemberRequest, response: FamilyMemberView }),
  'me.family.update': route({ method: 'PUT', path: '/api/me/family/:id', summary: '修改家人', params: IdParams, body: FamilyMemberRequest, response: FamilyMemberView }),
  'me.family.delete': route({ method: 'DELETE', path: '/api/me/family/:id', summary: '删除家人', params: IdParams, response: OkResponse }),

  'org.directory': route({ method: 'GET', path: '/api/org/directory', summary: '选择村（社区）和网格', query: DirectoryQuery, response: DirectoryResponse }),
  'org.node': route({ method: 'GET', path: '/api/org/nodes/:id', summary: '组织详情', params: IdParams, response: NodeView }),
  'org.children': route({ method: 'GET', path: '/api/org/nodes/:id/children', summary: '下级组织', params: IdParams, response: NodeChildrenResponse }),
  'org.createNode': route({ method: 'POST', path: '/api/org/nodes', created: true, summary: '新建下级组织', body: CreateNodeRequest, response: NodeView }),
  'org.renameNode': route({ method: 'PATCH', path: '/api/org/nodes/:id', summary: '重命名组织', params: IdParams, body: RenameNodeRequest, response: NodeView }),
  'org.members': route({ method: 'GET', path: '/api/org/nodes/:id/members', summary: '组织成员（含下级）', params: IdParams, query: MembersQuery, response: MembersPage }),

  'memberships.join': route({ method: 'POST', path: '/api/memberships/join', summary: '居民加入村（社区）或网格', body: JoinRequest, response: MembershipView }),
  'memberships.remove': route({ method: 'DELETE', path: '/api/memberships/:id', summary: '退出或移除身份', params: IdParams, response: OkResponse }),

  'invites.create': route({ method: 'POST', path: '/api/invites', created: true, summary: '生成邀请码', body: CreateInviteRequest, response: InviteView }),
  'invites.list': route({ method: 'GET', path: '/api/invites', summary: '我管理的邀请码', query: InviteListQuery, response: InviteListResponse }),
  'invites.preview': route({ method: 'GET', path: '/api/invites/code/:code', summary: '查看邀请', params: InviteCodeParams, response: InvitePreview }),
  'invites.accept': route({ method: 'POST', path: '/api/invites/code/:code/accept', summary: '接受邀请', params: InviteCodeParams, response: MembershipView }),
  'invites.revoke': route({ method: 'POST', path: '/api/invites/:id/revoke', summary: '撤销邀请码', params: IdParams, response: InviteView }),
  'invites.qr': route({ method: 'GET', path: '/api/invites/:id/qr', summary: '邀请二维码图片', params: IdParams, response: 'image/png' }),

  'audit.list': route({ method: 'GET', path: '/api/audit', summary: '操作日志', query: AuditQuery, response: AuditPage }),
} as const;

export type ApiName = keyof typeof API;
type Def<N extends ApiName> = (typeof API)[N];
type InOf<S> = S extends z.ZodTypeAny ? z.input<S> : never;
export type ApiParams<N extends ApiName> = Def<N> extends { params: infer S } ? InOf<S> : undefined;
export type ApiQuery<N extends ApiName> = Def<N> extends { query: infer S } ? InOf<S> : undefined;
export type ApiBody<N extends ApiName> = Def<N> extends { body: infer S } ? InOf<S> : undefined;
export type ApiResponse<N extends ApiName> = Def<N>['response'] extends z.ZodTypeAny ? z.infer<Def<N>['response']> : ArrayBuffer;

// Fill :params into a route path.
export function buildPath(path: string, params?: Record<string, string | number>): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
    const v = params?.[k];
    if (v === undefined) throw new Error(`missing path param ${k}`);
    return encodeURIComponent(String(v));
  });
}
