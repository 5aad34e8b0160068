export * from './outbox-message.entity';
export * from './outbox.errors';
export * from './outbox.service';
export * from './outbox.worker';
export * from './wechat-subscribe.handler';
export { OutboxModule } from './outbox.module';
