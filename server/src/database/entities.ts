// Every TypeORM entity of the app. Each feature module adds its own line here.
import { AuditLog } from '../modules/audit/audit-log.entity';
import { FamilyMember } from '../modules/family/family-member.entity';
import { Invite } from '../modules/invites/invite.entity';
import { Membership } from '../modules/org/membership.entity';
import { OrgNode } from '../modules/org/org-node.entity';
import { OutboxMessage } from '../modules/outbox/outbox-message.entity';
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { User } from '../modules/users/user.entity';

export const ENTITIES: Function[] = [
  User,
  RefreshToken,
  OrgNode,
  Membership,
  Invite,
  FamilyMember,
  AuditLog,
  OutboxMessage,
];
