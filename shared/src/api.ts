// The route table: one entry per endpoint. The server's controllers bind to these paths and validate
// with these schemas; the mini program's client is typed from them; the authorization matrix and the
// bad-input tests iterate over them.
import { z } from 'zod';
import { AuditPage, AuditQuery, HealthResponse } from './schemas/audit';
import { AuthConfigResponse, LoginRequest, LogoutRequest, RefreshRequest, TokenResponse } from './schemas/auth';
import {
  BindGroupRequest,
  BulletinInput,
  BulletinListQuery,
  BulletinPage,
  BulletinView,
  DashboardQuery,
  DashboardResponse,
  FeedbackInput,
  FeedbackListQuery,
  FeedbackPage,
  FeedbackView,
  FeedQuery,
  FileView,
  GroupListResponse,
  GroupsQuery,
  GroupView,
  InboxPage,
  InboxQuery,
  OfflineForwardRequest,
  OpenRequest,
  OpenResponse,
  PeriodStatsQuery,
  PeriodStatsResponse,
  RemindPendingRequest,
  RemindResponse,
  ReplyInput,
  ReviewRequest,
  SignedFileQuery,
  TaskView,
  UpdateGroupRequest,
  UploadQuery,
} from './schemas/bulletins';
import { IdParams, OkResponse, PageQuery } from './schemas/common';
import {
  AttemptAuditPage,
  AttemptAuditQuery,
  AttemptView,
  CampaignInput,
  CampaignListQuery,
  CampaignPage,
  CampaignView,
  CertificateQuery,
  CheckRequest,
  CheckResponse,
  ImportResult,
  MistakePage,
  OverviewQuery,
  PracticeRequest,
  QuestionExportQuery,
  QuestionInput,
  QuestionListQuery,
  QuestionPage,
  QuestionStatusRequest,
  QuestionView,
  QuizOverview,
  QuizStats,
  StartAttemptRequest,
  StatsQuery,
  SubmitRequest,
  TownQuery,
} from './schemas/quiz';
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
  // a multipart/form-data upload (one file field named `file`) instead of a JSON body
  multipart?: boolean;
  // a zod schema for JSON, or a content type for binary responses
  response: z.ZodTypeAny | BinaryResponse;
}

