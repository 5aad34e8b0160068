import type { NodeKind, Role } from './enums';

export const PERMISSIONS = [
  'node.read', // see the node and its subtree's structure
  'members.read', // list people holding roles in the subtree
  'members.manage', // remove memberships (only of roles the caller may invite)
  'invites.create', // issue invites for roles the caller may invite
  'nodes.manage', // create or rename child nodes
  'audit.read', // read the audit log of the subtree
  'bulletins.write', // draft and submit bulletins for the town
  'bulletins.review', // approve, return and publish others' bulletins
  'tasks.act', // forward the bulletins assigned to the node (the node's forwarding tasks)
  'groups.manage', // bind and rename the WeChat groups of the subtree
  'groups.move', // move a bound group to another node
  'dashboard.read', // see reach and forwarding dashboards of the subtree, and remind laggards
  'feedback.read', // see and answer feedback sent up from the subtree
  'feedback.write', // send feedback up (基层反馈)
  'export', // export data of the subtree (audit-logged)
  'quiz.bank', // edit, import and export the town's question bank
  'quiz.manage', // create, publish and close quiz campaigns for the node's subtree
  'quiz.stats', // see quiz statistics of the subtree (organisations, never individual scores)
  'pledge.templates', // write the town's pledge texts (范本)
  'pledge.manage', // create, publish and close pledge campaigns for the node's subtree
  'pledge.roster', // import and edit the class rosters of a school
  'pledge.track', // see signed/unsigned counts and lists of the subtree, remind, export
  'ff.manage', // run the town's Fraud-Free programs: indicator sets, warning rules, batch computing
  'ff.review', // score, approve, return applications; award, keep or revoke titles (never one's own)
  'ff.apply', // apply for the node's title with a self-assessment and evidence
  'ff.read', // see indicators, warnings, rankings, awards and the activity ledger of the subtree
  'activities.write', // log propaganda activities of the node's subtree (宣传活动台账)
  'cases.write', // enter monthly case figures of villages and units (aggregates only)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleMeta {
  label: string;
  // staff roles act on their node's subtree; member roles act only on their own records
  staff: boolean;
  // node kinds where this role can be held
  nodeKinds: readonly NodeKind[];
  // roles whose holders (at the node or an ancestor) may invite this role
  invitableBy: readonly Role[];
  permissions: readonly Permission[];
}

export const ROLE_META: Record<Role, RoleMeta> = {
  resident: {
    label: '居民',
    staff: false,
    nodeKinds: ['village', 'community', 'grid', 'enterprise', 'institution', 'building'],
    invitableBy: ['grid_worker', 'village_cadre', 'unit_contact', 'town_admin'],
    permissions: ['node.read'],
  },
  student: {
    label: '学生',
    staff: false,
    nodeKinds: ['class'],
    invitableBy: ['teacher', 'school_admin', 'town_admin'],
    permissions: ['node.read'],
  },
  parent: {
    label: '家长',
    staff: false,
    nodeKinds: ['class'],
    invitableBy: ['teacher', 'school_admin', 'town_admin'],
    permissions: ['node.read'],
  },
  grid_worker: {
    label: '网格员',
    staff: true,
    nodeKinds: ['grid'],
    invitableBy: ['village_cadre', 'town_admin'],
    permissions: ['node.read', 'members.read', 'members.manage', 'invites.create', 'tasks.act', 'groups.manage', 'feedback.write', 'activities.write'],
  },
  village_cadre: {
    label: '村(社区)干部',
    staff: true,
    nodeKinds: ['village', 'community'],
    invitableBy: ['town_admin'],
    permissions: ['node.read', 'members.read', 'members.manage', 'invites.create', 'tasks.act', 'groups.manage', 'dashboard.read', 'feedback.read', 'feedback.write', 'export', 'quiz.stats', 'pledge.track', 'ff.apply', 'ff.read', 'activities.write'],
  },
  school_admin: {
    label: '学校管理员',
    staff: true,
    nodeKinds: ['school'],
    invitableBy: ['town_admin'],
    permissions: ['node.read', 'members.read', 'members.manage', 'invites.create', 'nodes.manage', 'tasks.act', 'groups.manage', 'dashboard.read', 'feedback.read', 'feedback.write', 'export', 'quiz.manage', 'quiz.stats', 'pledge.manage', 'pledge.roster', 'pledge.track', 'ff.apply', 'ff.read', 'activities.write'],
  },
  teacher: {
    label: '教师',
    staff: true,
    nodeKinds: ['school', 'grade', 'class'],
    invitableBy: ['school_admin', 'town_admin'],
    permissions: ['node.read', 'members.read', 'members.manage', 'invites.create', 'groups.manage', 'feedback.write', 'quiz.stats', 'pledge.track', 'activities.write'],
  },
  unit_contact: {
    label: '单位联络员',
    staff: true,
    nodeKinds: ['enterprise', 'institution', 'building'],
    invitableBy: ['town_admin'],
    permissions: ['node.read', 'members.read', 'members.manage', 'invites.create', 'tasks.act', 'groups.manage', 'feedback.write', 'quiz.manage', 'quiz.stats', 'pledge.track', 'ff.apply', 'ff.read', 'activities.write'],
  },
  town_admin: {
    label: '镇反诈分中心管理员',
    staff: true,
    nodeKinds: ['town', 'county'],
    // a town admin adds colleagues at the same town (the first one is created by seed or by a county admin)
    invitableBy: ['town_admin'],
    permissions: ['node.read', 'members.read', 'members.manage', 'invites.create', 'nodes.manage', 'audit.read', 'bulletins.write', 'bulletins.review', 'groups.manage', 'groups.move', 'dashboard.read', 'feedback.read', 'export', 'quiz.bank', 'quiz.manage', 'quiz.stats', 'pledge.templates', 'pledge.manage', 'pledge.roster', 'pledge.track', 'ff.manage', 'ff.review', 'ff.read', 'activities.write'],
  },
  police_liaison: {
    label: '派出所联络员',
    staff: true,
    nodeKinds: ['town'],
    invitableBy: ['town_admin'],
    permissions: ['node.read', 'dashboard.read', 'feedback.read', 'quiz.stats', 'ff.read', 'cases.write'],
  },
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_META[role].permissions.includes(permission);
}

// May a holder of `inviterRole` invite (and therefore also remove) `targetRole`?
export function canInviteRole(inviterRole: Role, targetRole: Role): boolean {
  return ROLE_META[targetRole].invitableBy.includes(inviterRole);
}

export function roleAllowedAt(role: Role, kind: NodeKind): boolean {
  return ROLE_META[role].nodeKinds.includes(kind);
}

export function isStaffRole(role: Role): boolean {
  return ROLE_META[role].staff;
}
