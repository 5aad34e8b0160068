import type { NodeKind, Role } from '@wuzha/shared';

// Demo organisation and one demo person per role, for local runs, the browser build and e2e tests.

export interface DemoNode {
  name: string;
  kind: NodeKind;
  children?: DemoNode[];
}

const grids = (): DemoNode[] => ['第一网格', '第二网格', '第三网格'].map((name) => ({ name, kind: 'grid' as const }));
const classes = (grade: string): DemoNode[] => [1, 2].map((n) => ({ name: `${grade}${n}班`, kind: 'class' as const }));
const school = (name: string, grades: string[]): DemoNode => ({
  name,
  kind: 'school',
  children: grades.map((g) => ({ name: g, kind: 'grade' as const, children: classes(g) })),
});

export const DEMO_ORG: DemoNode = {
  name: '示范县',
  kind: 'county',
  children: [
    {
      name: '和平镇',
      kind: 'town',
      children: [
        { name: '东山村', kind: 'village', children: grids() },
        { name: '西河村', kind: 'village', children: grids() },
        { name: '南岭村', kind: 'village', children: grids() },
        { name: '北湖村', kind: 'village', children: grids() },
        { name: '新城社区', kind: 'community', children: grids() },
        { name: '滨江社区', kind: 'community', children: grids() },
        school('和平镇中学', ['七年级', '八年级', '九年级']),
        school('和平镇中心小学', ['三年级', '四年级', '五年级']),
        { name: '和平纺织有限公司', kind: 'enterprise' },
        { name: '绿源农业专业合作社', kind: 'enterprise' },
      ],
    },
  ],
};

export interface DemoUserSeed {
  // log in with `mock:<openid>` in mock mode
  openid: string;
  role: Role;
  displayName: string;
  // where the role is held, as shown in the login picker
  nodeName: string;
  // names from the root down to the node holding the membership; null: no membership yet
  at: readonly string[] | null;
}

const TOWN = ['示范县', '和平镇'];
const CLASS_7_1 = [...TOWN, '和平镇中学', '七年级', '七年级1班'];

export const DEMO_USERS: DemoUserSeed[] = [
  { openid: 'demo-town_admin', role: 'town_admin', displayName: '王建国', nodeName: '和平镇', at: TOWN },
  // a second town admin: bulletins need a reviewer other than their author
  { openid: 'demo-town_admin2', role: 'town_admin', displayName: '李秀梅', nodeName: '和平镇', at: TOWN },
  { openid: 'demo-police_liaison', role: 'police_liaison', displayName: '赵志刚', nodeName: '和平镇', at: TOWN },
  { openid: 'demo-village_cadre', role: 'village_cadre', displayName: '陈红霞', nodeName: '东山村', at: [...TOWN, '东山村'] },
  { openid: 'demo-grid_worker', role: 'grid_worker', displayName: '刘德明', nodeName: '东山村第一网格', at: [...TOWN, '东山村', '第一网格'] },
  { openid: 'demo-school_admin', role: 'school_admin', displayName: '周晓燕', nodeName: '和平镇中学', at: [...TOWN, '和平镇中学'] },
  { openid: 'demo-teacher', role: 'teacher', displayName: '孙丽华', nodeName: '和平镇中学七年级1班', at: CLASS_7_1 },
  { openid: 'demo-student', role: 'student', displayName: '吴梓轩', nodeName: '和平镇中学七年级1班', at: CLASS_7_1 },
  { openid: 'demo-parent', role: 'parent', displayName: '吴海涛', nodeName: '和平镇中学七年级1班', at: CLASS_7_1 },
  { openid: 'demo-unit_contact', role: 'unit_contact', displayName: '郑伟', nodeName: '和平纺织有限公司', at: [...TOWN, '和平纺织有限公司'] },
  // no membership yet: the browser test joins a village with this person
  { openid: 'demo-resident', role: 'resident', displayName: '张桂英', nodeName: '尚未加入村（社区）', at: null },
];
