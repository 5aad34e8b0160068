import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FfApplicationsModule } from '../ff-applications/ff-application.module';
import { AccessModule } from '../org/access.module';
import { FfWarningController } from './ff-warning.controller';
import { FfWarningService } from './ff-warning.service';

// Red/yellow/green warnings of villages and units per month, by the town's rules; a red organisation's
// title goes under review (FfAwardService.openReviews).
@Module({
  imports: [AccessModule, AuditModule, FfApplicationsModule],
  controllers: [FfWarningController],
  providers: [FfWarningService],
  exports: [FfWarningService],
})
export class FfWarningsModule {}
