import { Inject, Injectable } from '@nestjs/common';
import { SubscribeMessage, WECHAT_CLIENT, WechatClient } from '../wechat/wechat.types';
import { PermanentError } from './outbox.errors';
import { WECHAT_SUBSCRIBE_TOPIC } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

function isSubscribeMessage(p: unknown): p is SubscribeMessage {
  const m = p as SubscribeMessage;
  return !!m && typeof m === 'object' && typeof m.touser === 'string' && typeof m.templateId === 'string' && !!m.data && typeof m.data === 'object';
}

// Sends queued subscribe messages. WechatApiError.permanent (43101 refused, 40003, 47003, 40037)
// makes the worker drop the message instead of retrying.
@Injectable()
export class WechatSubscribeHandler {
  constructor(
    @Inject(OutboxWorker) worker: OutboxWorker,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
  ) {
    worker.registerHandler(WECHAT_SUBSCRIBE_TOPIC, (payload) => this.handle(payload));
  }

  async handle(payload: unknown): Promise<void> {
    if (!isSubscribeMessage(payload)) throw new PermanentError('wechat.subscribe payload is not a subscribe message');
    await this.wechat.sendSubscribeMessage(payload);
  }
}
