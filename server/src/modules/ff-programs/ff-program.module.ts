import { Module } from '@nestjs/common';
import { AccessModule } from '../org/access.module';
import { FfProgramController } from './ff-program.controller';
import { FfProgramService } from './ff-program.service';

// Fraud-Free programs of a town: kinds, periods, windows, indicator sets.
@Module({
  imports: [AccessModule],
  controllers: [FfProgramController],
  providers: [FfProgramService],
  exports: [FfProgramService],
})
export class FfProgramsModule {}
