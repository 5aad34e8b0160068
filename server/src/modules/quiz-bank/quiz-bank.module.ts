import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../org/access.module';
import { QuizBankController } from './quiz-bank.controller';
import { QuizBankService } from './quiz-bank.service';

// The question bank: built-in and town questions, versions, xlsx import and export. The quiz module
// draws papers through QuizBankService (see the top of quiz-bank.service.ts).
@Module({
  imports: [AccessModule, AuditModule],
  controllers: [QuizBankController],
  providers: [QuizBankService],
  exports: [QuizBankService],
})
export class QuizBankModule {}
