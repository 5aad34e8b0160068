import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { FeedbackService } from './feedback.service';

@Controller()
export class FeedbackController {
  constructor(@Inject(FeedbackService) private readonly feedback: FeedbackService) {}

  @Route('feedback.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'feedback.create'>) {
    return this.feedback.create(ctx, input.body);
  }

  @Route('feedback.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'feedback.list'>) {
    return this.feedback.list(ctx, input.query);
  }

  @Route('feedback.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'feedback.get'>) {
    return this.feedback.get(ctx, input.params.id);
  }

  @Route('feedback.reply')
  reply(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'feedback.reply'>) {
    return this.feedback.reply(ctx, input.params.id, input.body);
  }
}
