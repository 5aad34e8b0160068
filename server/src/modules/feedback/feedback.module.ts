import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { AccessModule } from '../org/access.module';
import { OutboxModule } from '../outbox/outbox.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

@Module({
  imports: [AccessModule, OutboxModule, FilesModule],
  controllers: [FeedbackController],
  providers: [FeedbackService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
