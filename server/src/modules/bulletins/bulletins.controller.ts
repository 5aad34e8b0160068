import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { TasksService } from '../tasks/tasks.service';
import { BulletinsService } from './bulletins.service';

@Controller()
export class BulletinsController {
  constructor(
    @Inject(BulletinsService) private readonly bulletins: BulletinsService,
    @Inject(TasksService) private readonly tasks: TasksService,
  ) {}

  @Route('bulletins.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.create'>) {
    return this.bulletins.create(ctx, input.body);
  }

  @Route('bulletins.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.update'>) {
    return this.bulletins.update(ctx, input.params.id, input.body);
  }

  @Route('bulletins.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.list'>) {
    return this.bulletins.list(ctx, input.query);
  }

  // declared before bulletins.get so that /api/bulletins/feed is not read as an id
  @Route('bulletins.feed')
  feed(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.feed'>) {
    return this.bulletins.feed(ctx, input.query);
  }

  @Route('bulletins.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.get'>) {
    return this.bulletins.get(ctx, input.params.id);
  }

  @Route('bulletins.submit')
  submit(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.submit'>) {
    return this.bulletins.submit(ctx, input.params.id);
  }

  @Route('bulletins.review')
  review(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.review'>) {
    return this.bulletins.review(ctx, input.params.id, input.body);
  }

  @Route('bulletins.publish')
  publish(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.publish'>) {
    return this.bulletins.publish(ctx, input.params.id);
  }

  @Route('bulletins.remind')
  remind(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'bulletins.remind'>) {
    return this.tasks.remindPending(ctx, input.params.id, input.body.nodeId);
  }
}
