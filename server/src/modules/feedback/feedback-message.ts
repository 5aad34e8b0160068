// The 基层反馈 subscribe message (a new thread to those above, a reply to the other side), with
// fields fitted to WeChat's limits.
import { FeedbackKind } from '@wuzha/shared';
import { SubscribeMessage } from '../wechat/wechat.types';
import { fitPhrase, fitThing, formatWechatTime } from '../wechat/subscribe-fields';

// phrase fields take at most 5 characters
const KIND_PHRASE: Record<FeedbackKind, string> = {
  new_scam: '新骗局',
  concern: '群众关切',
  situation: '情况报告',
  other: '其他反馈',
};

export interface FeedbackMessageInput {
  touser: string;
  templateId: string;
  feedbackId: number;
  // where the feedback comes from
  nodeName: string;
  kind: FeedbackKind;
  // the feedback or the reply text
  text: string;
  isReply: boolean;
  at: Date;
}

export function feedbackThreadPage(feedbackId: number): string {
  return `pages/feedback-thread/index?id=${feedbackId}`;
}

export function feedbackMessage(i: FeedbackMessageInput): SubscribeMessage {
  return {
    touser: i.touser,
    templateId: i.templateId,
    page: feedbackThreadPage(i.feedbackId),
    data: {
      thing1: { value: fitThing(i.nodeName) },
      phrase2: { value: fitPhrase(i.isReply ? '新回复' : KIND_PHRASE[i.kind]) },
      thing3: { value: fitThing(i.text) },
      time4: { value: formatWechatTime(i.at) },
    },
  };
}
