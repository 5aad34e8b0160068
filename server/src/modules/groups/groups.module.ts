import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../org/access.module';
import { UsersModule } from '../users/users.module';
import { GroupInfoReader } from './group-info';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';

// WeChat groups bound to org nodes; GroupInfoReader (encrypted group info → opengid) is shared with reach.
@Module({
  imports: [AccessModule, AuditModule, UsersModule],
  controllers: [GroupsController],
  providers: [GroupsService, GroupInfoReader],
  exports: [GroupsService, GroupInfoReader],
})
export class GroupsModule {}
