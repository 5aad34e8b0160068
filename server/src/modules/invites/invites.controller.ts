import { Controller, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { InvitesService } from './invites.service';

@Controller()
export class InvitesController {
  constructor(@Inject(InvitesService) private readonly invites: InvitesService) {}

  @Route('invites.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'invites.create'>) {
    return this.invites.create(ctx, input.body);
  }

  @Route('invites.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'invites.list'>) {
    return this.invites.list(ctx, input.query.nodeId);
  }

  @Route('invites.preview')
  preview(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'invites.preview'>) {
    return this.invites.preview(ctx, input.params.code);
  }

  @Route('invites.accept')
  accept(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'invites.accept'>) {
    return this.invites.accept(ctx, input.params.code);
  }

  @Route('invites.revoke')
  revoke(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'invites.revoke'>) {
    return this.invites.revoke(ctx, input.params.id);
  }

  @Route('invites.qr')
  async qr(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'invites.qr'>, @Res({ passthrough: true }) reply: FastifyReply) {
    const png = await this.invites.qrPng(ctx, input.params.id);
    // the code inside is a credential: keep the image out of shared caches
    reply.header('Content-Type', 'image/png').header('Cache-Control', 'private, no-store');
    return png;
  }
}
