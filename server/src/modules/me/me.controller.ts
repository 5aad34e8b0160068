import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { MeService } from './me.service';

@Controller()
export class MeController {
  constructor(@Inject(MeService) private readonly me: MeService) {}

  @Route('me.get')
  get(@CurrentUser() ctx: AuthContext) {
    return this.me.get(ctx);
  }

  @Route('me.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'me.update'>) {
    return this.me.updateName(ctx, input.body.displayName);
  }

  @Route('me.phone')
  phone(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'me.phone'>) {
    return this.me.bindPhone(ctx, input.body.code);
  }
}
