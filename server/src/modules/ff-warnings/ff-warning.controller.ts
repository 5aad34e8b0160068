import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { FfWarningService } from './ff-warning.service';

@Controller()
export class FfWarningController {
  constructor(@Inject(FfWarningService) private readonly warnings: FfWarningService) {}

  @Route('ff.warnings.rules')
  rules(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.warnings.rules'>) {
    return this.warnings.rules(ctx, input.query.townId);
  }

  @Route('ff.warnings.rules.update')
  updateRules(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.warnings.rules.update'>) {
    return this.warnings.updateRules(ctx, input.query.townId, input.body);
  }

  @Route('ff.warnings.compute')
  compute(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.warnings.compute'>) {
    return this.warnings.compute(ctx, input.body);
  }

  @Route('ff.warnings.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.warnings.list'>) {
    return this.warnings.list(ctx, input.query);
  }
}
