import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { TasksService } from './tasks.service';

@Controller()
export class TasksController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Route('tasks.inbox')
  inbox(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'tasks.inbox'>) {
    return this.tasks.inbox(ctx, input.query);
  }

  @Route('tasks.forward')
  forward(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'tasks.forward'>) {
    return this.tasks.forward(ctx, input.params.id);
  }

  @Route('tasks.offline')
  offline(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'tasks.offline'>) {
    return this.tasks.offline(ctx, input.params.id, input.body);
  }

  @Route('tasks.remind')
  remind(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'tasks.remind'>) {
    return this.tasks.remindTask(ctx, input.params.id);
  }
}
