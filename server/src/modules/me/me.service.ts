import { Inject, Injectable } from '@nestjs/common';
import { MeResponse } from '@wuzha/shared';
import { DataSource } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Membership } from '../org/membership.entity';
import { iso, membershipViews } from '../org/views';
import { UsersService } from '../users/users.service';

// The caller's own profile and roles.
@Injectable()
export class MeService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  async get(ctx: AuthContext): Promise<MeResponse> {
    const user = await this.users.getById(ctx.userId);
    const memberships = await this.ds.getRepository(Membership).find({ where: { userId: ctx.userId }, order: { id: 'ASC' } });
    return {
      id: user.id,
      displayName: user.displayName,
      nameSet: user.nameSet,
      phoneMasked: this.users.phoneMasked(user),
      memberships: await membershipViews(this.ds.manager, memberships),
      createdAt: iso(user.createdAt),
    };
  }

  async updateName(ctx: AuthContext, displayName: string): Promise<MeResponse> {
    await this.users.updateDisplayName(ctx, displayName);
    return this.get(ctx);
  }

  async bindPhone(ctx: AuthContext, code: string): Promise<MeResponse> {
    await this.users.setPhoneFromWechatCode(ctx, code);
    return this.get(ctx);
  }
}
