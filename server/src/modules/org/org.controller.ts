import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { MembershipsService } from './memberships.service';
import { OrgService } from './org.service';

@Controller()
export class OrgController {
  constructor(@Inject(OrgService) private readonly org: OrgService) {}

  @Route('org.directory')
  directory(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'org.directory'>) {
    return this.org.directory(ctx, input.query.parentId);
  }

  @Route('org.node')
  node(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'org.node'>) {
    return this.org.getNode(ctx, input.params.id);
  }

  @Route('org.children')
  children(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'org.children'>) {
    return this.org.children(ctx, input.params.id);
  }

  @Route('org.createNode')
  createNode(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'org.createNode'>) {
    return this.org.createNode(ctx, input.body);
  }

  @Route('org.renameNode')
  renameNode(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'org.renameNode'>) {
    return this.org.renameNode(ctx, input.params.id, input.body);
  }

  @Route('org.members')
  members(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'org.members'>) {
    return this.org.members(ctx, input.params.id, input.query);
  }
}

@Controller()
export class MembershipsController {
  constructor(@Inject(MembershipsService) private readonly memberships: MembershipsService) {}

  @Route('memberships.join')
  join(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'memberships.join'>) {
    return this.memberships.join(ctx, input.body.nodeId);
  }

  @Route('memberships.remove')
  async remove(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'memberships.remove'>) {
    await this.memberships.remove(ctx, input.params.id);
    return { ok: true as const };
  }
}
