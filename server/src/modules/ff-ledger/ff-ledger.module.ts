import { Module } from '@nestjs/common';
import { AccessModule } from '../org/access.module';
import { FfLedgerController } from './ff-ledger.controller';
import { FfLedgerService } from './ff-ledger.service';

// The activity ledger (宣传活动台账) and the police liaison's monthly case figures.
@Module({
  imports: [AccessModule],
  controllers: [FfLedgerController],
  providers: [FfLedgerService],
  exports: [FfLedgerService],
})
export class FfLedgerModule {}
