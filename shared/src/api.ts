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
import {
  ChainCheck,
  ExportQuery,
  MatchRequest,
  MatchView,
  MyPledgesView,
  PledgeCampaignInput,
  PledgeCampaignListQuery,
  PledgeCampaignPage,
  PledgeCampaignView,
  PledgeProgress,
  PledgeRemindResponse,
  PledgeTemplateInput,
  PledgeTemplateList,
  PledgeTemplateListQuery,
  PledgeTemplateView,
  ProgressQuery,
  RemindRequest,
  RosterEntryInput,
  RosterEntryView,
  RosterImportResult,
  RosterListQuery,
  RosterPage,
  SchoolQuery,
  SignatureImageQuery,
  SignatureView,
  SignerListQuery,
  SignerPage,
  SignPageQuery,
  SignPageView,
  SignRequest,
  SubscribeRequest,
  SubscribeResponse,
  VerifyCodeParams,
  VerifyView,
} from './schemas/pledge';
import {
  ActivityInput,
  ActivityListQuery,
  ActivityPage,
  ActivityView,
  ApplicationInput,
  ApplicationList,
  ApplicationListQuery,
  ApplicationView,
  AwardCertificateQuery,
  AwardList,
  AwardListQuery,
  AwardView,
  CaseFigureInput,
  CaseFigureList,
  CaseFigureView,
  CaseListQuery,
  ComputeResponse,
  DecideRequest,
  FfSummary,
  IndicatorSheet,
  KeepRequest,
  NodeQuery,
  NoticeList,
  NoticeQuery,
  ObjectionInput,
  ObjectionView,
  ProgramInput,
  ProgramList,
  ProgramListQuery,
  ProgramView,
  RankingQuery,
  Rankings,
  ApplicationReviewRequest,
  RevokeRequest,
  TownQueryFf,
  WarningComputeRequest,
  WarningComputeResponse,
  WarningList,
  WarningListQuery,
  WarningRulesInput,
  WarningRulesView,
} from './schemas/fraud-free';
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
export const ZIP_MIME = 'application/zip';
export type BinaryResponse = 'image/png' | 'image/*' | typeof XLSX_MIME | typeof SVG_MIME | typeof ZIP_MIME;

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
  // ---- pledges: texts, rosters, campaigns ----
  'pledge.templates.list': route({ method: 'GET', path: '/api/pledge/templates', summary: '承诺书范本（系统范本与本镇范本）', query: PledgeTemplateListQuery, response: PledgeTemplateList }),
  'pledge.templates.get': route({ method: 'GET', path: '/api/pledge/templates/:id', summary: '承诺书范本及其版本', params: IdParams, response: PledgeTemplateView }),
  'pledge.templates.create': route({ method: 'POST', path: '/api/pledge/templates', created: true, summary: '新建本镇承诺书范本', query: TownQuery, body: PledgeTemplateInput, response: PledgeTemplateView }),
  'pledge.templates.update': route({ method: 'PUT', path: '/api/pledge/templates/:id', summary: '修改范本（已用于发布的版本不变，生成新版本）', params: IdParams, body: PledgeTemplateInput, response: PledgeTemplateView }),
  'pledge.roster.list': route({ method: 'GET', path: '/api/pledge/roster', summary: '班级花名册', query: RosterListQuery, response: RosterPage }),
  'pledge.roster.create': route({ method: 'POST', path: '/api/pledge/roster', created: true, summary: '添加一名学生', body: RosterEntryInput, response: RosterEntryView }),
  'pledge.roster.update': route({ method: 'PUT', path: '/api/pledge/roster/:id', summary: '修改学生信息', params: IdParams, body: RosterEntryInput, response: RosterEntryView }),
  'pledge.roster.remove': route({ method: 'DELETE', path: '/api/pledge/roster/:id', summary: '从花名册移除（已签的记录保留）', params: IdParams, response: OkResponse }),
  'pledge.roster.import': route({ method: 'POST', path: '/api/pledge/roster/import', multipart: true, summary: '导入花名册（xlsx 或 csv，全部成功才导入）', query: SchoolQuery, response: RosterImportResult }),
  'pledge.roster.template': route({ method: 'GET', path: '/api/pledge/roster/template', summary: '花名册模板（xlsx，含本校班级）', query: SchoolQuery, response: XLSX_MIME }),
  'pledge.campaigns.create': route({ method: 'POST', path: '/api/pledge/campaigns', created: true, summary: '新建签署活动（草稿）', body: PledgeCampaignInput, response: PledgeCampaignView }),
  'pledge.campaigns.update': route({ method: 'PUT', path: '/api/pledge/campaigns/:id', summary: '修改签署活动', params: IdParams, body: PledgeCampaignInput, response: PledgeCampaignView }),
  'pledge.campaigns.publish': route({ method: 'POST', path: '/api/pledge/campaigns/:id/publish', summary: '发布签署活动（锁定承诺书版本）', params: IdParams, response: PledgeCampaignView }),
  'pledge.campaigns.close': route({ method: 'POST', path: '/api/pledge/campaigns/:id/close', summary: '结束签署活动', params: IdParams, response: PledgeCampaignView }),
  'pledge.campaigns.list': route({ method: 'GET', path: '/api/pledge/campaigns', summary: '签署活动', query: PledgeCampaignListQuery, response: PledgeCampaignPage }),
  'pledge.campaigns.get': route({ method: 'GET', path: '/api/pledge/campaigns/:id', summary: '签署活动详情', params: IdParams, response: PledgeCampaignView }),

  // ---- pledges: signing ----
  'pledge.mine': route({ method: 'GET', path: '/api/pledge/mine', summary: '我的承诺书（待签与已签）', response: MyPledgesView }),
  'pledge.sign.page': route({ method: 'GET', path: '/api/pledge/campaigns/:id/sign', summary: '签署页（承诺书全文）', params: IdParams, query: SignPageQuery, response: SignPageView }),
  'pledge.sign.match': route({ method: 'POST', path: '/api/pledge/campaigns/:id/match', summary: '核对学生（班级、姓名、学号）', params: IdParams, body: MatchRequest, response: MatchView }),
  'pledge.sign.submit': route({ method: 'POST', path: '/api/pledge/campaigns/:id/signatures', created: true, summary: '签署（重复签署返回已有记录）', params: IdParams, body: SignRequest, response: SignatureView }),
  'pledge.sign.subscribe': route({ method: 'POST', path: '/api/pledge/campaigns/:id/subscribe', summary: '截止前提醒我（订阅消息）', params: IdParams, body: SubscribeRequest, response: SubscribeResponse }),
  'pledge.signatures.get': route({ method: 'GET', path: '/api/pledge/signatures/:id', summary: '我签署的承诺书', params: IdParams, response: SignatureView }),
  'pledge.signatures.image': route({ method: 'GET', path: '/api/pledge/signatures/:id/image', public: true, summary: '承诺书图片（签名链接）', params: IdParams, query: SignatureImageQuery, response: SVG_MIME }),
  'pledge.signatures.png': route({ method: 'GET', path: '/api/pledge/signatures/:id/signature.png', public: true, summary: '手写签名图片（签名链接）', params: IdParams, query: SignatureImageQuery, response: 'image/png' }),
  'pledge.verify': route({ method: 'GET', path: '/api/pledge/verify/:code', public: true, summary: '核验承诺书（验证码）', params: VerifyCodeParams, response: VerifyView }),

  // ---- pledges: tracking ----
  'pledge.progress': route({ method: 'GET', path: '/api/pledge/campaigns/:id/progress', summary: '签署进度（各班、各村、各单位）', params: IdParams, query: ProgressQuery, response: PledgeProgress }),
  'pledge.signers': route({ method: 'GET', path: '/api/pledge/campaigns/:id/signers', summary: '已签和未签名单', params: IdParams, query: SignerListQuery, response: SignerPage }),
  'pledge.remind': route({ method: 'POST', path: '/api/pledge/campaigns/:id/remind', summary: '提醒未签的家长和居民（订阅消息）', params: IdParams, body: RemindRequest, response: PledgeRemindResponse }),
  'pledge.export': route({ method: 'GET', path: '/api/pledge/campaigns/:id/export', summary: '导出签署名单（xlsx）', params: IdParams, query: ExportQuery, response: XLSX_MIME }),
  'pledge.images': route({ method: 'GET', path: '/api/pledge/campaigns/:id/images', summary: '下载一个班已签的承诺书图片（zip）', params: IdParams, query: ExportQuery, response: ZIP_MIME }),
  'pledge.chain': route({ method: 'GET', path: '/api/pledge/campaigns/:id/chain', summary: '核验整个活动的签署记录链', params: IdParams, response: ChainCheck }),
  // ---- the Fraud-Free program (无诈创建): programs, indicators, rankings ----
  'ff.programs.list': route({ method: 'GET', path: '/api/ff/programs', summary: '无诈创建评比', query: ProgramListQuery, response: ProgramList }),
  'ff.programs.get': route({ method: 'GET', path: '/api/ff/programs/:id', summary: '评比详情与指标', params: IdParams, response: ProgramView }),
  'ff.programs.create': route({ method: 'POST', path: '/api/ff/programs', created: true, summary: '新建评比（草稿）', body: ProgramInput, response: ProgramView }),
  'ff.programs.update': route({ method: 'PUT', path: '/api/ff/programs/:id', summary: '修改评比', params: IdParams, body: ProgramInput, response: ProgramView }),
  'ff.programs.publish': route({ method: 'POST', path: '/api/ff/programs/:id/publish', summary: '发布评比', params: IdParams, response: ProgramView }),
  'ff.programs.close': route({ method: 'POST', path: '/api/ff/programs/:id/close', summary: '结束评比', params: IdParams, response: ProgramView }),
  'ff.indicators': route({ method: 'GET', path: '/api/ff/programs/:id/indicators', summary: '一个组织的实时指标（对照目标）', params: IdParams, query: NodeQuery, response: IndicatorSheet }),
  'ff.compute': route({ method: 'POST', path: '/api/ff/programs/:id/compute', summary: '计算全镇各组织的指标（批量）', params: IdParams, response: ComputeResponse }),
  'ff.rankings': route({ method: 'GET', path: '/api/ff/programs/:id/rankings', summary: '组织排名（综合得分与各项指标）', params: IdParams, query: RankingQuery, response: Rankings }),
  'ff.rankings.export': route({ method: 'GET', path: '/api/ff/programs/:id/rankings/export', summary: '导出排名（xlsx）', params: IdParams, query: RankingQuery, response: XLSX_MIME }),
  'ff.summary': route({ method: 'GET', path: '/api/ff/summary', summary: '镇、县创建工作汇总', query: NodeQuery, response: FfSummary }),

  // ---- activity ledger and police figures ----
  'ff.activities.create': route({ method: 'POST', path: '/api/ff/activities', created: true, summary: '登记宣传活动', body: ActivityInput, response: ActivityView }),
  'ff.activities.list': route({ method: 'GET', path: '/api/ff/activities', summary: '宣传活动台账', query: ActivityListQuery, response: ActivityPage }),
  'ff.activities.remove': route({ method: 'DELETE', path: '/api/ff/activities/:id', summary: '删除误登记的活动（登记后7天内）', params: IdParams, response: OkResponse }),
  'ff.cases.upsert': route({ method: 'PUT', path: '/api/ff/cases', summary: '填报月度发案数和损失（汇总数，不含受害人信息）', body: CaseFigureInput, response: CaseFigureView }),
  'ff.cases.list': route({ method: 'GET', path: '/api/ff/cases', summary: '月度发案数', query: CaseListQuery, response: CaseFigureList }),

  // ---- applications, notice, awards ----
  'ff.applications.create': route({ method: 'POST', path: '/api/ff/programs/:id/applications', created: true, summary: '申报（草稿）', params: IdParams, body: ApplicationInput, response: ApplicationView }),
  'ff.applications.update': route({ method: 'PUT', path: '/api/ff/applications/:id', summary: '修改申报', params: IdParams, body: ApplicationInput, response: ApplicationView }),
  'ff.applications.submit': route({ method: 'POST', path: '/api/ff/applications/:id/submit', summary: '提交申报', params: IdParams, response: ApplicationView }),
  'ff.applications.list': route({ method: 'GET', path: '/api/ff/applications', summary: '申报列表（评审队列）', query: ApplicationListQuery, response: ApplicationList }),
  'ff.applications.get': route({ method: 'GET', path: '/api/ff/applications/:id', summary: '申报详情', params: IdParams, response: ApplicationView }),
  'ff.applications.review': route({ method: 'POST', path: '/api/ff/applications/:id/review', summary: '评审：打分并通过（进入公示）或退回', params: IdParams, body: ApplicationReviewRequest, response: ApplicationView }),
  'ff.applications.decide': route({ method: 'POST', path: '/api/ff/applications/:id/decide', summary: '公示期满：授牌或不予通过', params: IdParams, body: DecideRequest, response: ApplicationView }),
  'ff.objections.create': route({ method: 'POST', path: '/api/ff/applications/:id/objections', created: true, summary: '对公示提出异议', params: IdParams, body: ObjectionInput, response: ObjectionView }),
  'ff.notices': route({ method: 'GET', path: '/api/ff/notices', public: true, summary: '公示栏', query: NoticeQuery, response: NoticeList }),
  'ff.awards.list': route({ method: 'GET', path: '/api/ff/awards', summary: '已授牌的组织', query: AwardListQuery, response: AwardList }),
  'ff.awards.revoke': route({ method: 'POST', path: '/api/ff/awards/:id/revoke', summary: '撤销称号', params: IdParams, body: RevokeRequest, response: AwardView }),
  'ff.awards.keep': route({ method: 'POST', path: '/api/ff/awards/:id/keep', summary: '复核后保留称号', params: IdParams, body: KeepRequest, response: AwardView }),
  'ff.awards.certificate': route({ method: 'GET', path: '/api/ff/awards/:id/certificate', public: true, summary: '牌匾证书（可打印，签名链接）', params: IdParams, query: AwardCertificateQuery, response: SVG_MIME }),

  // ---- warnings ----
  'ff.warnings.rules': route({ method: 'GET', path: '/api/ff/warning-rules', summary: '红黄绿预警规则', query: TownQueryFf, response: WarningRulesView }),
  'ff.warnings.rules.update': route({ method: 'PUT', path: '/api/ff/warning-rules', summary: '修改预警规则', query: TownQueryFf, body: WarningRulesInput, response: WarningRulesView }),
  'ff.warnings.compute': route({ method: 'POST', path: '/api/ff/warnings/compute', summary: '计算一个月的红黄绿预警', body: WarningComputeRequest, response: WarningComputeResponse }),
  'ff.warnings.list': route({ method: 'GET', path: '/api/ff/warnings', summary: '预警（各村、各单位的颜色和原因）', query: WarningListQuery, response: WarningList }),
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
