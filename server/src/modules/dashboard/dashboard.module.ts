import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../org/access.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ReachStats } from './reach-stats';

// Forwarding and reach dashboards of published bulletins: one bulletin, its xlsx export, a period.
@Module({
  imports: [AccessModule, AuditModule],
  controllers: [DashboardController],
  providers: [DashboardService, ReachStats],
  exports: [ReachStats],
})
export class DashboardModule {}
