import { Controller, Inject } from '@nestjs/common';
import { AuthContext, CurrentUser } from '../../common/auth-context';
import { Input, Route, RouteInput } from '../../common/route';
import { PledgeCampaignService } from './pledge-campaign.service';

@Controller()
export class PledgeCampaignController {
  constructor(@Inject(PledgeCampaignService) private readonly campaigns: PledgeCampaignService) {}

  @Route('pledge.campaigns.create')
  create(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.campaigns.create'>) {
    return this.campaigns.create(ctx, input.body);
  }

  @Route('pledge.campaigns.update')
  update(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.campaigns.update'>) {
    return this.campaigns.update(ctx, input.params.id, input.body);
  }

  @Route('pledge.campaigns.publish')
  publish(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.campaigns.publish'>) {
    return this.campaigns.publish(ctx, input.params.id);
  }

  @Route('pledge.campaigns.close')
  close(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.campaigns.close'>) {
    return this.campaigns.close(ctx, input.params.id);
  }

  @Route('pledge.campaigns.list')
  list(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.campaigns.list'>) {
    return this.campaigns.list(ctx, input.query);
  }

  @Route('pledge.campaigns.get')
  get(@CurrentUser() ctx: AuthContext, @Input() input: RouteInput<'pledge.campaigns.get'>) {
    return this.campaigns.get(ctx, input.params.id);
  }
}
