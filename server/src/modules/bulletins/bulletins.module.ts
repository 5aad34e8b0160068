import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FilesModule } from '../files/files.module';
import { AccessModule } from '../org/access.module';
import { OutboxModule } from '../outbox/outbox.module';
import { TasksModule } from '../tasks/tasks.module';
import { BulletinsController } from './bulletins.controller';
import { BulletinsService } from './bulletins.service';

@Module({
  imports: [AccessModule, AuditModule, FilesModule, OutboxModule, TasksModule],
  controllers: [BulletinsController],
  providers: [BulletinsService],
  exports: [BulletinsService],
})
export class BulletinsModule {}
