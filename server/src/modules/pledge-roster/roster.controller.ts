import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { sendXlsx } from '../../common/xlsx-download';
import { readXlsxUpload } from '../quiz-bank/xlsx-upload';
import { RosterService } from './roster.service';

@Controller()
export class RosterController {
  constructor(@Inject(RosterService) private readonly roster: RosterService) {}

  @Route('pledge.roster.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.roster.list'>) {
    return this.roster.list(ctx, input.query);
  }

  // declared before the :id routes so that /api/pledge/roster/template is not read as an id
  @Route('pledge.roster.template')
  async template(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.roster.template'>, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendXlsx(reply, await this.roster.template(ctx, input.query.schoolId), `roster-template-${input.query.schoolId}.xlsx`);
  }

  // the caller's right to write the school's roster is checked before the upload is read
  @Route('pledge.roster.import')
  import(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.roster.import'>, @Req() req: FastifyRequest) {
    return this.roster.import(ctx, input.query.schoolId, () => readXlsxUpload(req));
  }

  @Route('pledge.roster.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.roster.create'>) {
    return this.roster.create(ctx, input.body);
  }

  @Route('pledge.roster.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.roster.update'>) {
    return this.roster.update(ctx, input.params.id, input.body);
  }

  @Route('pledge.roster.remove')
  remove(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.roster.remove'>) {
    return this.roster.remove(ctx, input.params.id);
  }
}
