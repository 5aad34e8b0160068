import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { AuditService } from './audit.service';

@Controller()
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Route('audit.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'audit.list'>) {
    return this.audit.list(ctx, input.query);
  }
}
