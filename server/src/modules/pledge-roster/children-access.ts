import type { Role } from '@wuzha/shared';
import { DomainError } from '../../common/domain-error';
import type { AccessScope } from '../org/access.service';

// Roles that may see children's data (student names and numbers): the class's teachers, the school's
// admins and town admins. Other trackers (a village cadre over a village with a school) get counts only.
export const CHILDREN_DATA_ROLES: readonly Role[] = ['teacher', 'school_admin', 'town_admin'];

export function hasChildrenAccess(scope: AccessScope, path: string): boolean {
  return scope.covering(path).some((g) => CHILDREN_DATA_ROLES.includes(g.role));
}

// Throws PLEDGE_CHILDREN_DATA (403) unless a teacher, school admin or town admin grant covers the path.
// Callers check visibility (404) first, so this only answers callers who may see the node.
export function requireChildrenAccess(scope: AccessScope, path: string): void {
  if (!hasChildrenAccess(scope, path)) throw new DomainError('PLEDGE_CHILDREN_DATA');
}
