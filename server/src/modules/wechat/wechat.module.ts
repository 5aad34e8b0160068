import { Global, Module } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { LiveWechatClient } from './wechat-live.client';
import { MockWechatClient } from './wechat-mock.client';
import { WECHAT_CLIENT, WechatClient } from './wechat.types';

// Provides the one WeChat client (live or mock by config.wechat.mode). APP_CONFIG and Clock
// come from global providers of the app module.
@Global()
@Module({
  providers: [
    {
      provide: WECHAT_CLIENT,
      inject: [APP_CONFIG, Clock],
      useFactory: (config: AppConfig, clock: Clock): WechatClient =>
        config.wechat.mode === 'live' ? new LiveWechatClient(config, clock) : new MockWechatClient(config),
    },
  ],
  exports: [WECHAT_CLIENT],
})
export class WechatModule {}
