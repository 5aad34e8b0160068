import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FfApplicationsModule } from '../ff-applications/ff-application.module';
import { FilesModule } from '../files/files.module';
import { AccessModule } from '../org/access.module';
import { FfLedgerController } from './ff-ledger.controller';
import { FfLedgerService } from './ff-ledger.service';

// The activity ledger (宣传活动台账) and the police liaison's monthly case figures.
@Module({
  imports: [AccessModule, FilesModule, AuditModule, FfApplicationsModule],
  controllers: [FfLedgerController],
  providers: [FfLedgerService],
  exports: [FfLedgerService],
})
export class FfLedgerModule {}
