// Three-level broadcasts in real Chromium: a town admin composes a bulletin, another reviews and
// publishes it, a resident reads it from the home feed and taps 已阅, and the dashboard shows it.
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

const TITLE = '紧急提醒：警惕冒充快递客服退款骗局';

test('compose → review → publish → a resident reads and confirms → the dashboard shows it', async () => {
  // 1. 王建国 writes the bulletin and submits it for review
  const author = await newPhonePage(browser);
  let bulletinId;
  try {
    const { page } = author;
    await loginAs(page, server.base, { role: 'town_admin', name: '王建国' });
    await visible(page, '.e2e-desk-compose').click();
    await visible(page, '.e2e-compose-title input').fill(TITLE);
    await visible(page, '.e2e-category-warning').click();
    await visible(page, '.e2e-scope-town').click();
    await visible(page, '.e2e-compose-paragraph textarea').fill('有人自称快递客服，说您的包裹丢了要退款，让您下载软件、开屏幕共享。这是诈骗！请挂断电话，拨打96110。');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/bulletins') && r.request().method() === 'POST');
    await visible(page, '.e2e-compose-submit').click();
    bulletinId = (await (await created).json()).id;
    await visible(page, '.e2e-submitted').waitFor();
    await screenshot(page, 'broadcast-1-submitted');
    expect(author.errors).toEqual([]);
  } finally {
    await author.context.close();
  }

  // 2. 李秀梅 reviews it and publishes it to the whole town
  const reviewer = await newPhonePage(browser);
  try {
    const { page } = reviewer;
    await loginAs(page, server.base, { role: 'town_admin', name: '李秀梅' });
    await page.goto(`${server.base}/#/pages/review/index?id=${bulletinId}`);
    await visible(page, '.e2e-review-approve').click();
    await visible(page, '.e2e-review-publish').click();
    await confirmModal(page, '发布');
    await visible(page, '.e2e-published').waitFor();
    await screenshot(page, 'broadcast-2-published');
    expect(reviewer.errors).toEqual([]);
  } finally {
    await reviewer.context.close();
  }

  // 3. A resident joins 东山村, finds it on the home page, reads it and taps 已阅
  const resident = await newPhonePage(browser);
  try {
    const { page } = resident;
    await loginAs(page, server.base, 'resident');
    await visible(page, '.e2e-choose-village').click();
    for (const level of ['示范县', '和平镇', '东山村']) await visible(page, '.e2e-dir-name', { hasText: level }).click();
    await visible(page, '.e2e-confirm-join').click();
    await visible(page, '.e2e-feed-item', { hasText: TITLE }).click();
    await visible(page, '.e2e-reader-title', { hasText: TITLE }).waitFor();
    await visible(page, '.e2e-confirm').click();
    await visible(page, '.e2e-confirm-done').waitFor();
    await screenshot(page, 'broadcast-3-read-and-confirmed');
    expect(resident.errors).toEqual([]);
  } finally {
    await resident.context.close();
  }

  // 4. The author's dashboard counts the reader and the confirmation, and the town's villages' tasks
  const dash = await newPhonePage(browser);
  try {
    const { page } = dash;
    await loginAs(page, server.base, { role: 'town_admin', name: '王建国' });
    await page.goto(`${server.base}/#/pages/dashboard/index?id=${bulletinId}`);
    await visible(page, '.e2e-dash-all-readers', { hasText: '1' }).waitFor();
    await visible(page, '.e2e-dash-all-confirmations', { hasText: '1' }).waitFor();
    // published to the whole town: every village, community and unit has a task, none forwarded yet
    await visible(page, '.e2e-dash-villages-forwarded', { hasText: '0' }).waitFor();
    await screenshot(page, 'broadcast-4-dashboard');
    expect(dash.errors).toEqual([]);
  } finally {
    await dash.context.close();
  }
});
