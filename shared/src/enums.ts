// Enums shared by server and mini program. Values are stored in the database: never rename one.

export const ROLES = [
  'resident',
  'student',
  'parent',
  'grid_worker',
  'village_cadre',
  'school_admin',
  'teacher',
  'unit_contact',
  'town_admin',
  'police_liaison',
] as const;
export type Role = (typeof ROLES)[number];

export const NODE_KINDS = [
  'county',
  'town',
  'village',
  'community',
  'grid',
  'school',
  'grade',
  'class',
  'enterprise',
  'institution',
  'building',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const RELATIONSHIPS = ['father', 'mother', 'spouse', 'son', 'daughter', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const WECHAT_MODES = ['mock', 'live'] as const;
export type WechatMode = (typeof WECHAT_MODES)[number];

export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  county: '县',
  town: '镇',
  village: '村',
  community: '社区',
  grid: '网格',
  school: '学校',
  grade: '年级',
  class: '班级',
  enterprise: '企业',
  institution: '事业单位',
  building: '楼宇',
};

export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  father: '父亲',
  mother: '母亲',
  spouse: '配偶',
  son: '儿子',
  daughter: '女儿',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
};

// Which kinds may be created directly under a node of a kind.
export const CHILD_KINDS: Record<NodeKind, readonly NodeKind[]> = {
  county: ['town'],
  town: ['village', 'community', 'school', 'enterprise', 'institution', 'building'],
  village: ['grid', 'school', 'enterprise', 'institution', 'building'],
  community: ['grid', 'school', 'enterprise', 'institution', 'building'],
  grid: ['building'],
  school: ['grade'],
  grade: ['class'],
  class: [],
  enterprise: [],
  institution: [],
  building: [],
};

// Kinds a resident can pick from the directory and join without an invite.
export const SELF_JOIN_KINDS: readonly NodeKind[] = ['village', 'community', 'grid'];
// Kinds listed in the public directory (the path down to a joinable node).
export const DIRECTORY_KINDS: readonly NodeKind[] = ['county', 'town', 'village', 'community', 'grid'];

// Fraud types: the six high-incidence types first (苟堂's plan), then others the documents name.
// Shared by bulletins (tags), quizzes (question tags) and statistics.
export const FRAUD_TYPES = [
  'order_brushing',
  'fake_investment',
  'fake_loan',
  'fake_shopping',
  'fake_customer_service',
  'impersonate_acquaintance',
  'impersonate_officials',
  'renting_cards',
  'fake_credit_repair',
  'online_dating',
  'game_trading',
  'other',
  // knowledge areas rather than scams, used to tag quiz questions and policy bulletins
  'anti_fraud_law',
  'after_scam',
] as const;
export type FraudType = (typeof FRAUD_TYPES)[number];
export const HIGH_INCIDENCE_FRAUD_TYPES: readonly FraudType[] = FRAUD_TYPES.slice(0, 6);

export const FRAUD_TYPE_LABELS: Record<FraudType, string> = {
  order_brushing: '刷单返利',
  fake_investment: '虚假投资理财',
  fake_loan: '虚假网络贷款',
  fake_shopping: '虚假购物服务',
  fake_customer_service: '冒充电商物流客服',
  impersonate_acquaintance: '冒充熟人或领导',
  impersonate_officials: '冒充公检法',
  renting_cards: '出租出借两卡',
  fake_credit_repair: '虚假征信',
  online_dating: '网络婚恋交友',
  game_trading: '网络游戏虚假交易',
  other: '其他',
  anti_fraud_law: '反电信网络诈骗法',
  after_scam: '被骗后怎么办',
};

export const BULLETIN_CATEGORIES = ['case_news', 'warning', 'daily_log', 'typical_case', 'policy'] as const;
export type BulletinCategory = (typeof BULLETIN_CATEGORIES)[number];
export const BULLETIN_CATEGORY_LABELS: Record<BulletinCategory, string> = {
  case_news: '发案动态',
  warning: '预警提示',
  daily_log: '反诈日志',
  typical_case: '典型案例',
  policy: '政策法规',
};

export const BULLETIN_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'scheduled', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];
export const BULLETIN_STATUS_LABELS: Record<BulletinStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '已通过',
  scheduled: '定时发布',
  published: '已发布',
};

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

