export * from './wechat.types';
export * from './wechat.crypto';
export * from './subscribe-fields';
export { LiveWechatClient, chunkText, MSG_SEC_CHUNK } from './wechat-live.client';
export type { LiveWechatClientOptions } from './wechat-live.client';
export { MockWechatClient, mockSessionKey } from './wechat-mock.client';
export { WechatModule } from './wechat.module';
