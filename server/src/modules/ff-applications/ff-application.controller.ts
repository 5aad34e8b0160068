import { Controller, Inject, Res } from '@nestjs/common';
import { SVG_MIME } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { FfApplicationService } from './ff-application.service';
import { FfAwardService } from './ff-award-review';

@Controller()
export class FfApplicationController {
  constructor(
    @Inject(FfApplicationService) private readonly applications: FfApplicationService,
    @Inject(FfAwardService) private readonly awards: FfAwardService,
  ) {}

  @Route('ff.applications.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.applications.create'>) {
    return this.applications.create(ctx, input.params.id, input.body);
  }

  @Route('ff.applications.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.applications.update'>) {
    return this.applications.update(ctx, input.params.id, input.body);
  }

  @Route('ff.applications.submit')
  submit(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.applications.submit'>) {
    return this.applications.submit(ctx, input.params.id);
  }

  @Route('ff.applications.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.applications.list'>) {
    return this.applications.list(ctx, input.query);
  }

  @Route('ff.applications.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.applications.get'>) {
    return this.applications.get(ctx, input.params.id);
  }

  @Route('ff.applications.review')
  review(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.applications.review'>) {
    return this.applications.review(ctx, input.params.id, input.body);
  }

  @Route('ff.applications.decide')
  decide(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.applications.decide'>) {
    return this.applications.decide(ctx, input.params.id, input.body);
  }

  @Route('ff.objections.create')
  object(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.objections.create'>) {
    return this.applications.object(ctx, input.params.id, input.body);
  }

  @Route('ff.notices')
  notices(@Input() input: RouteInput<'ff.notices'>) {
    return this.applications.notices(input.query);
  }

  @Route('ff.awards.list')
  awardList(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.awards.list'>) {
    return this.awards.list(ctx, input.query);
  }

  @Route('ff.awards.revoke')
  revoke(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.awards.revoke'>) {
    return this.awards.revoke(ctx, input.params.id, input.body);
  }

  @Route('ff.awards.keep')
  keep(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.awards.keep'>) {
    return this.awards.keep(ctx, input.params.id, input.body);
  }

  @Route('ff.awards.certificate')
  async certificate(@Input() input: RouteInput<'ff.awards.certificate'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const svg = await this.awards.certificate(input.params.id, input.query.exp, input.query.sig);
    // a revoked title must stop showing soon: no long caching
    reply.header('Content-Type', `${SVG_MIME}; charset=utf-8`).header('Cache-Control', 'private, max-age=300').header('X-Content-Type-Options', 'nosniff');
    return svg;
  }
}
