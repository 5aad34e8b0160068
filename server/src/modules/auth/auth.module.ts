import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RefreshTokenService } from './refresh-token.service';

// Login, token refresh/logout, and the global guard (deny by default).
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [AccessTokenService, RefreshTokenService, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AccessTokenService],
})
export class AuthModule {}
