import type { DrawInput } from '@wuzha/shared';
import { EntityManager } from 'typeorm';
import { OrgNode } from '../modules/org/org-node.entity';
import { QuizCampaign } from '../modules/quiz/quiz-campaign.entity';
import { User } from '../modules/users/user.entity';

// Demo quiz campaigns, seeded with the demo organisation: a town exam for 和平镇's villages, a class exam
// for 和平镇中学七年级1班, and a practice campaign for the whole town. Papers are drawn from the built-in
// bank when someone starts (the bank syncs at boot), so only the rules are stored here.

const TOWN = ['示范县', '和平镇'];
const DAY = 86400_000;

interface DemoCampaign {
  title: string;
  intro: string;
  kind: 'exam' | 'practice';
  owner: string[];
  audience: string[][];
  roles: string[];
  createdBy: string;
  draw: DrawInput;
  timeLimitMinutes: number | null;
  attemptsPerDay: number | null;
  attemptsTotal: number | null;
  passPercent: number;
}

const CAMPAIGNS: DemoCampaign[] = [
  {
    title: '和平镇全民反诈知识测试',
    intro: '10道题，20分钟。答对6道就合格，合格后可以领取电子证书。',
    kind: 'exam',
    owner: TOWN,
    audience: ['东山村', '西河村', '南岭村', '北湖村'].map((v) => [...TOWN, v]),
    roles: ['resident'],
    createdBy: 'demo-town_admin',
    draw: {
      mode: 'random',
      rules: [
        { fraudType: 'order_brushing', count: 2 },
        { fraudType: 'fake_investment', count: 2 },
        { fraudType: 'fake_customer_service', count: 2 },
        { fraudType: 'impersonate_officials', count: 2 },
        { fraudType: 'renting_cards', count: 1 },
        { fraudType: 'after_scam', count: 1 },
      ],
    },
    timeLimitMinutes: 20,
    attemptsPerDay: 2,
    attemptsTotal: 5,
    passPercent: 60,
  },
  {
    title: '七年级1班防诈骗小测验',
    intro: '10道题，15分钟，一共可以答3次，按最好的一次算。',
    kind: 'exam',
    owner: [...TOWN, '和平镇中学'],
    audience: [[...TOWN, '和平镇中学', '七年级', '七年级1班']],
    roles: ['student'],
    createdBy: 'demo-school_admin',
    draw: { mode: 'random', rules: [{ count: 10 }] },
    timeLimitMinutes: 15,
    attemptsPerDay: null,
    attemptsTotal: 3,
    passPercent: 60,
  },
  {
    title: '反诈知识天天练',
    intro: '每题答完就能看答案和解析，不打分，随时可以练。',
    kind: 'practice',
    owner: TOWN,
    audience: [TOWN],
    roles: ['resident', 'student', 'parent'],
    createdBy: 'demo-town_admin',
    draw: { mode: 'random', rules: [{ count: 10 }] },
    timeLimitMinutes: null,
    attemptsPerDay: null,
    attemptsTotal: null,
    passPercent: 60,
  },
];

// Adds the demo campaigns that are not there yet (by owner and title), open from now for 30 days.
export async function seedDemoQuiz(m: EntityManager, nodeAt: (names: string[]) => OrgNode | undefined, now: Date): Promise<number> {
  let added = 0;
  for (const spec of CAMPAIGNS) {
    const owner = nodeAt(spec.owner);
    const town = nodeAt(TOWN);
    const audience = spec.audience.map((names) => nodeAt(names));
    if (!owner || !town || audience.some((a) => !a)) throw new Error(`demo quiz ${spec.title}: a node is missing`);
    if (await m.existsBy(QuizCampaign, { ownerNodeId: owner.id, title: spec.title })) continue;
    const author = await m.findOneBy(User, { openid: spec.createdBy });
    const count = spec.draw.mode === 'fixed' ? spec.draw.questionIds.length : spec.draw.rules.reduce((n, r) => n + r.count, 0);
    await m.save(QuizCampaign, {
      townId: town.id,
      ownerNodeId: owner.id,
      ownerPath: owner.path,
      kind: spec.kind,
      title: spec.title,
      intro: spec.intro,
      audience: audience.map((a) => ({ nodeId: a!.id, path: a!.path })),
      roles: spec.roles,
      startsAt: now,
      endsAt: new Date(now.getTime() + 30 * DAY),
      draw: spec.draw,
      questionCount: count,
      shuffleQuestions: true,
      shuffleOptions: true,
      timeLimitMinutes: spec.timeLimitMinutes,
      attemptsPerDay: spec.attemptsPerDay,
      attemptsTotal: spec.attemptsTotal,
      passPercent: spec.passPercent,
      counting: 'best',
      status: 'published',
      createdBy: author?.id ?? 0,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
      closedAt: null,
    });
    added++;
  }
  return added;
}
