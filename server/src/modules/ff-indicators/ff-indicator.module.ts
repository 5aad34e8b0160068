import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FfProgramsModule } from '../ff-programs/ff-program.module';
import { AccessModule } from '../org/access.module';
import { PledgeModule } from '../pledge/pledge.module';
import { QuizStatsQueries } from '../quiz-stats/quiz-stats.queries';
import { FfIndicatorSources } from './ff-indicator-sources';
import { FfIndicatorController } from './ff-indicator.controller';
import { FfIndicatorService } from './ff-indicator.service';
import { FfRankingsService } from './ff-rankings.service';

// Indicator values from live data (one organisation, or the whole town as a batch), rankings and summaries.
@Module({
  imports: [AccessModule, AuditModule, FfProgramsModule, PledgeModule],
  controllers: [FfIndicatorController],
  // QuizStatsQueries: stateless reads of the quiz aggregates (the quiz statistics module keeps its own)
  providers: [FfIndicatorService, FfIndicatorSources, FfRankingsService, QuizStatsQueries],
  exports: [FfIndicatorService],
})
export class FfIndicatorsModule {}
