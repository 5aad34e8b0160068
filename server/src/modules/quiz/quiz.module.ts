import { Module } from '@nestjs/common';
import { RateLimiter } from '../../common/rate-limiter';
import { AccessModule } from '../org/access.module';
import { QuizBankModule } from '../quiz-bank/quiz-bank.module';
import { QuizAttemptService } from './quiz-attempt.service';
import { QuizCampaignService } from './quiz-campaign.service';
import { QuizMistakeService } from './quiz-mistake.service';
import { QuizController } from './quiz.controller';

// Quiz campaigns and taking them: drawing papers, grading, the aggregates statistics read, 错题本, certificates.
@Module({
  imports: [AccessModule, QuizBankModule],
  controllers: [QuizController],
  providers: [QuizCampaignService, QuizAttemptService, QuizMistakeService, RateLimiter],
  exports: [QuizCampaignService, QuizAttemptService, QuizMistakeService],
})
export class QuizModule {}
