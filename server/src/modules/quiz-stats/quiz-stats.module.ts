import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../org/access.module';
import { QuizStatsController } from './quiz-stats.controller';
import { QuizStatsQueries } from './quiz-stats.queries';
import { QuizStatsService } from './quiz-stats.service';

// Quiz statistics read from the aggregate tables the submits keep (never from attempts): a campaign
// seen from a node, its xlsx export, the attempts' integrity list, and weakest fraud types overall.
@Module({
  imports: [AccessModule, AuditModule],
  controllers: [QuizStatsController],
  providers: [QuizStatsService, QuizStatsQueries],
  exports: [QuizStatsService],
})
export class QuizStatsModule {}
