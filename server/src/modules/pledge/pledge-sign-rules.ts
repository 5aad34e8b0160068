import { randomBytes } from 'node:crypto';
import { ErrorCode, isMinorByBirthYear, NodeKind, normalizeName, PledgeAudience, SignRequest, SignerType } from '@wuzha/shared';
import { DomainError } from '../../common/domain-error';
import type { AccessScope } from '../org/access.service';
import type { RosterEntry } from '../pledge-roster/roster-entry.entity';
import { inScope, unitGrants } from './pledge-audience';
import { seesCampaign } from './pledge-campaign-rules';
import type { PledgeCampaign } from './pledge-campaign.entity';

// Who may open and sign a campaign, and how: pure rules of the signing routes.

type Rules = Pick<PledgeCampaign, 'audience' | 'scope' | 'ownerPath'>;
type KindOf = (nodeId: number) => NodeKind | undefined;

// A students campaign is open to anyone logged in (its class card is shared into class groups; the
// proof is class + name + student number). Others: the people and units it asks, anyone holding a role
// inside its scope (told they are not asked), and its managers and trackers. Anyone else: 404.
export function opensCampaign(scope: AccessScope, c: Rules): boolean {
  if (c.audience === 'students') return true;
  return seesCampaign(scope, c) || scope.grants.some((g) => inScope(c, g.path));
}

// Why nobody may sign now (closed, past the deadline), or null.
export function signBlocker(c: Pick<PledgeCampaign, 'status' | 'deadline'>, now: Date): ErrorCode | null {
  if (c.status === 'closed') return 'PLEDGE_CLOSED';
  if (c.status !== 'published') return 'PLEDGE_BAD_STATE';
  return new Date(c.deadline).getTime() <= now.getTime() ? 'PLEDGE_DEADLINE_PASSED' : null;
}

// The unit grants of a units campaign, one per unit (a contact may hold two roles at one unit).
export function contactUnits(scope: AccessScope, kindOf: KindOf, c: Pick<PledgeCampaign, 'audience' | 'scope'>) {
  const seen = new Set<number>();
  return unitGrants(scope.grants, kindOf, c).filter((g) => !seen.has(g.nodeId) && seen.add(g.nodeId));
}

// The student needs a guardian to sign: the campaign says so, or the student may be under 14.
export function guardianRequired(c: Pick<PledgeCampaign, 'guardianSigns'>, entry: Pick<RosterEntry, 'birthYear'>, now: Date): boolean {
  return Boolean(c.guardianSigns) || isMinorByBirthYear(entry.birthYear, now);
}

export interface StudentSigner {
  signerType: SignerType;
  relationship: string | null;
  guardianConsent: boolean;
}

// How a student signature is made: by a guardian (relationship + consent, their own name) or by the
// student (the roster's name; not when a guardian is required).
export function studentSigner(body: Pick<SignRequest, 'guardian' | 'signerName'>, rosterName: string, mustBeGuardian: boolean): StudentSigner {
  if (body.guardian) {
    if (!body.guardian.consent) throw new DomainError('PLEDGE_GUARDIAN_CONSENT_REQUIRED');
    return { signerType: 'guardian', relationship: body.guardian.relationship, guardianConsent: true };
  }
  if (mustBeGuardian) throw new DomainError('PLEDGE_GUARDIAN_REQUIRED');
  if (normalizeName(body.signerName) !== normalizeName(rosterName)) throw new DomainError('PLEDGE_NAME_MISMATCH');
  return { signerType: 'self', relationship: null, guardianConsent: false };
}

// Crockford's base32 (no I, L, O, U): codes read aloud or typed from a picture stay unambiguous.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

export function newSignatureCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b & 31];
  return out;
}

// A typed code as stored: upper case, the letters Crockford reads as digits (O → 0, I and L → 1).
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const audienceOf = (c: Pick<PledgeCampaign, 'audience'>) => c.audience as PledgeAudience;

export const missing = (path: string, message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path, message }]);
