// The pledge reminder subscribe message (to a guardian, a resident or staff member, or a unit's
// contact who allowed it), with fields fitted to WeChat's limits.
import { fitThing, formatWechatTime } from '../wechat/subscribe-fields';
import { SubscribeMessage } from '../wechat/wechat.types';

export function pledgeSignPage(campaignId: number): string {
  return `pages/pledge-sign/index?id=${campaignId}`;
}

export interface PledgeRemindInput {
  touser: string;
  templateId: string;
  campaignId: number;
  campaignTitle: string;
  deadline: Date;
  // whom for: 为吴*轩签署 / 代表某单位签署 / 请您签署
  forWhom: string;
}

export function pledgeRemindMessage(i: PledgeRemindInput): SubscribeMessage {
  return {
    touser: i.touser,
    templateId: i.templateId,
    page: pledgeSignPage(i.campaignId),
    data: {
      thing1: { value: fitThing(i.campaignTitle) },
      time2: { value: formatWechatTime(i.deadline) },
      thing3: { value: fitThing(i.forWhom) },
    },
  };
}
