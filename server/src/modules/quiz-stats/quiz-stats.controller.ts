import { Controller, Inject, Res } from '@nestjs/common';
import { XLSX_MIME } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
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
    const file = await this.stats.export(ctx, input.params.id, input.query.nodeId);
    // RFC 6266: an ASCII fallback name, and the Chinese name as UTF-8 in filename*
    reply
      .header('Content-Type', XLSX_MIME)
      .header('Content-Disposition', `attachment; filename="quiz-${input.params.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('Cache-Control', 'private, no-store');
    return file.xlsx;
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
