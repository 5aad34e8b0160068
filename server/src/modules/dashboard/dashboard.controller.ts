import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { sendXlsx } from '../../common/xlsx-download';
import { DashboardService } from './dashboard.service';

@Controller()
export class DashboardController {
  constructor(@Inject(DashboardService) private readonly dashboard: DashboardService) {}

  @Route('bulletins.dashboard')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.dashboard'>) {
    return this.dashboard.dashboard(ctx, input.params.id, input.query.nodeId);
  }

  @Route('bulletins.export')
  async export(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.export'>, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendXlsx(reply, await this.dashboard.export(ctx, input.params.id, input.query.nodeId), `bulletin-${input.params.id}.xlsx`);
  }

  @Route('bulletins.stats')
  stats(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.stats'>) {
    return this.dashboard.period(ctx, input.query);
  }
}
