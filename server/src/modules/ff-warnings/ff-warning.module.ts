import { Module } from '@nestjs/common';
import { AccessModule } from '../org/access.module';
import { FfWarningController } from './ff-warning.controller';
import { FfWarningService } from './ff-warning.service';

// Red/yellow/green warnings of villages and units per month, by the town's rules.
@Module({
  imports: [AccessModule],
  controllers: [FfWarningController],
  providers: [FfWarningService],
  exports: [FfWarningService],
})
export class FfWarningsModule {}
