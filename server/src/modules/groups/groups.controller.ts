import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { GroupsService } from './groups.service';

@Controller()
export class GroupsController {
  constructor(@Inject(GroupsService) private readonly groups: GroupsService) {}

  @Route('groups.bind')
  bind(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'groups.bind'>) {
    return this.groups.bind(ctx, input.body);
  }

  @Route('groups.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'groups.list'>) {
    return this.groups.list(ctx, input.query.nodeId);
  }

  @Route('groups.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'groups.update'>) {
    return this.groups.update(ctx, input.params.id, input.body);
  }

  @Route('groups.remove')
  remove(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'groups.remove'>) {
    return this.groups.remove(ctx, input.params.id);
  }
}
