import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { sendXlsx } from '../../common/xlsx-download';
import { QuizStatsService } from './quiz-stats.service';

@Controller()
export class QuizStatsController {
  constructor(@Inject(QuizStatsService) private readonly stats: QuizStatsService) {}

  @Route('quiz.campaigns.stats')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.stats'>) {
    return this.stats.stats(ctx, input.params.id, input.query.nodeId);
  }

  @Route('quiz.campaigns.export')
  async export(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.export'>, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendXlsx(reply, await this.stats.export(ctx, input.params.id, input.query.nodeId), `quiz-${input.params.id}.xlsx`);
  }

  @Route('quiz.campaigns.attempts')
  attempts(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.attempts'>) {
    return this.stats.attempts(ctx, input.params.id, input.query);
  }

  @Route('quiz.overview')
  overview(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.overview'>) {
    return this.stats.overview(ctx, input.query.nodeId);
  }
}
