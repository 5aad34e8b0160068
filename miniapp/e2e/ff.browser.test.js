// 无诈创建, the applicant's side in real Chromium against the real server: the demo village cadre of
// 东山村 opens the town's 无诈社区（村） program from the workbench, views the live indicators against
// their targets, logs a propaganda activity in the ledger (and sees the activities indicator go up by
// one), writes the self-assessment, uploads an evidence image for the meetings item, submits, and sees
// 待评审. The server's view of the application is checked through the API afterwards.
const { startServer, launchBrowser, newPhonePage, screenshot, apiLogin, apiGet, visible, loginAs, confirmModal } = require('./harness');

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

// a 4×4 grey PNG (the server sniffs the bytes, not the name)
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAAGUlEQVR4AWM8AQQMSICJAQ0wMaABJgY0AADOBAMowxfR7gAAAABJRU5ErkJggg==', 'base64');
const SELF = '东山村每月开展反诈宣传，赶集日摆摊、入户走访，村两委每季度召开反诈工作例会。';
const ACTIVITY = '浏览器测试：村广场反诈电影放映';

// the figure of one indicator as shown, e.g. "5次"
async function shownValue(page, key) {
  return (await visible(page, `.e2e-ff-ind-${key} .e2e-ff-value`).textContent()).trim();
}

