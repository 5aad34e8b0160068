import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from './access.module';
import { MemberDirectory } from './member-directory';
import { MembershipsService } from './memberships.service';
import { MembershipsController, OrgController } from './org.controller';
import { OrgService } from './org.service';

@Module({
  imports: [AccessModule, AuditModule],
  controllers: [OrgController, MembershipsController],
  providers: [OrgService, MembershipsService, MemberDirectory],
  exports: [AccessModule, OrgService, MembershipsService, MemberDirectory],
})
export class OrgModule {}
