import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { ReachService } from './reach.service';

@Controller()
export class ReachController {
  constructor(@Inject(ReachService) private readonly reach: ReachService) {}

  @Route('bulletins.open')
  open(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.open'>) {
    return this.reach.open(ctx, input.params.id, input.body);
  }

  @Route('bulletins.confirm')
  confirm(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.confirm'>) {
    return this.reach.confirm(ctx, input.params.id, input.body);
  }
}
