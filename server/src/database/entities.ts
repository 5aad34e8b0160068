// Every TypeORM entity of the app. Each feature module adds its own line here.
import { AuditLog } from '../modules/audit/audit-log.entity';
import { FamilyMember } from '../modules/family/family-member.entity';
import { Invite } from '../modules/invites/invite.entity';
import { Membership } from '../modules/org/membership.entity';
import { OrgNode } from '../modules/org/org-node.entity';
import { OutboxMessage } from '../modules/outbox/outbox-message.entity';
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { User } from '../modules/users/user.entity';
import { StoredFile } from '../modules/files/stored-file.entity';
import { Bulletin } from '../modules/bulletins/bulletin.entity';
import { BulletinTarget } from '../modules/bulletins/bulletin-target.entity';
import { ForwardTask } from '../modules/tasks/forward-task.entity';
import { WechatGroup } from '../modules/groups/wechat-group.entity';
import { BulletinOpen } from '../modules/reach/bulletin-open.entity';
import { Feedback } from '../modules/feedback/feedback.entity';
import { FeedbackReply } from '../modules/feedback/feedback-reply.entity';
import { Question } from '../modules/quiz-bank/question.entity';
import { QuestionVersion } from '../modules/quiz-bank/question-version.entity';
import { QuizCampaign } from '../modules/quiz/quiz-campaign.entity';
import { QuizAttempt } from '../modules/quiz/quiz-attempt.entity';
import { QuizAnswer } from '../modules/quiz/quiz-answer.entity';
import { QuizParticipant } from '../modules/quiz/quiz-participant.entity';
import { QuizNodeStat, QuizQuestionStat, QuizTypeStat, QuizWeekStat } from '../modules/quiz/quiz-stats.entity';
import { QuizMistake } from '../modules/quiz/quiz-mistake.entity';

import { PledgeTemplate } from '../modules/pledge-template/pledge-template.entity';
import { PledgeTemplateVersion } from '../modules/pledge-template/pledge-template-version.entity';
import { RosterEntry } from '../modules/pledge-roster/roster-entry.entity';
import { PledgeCampaign } from '../modules/pledge/pledge-campaign.entity';
import { PledgeSignature } from '../modules/pledge/pledge-signature.entity';
import { PledgeReminder } from '../modules/pledge/pledge-reminder.entity';

import { FfProgram } from '../modules/ff-programs/ff-program.entity';
import { FfIndicatorValue } from '../modules/ff-indicators/ff-indicator-value.entity';
import { FfActivity } from '../modules/ff-ledger/ff-activity.entity';
import { FfCaseFigure } from '../modules/ff-ledger/ff-case-figure.entity';
import { FfApplication } from '../modules/ff-applications/ff-application.entity';
import { FfObjection } from '../modules/ff-applications/ff-objection.entity';
import { FfAward } from '../modules/ff-applications/ff-award.entity';
import { FfWarning } from '../modules/ff-warnings/ff-warning.entity';
import { FfWarningConfig } from '../modules/ff-warnings/ff-warning-config.entity';

export const ENTITIES: Function[] = [
  User,
  RefreshToken,
  OrgNode,
  Membership,
  Invite,
  FamilyMember,
  AuditLog,
  OutboxMessage,
  StoredFile,
  Bulletin,
  BulletinTarget,
  ForwardTask,
  WechatGroup,
  BulletinOpen,
  Feedback,
  FeedbackReply,
  Question,
  QuestionVersion,
  QuizCampaign,
  QuizAttempt,
  QuizAnswer,
  QuizParticipant,
  QuizNodeStat,
  QuizTypeStat,
  QuizQuestionStat,
  QuizWeekStat,
  QuizMistake,
  PledgeTemplate,
  PledgeTemplateVersion,
  RosterEntry,
  PledgeCampaign,
  PledgeSignature,
  PledgeReminder,
  FfProgram,
  FfIndicatorValue,
  FfActivity,
  FfCaseFigure,
  FfApplication,
  FfObjection,
  FfAward,
  FfWarning,
  FfWarningConfig,
];
