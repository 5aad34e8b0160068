import type { PledgeAudience, PledgeKind } from '@wuzha/shared';
import { EntityManager, In } from 'typeorm';
import { DataCipher } from '../common/data-cipher';
import { OrgNode } from '../modules/org/org-node.entity';
import { PledgeCampaign } from '../modules/pledge/pledge-campaign.entity';
import { RosterEntry } from '../modules/pledge-roster/roster-entry.entity';
import { ensureBuiltinTemplates } from '../modules/pledge-template/builtin-sync';
import { PledgeTemplateVersion } from '../modules/pledge-template/pledge-template-version.entity';
import { User } from '../modules/users/user.entity';

// Demo pledges, seeded with the demo organisation: the roster of 和平镇中学七年级1班 (40 invented
// students, the demo student 吴梓轩 among them) and a few of 七年级2班, and three published campaigns
// on the built-in texts: the students of 七年级 (school), the residents of 东山村 (town), the units of
// 和平镇 (town). No signatures: the demo people sign them.

const TOWN = ['示范县', '和平镇'];
const SCHOOL = [...TOWN, '和平镇中学'];
const GRADE_7 = [...SCHOOL, '七年级'];
const DAY = 86400_000;

// The demo student: a guardian must sign for him (13 this year); the browser tests sign as his parent.
export const DEMO_PLEDGE_STUDENT = { name: '吴梓轩', studentNo: '2024070118', guardianPhone: '13800000000', age: 13 } as const;
// A student of the same class whose birth year is not on the roster: may sign themself.
export const DEMO_PLEDGE_SELF_SIGNER = { name: '李思远', studentNo: '2024070102' } as const;

// 七年级1班 in student-number order (2024070101…2024070140); null: birth year not given
const CLASS_71: Array<[name: string, age: number | null]> = [
  ['王子涵', 13], ['李思远', null], ['张欣怡', 12], ['刘浩然', 13], ['陈梓萱', null],
  ['杨宇轩', 13], ['黄诗琪', 12], ['赵俊杰', 13], ['周雨桐', null], ['孙博文', 13],
  ['马佳怡', 12], ['朱一鸣', 13], ['胡语嫣', 13], ['郭明轩', null], ['何若曦', 12],
  ['林天佑', 13], ['高梦瑶', 13], ['吴梓轩', 13], ['罗嘉懿', null], ['郑晨阳', 12],
  ['梁可馨', 13], ['谢宇航', 13], ['宋雨欣', null], ['唐浩宇', 12], ['许诗涵', 13],
  ['韩子墨', 13], ['冯思琪', 12], ['邓志远', null], ['曹欣妍', 13], ['彭俊熙', 13],
  ['曾雅琪', 12], ['肖宇辰', 13], ['田心怡', null], ['董睿泽', 13], ['袁紫涵', 12],
  ['潘皓轩', 13], ['蒋雨萱', 13], ['蔡子轩', null], ['余佳琪', 12], ['杜鑫磊', 13],
];
// 七年级2班 (2024070201…)
const CLASS_72: Array<[name: string, age: number | null]> = [
  ['叶梓涵', 13], ['程浩轩', 12], ['魏欣然', null], ['苏俊宇', 13], ['吕诗雨', 12],
];

interface DemoPledgeCampaign {
  title: string;
  intro: string;
  kind: PledgeKind;
  audience: PledgeAudience;
  owner: string[];
  scope: string[][];
  days: number;
  createdBy: string;
}

const CAMPAIGNS: DemoPledgeCampaign[] = [
  {
    title: '七年级学生反诈承诺书',
    intro: '请同学们认真读完承诺书再签名。未满14周岁的同学，请把这一页转给家长，由家长签署。两周内完成。',
    kind: 'student',
    audience: 'students',
    owner: SCHOOL,
    scope: [GRADE_7],
    days: 14,
    createdBy: 'demo-school_admin',
  },
  {
    title: '东山村居民反诈承诺书',
    intro: '东山村的乡亲们：读一读这份承诺书，签下名字，守好自家的钱袋子。',
    kind: 'resident',
    audience: 'residents',
    owner: TOWN,
    scope: [[...TOWN, '东山村']],
    days: 30,
    createdBy: 'demo-town_admin',
  },
  {
    title: '和平镇企业防电诈倡议书',
    intro: '请各单位联络员代表本单位签署，签署人填写本人职务。',
    kind: 'unit',
    audience: 'units',
    owner: TOWN,
    scope: [TOWN],
    days: 30,
    createdBy: 'demo-town_admin',
  },
];

