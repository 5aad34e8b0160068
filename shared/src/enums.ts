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
