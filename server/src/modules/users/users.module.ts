import { Module } from '@nestjs/common';
import { UsersService } from './users.service';

// UsersService is used by auth (login) and by the me.* routes.
@Module({ providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
