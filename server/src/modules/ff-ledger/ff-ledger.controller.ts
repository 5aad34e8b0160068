import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { FfLedgerService } from './ff-ledger.service';

@Controller()
export class FfLedgerController {
  constructor(@Inject(FfLedgerService) private readonly ledger: FfLedgerService) {}

  @Route('ff.activities.create')
  createActivity(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.activities.create'>) {
    return this.ledger.createActivity(ctx, input.body);
  }

  @Route('ff.activities.list')
  listActivities(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.activities.list'>) {
    return this.ledger.listActivities(ctx, input.query);
  }

  @Route('ff.activities.remove')
  removeActivity(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.activities.remove'>) {
    return this.ledger.removeActivity(ctx, input.params.id);
  }

  @Route('ff.cases.upsert')
  upsertCase(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.cases.upsert'>) {
    return this.ledger.upsertCase(ctx, input.body);
  }

  @Route('ff.cases.list')
  listCases(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'ff.cases.list'>) {
    return this.ledger.listCases(ctx, input.query);
  }
}