const chinaYear = (now: Date) => new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();

async function seedRoster(m: EntityManager, cipher: DataCipher, nodeAt: (names: string[]) => OrgNode | undefined, now: Date): Promise<number> {
  const school = nodeAt(SCHOOL);
  if (!school) throw new Error('demo pledge: no 和平镇中学');
  const classes: Array<[OrgNode | undefined, string, Array<[string, number | null]>]> = [
    [nodeAt([...GRADE_7, '七年级1班']), '20240701', CLASS_71],
    [nodeAt([...GRADE_7, '七年级2班']), '20240702', CLASS_72],
  ];
  const rows: Partial<RosterEntry>[] = [];
  for (const [klass, prefix, students] of classes) {
    if (!klass) throw new Error('demo pledge: a class of 七年级 is missing');
    students.forEach(([name, age], i) => {
      const studentNo = `${prefix}${String(i + 1).padStart(2, '0')}`;
      const phone = studentNo === DEMO_PLEDGE_STUDENT.studentNo ? DEMO_PLEDGE_STUDENT.guardianPhone : null;
      rows.push({
        schoolId: school.id,
        classId: klass.id,
        classPath: klass.path,
        nameEnc: cipher.encrypt(name),
        studentNo,
        birthYear: age === null ? null : chinaYear(now) - age,
        guardianPhoneEnc: phone ? cipher.encrypt(phone) : null,
        guardianPhoneHash: phone ? cipher.hmac(phone) : null,
        removedAt: null,
        createdAt: now,
        updatedAt: now,
      });
    });
  }
  const taken = new Set((await m.find(RosterEntry, { where: { schoolId: school.id, studentNo: In(rows.map((r) => r.studentNo!)) }, select: { studentNo: true } })).map((e) => e.studentNo));
  const fresh = rows.filter((r) => !taken.has(r.studentNo!));
  if (fresh.length) await m.insert(RosterEntry, fresh);
  return fresh.length;
}

// Adds the demo roster entries and campaigns that are not there yet (by number; by owner and title).
export async function seedDemoPledge(m: EntityManager, cipher: DataCipher, nodeAt: (names: string[]) => OrgNode | undefined, now: Date): Promise<{ students: number; campaigns: number }> {
  const students = await seedRoster(m, cipher, nodeAt, now);
  const texts = await ensureBuiltinTemplates(m, now);
  const town = nodeAt(TOWN);
  let campaigns = 0;
  for (const spec of CAMPAIGNS) {
    const owner = nodeAt(spec.owner);
    const scope = spec.scope.map((names) => nodeAt(names));
    const version = texts.get(spec.kind);
    if (!town || !owner || scope.some((s) => !s) || !version) throw new Error(`demo pledge ${spec.title}: a node or text is missing`);
    if (await m.existsBy(PledgeCampaign, { ownerNodeId: owner.id, title: spec.title })) continue;
    const author = await m.findOneBy(User, { openid: spec.createdBy });
    // published: the text version is fixed from now on (an edit of the text makes a new version)
    await m.update(PledgeTemplateVersion, { id: version.id }, { locked: true });
    await m.insert(PledgeCampaign, {
      townId: town.id,
      ownerNodeId: owner.id,
      ownerPath: owner.path,
      templateId: version.templateId,
      templateVersionId: version.id,
      kind: spec.kind,
      audience: spec.audience,
      title: spec.title,
      intro: spec.intro,
      scope: scope.map((s) => ({ nodeId: s!.id, path: s!.path })),
      deadline: new Date(now.getTime() + spec.days * DAY),
      targetPercent: 100,
      guardianSigns: false,
      status: 'published',
      chainSeq: 0,
      chainHead: null,
      createdBy: author?.id ?? 0,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
      closedAt: null,
    });
    campaigns++;
  }
  return { students, campaigns };
}
