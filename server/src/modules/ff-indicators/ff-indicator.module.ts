import { Module } from '@nestjs/common';
import { AccessModule } from '../org/access.module';
import { FfIndicatorController } from './ff-indicator.controller';
import { FfIndicatorService } from './ff-indicator.service';

// Indicator values from live data (one organisation, or the whole town as a batch), rankings and summaries.
@Module({
  imports: [AccessModule],
  controllers: [FfIndicatorController],
  providers: [FfIndicatorService],
  exports: [FfIndicatorService],
})
export class FfIndicatorsModule {}
