// The pledge staff side in real Chromium: the demo school admin imports a roster file through the H5
// file input (first a file with a repeated student number, refused row by row, then a good one),
// creates and publishes a students campaign for 七年级1班; the demo teacher of that class opens its
// progress and sees the unsigned list, the remind and share buttons (reminders are not configured
// here, which the page says); a town admin sees the campaigns of the town with their rates.
const { startServer, launchBrowser, newPhonePage, screenshot, visible, loginAs, confirmModal } = require('./harness');

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

const HEADER = '班级,姓名,学号,出生年份,家长手机号';
// three new students of 七年级1班 (the demo roster has 40, numbers 2024070101…40)
const GOOD = [HEADER, '七年级1班,赵小明,2024070141,2013,13900001111', '七年级1班,钱多多,2024070142,,', '七年级（1）班,孙悦,2024070143,2012,'].join('\n');
const BAD = [HEADER, '七年级1班,赵小明,2024070141,2013,', '七年级1班,钱多多,2024070141,,'].join('\n');
const TITLE = '七年级1班反诈承诺书（浏览器测试）';

async function importCsv(page, name, text) {
  const chooser = page.waitForEvent('filechooser');
  await visible(page, '.e2e-roster-import').click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

test('roster import → campaign for 七年级1班 published → the teacher follows it → the town sees the rates', async () => {
  // 1. the school admin: roster import, refused then accepted
  const admin = await newPhonePage(browser);
  let campaign;
  try {
    const { page } = admin;
    await loginAs(page, server.base, 'school_admin');
    await visible(page, '.e2e-desk-pledge-roster').click();
    await visible(page, '.e2e-roster-total', { hasText: '共 40 名' }).waitFor();

    const refused = page.waitForResponse((r) => r.url().includes('/api/pledge/roster/import'));
    await importCsv(page, '花名册-有错.csv', BAD);
    expect((await refused).status()).toBe(400);
    await visible(page, '.e2e-roster-import-errors').waitFor();
    const rows = await page.locator('.e2e-roster-import-error-row:visible').allTextContents();
    expect(rows.some((r) => r.startsWith('第3行 学号'))).toBe(true);
    expect(await visible(page, '.e2e-roster-import-errors').textContent()).toContain('一个学生也没有导入');
    await screenshot(page, 'pledge-admin-1-import-refused');

    const accepted = page.waitForResponse((r) => r.url().includes('/api/pledge/roster/import'));
    await importCsv(page, '花名册.csv', GOOD);
    expect((await accepted).status()).toBe(200);
    await visible(page, '.e2e-roster-import-result', { hasText: '新加入 3 名' }).waitFor();
    await visible(page, '.e2e-roster-total', { hasText: '共 43 名' }).waitFor();
    await visible(page, '.e2e-roster-entry', { hasText: '2024070143' }).waitFor();
    // 13 this year: a guardian signs
    expect(await visible(page, '.e2e-roster-entry', { hasText: '2024070141' }).textContent()).toContain('需家长签');
    await screenshot(page, 'pledge-admin-2-roster');

    // 2. a students campaign for 七年级1班, published
    await page.goto(`${server.base}/#/pages/pledge-campaigns/index`);
    await visible(page, '.e2e-pledge-campaign-new').click();
    await visible(page, '.e2e-pc-preview').waitFor();
    await visible(page, '.e2e-scope-node', { hasText: '七年级1班' }).locator('.check-box').click();
    await visible(page, '.e2e-scope-summary', { hasText: '已选：七年级1班' }).waitFor();
    await visible(page, '.e2e-pc-title input').fill(TITLE);
    await visible(page, '.e2e-pc-preview').scrollIntoViewIfNeeded();
    await screenshot(page, 'pledge-admin-3-editor');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/pledge/campaigns') && r.request().method() === 'POST');
    await visible(page, '.e2e-pc-publish').click();
    campaign = await (await created).json();
    expect(campaign.status).toBe('draft');
    expect(campaign.scope.map((n) => n.name)).toEqual(['七年级1班']);
    const published = page.waitForResponse((r) => r.url().endsWith(`/api/pledge/campaigns/${campaign.id}/publish`));
    await confirmModal(page, '发布');
    expect((await published).status()).toBe(200);
    await visible(page, '.e2e-pc-done-head', { hasText: '签署活动已发布' }).waitFor();
    await screenshot(page, 'pledge-admin-4-published');
    expect(admin.errors).toEqual([]);
  } finally {
    await admin.context.close();
  }

  // 3. the class teacher: progress with the unsigned list, remind and the class card
  const teacher = await newPhonePage(browser);
  try {
    const { page } = teacher;
    await loginAs(page, server.base, 'teacher');
    await visible(page, '.e2e-desk-pledge-campaigns', { hasText: '班级签署进度' }).click();
    await visible(page, '.e2e-pledge-campaign', { hasText: TITLE }).locator('.e2e-pledge-campaign-progress').click();
    await visible(page, '.e2e-pp-signed', { hasText: '0/43' }).waitFor();
    expect(await visible(page, '.e2e-pp-meta').textContent()).toContain('七年级1班');
    await visible(page, '.e2e-pp-list-total', { hasText: '未签 43 人' }).waitFor();
    // masked names with student numbers
    const first = await visible(page, '.e2e-pp-person-unsigned').textContent();
    expect(first).toMatch(/^.\*+.学号 20240701\d\d/);
    await visible(page, '.e2e-pp-share', { hasText: '分享班级卡片' }).waitFor();
    await visible(page, '.e2e-pp-remind', { hasText: '提醒未签家长' }).click();
    await confirmModal(page, '发送');
    await visible(page, '.e2e-pp-remind-result', { hasText: '微信提醒未开通' }).waitFor();
    await visible(page, '.e2e-pp-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'pledge-admin-5-teacher-progress');
    expect(teacher.errors).toEqual([]);
  } finally {
    await teacher.context.close();
  }

  // 4. a town admin: the town's campaigns with rates
  const town = await newPhonePage(browser);
  try {
    const { page } = town;
    await loginAs(page, server.base, { role: 'town_admin', name: '王建国' });
    await visible(page, '.e2e-desk-pledge-campaigns', { hasText: '签署活动' }).click();
    // the demo campaign of 七年级: 40 + 5 seeded, 3 imported above
    const grade = visible(page, '.e2e-pledge-campaign', { hasText: '七年级学生反诈承诺书' });
    await grade.waitFor();
    expect(await grade.locator('.e2e-pledge-campaign-counts').textContent()).toBe('0/48人已签 · 0%');
    // nobody has joined 东山村 in this fresh database
    expect(await visible(page, '.e2e-pledge-campaign', { hasText: '东山村居民反诈承诺书' }).locator('.e2e-pledge-campaign-counts').textContent()).toBe('范围内还没有要签的人')
    const ours = visible(page, '.e2e-pledge-campaign', { hasText: TITLE });
    expect(await ours.locator('.e2e-pledge-campaign-counts').textContent()).toBe('0/43人已签 · 0%');
    await visible(page, '.e2e-pledge-campaign-new').scrollIntoViewIfNeeded();
    await screenshot(page, 'pledge-admin-6-town-campaigns');
    expect(town.errors).toEqual([]);
  } finally {
    await town.context.close();
  }
});
