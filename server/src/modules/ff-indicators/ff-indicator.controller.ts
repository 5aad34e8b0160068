import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { sendXlsx } from '../../common/xlsx-download';
import { FfIndicatorService } from './ff-indicator.service';
import { FfRankingsService } from './ff-rankings.service';

@Controller()
export class FfIndicatorController {
  constructor(
    @Inject(FfIndicatorService) private readonly indicators: FfIndicatorService,
    @Inject(FfRankingsService) private readonly rankings: FfRankingsService,
  ) {}

  @Route('ff.indicators')
  sheet(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.indicators'>) {
    return this.indicators.indicators(ctx, input.params.id, input.query.nodeId);
  }

  @Route('ff.compute')
  compute(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.compute'>) {
    return this.indicators.compute(ctx, input.params.id);
  }

  @Route('ff.rankings')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.rankings'>) {
    return this.rankings.rankings(ctx, input.params.id, input.query);
  }

  @Route('ff.rankings.export')
  async export(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.rankings.export'>, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendXlsx(reply, await this.rankings.export(ctx, input.params.id, input.query), `ff-rankings-${input.params.id}.xlsx`);
  }

  @Route('ff.summary')
  summary(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.summary'>) {
    return this.rankings.summary(ctx, input.query.nodeId);
  }
}
