import { API, buildPath } from './api';
import { CHILD_KINDS, NODE_KINDS, ROLES } from './enums';
import { ERROR_CODES } from './errors';
import { maskName, maskPhone } from './mask';
import { canInviteRole, ROLE_META, roleAllowedAt, roleHas } from './roles';
import { childPath, isInSubtree, pathDepth, pathIds, subtreeRange } from './tree';

describe('masking', () => {
  it('masks phone numbers keeping 3 + 4 digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(' 138 1234 1234 ')).toBe('138****1234');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone(null)).toBeNull();
  });
  it('masks names by characters, not bytes', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('王');
    expect(maskName('')).toBe('');
  });
});

describe('tree paths', () => {
  it('builds paths and ranges', () => {
    expect(childPath(null, 1)).toBe('/1/');
    expect(childPath('/1/', 5)).toBe('/1/5/');
    expect(pathIds('/1/5/23/')).toEqual([1, 5, 23]);
    expect(pathDepth('/1/5/23/')).toBe(2);
  });
  it('subtree range covers descendants and nothing else', () => {
    const { lo, hi } = subtreeRange('/1/5/');
    const inRange = (p: string) => p >= lo && p < hi;
    for (const p of ['/1/5/', '/1/5/6/', '/1/5/59/', '/1/5/6/7/']) expect(inRange(p)).toBe(true);
    for (const p of ['/1/50/', '/1/51/', '/1/4/', '/1/', '/2/5/', '/1/6/']) expect(inRange(p)).toBe(false);
    expect(isInSubtree('/1/5/6/', '/1/5/')).toBe(true);
    expect(isInSubtree('/1/50/', '/1/5/')).toBe(false);
    expect(() => subtreeRange('/1/5')).toThrow();
  });
});

describe('roles', () => {
  it('every role is allowed at some node kind and invitable by a staff role', () => {
    for (const r of ROLES) {
      expect(ROLE_META[r].nodeKinds.length).toBeGreaterThan(0);
      for (const by of ROLE_META[r].invitableBy) expect(ROLE_META[by].staff).toBe(true);
    }
  });
  it('cadre roles come from above, not from peers', () => {
    expect(canInviteRole('village_cadre', 'grid_worker')).toBe(true);
    expect(canInviteRole('village_cadre', 'village_cadre')).toBe(false);
    expect(canInviteRole('grid_worker', 'village_cadre')).toBe(false);
    expect(canInviteRole('teacher', 'student')).toBe(true);
    expect(canInviteRole('teacher', 'school_admin')).toBe(false);
    expect(canInviteRole('resident', 'resident')).toBe(false);
  });
  it('member roles have no management permissions', () => {
    for (const r of ['resident', 'student', 'parent'] as const) {
      expect(roleHas(r, 'members.read')).toBe(false);
      expect(roleHas(r, 'invites.create')).toBe(false);
    }
    expect(roleHas('police_liaison', 'members.read')).toBe(false);
    expect(roleHas('town_admin', 'audit.read')).toBe(true);
  });
  it('roles sit at sensible kinds', () => {
    expect(roleAllowedAt('grid_worker', 'grid')).toBe(true);
    expect(roleAllowedAt('grid_worker', 'village')).toBe(false);
    expect(roleAllowedAt('student', 'class')).toBe(true);
  });
  it('the child-kind table only names known kinds', () => {
    for (const k of NODE_KINDS) for (const c of CHILD_KINDS[k]) expect(NODE_KINDS).toContain(c);
  });
});

describe('errors and route table', () => {
  it('every error code has a 4xx/5xx status and a Chinese message', () => {
    for (const [code, e] of Object.entries(ERROR_CODES)) {
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(/[\u4e00-\u9fa5]/.test(e.message)).toBe(true);
      expect(code).toMatch(/^[A-Z_]+$/);
    }
  });
  it('route paths are unique per method and start with /api', () => {
    const seen = new Set<string>();
    for (const def of Object.values(API)) {
      expect(def.path.startsWith('/api/')).toBe(true);
      const key = `${def.method} ${def.path}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });
  it('fills path params and refuses missing ones', () => {
    expect(buildPath('/api/org/nodes/:id/members', { id: 5 })).toBe('/api/org/nodes/5/members');
    expect(buildPath('/api/invites/code/:code', { code: 'AB CD' })).toBe('/api/invites/code/AB%20CD');
    expect(() => buildPath('/api/org/nodes/:id', {})).toThrow();
  });
});
