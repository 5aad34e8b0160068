// The "invite accepted" subscribe message to the inviter, with fields fitted to WeChat's limits.
import { Role, ROLE_META } from '@wuzha/shared';
import { fitName, fitPhrase, fitThing, formatWechatTime } from '../wechat/subscribe-fields';

// phrase fields take at most 5 characters: short role names read better than a cut label
const ROLE_PHRASE: Record<Role, string> = {
  resident: '居民',
  student: '学生',
  parent: '家长',
  grid_worker: '网格员',
  village_cadre: '村社干部',
  school_admin: '学校管理',
  teacher: '教师',
  unit_contact: '单位联络',
  town_admin: '镇管理员',
  police_liaison: '派出所',
};

export interface InviteAcceptedInput {
  touser: string;
  templateId: string;
  nodeName: string;
  accepterName: string;
  role: Role;
  at: Date;
}

export interface SubscribePayload {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export function inviteAcceptedMessage(i: InviteAcceptedInput): SubscribePayload {
  return {
    touser: i.touser,
    templateId: i.templateId,
    page: 'pages/index/index',
    data: {
      thing1: { value: fitThing(i.nodeName) },
      name2: { value: fitName(i.accepterName || '新成员') },
      phrase3: { value: fitPhrase(ROLE_PHRASE[i.role] ?? ROLE_META[i.role].label) },
      time4: { value: formatWechatTime(i.at) },
    },
  };
}
