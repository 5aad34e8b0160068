import { Module } from '@nestjs/common';
import { GroupsModule } from '../groups/groups.module';
import { PublishedBulletins } from './published-bulletins';
import { ReachController } from './reach.controller';
import { ReachService } from './reach.service';

// Opens and 已阅 of published bulletins (bulletin_open). Other modules read the table through reach.queries.ts.
@Module({
  imports: [GroupsModule],
  controllers: [ReachController],
  providers: [ReachService, PublishedBulletins],
  exports: [ReachService, PublishedBulletins],
})
export class ReachModule {}
