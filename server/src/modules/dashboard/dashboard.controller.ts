import { Controller, Inject, Res } from '@nestjs/common';
import { XLSX_MIME } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
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
    const file = await this.dashboard.export(ctx, input.params.id, input.query.nodeId);
    // RFC 6266: an ASCII fallback name, and the Chinese name as UTF-8 in filename*
    reply
      .header('Content-Type', XLSX_MIME)
      .header('Content-Disposition', `attachment; filename="bulletin-${input.params.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('Cache-Control', 'private, no-store');
    return file.xlsx;
  }

  @Route('bulletins.stats')
  stats(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.stats'>) {
    return this.dashboard.period(ctx, input.query);
  }
}
