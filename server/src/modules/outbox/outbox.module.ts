import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';
import { WechatSubscribeHandler } from './wechat-subscribe.handler';

// Needs the global DataSource, APP_CONFIG, Clock and WECHAT_CLIENT providers of the app.
@Module({
  providers: [OutboxService, OutboxWorker, WechatSubscribeHandler],
  exports: [OutboxService, OutboxWorker],
})
export class OutboxModule {}
