import { Controller, Inject, Res } from '@nestjs/common';
import { ZIP_MIME } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { sendDownload, sendXlsx } from '../../common/xlsx-download';
import { PledgeTrackService } from './pledge-track.service';

@Controller()
export class PledgeTrackController {
  constructor(@Inject(PledgeTrackService) private readonly track: PledgeTrackService) {}

  @Route('pledge.progress')
  progress(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.progress'>) {
    return this.track.progress(ctx, input.params.id, input.query.nodeId);
  }

  @Route('pledge.signers')
  signers(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.signers'>) {
    return this.track.signers(ctx, input.params.id, input.query);
  }

  @Route('pledge.remind')
  remind(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.remind'>) {
    return this.track.remind(ctx, input.params.id, input.body);
  }

  @Route('pledge.export')
  async export(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.export'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.track.export(ctx, input.params.id, input.query.nodeId);
    return sendXlsx(reply, { filename: file.filename, xlsx: file.body }, `pledge-${input.params.id}.xlsx`);
  }

  @Route('pledge.images')
  async images(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.images'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.track.images(ctx, input.params.id, input.query.nodeId);
    return sendDownload(reply, ZIP_MIME, file, `pledge-${input.params.id}.zip`);
  }

  @Route('pledge.chain')
  chain(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.chain'>) {
    return this.track.chain(ctx, input.params.id);
  }
}
