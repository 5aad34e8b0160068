import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../org/access.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PledgeRosterModule } from '../pledge-roster/pledge-roster.module';
import { PledgeModule } from '../pledge/pledge.module';
import { PledgeTrackController } from './pledge-track.controller';
import { PledgeSignerQueries } from './pledge-signers.queries';
import { PledgeTrackService } from './pledge-track.service';

// Tracking pledge campaigns: progress per class, school, village and unit, signed/unsigned lists,
// reminders to guardians and residents who allowed them, exports (xlsx, zip of images), chain checks.
@Module({
  imports: [AccessModule, AuditModule, OutboxModule, PledgeModule, PledgeRosterModule],
  controllers: [PledgeTrackController],
  providers: [PledgeTrackService, PledgeSignerQueries],
  exports: [PledgeTrackService],
})
export class PledgeTrackModule {}
