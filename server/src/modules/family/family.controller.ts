import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { FamilyService } from './family.service';

@Controller()
export class FamilyController {
  constructor(@Inject(FamilyService) private readonly family: FamilyService) {}

  @Route('me.family.list')
  list(@CurrentUser() ctx: AuthContext) {
    return this.family.list(ctx);
  }

  @Route('me.family.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'me.family.create'>) {
    return this.family.create(ctx, input.body);
  }

  @Route('me.family.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'me.family.update'>) {
    return this.family.update(ctx, input.params.id, input.body);
  }

  @Route('me.family.delete')
  async remove(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'me.family.delete'>) {
    await this.family.remove(ctx, input.params.id);
    return { ok: true as const };
  }
}
