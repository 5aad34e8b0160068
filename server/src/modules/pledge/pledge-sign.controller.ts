import { Controller, Inject, Res } from '@nestjs/common';
import { SVG_MIME } from '@wuzha/shared';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { PledgeSignService } from './pledge-sign.service';

@Controller()
export class PledgeSignController {
  constructor(@Inject(PledgeSignService) private readonly signing: PledgeSignService) {}

  @Route('pledge.mine')
  mine(@CurrentUser() ctx: AuthContext) {
    return this.signing.mine(ctx);
  }

  @Route('pledge.sign.page')
  page(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.sign.page'>) {
    return this.signing.page(ctx, input.params.id, input.query);
  }

  @Route('pledge.sign.match')
  match(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.sign.match'>) {
    return this.signing.match(ctx, input.params.id, input.body);
  }

  @Route('pledge.sign.submit')
  submit(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.sign.submit'>) {
    return this.signing.submit(ctx, input.params.id, input.body);
  }

  @Route('pledge.sign.subscribe')
  subscribe(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.sign.subscribe'>) {
    return this.signing.subscribe(ctx, input.params.id, input.body);
  }

  @Route('pledge.signatures.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.signatures.get'>) {
    return this.signing.get(ctx, input.params.id);
  }

  @Route('pledge.signatures.image')
  async image(@Input() input: RouteInput<'pledge.signatures.image'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const svg = await this.signing.image(input.params.id, input.query.exp, input.query.sig);
    // the link carries its expiry and a signed pledge never changes: private cache until then
    reply.header('Content-Type', `${SVG_MIME}; charset=utf-8`).header('Cache-Control', 'private, max-age=86400').header('X-Content-Type-Options', 'nosniff');
    return svg;
  }

  @Route('pledge.verify')
  verify(@Input() input: RouteInput<'pledge.verify'>) {
    return this.signing.verify(input.params.code);
  }
}
