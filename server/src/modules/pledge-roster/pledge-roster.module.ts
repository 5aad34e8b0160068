import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../org/access.module';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';

// Class rosters of schools: the denominators of student pledges, and the matching of a signer to a student.
@Module({
  imports: [AccessModule, AuditModule],
  controllers: [RosterController],
  providers: [RosterService],
  exports: [RosterService],
})
export class PledgeRosterModule {}
