import type { TestApp } from './test-app';

// Ids of the seeded demo organisation's nodes that tests act on (see src/seed/demo-data.ts).
export async function demoNodeIds(t: TestApp) {
  const town = ['示范县', '和平镇'];
  const school = [...town, '和平镇中学'];
  return {
    county: await t.nodeId('示范县'),
    town: await t.nodeId(...town),
    dongshan: await t.nodeId(...town, '东山村'),
    dsGrid1: await t.nodeId(...town, '东山村', '第一网格'),
    dsGrid2: await t.nodeId(...town, '东山村', '第二网格'),
    xihe: await t.nodeId(...town, '西河村'),
    xhGrid1: await t.nodeId(...town, '西河村', '第一网格'),
    xhGrid2: await t.nodeId(...town, '西河村', '第二网格'),
    school: await t.nodeId(...school),
    primary: await t.nodeId(...town, '和平镇中心小学'),
    class71: await t.nodeId(...school, '七年级', '七年级1班'),
    class72: await t.nodeId(...school, '七年级', '七年级2班'),
    textile: await t.nodeId(...town, '和平纺织有限公司'),
    coop: await t.nodeId(...town, '绿源农业专业合作社'),
  };
}
