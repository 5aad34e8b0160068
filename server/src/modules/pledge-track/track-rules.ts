import { intersectSubtrees, isInSubtree, PledgeAudience, Role } from '@wuzha/shared';
import { DomainError } from '../../common/domain-error';
import type { AccessScope } from '../org/access.service';
import { hasChildrenAccess } from '../pledge-roster/children-access';

// Who may do what when tracking a pledge campaign, beyond seeing its counts (pledge.track or
// pledge.manage over part of the scope). Pure rules.

// Name lists and exports of people (children's data goes through requireChildrenAccess instead):
// residents to their village's cadres, staff to their unit's contact or school's admins, town admins
// everywhere; unit names are not personal data.
export const LIST_ROLES: Record<PledgeAudience, readonly Role[] | null> = {
  students: null,
  residents: ['village_cadre', 'town_admin'],
  staff: ['unit_contact', 'school_admin', 'town_admin'],
  units: null,
};

// Reminders: teachers, school admins and town admins for students; village cadres and town admins for
// residents; unit contacts and town admins for staff and units (school admins for their own staff).
export const REMIND_ROLES: Record<PledgeAudience, readonly Role[]> = {
  students: ['teacher', 'school_admin', 'town_admin'],
  residents: ['village_cadre', 'town_admin'],
  staff: ['unit_contact', 'school_admin', 'town_admin'],
  units: ['unit_contact', 'town_admin'],
};

// A pledge zip holds one class's worth of images at most
export const MAX_ZIP_IMAGES = 200;

// The deepest node containing every root: where a tracker's view starts.
export function commonAncestor(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('/').filter(Boolean));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return `/${first.slice(0, n).join('/')}${n > 0 ? '/' : ''}`;
}

// The parts of the node's subtree a tracker with these roots follows; empty when the node is outside
// their view (above their top node, or beside every root).
export function viewRegions(nodePath: string, roots: readonly string[]): string[] {
  if (roots.length === 0 || !isInSubtree(nodePath, commonAncestor(roots))) return [];
  return intersectSubtrees(nodePath, roots);
}

// Every region must be covered by one of the roles, else `code` (403).
export function requireRolesOver(scope: AccessScope, regions: readonly string[], roles: readonly Role[], code: 'FORBIDDEN' | 'PLEDGE_CHILDREN_DATA' = 'FORBIDDEN'): void {
  const ok = regions.every((r) => scope.covering(r).some((g) => roles.includes(g.role)));
  if (!ok) throw new DomainError(code);
}

// Names of the people of the regions: children's data for students, LIST_ROLES for people.
export function requireNameAccess(scope: AccessScope, audience: PledgeAudience, regions: readonly string[]): void {
  if (audience === 'students') {
    if (!regions.every((r) => hasChildrenAccess(scope, r))) throw new DomainError('PLEDGE_CHILDREN_DATA');
    return;
  }
  const roles = LIST_ROLES[audience];
  if (roles) requireRolesOver(scope, regions, roles);
}