// A forwarding task: pending until the cadre forwards it into their groups (or reports an offline forward).
export const TASK_STATUSES = ['pending', 'forwarded', 'offline'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const FEEDBACK_KINDS = ['new_scam', 'concern', 'situation', 'other'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, string> = {
  new_scam: '发现新骗局',
  concern: '群众关心的问题',
  situation: '情况报告',
  other: '其他',
};

// activity: ledger photos; evidence: application evidence (images or PDF)
export const FILE_PURPOSES = ['bulletin', 'feedback', 'offline_forward', 'activity', 'evidence'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

// ---- quizzes ----
export const QUESTION_TYPES = ['single', 'multiple', 'true_false'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = { single: '单选题', multiple: '多选题', true_false: '判断题' };
// the two options of every true/false question, in this order
export const TRUE_FALSE_OPTIONS = ['正确', '错误'] as const;

export const AUDIENCE_TAGS = ['elderly', 'students', 'workers', 'finance', 'cadres'] as const;
export type AudienceTag = (typeof AUDIENCE_TAGS)[number];
export const AUDIENCE_TAG_LABELS: Record<AudienceTag, string> = {
  elderly: '老年人',
  students: '学生',
  workers: '务工职工',
  finance: '金融从业人员',
  cadres: '干部',
};

export const DIFFICULTIES = [1, 2, 3] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
export const DIFFICULTY_LABELS: Record<Difficulty, string> = { 1: '容易', 2: '中等', 3: '较难' };

export const QUESTION_STATUSES = ['active', 'retired'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

// exam: scored, counted in statistics; practice: instant feedback per question, no score
export const CAMPAIGN_KINDS = ['exam', 'practice'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_STATUSES = ['draft', 'published', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
// derived from status and the window
export const CAMPAIGN_STATES = ['draft', 'upcoming', 'open', 'ended'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
export const CAMPAIGN_STATE_LABELS: Record<CampaignState, string> = { draft: '草稿', upcoming: '未开始', open: '进行中', ended: '已结束' };
// which attempt of a person counts in statistics
export const COUNTING_MODES = ['best', 'last'] as const;
export type CountingMode = (typeof COUNTING_MODES)[number];
export const ATTEMPT_STATUSES = ['open', 'submitted', 'expired'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

// ---- pledges ----
// what the text is: a pledge of a student, a family (无诈家庭), staff, a resident, or a unit's 倡议书
export const PLEDGE_KINDS = ['student', 'family', 'staff', 'resident', 'unit'] as const;
export type PledgeKind = (typeof PLEDGE_KINDS)[number];
export const PLEDGE_KIND_LABELS: Record<PledgeKind, string> = {
  student: '学生反诈承诺书',
  family: '无诈家庭承诺书',
  staff: '职工反诈承诺书',
  resident: '居民反诈承诺书',
  unit: '单位防电诈倡议书',
};
// who signs a campaign, and so what its denominator is
// students: the roster entries of a school's classes (a student or a guardian signs for each entry)
// residents: the people holding the resident role in villages/communities/grids
// staff: the people of units (resident role at a unit) and schools (teachers, school admins)
// units: enterprises, institutions and buildings; each signs once through its contact
export const PLEDGE_AUDIENCES = ['students', 'residents', 'staff', 'units'] as const;
export type PledgeAudience = (typeof PLEDGE_AUDIENCES)[number];
export const PLEDGE_AUDIENCE_LABELS: Record<PledgeAudience, string> = {
  students: '学生（按班级花名册）',
  residents: '村（社区）居民',
  staff: '单位职工和教职工',
  units: '单位（由联络员代表单位签署）',
};
// which audiences a template kind may be used for
export const PLEDGE_KIND_AUDIENCES: Record<PledgeKind, readonly PledgeAudience[]> = {
  student: ['students'],
  family: ['students', 'residents'],
  staff: ['staff'],
  resident: ['residents'],
  unit: ['units'],
};
export const PLEDGE_CAMPAIGN_STATUSES = ['draft', 'published', 'closed'] as const;
export type PledgeCampaignStatus = (typeof PLEDGE_CAMPAIGN_STATUSES)[number];
// derived from status and the deadline
export const PLEDGE_CAMPAIGN_STATES = ['draft', 'open', 'ended'] as const;
export type PledgeCampaignState = (typeof PLEDGE_CAMPAIGN_STATES)[number];
export const PLEDGE_CAMPAIGN_STATE_LABELS: Record<PledgeCampaignState, string> = { draft: '草稿', open: '签署中', ended: '已截止' };
// self: the person themself (a student for their own roster entry); guardian: a parent for a child's
// roster entry; unit: a unit's contact on behalf of the unit
export const SIGNER_TYPES = ['self', 'guardian', 'unit'] as const;
export type SignerType = (typeof SIGNER_TYPES)[number];
export const GUARDIAN_RELATIONSHIPS = ['father', 'mother', 'grandparent', 'other'] as const;
export type GuardianRelationship = (typeof GUARDIAN_RELATIONSHIPS)[number];
export const GUARDIAN_RELATIONSHIP_LABELS: Record<GuardianRelationship, string> = {
  father: '父亲',
  mother: '母亲',
  grandparent: '祖父母/外祖父母',
  other: '其他监护人',
};

// ---- the Fraud-Free program (无诈创建) ----
// what is rated, and which org nodes may apply for it
export const PROGRAM_KINDS = ['community', 'unit', 'campus', 'building'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];
export const PROGRAM_KIND_LABELS: Record<ProgramKind, string> = {
  community: '无诈社区（村）',
  unit: '无诈单位（企业）',
  campus: '无诈校园',
  building: '无诈楼宇',
};
export const PROGRAM_KIND_NODE_KINDS: Record<ProgramKind, readonly NodeKind[]> = {
  community: ['village', 'community'],
  unit: ['enterprise', 'institution'],
  campus: ['school'],
  building: ['building'],
};
export const PROGRAM_STATUSES = ['draft', 'published', 'closed'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

// Where an indicator's value comes from. Automatic ones are computed from the platform's own data over
// the program's period and the applicant's subtree; police figures are entered by the police liaison;
// manual ones are scored by the town's reviewers from the applicant's evidence.
export const INDICATOR_SOURCES = [
  'quiz_participation', // % of people in scope who took a quiz campaign of the period
  'quiz_awareness', // % of participants whose counting attempt passed
  'pledge_rate', // % of pledge subjects (students, residents, staff, units) who signed
  'forward_timeliness', // % of forwarding tasks with a deadline in the period forwarded by it
  'group_reach', // % of bound WeChat groups reached by a bulletin of the period
  'feedback_sent', // feedback threads sent up in the period
  'activities', // propaganda activities logged in the ledger in the period
  'activity_people', // people reached by those activities
  'cases', // fraud cases (police figures) in the period — lower is better
  'case_loss', // losses in yuan (police figures) — lower is better
  'manual', // scored by reviewers from evidence (meetings held, rules on the wall…)
] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];
export const INDICATOR_SOURCE_LABELS: Record<IndicatorSource, string> = {
  quiz_participation: '答题参与率',
  quiz_awareness: '知晓率',
  pledge_rate: '承诺书签署率',
  forward_timeliness: '信息转发及时率',
  group_reach: '微信群覆盖率',
  feedback_sent: '基层反馈条数',
  activities: '宣传活动次数',
  activity_people: '宣传覆盖人次',
  cases: '发案数',
  case_loss: '损失金额（元）',
  manual: '评审打分',
};
// sources whose value is a percentage (0–100)
export const PERCENT_SOURCES: readonly IndicatorSource[] = ['quiz_participation', 'quiz_awareness', 'pledge_rate', 'forward_timeliness', 'group_reach'];
// sources where a lower value is better
export const LOWER_IS_BETTER: readonly IndicatorSource[] = ['cases', 'case_loss'];
// threshold: the full weight when the target is met, else 0; linear: a share of the weight up to the target
export const SCORING_RULES = ['threshold', 'linear'] as const;
export type ScoringRule = (typeof SCORING_RULES)[number];

export const ACTIVITY_KINDS = ['lecture', 'door_to_door', 'stall', 'meeting', 'class_meeting', 'drill', 'online', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  lecture: '讲座、培训',
  door_to_door: '入户走访',
  stall: '摆摊宣传',
  meeting: '工作例会',
  class_meeting: '主题班会',
  drill: '案例演练',
  online: '线上宣传',
  other: '其他',
};

// draft → submitted → (returned → submitted) → notice (公示) → awarded | rejected
export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'notice', 'awarded', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '待评审',
  returned: '已退回',
  notice: '公示中',
  awarded: '已授牌',
  rejected: '未通过',
};
// active; review: a case happened or indicators fell, the town decides; revoked; (expired is derived from validUntil)
export const AWARD_STATUSES = ['active', 'review', 'revoked'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];
export const AWARD_STATES = ['active', 'review', 'revoked', 'expired'] as const;
export type AwardState = (typeof AWARD_STATES)[number];
export const AWARD_STATE_LABELS: Record<AwardState, string> = { active: '有效', review: '复核中', revoked: '已撤销', expired: '已过期' };

export const WARNING_COLOURS = ['green', 'yellow', 'red'] as const;
export type WarningColour = (typeof WARNING_COLOURS)[number];
export const WARNING_COLOUR_LABELS: Record<WarningColour, string> = { green: '绿色', yellow: '黄色预警', red: '红色预警' };
// why a node is not green
export const WARNING_REASONS = ['cases_up', 'cases_high', 'awareness_low', 'forwards_overdue', 'no_activity'] as const;
export type WarningReason = (typeof WARNING_REASONS)[number];
