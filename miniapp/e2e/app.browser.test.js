// The mini program's H5 build in real Chromium against the real server (mock WeChat login).
const { startServer, launchBrowser, newPhonePage, screenshot, apiLogin, apiGet, visible, loginAs: harnessLoginAs } = require('./harness');

let server;
let browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const loginAs = (page, who) => harnessLoginAs(page, server.base, who);

test('a demo resident logs in, joins a village from the directory and sees it on the home page', async () => {
  const { context, page, errors } = await newPhonePage(browser);
  try {
    await loginAs(page, 'resident');
    await visible(page, '.e2e-no-membership').waitFor();
    await screenshot(page, 'resident-1-no-village');

    await visible(page, '.e2e-choose-village').click();
    for (const level of ['示范县', '和平镇', '东山村']) {
      await visible(page, '.e2e-dir-name', { hasText: level }).click();
    }
    await screenshot(page, 'resident-2-directory');
    await visible(page, '.e2e-confirm-join').click();

    await visible(page, '.e2e-community-name', { hasText: '东山村' }).waitFor();
    await screenshot(page, 'resident-3-home');
    expect(await page.locator('.e2e-no-membership:visible').count()).toBe(0);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

const HOMES = [
  ['town_admin', 'workbench', '和平镇'],
  [{ role: 'town_admin', name: '李秀梅' }, 'workbench', '和平镇'],
  ['police_liaison', 'workbench', '和平镇'],
  ['village_cadre', 'workbench', '东山村'],
  ['grid_worker', 'workbench', '第一网格'],
  ['school_admin', 'workbench', '和平镇中学'],
  ['teacher', 'workbench', '七年级1班'],
  ['unit_contact', 'workbench', '和平纺织有限公司'],
  ['student', 'community', '七年级1班'],
  ['parent', 'community', '七年级1班'],
];

test.each(HOMES)('demo %p logs in and lands on its home (%s of %s)', async (who, kind, nodeName) => {
  const { context, page, errors } = await newPhonePage(browser);
  const role = typeof who === 'string' ? who : `${who.role}-2`;
  try {
    await loginAs(page, who);
    await visible(page, `.e2e-${kind}-name`, { hasText: nodeName }).waitFor();
    await screenshot(page, `home-${role}`);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a village cadre asking for another village's members gets 404", async () => {
  // find 西河村 through the public directory
  const token = await apiLogin(server.base, 'demo-village_cadre');
  let parentId;
  for (const name of ['示范县', '和平镇']) {
    const dir = await apiGet(server.base, token, `/api/org/directory${parentId ? `?parentId=${parentId}` : ''}`);
    parentId = dir.body.items.find((i) => i.name === name).id;
  }
  const villages = await apiGet(server.base, token, `/api/org/directory?parentId=${parentId}`);
  const own = villages.body.items.find((i) => i.name === '东山村').id;
  const other = villages.body.items.find((i) => i.name === '西河村').id;

  const { context, page } = await newPhonePage(browser);
  try {
    await loginAs(page, 'village_cadre');
    // own village: the member list loads
    const ownRes = page.waitForResponse((r) => r.url().includes(`/api/org/nodes/${own}/members`));
    await page.goto(`${server.base}/#/pages/members/index?nodeId=${own}&name=${encodeURIComponent('东山村')}`);
    expect((await ownRes).status()).toBe(200);
    // another village: 404, and the page says it found nothing
    const otherRes = page.waitForResponse((r) => r.url().includes(`/api/org/nodes/${other}/members`));
    await page.goto(`${server.base}/#/pages/members/index?nodeId=${other}&name=${encodeURIComponent('西河村')}`);
    const res = await otherRes;
    expect(res.status()).toBe(404);
    expect((await res.json()).code).toBe('NOT_FOUND');
    await page.getByText('没有找到相关内容').filter({ visible: true }).first().waitFor();
    await screenshot(page, 'cadre-other-village-404');
  } finally {
    await context.close();
  }
});
