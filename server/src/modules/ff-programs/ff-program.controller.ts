import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { FfProgramService } from './ff-program.service';

@Controller()
export class FfProgramController {
  constructor(@Inject(FfProgramService) private readonly programs: FfProgramService) {}

  @Route('ff.programs.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.programs.list'>) {
    return this.programs.list(ctx, input.query);
  }

  @Route('ff.programs.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.programs.get'>) {
    return this.programs.get(ctx, input.params.id);
  }

  @Route('ff.programs.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.programs.create'>) {
    return this.programs.create(ctx, input.body);
  }

  @Route('ff.programs.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.programs.update'>) {
    return this.programs.update(ctx, input.params.id, input.body);
  }

  @Route('ff.programs.publish')
  publish(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.programs.publish'>) {
    return this.programs.publish(ctx, input.params.id);
  }

  @Route('ff.programs.close')
  close(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.programs.close'>) {
    return this.programs.close(ctx, input.params.id);
  }
}
