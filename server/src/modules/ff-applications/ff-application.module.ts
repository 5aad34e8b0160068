import { Module } from '@nestjs/common';
import { AccessModule } from '../org/access.module';
import { FfApplicationController } from './ff-application.controller';
import { FfApplicationService } from './ff-application.service';
import { FfAwardService } from './ff-award-review';

// Applications for titles: self-assessment and evidence, review, public notice with objections, awards, reviews and revocation.
@Module({
  imports: [AccessModule],
  controllers: [FfApplicationController],
  providers: [FfApplicationService, FfAwardService],
  exports: [FfApplicationService, FfAwardService],
})
export class FfApplicationsModule {}
