import { chinaDayKey, chinaMonthKey, DEFAULT_INDICATORS, type ActivityKind, type ProgramKind } from '@wuzha/shared';
import { EntityManager } from 'typeorm';
import { FfActivity } from '../modules/ff-ledger/ff-activity.entity';
import { FfCaseFigure } from '../modules/ff-ledger/ff-case-figure.entity';
import { FfProgram } from '../modules/ff-programs/ff-program.entity';
import { subtreeWhere } from '../modules/org/access.service';
import { OrgNode } from '../modules/org/org-node.entity';
import { User } from '../modules/users/user.entity';

// Demo Fraud-Free data, seeded with the demo organisation: 和平镇's published 无诈社区（村） and 无诈单位
// programs for this calendar year (China time) with the default indicator sets, open for applications
// from the seed day for 30 days; a few ledger activities of 东山村 (this month and last month) and of
// 和平纺织有限公司; last month's case figures of 东山村 (1 case) and 西河村 (none).

const TOWN = ['示范县', '和平镇'];
const DAY = 86400_000;

// 'YYYY-MM-DD' plus n days
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
// 'YYYY-MM' of the month before
function prevMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const PROGRAMS: { kind: ProgramKind; title: (year: string) => string }[] = [
  { kind: 'community', title: (y) => `和平镇${y}年度“无诈社区（村）”创建评比` },
  { kind: 'unit', title: (y) => `和平镇${y}年度“无诈单位”创建评比` },
];

interface DemoActivity {
  at: string[];
  by: string;
  // this month: so many days before the seed day (not before the 1st); last month: that day of it
  when: { ago: number } | { lastMonthDay: number };
  place: string;
  kind: ActivityKind;
  title: string;
  people: number;
}

const DONGSHAN = [...TOWN, '东山村'];
const ACTIVITIES: DemoActivity[] = [
  { at: DONGSHAN, by: 'demo-village_cadre', when: { lastMonthDay: 6 }, place: '东山村文化礼堂', kind: 'lecture', title: '民警进村讲解养老诈骗套路', people: 86 },
  { at: [...DONGSHAN, '第一网格'], by: 'demo-grid_worker', when: { lastMonthDay: 14 }, place: '第一网格各农户', kind: 'door_to_door', title: '入户发放反诈明白纸', people: 42 },
  { at: DONGSHAN, by: 'demo-village_cadre', when: { lastMonthDay: 23 }, place: '东山村村委会', kind: 'meeting', title: '村两委反诈工作例会', people: 12 },
  { at: DONGSHAN, by: 'demo-village_cadre', when: { ago: 7 }, place: '东山村集市', kind: 'stall', title: '赶集日摆摊宣传，现场指导安装国家反诈中心App', people: 130 },
  { at: [...DONGSHAN, '第一网格'], by: 'demo-grid_worker', when: { ago: 2 }, place: '第一网格微信群', kind: 'online', title: '网格群推送“刷单返利”案例视频', people: 210 },
  { at: [...TOWN, '和平纺织有限公司'], by: 'demo-unit_contact', when: { ago: 4 }, place: '公司食堂', kind: 'lecture', title: '全体职工反诈知识培训', people: 95 },
];

// Adds what is not there yet (programs by town and title; activities and figures only when 东山村 has none).
export async function seedDemoFf(m: EntityManager, nodeAt: (names: string[]) => OrgNode | undefined, now: Date): Promise<{ programs: number; activities: number; figures: number }> {
  const town = nodeAt(TOWN);
  const dongshan = nodeAt(DONGSHAN);
  const xihe = nodeAt([...TOWN, '西河村']);
  if (!town || !dongshan || !xihe) throw new Error('demo ff: a node is missing');
  const today = chinaDayKey(now);
  const year = today.slice(0, 4);
  const userId = async (openid: string) => (await m.findOneBy(User, { openid }))?.id ?? 0;
  const admin = await userId('demo-town_admin');

  let programs = 0;
  for (const spec of PROGRAMS) {
    const title = spec.title(year);
    if (await m.existsBy(FfProgram, { townId: town.id, title })) continue;
    await m.insert(FfProgram, {
      townId: town.id,
      townPath: town.path,
      kind: spec.kind,
      title,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      applyFrom: today,
      // 30 days, the seed day included
      applyUntil: addDays(today, 29),
      noticeDays: 7,
      validityMonths: 12,
      indicators: DEFAULT_INDICATORS[spec.kind],
      status: 'published',
      createdBy: admin,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
      computedAt: null,
    });
    programs++;
  }

  const thisMonth = chinaMonthKey(now);
  const lastMonth = prevMonth(thisMonth);
  let activities = 0;
  const under = subtreeWhere('a.nodePath', [dongshan.path]);
  if (!(await m.createQueryBuilder(FfActivity, 'a').where(under.sql, under.params).getExists())) {
    for (const a of ACTIVITIES) {
      const node = nodeAt(a.at);
      if (!node) throw new Error(`demo ff activity ${a.title}: no node ${a.at.join('/')}`);
      const day = 'ago' in a.when ? maxDay(addDays(today, -a.when.ago), `${thisMonth}-01`) : `${lastMonth}-${String(a.when.lastMonthDay).padStart(2, '0')}`;
      await m.insert(FfActivity, {
        townId: town.id,
        nodeId: node.id,
        nodePath: node.path,
        day,
        place: a.place,
        kind: a.kind,
        title: a.title,
        peopleReached: a.people,
        photoIds: [],
        createdBy: await userId(a.by),
        createdAt: now,
      });
      activities++;
    }
  }

  let figures = 0;
  const police = await userId('demo-police_liaison');
  for (const [node, cases, lossYuan] of [[dongshan, 1, 8600], [xihe, 0, 0]] as const) {
    if (await m.existsBy(FfCaseFigure, { nodeId: node.id, month: lastMonth })) continue;
    await m.insert(FfCaseFigure, { townId: town.id, nodeId: node.id, nodePath: node.path, month: lastMonth, cases, lossYuan, enteredBy: police, createdAt: now, updatedAt: now });
    figures++;
  }
  return { programs, activities, figures };
}

const maxDay = (a: string, b: string) => (a > b ? a : b);
