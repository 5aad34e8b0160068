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

export const FILE_PURPOSES = ['bulletin', 'feedback', 'offline_forward'] as const;
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
