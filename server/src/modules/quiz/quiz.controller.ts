import { Controller, Inject, Res } from '@nestjs/common';
import { SVG_MIME } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { QuizAttemptService } from './quiz-attempt.service';
import { QuizCampaignService } from './quiz-campaign.service';
import { QuizMistakeService } from './quiz-mistake.service';

@Controller()
export class QuizController {
  constructor(
    @Inject(QuizCampaignService) private readonly campaigns: QuizCampaignService,
    @Inject(QuizAttemptService) private readonly attempts: QuizAttemptService,
    @Inject(QuizMistakeService) private readonly mistakes: QuizMistakeService,
  ) {}

  @Route('quiz.campaigns.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.create'>) {
    return this.campaigns.create(ctx, input.body);
  }

  @Route('quiz.campaigns.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.update'>) {
    return this.campaigns.update(ctx, input.params.id, input.body);
  }

  @Route('quiz.campaigns.publish')
  publish(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.publish'>) {
    return this.campaigns.publish(ctx, input.params.id);
  }

  @Route('quiz.campaigns.close')
  close(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.close'>) {
    return this.campaigns.close(ctx, input.params.id);
  }

  @Route('quiz.campaigns.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.list'>) {
    return this.campaigns.list(ctx, input.query);
  }

  @Route('quiz.campaigns.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.campaigns.get'>) {
    return this.campaigns.get(ctx, input.params.id);
  }

  @Route('quiz.attempts.start')
  start(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.attempts.start'>) {
    return this.attempts.start(ctx, input.params.id);
  }

  @Route('quiz.practice.start')
  practice(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.practice.start'>) {
    return this.attempts.practice(ctx, input.body);
  }

  @Route('quiz.attempts.get')
  attempt(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.attempts.get'>) {
    return this.attempts.get(ctx, input.params.id);
  }

  @Route('quiz.attempts.check')
  check(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.attempts.check'>) {
    return this.attempts.check(ctx, input.params.id, input.body);
  }

  @Route('quiz.attempts.submit')
  submit(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.attempts.submit'>) {
    return this.attempts.submit(ctx, input.params.id, input.body);
  }

  @Route('quiz.certificates.get')
  async certificate(@Input() input: RouteInput<'quiz.certificates.get'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const svg = await this.attempts.certificate(input.params.id, input.query.exp, input.query.sig);
    // the link carries its expiry and the image never changes: private cache until then
    reply.header('Content-Type', `${SVG_MIME}; charset=utf-8`).header('Cache-Control', 'private, max-age=86400').header('X-Content-Type-Options', 'nosniff');
    return svg;
  }

  @Route('quiz.mistakes.list')
  mistakeList(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.mistakes.list'>) {
    return this.mistakes.list(ctx, input.query);
  }

  @Route('quiz.mistakes.remove')
  mistakeRemove(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'quiz.mistakes.remove'>) {
    return this.mistakes.remove(ctx, input.params.id);
  }
}