test('the village cadre views the indicators, logs an activity, applies with a self-assessment and an evidence image, and sees 待评审', async () => {
  const { page, errors } = await newPhonePage(browser);
  await loginAs(page, server.base, 'village_cadre');

  // 1. the workbench entry → the programs that fit 东山村 (the 无诈单位 program is not among them)
  await visible(page, '.e2e-desk-ff-programs').click();
  const card = visible(page, '.e2e-ff-program', { hasText: '无诈社区（村）' });
  await card.waitFor();
  expect(await page.locator('.e2e-ff-program:visible').count()).toBe(1);
  expect(await card.locator('.e2e-ff-window').textContent()).toMatch(/^正在申报，\d{4}年\d{1,2}月\d{1,2}日截止$/);
  expect(await card.locator('.e2e-ff-app-status').textContent()).toBe('未申报');
  await screenshot(page, 'ff-1-programs');

  // 2. the indicators: each against its target, with points and met or not
  await card.locator('.e2e-ff-open-indicators').click();
  await visible(page, '.e2e-ff-indicators').waitFor();
  expect(await page.locator('.e2e-ff-indicators:visible .e2e-ff-indicator').count()).toBe(8);
  expect(await visible(page, '.e2e-ff-ind-awareness .e2e-ff-target').textContent()).toBe('目标 ≥ 92%');
  expect(await visible(page, '.e2e-ff-ind-activities .e2e-ff-target').textContent()).toBe('目标 ≥ 15次');
  expect(await visible(page, '.e2e-ff-ind-cases .e2e-ff-target').textContent()).toBe('目标 ≤ 2起');
  expect(await visible(page, '.e2e-ff-ind-meetings .e2e-ff-met').textContent()).toBe('待评审');
  expect(await visible(page, '.e2e-ff-ind-activities .e2e-ff-points').textContent()).toMatch(/^得分 [\d.]+ \/ 10 分$/);
  // the demo ledger has activities of 东山村 this year: a count, never "no data"
  const before = await shownValue(page, 'activities');
  expect(before).toMatch(/^\d+次$/);
  expect(await visible(page, '.e2e-ff-total').textContent()).toMatch(/^[\d.]+$/);
  await visible(page, '.e2e-ff-warning').waitFor();
  await screenshot(page, 'ff-2-indicators');

  // 3. the ledger: log one activity
  await visible(page, '.e2e-ff-mine-ledger').click();
  const totals = visible(page, '.e2e-ff-activity-totals');
  await totals.waitFor();
  const countBefore = Number((await totals.textContent()).match(/共 (\d+) 次/)[1]);
  await visible(page, '.e2e-ff-activity-new').click();
  await visible(page, '.e2e-ff-kind-lecture').click();
  await visible(page, '.e2e-ff-activity-title input').fill(ACTIVITY);
  await visible(page, '.e2e-ff-activity-place input').fill('东山村文化广场');
  await visible(page, '.e2e-ff-activity-people input').fill('120');
  await screenshot(page, 'ff-3-log-activity');
  const logged = page.waitForResponse((r) => r.url().endsWith('/api/ff/activities') && r.request().method() === 'POST');
  await visible(page, '.e2e-ff-activity-save').click();
  expect((await logged).status()).toBe(201);
  await visible(page, '.e2e-ff-activity', { hasText: ACTIVITY }).waitFor();
  await visible(page, '.e2e-ff-activity-totals', { hasText: `共 ${countBefore + 1} 次` }).waitFor();

  // back on the indicators: the activities figure went up by one
  await page.goBack();
  await page.waitForFunction(
    ([sel, want]) => Array.from(document.querySelectorAll(sel)).some((e) => e.offsetParent !== null && e.textContent.trim() === want),
    ['.e2e-ff-ind-activities .e2e-ff-value', `${Number(before.replace('次', '')) + 1}次`],
  );

  // 4. the application: self-assessment, an evidence image for the meetings item, submit
  await visible(page, '.e2e-ff-mine-apply').click();
  await visible(page, '.e2e-ff-self textarea').waitFor();
  expect(await visible(page, '.e2e-ff-apply-status').textContent()).toBe('未申报');
  await visible(page, '.e2e-ff-self textarea').fill(SELF);
  const meetings = visible(page, '.e2e-ff-evidence-meetings');
  await meetings.scrollIntoViewIfNeeded();
  expect(await meetings.textContent()).toContain('要求：上传会议记录或照片');
  await meetings.locator('.e2e-ff-evidence-note textarea').fill('第三季度例会记录照片');
  const chooser = page.waitForEvent('filechooser');
  const uploaded = page.waitForResponse((r) => r.url().includes('/api/files?purpose=evidence'));
  await meetings.locator('.e2e-ff-upload').click();
  await (await chooser).setFiles({ name: '例会.png', mimeType: 'image/png', buffer: PNG });
  expect((await uploaded).status()).toBe(201);
  await meetings.locator('.e2e-ff-file img, .e2e-ff-file .taro-img').first().waitFor();
  await screenshot(page, 'ff-4-application');

  const created = page.waitForResponse((r) => /\/api\/ff\/programs\/\d+\/applications$/.test(r.url()) && r.request().method() === 'POST');
  const submitted = page.waitForResponse((r) => /\/api\/ff\/applications\/\d+\/submit$/.test(r.url()));
  await visible(page, '.e2e-ff-submit').click();
  await confirmModal(page, '提交');
  expect((await created).status()).toBe(201);
  expect((await submitted).status()).toBe(200);
  await visible(page, '.e2e-ff-apply-status', { hasText: '待评审' }).waitFor();
  expect(await visible(page, '.e2e-ff-apply-hint').textContent()).toBe('已提交，镇里正在评审，请耐心等待。');
  // read-only now: the text as written, the image still there, no buttons
  expect(await visible(page, '.e2e-ff-self-text').textContent()).toBe(SELF);
  expect(await page.locator('.e2e-ff-submit:visible').count()).toBe(0);
  await screenshot(page, 'ff-5-submitted');

  // the server holds it as submitted, with the evidence file and the note
  const token = await apiLogin(server.base, 'demo-village_cadre');
  const app = await (await created).json();
  const got = await apiGet(server.base, token, `/api/ff/applications/${app.id}`);
  expect(got.status).toBe(200);
  expect(got.body.status).toBe('submitted');
  expect(got.body.selfAssessment).toBe(SELF);
  expect(got.body.evidence).toEqual([{ indicatorKey: 'meetings', note: '第三季度例会记录照片', files: [expect.objectContaining({ mime: 'image/png', purpose: 'evidence' })] }]);

  // and the programs list says so too
  await page.goBack();
  await page.goBack();
  await visible(page, '.e2e-ff-program .e2e-ff-app-status', { hasText: '待评审' }).waitFor();
  expect(errors).toEqual([]);
});