// Binary responses: a PNG, any stored image, or an xlsx export.
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const SVG_MIME = 'image/svg+xml';
export type BinaryResponse = 'image/png' | 'image/*' | typeof XLSX_MIME | typeof SVG_MIME;

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

  // ---- files ----
  'files.upload': route({ method: 'POST', path: '/api/files', created: true, multipart: true, summary: '上传图片（≤5MB）', query: UploadQuery, response: FileView }),
  'files.get': route({ method: 'GET', path: '/api/files/:id', public: true, summary: '图片（签名链接）', params: IdParams, query: SignedFileQuery, response: 'image/*' }),

  // ---- bulletins (三级微信群) ----
  'bulletins.create': route({ method: 'POST', path: '/api/bulletins', created: true, summary: '撰写信息（草稿）', body: BulletinInput, response: BulletinView }),
  'bulletins.update': route({ method: 'PUT', path: '/api/bulletins/:id', summary: '修改草稿', params: IdParams, body: BulletinInput, response: BulletinView }),
  'bulletins.list': route({ method: 'GET', path: '/api/bulletins', summary: '本镇信息（含各状态）', query: BulletinListQuery, response: BulletinPage }),
  'bulletins.feed': route({ method: 'GET', path: '/api/bulletins/feed', summary: '我收到的反诈信息', query: FeedQuery, response: BulletinPage }),
  'bulletins.get': route({ method: 'GET', path: '/api/bulletins/:id', summary: '信息详情', params: IdParams, response: BulletinView }),
  'bulletins.submit': route({ method: 'POST', path: '/api/bulletins/:id/submit', summary: '提交审核（含内容安全检测）', params: IdParams, response: BulletinView }),
  'bulletins.review': route({ method: 'POST', path: '/api/bulletins/:id/review', summary: '审核：通过或退回', params: IdParams, body: ReviewRequest, response: BulletinView }),
  'bulletins.publish': route({ method: 'POST', path: '/api/bulletins/:id/publish', summary: '发布（或按定时发布）', params: IdParams, response: BulletinView }),
  'bulletins.open': route({ method: 'POST', path: '/api/bulletins/:id/open', summary: '打开信息（记录群触达）', params: IdParams, body: OpenRequest, response: OpenResponse }),
  'bulletins.confirm': route({ method: 'POST', path: '/api/bulletins/:id/confirm', summary: '已阅确认', params: IdParams, body: OpenRequest, response: OpenResponse }),
  'bulletins.dashboard': route({ method: 'GET', path: '/api/bulletins/:id/dashboard', summary: '转发与触达统计', params: IdParams, query: DashboardQuery, response: DashboardResponse }),
  'bulletins.export': route({ method: 'GET', path: '/api/bulletins/:id/export', summary: '导出统计（xlsx）', params: IdParams, query: DashboardQuery, response: XLSX_MIME }),
  'bulletins.remind': route({ method: 'POST', path: '/api/bulletins/:id/remind', summary: '催办未转发的村（网格）', params: IdParams, body: RemindPendingRequest, response: RemindResponse }),
  'bulletins.stats': route({ method: 'GET', path: '/api/bulletin-stats', summary: '一段时间的转发与触达统计', query: PeriodStatsQuery, response: PeriodStatsResponse }),

  // ---- forwarding tasks ----
  'tasks.inbox': route({ method: 'GET', path: '/api/tasks', summary: '我的转发任务', query: InboxQuery, response: InboxPage }),
  'tasks.forward': route({ method: 'POST', path: '/api/tasks/:id/forward', summary: '已转发到群', params: IdParams, response: TaskView }),
  'tasks.offline': route({ method: 'POST', path: '/api/tasks/:id/offline', summary: '线下转发（公告栏、广播等）', params: IdParams, body: OfflineForwardRequest, response: TaskView }),
  'tasks.remind': route({ method: 'POST', path: '/api/tasks/:id/remind', summary: '催办这项任务', params: IdParams, response: RemindResponse }),

  // ---- WeChat groups ----
  'groups.bind': route({ method: 'POST', path: '/api/groups', created: true, summary: '登记微信群', body: BindGroupRequest, response: GroupView }),
  'groups.list': route({ method: 'GET', path: '/api/groups', summary: '已登记的微信群', query: GroupsQuery, response: GroupListResponse }),
  'groups.update': route({ method: 'PATCH', path: '/api/groups/:id', summary: '改群名或调整所属组织', params: IdParams, body: UpdateGroupRequest, response: GroupView }),
  'groups.remove': route({ method: 'DELETE', path: '/api/groups/:id', summary: '取消登记', params: IdParams, response: OkResponse }),

  // ---- feedback (基层反馈) ----
  'feedback.create': route({ method: 'POST', path: '/api/feedback', created: true, summary: '基层反馈', body: FeedbackInput, response: FeedbackView }),
  'feedback.list': route({ method: 'GET', path: '/api/feedback', summary: '反馈列表', query: FeedbackListQuery, response: FeedbackPage }),
  'feedback.get': route({ method: 'GET', path: '/api/feedback/:id', summary: '反馈详情与回复', params: IdParams, response: FeedbackView }),
  'feedback.reply': route({ method: 'POST', path: '/api/feedback/:id/replies', created: true, summary: '回复反馈', params: IdParams, body: ReplyInput, response: FeedbackView }),

  // ---- quiz: question bank ----
  'quiz.questions.list': route({ method: 'GET', path: '/api/quiz/questions', summary: '题库（系统题库与本镇题目）', query: QuestionListQuery, response: QuestionPage }),
  'quiz.questions.get': route({ method: 'GET', path: '/api/quiz/questions/:id', summary: '题目详情', params: IdParams, response: QuestionView }),
  'quiz.questions.create': route({ method: 'POST', path: '/api/quiz/questions', created: true, summary: '新建题目', query: TownQuery, body: QuestionInput, response: QuestionView }),
  'quiz.questions.update': route({ method: 'PUT', path: '/api/quiz/questions/:id', summary: '修改题目（已被作答的题目生成新版本）', params: IdParams, body: QuestionInput, response: QuestionView }),
  'quiz.questions.status': route({ method: 'POST', path: '/api/quiz/questions/:id/status', summary: '停用或恢复题目', params: IdParams, body: QuestionStatusRequest, response: QuestionView }),
  'quiz.questions.export': route({ method: 'GET', path: '/api/quiz/questions/export', summary: '导出题库（xlsx，可改后导入）', query: QuestionExportQuery, response: XLSX_MIME }),
  'quiz.questions.import': route({ method: 'POST', path: '/api/quiz/questions/import', multipart: true, summary: '导入题库（xlsx，全部成功才导入）', query: TownQuery, response: ImportResult }),

  // ---- quiz: campaigns ----
  'quiz.campaigns.create': route({ method: 'POST', path: '/api/quiz/campaigns', created: true, summary: '新建答题活动（草稿）', body: CampaignInput, response: CampaignView }),
  'quiz.campaigns.update': route({ method: 'PUT', path: '/api/quiz/campaigns/:id', summary: '修改答题活动', params: IdParams, body: CampaignInput, response: CampaignView }),
  'quiz.campaigns.publish': route({ method: 'POST', path: '/api/quiz/campaigns/:id/publish', summary: '发布答题活动', params: IdParams, response: CampaignView }),
  'quiz.campaigns.close': route({ method: 'POST', path: '/api/quiz/campaigns/:id/close', summary: '提前结束答题活动', params: IdParams, response: CampaignView }),
  'quiz.campaigns.list': route({ method: 'GET', path: '/api/quiz/campaigns', summary: '答题活动', query: CampaignListQuery, response: CampaignPage }),
  'quiz.campaigns.get': route({ method: 'GET', path: '/api/quiz/campaigns/:id', summary: '答题活动详情', params: IdParams, response: CampaignView }),
  'quiz.campaigns.stats': route({ method: 'GET', path: '/api/quiz/campaigns/:id/stats', summary: '答题统计（参与率、知晓率、各类骗局正确率）', params: IdParams, query: StatsQuery, response: QuizStats }),
  'quiz.campaigns.export': route({ method: 'GET', path: '/api/quiz/campaigns/:id/stats/export', summary: '导出答题统计（xlsx）', params: IdParams, query: StatsQuery, response: XLSX_MIME }),
  'quiz.campaigns.attempts': route({ method: 'GET', path: '/api/quiz/campaigns/:id/attempts', summary: '作答记录（用时、切出次数、异常标记，不含分数）', params: IdParams, query: AttemptAuditQuery, response: AttemptAuditPage }),
  'quiz.overview': route({ method: 'GET', path: '/api/quiz/overview', summary: '各组织薄弱的骗局类型（全部答题活动）', query: OverviewQuery, response: QuizOverview }),

  // ---- quiz: taking ----
  'quiz.attempts.start': route({ method: 'POST', path: '/api/quiz/campaigns/:id/attempts', created: true, summary: '开始答题（服务器抽题）', params: IdParams, body: StartAttemptRequest, response: AttemptView }),
  'quiz.practice.start': route({ method: 'POST', path: '/api/quiz/practice', created: true, summary: '自由练习（题库抽题，逐题看答案）', body: PracticeRequest, response: AttemptView }),
  'quiz.attempts.get': route({ method: 'GET', path: '/api/quiz/attempts/:id', summary: '我的一次作答', params: IdParams, response: AttemptView }),
  'quiz.attempts.check': route({ method: 'POST', path: '/api/quiz/attempts/:id/check', summary: '练习：查看这道题的答案', params: IdParams, body: CheckRequest, response: CheckResponse }),
  'quiz.attempts.submit': route({ method: 'POST', path: '/api/quiz/attempts/:id/submit', summary: '交卷（重复提交返回同一结果）', params: IdParams, body: SubmitRequest, response: AttemptView }),
  'quiz.certificates.get': route({ method: 'GET', path: '/api/quiz/certificates/:id', public: true, summary: '合格证书图片（签名链接）', params: IdParams, query: CertificateQuery, response: SVG_MIME }),
  'quiz.mistakes.list': route({ method: 'GET', path: '/api/quiz/mistakes', summary: '我的错题本', query: PageQuery, response: MistakePage }),
  'quiz.mistakes.remove': route({ method: 'DELETE', path: '/api/quiz/mistakes/:id', summary: '移出错题本（已掌握）', params: IdParams, response: OkResponse }),
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
