import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { PledgeTemplateService } from './pledge-template.service';

@Controller()
export class PledgeTemplateController {
  constructor(@Inject(PledgeTemplateService) private readonly templates: PledgeTemplateService) {}

  @Route('pledge.templates.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.templates.list'>) {
    return this.templates.list(ctx, input.query);
  }

  @Route('pledge.templates.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.templates.get'>) {
    return this.templates.get(ctx, input.params.id);
  }

  @Route('pledge.templates.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.templates.create'>) {
    return this.templates.create(ctx, input.query.townId, input.body);
  }

  @Route('pledge.templates.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.templates.update'>) {
    return this.templates.update(ctx, input.params.id, input.body);
  }
}
