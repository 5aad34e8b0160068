import { Module } from '@nestjs/common';
import { RateLimiter } from '../../common/rate-limiter';
import { AuditModule } from '../audit/audit.module';
import { FfIndicatorsModule } from '../ff-indicators/ff-indicator.module';
import { FfProgramsModule } from '../ff-programs/ff-program.module';
import { FilesModule } from '../files/files.module';
import { AccessModule } from '../org/access.module';
import { FfApplicationController } from './ff-application.controller';
import { FfApplicationService } from './ff-application.service';
import { FfAwardService } from './ff-award-review';

// Applications for titles: self-assessment and evidence, review, public notice with objections, awards, reviews and revocation.
@Module({
  imports: [AccessModule, AuditModule, FilesModule, FfProgramsModule, FfIndicatorsModule],
  controllers: [FfApplicationController],
  providers: [FfApplicationService, FfAwardService, RateLimiter],
  exports: [FfAwardService],
})
export class FfApplicationsModule {}
