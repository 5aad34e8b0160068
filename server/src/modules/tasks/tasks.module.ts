import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FilesModule } from '../files/files.module';
import { AccessModule } from '../org/access.module';
import { TaskCascade } from './task-cascade';
import { TaskNotifier } from './task-notifier';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccessModule, AuditModule, FilesModule],
  controllers: [TasksController],
  providers: [TasksService, TaskCascade, TaskNotifier],
  exports: [TasksService, TaskCascade],
})
export class TasksModule {}
