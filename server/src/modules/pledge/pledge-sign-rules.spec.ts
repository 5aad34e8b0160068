import { AccessScope, Grant } from '../org/access.service';
import { DomainError } from '../../common/domain-error';
import { contactUnits, guardianRequired, newSignatureCode, normalizeCode, opensCampaign, signBlocker, studentSigner } from './pledge-sign-rules';

const grant = (role: Grant['role'], nodeId: number, path: string): Grant => ({ membershipId: nodeId, role, nodeId, path });
const scopeOf = (...grants: Grant[]) => new AccessScope(1, grants);
// town /1/2/, village 东山村 /1/2/3/ with grid /1/2/3/4/, village 西河村 /1/2/5/, unit /1/2/9/
const village = { audience: 'residents', ownerPath: '/1/2/', scope: [{ nodeId: 3, path: '/1/2/3/' }] };
const kinds: Record<number, string> = { 2: 'town', 3: 'village', 4: 'grid', 5: 'village', 9: 'enterprise', 10: 'enterprise' };
const kindOf = (id: number) => kinds[id] as never;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('who opens a campaign', () => {
  it('a students campaign: anyone logged in', () => {
    expect(opensCampaign(scopeOf(), { ...village, audience: 'students' })).toBe(true);
  });
  it('a residents campaign: people inside its scope and its trackers, nobody else', () => {
    expect(opensCampaign(scopeOf(grant('resident', 4, '/1/2/3/4/')), village)).toBe(true);
    expect(opensCampaign(scopeOf(grant('village_cadre', 3, '/1/2/3/')), village)).toBe(true);
    expect(opensCampaign(scopeOf(grant('town_admin', 2, '/1/2/')), village)).toBe(true);
    expect(opensCampaign(scopeOf(grant('resident', 5, '/1/2/5/')), village)).toBe(false);
    // a police liaison holds the town node but no pledge permission
    expect(opensCampaign(scopeOf(grant('police_liaison', 2, '/1/2/')), village)).toBe(false);
    expect(opensCampaign(scopeOf(), village)).toBe(false);
  });
});

describe('when signing is blocked', () => {
  const now = new Date('2025-03-10T02:00:00Z');
  it.each([
    [{ status: 'published', deadline: new Date('2025-03-11T00:00:00Z') }, null],
    [{ status: 'published', deadline: now }, 'PLEDGE_DEADLINE_PASSED'],
    [{ status: 'closed', deadline: new Date('2025-03-11T00:00:00Z') }, 'PLEDGE_CLOSED'],
    [{ status: 'draft', deadline: new Date('2025-03-11T00:00:00Z') }, 'PLEDGE_BAD_STATE'],
  ])('%o → %s', (c, code) => {
    expect(signBlocker(c, now)).toBe(code);
  });
});

describe('units of a contact', () => {
  it('one per unit inside the scope, only unit_contact grants', () => {
    const c = { audience: 'units', scope: [{ nodeId: 2, path: '/1/2/' }] };
    const scope = scopeOf(grant('unit_contact', 9, '/1/2/9/'), { ...grant('unit_contact', 9, '/1/2/9/'), membershipId: 99 }, grant('resident', 10, '/1/2/10/'), grant('unit_contact', 4, '/1/2/3/4/'));
    expect(contactUnits(scope, kindOf, c).map((g) => g.nodeId)).toEqual([9]);
  });
});

describe('student signers', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  it('a guardian is required when the campaign says so or the student may be under 14', () => {
    expect(guardianRequired({ guardianSigns: false }, { birthYear: null }, now)).toBe(false);
    expect(guardianRequired({ guardianSigns: false }, { birthYear: 2011 }, now)).toBe(true);
    expect(guardianRequired({ guardianSigns: false }, { birthYear: 2010 }, now)).toBe(false);
    expect(guardianRequired({ guardianSigns: true }, { birthYear: 2000 }, now)).toBe(true);
  });
  it('a guardian needs consent; the student signs with the roster name (spaces and dots aside)', () => {
    expect(codeOf(() => studentSigner({ signerName: '王海', guardian: { relationship: 'father', consent: false } }, '王子涵', true))).toBe('PLEDGE_GUARDIAN_CONSENT_REQUIRED');
    expect(studentSigner({ signerName: '王海', guardian: { relationship: 'father', consent: true } }, '王子涵', true)).toEqual({ signerType: 'guardian', relationship: 'father', guardianConsent: true });
    expect(codeOf(() => studentSigner({ signerName: '王子涵' }, '王子涵', true))).toBe('PLEDGE_GUARDIAN_REQUIRED');
    expect(codeOf(() => studentSigner({ signerName: '王子' }, '王子涵', false))).toBe('PLEDGE_NAME_MISMATCH');
    expect(studentSigner({ signerName: '王 子涵' }, '王子涵', false)).toEqual({ signerType: 'self', relationship: null, guardianConsent: false });
    expect(studentSigner({ signerName: '阿依古丽•买买提' }, '阿依古丽·买买提', false).signerType).toBe('self');
  });
});

describe('verification codes', () => {
  it('10 characters of Crockford base32, random', () => {
    const codes = new Set(Array.from({ length: 2000 }, newSignatureCode));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  });
  it('typed codes: case, O for 0, I and L for 1', () => {
    expect(normalizeCode(' ab0o1il ')).toBe('AB00111');
  });
});
