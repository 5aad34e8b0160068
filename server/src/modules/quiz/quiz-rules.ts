import { CampaignState, ErrorCode, SUBMIT_GRACE_SECONDS } from '@wuzha/shared';
import { keysetCursor } from '../../common/keyset-cursor';
import type { QuizAttempt } from './quiz-attempt.entity';
import type { QuizCampaign } from './quiz-campaign.entity';

// Rules of a campaign's window and limits, shared by the list (`mine.blockedBy`) and by starting.

export function campaignState(c: Pick<QuizCampaign, 'status' | 'startsAt' | 'endsAt'>, now: Date): CampaignState {
  if (c.status === 'draft') return 'draft';
  if (c.status === 'closed' || now >= new Date(c.endsAt)) return 'ended';
  return now < new Date(c.startsAt) ? 'upcoming' : 'open';
}

// Why a new attempt cannot start now (closed counts as ended; every started attempt counts, expired too).
export function startBlocker(
  c: Pick<QuizCampaign, 'status' | 'startsAt' | 'endsAt' | 'attemptsPerDay' | 'attemptsTotal'>,
  now: Date,
  used: { total: number; today: number },
): ErrorCode | null {
  const state = campaignState(c, now);
  if (state === 'ended') return 'QUIZ_ENDED';
  if (state === 'upcoming') return 'QUIZ_NOT_STARTED';
  if (state === 'draft') return 'QUIZ_BAD_STATE';
  if (c.attemptsTotal !== null && used.total >= c.attemptsTotal) return 'QUIZ_ATTEMPT_LIMIT';
  if (c.attemptsPerDay !== null && used.today >= c.attemptsPerDay) return 'QUIZ_DAILY_LIMIT';
  return null;
}

// An open attempt may still be submitted (its deadline plus the grace has not passed).
export function stillOpen(a: Pick<QuizAttempt, 'status' | 'deadlineAt'>, now: Date): boolean {
  return a.status === 'open' && (a.deadlineAt === null || now.getTime() <= new Date(a.deadlineAt).getTime() + SUBMIT_GRACE_SECONDS * 1000);
}

// Campaign lists: newest first by id.
export const campaignCursor = keysetCursor('q', [10]);
// 错题本: most recently wrong first, (lastWrongAt ms, id).
export const mistakeCursor = keysetCursor('m', [15, 10]);
