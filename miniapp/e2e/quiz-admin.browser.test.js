// The quiz admin side in real Chromium: the town admin opens the bank (built-in questions), adds a
// question, creates and publishes a campaign for 东山村; a resident of 东山村 takes it (through the
// API); the statistics page shows the numbers and charts, and a weakest type opens the composer with
// that tag chosen.
const { startServer, launchBrowser, newPhonePage, screenshot, apiLogin, visible, loginAs, confirmModal } = require('./harness');

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

async function apiPost(token, url, body) {
  const res = await fetch(`${server.base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const STEM = '有人在微信上说“点赞关注就能赚佣金”，先给了几块钱，后来要您垫钱做“大单”，这是什么？';
const TITLE = '东山村刷单返利知识答题';

test('bank → new question → campaign for 东山村 published → statistics → 发一条提醒 with the tag', async () => {
  const { page, errors, context } = await newPhonePage(browser);
  try {
    await loginAs(page, server.base, { role: 'town_admin', name: '王建国' });

    // 1. the bank lists the built-in questions
    await visible(page, '.e2e-desk-quiz-bank').click();
    await visible(page, '.e2e-bank-item', { hasText: 'SYS-' }).waitFor();
    const total = Number((await visible(page, '.e2e-bank-total').textContent()).replace(/\D/g, ''));
    expect(total).toBeGreaterThanOrEqual(150);
    await screenshot(page, 'quiz-admin-1-bank');

    // 2. a town question: multiple choice with two right answers
    await visible(page, '.e2e-bank-new').click();
    await visible(page, '.e2e-type-multiple').click();
    await visible(page, '.e2e-q-stem textarea').fill(STEM);
    const options = ['刷单返利诈骗', '正规的网上兼职', '先垫钱的都是骗局', '可以多做几单'];
    for (let i = 0; i < options.length; i++) await page.locator('.e2e-q-option-text:visible input').nth(i).fill(options[i]);
    await page.locator('.e2e-q-answer:visible').nth(0).click();
    await page.locator('.e2e-q-answer:visible').nth(2).click();
    await visible(page, '.e2e-q-explanation textarea').fill('所有刷单都是诈骗。先给小甜头，再让您垫大钱，钱就要不回来了。');
    await visible(page, '.e2e-q-tag-order_brushing').click();
    await visible(page, '.e2e-q-audience-elderly').click();
    await screenshot(page, 'quiz-admin-2-question-form');
    const created = page.waitForResponse((r) => r.url().includes('/api/quiz/questions?') && r.request().method() === 'POST');
    await visible(page, '.e2e-q-save').click();
    expect((await created).status()).toBe(201);
    await visible(page, '.e2e-question-saved').waitFor();
    await visible(page, '.e2e-saved-back').click();
    await visible(page, '.e2e-bank-town').click();
    await visible(page, '.e2e-bank-item', { hasText: STEM }).waitFor();

    // 3. a campaign for 东山村, saved as a draft and published
    await page.goto(`${server.base}/#/pages/campaigns/index`);
    await visible(page, '.e2e-campaign-new').click();
    await visible(page, '.e2e-c-title input').fill(TITLE);
    await visible(page, '.e2e-audience-node', { hasText: '东山村' }).locator('.check-box').click();
    await screenshot(page, 'quiz-admin-3-campaign-form');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/quiz/campaigns') && r.request().method() === 'POST');
    await visible(page, '.e2e-c-save').click();
    const campaign = await (await saved).json();
    expect(campaign.audience.map((n) => n.name)).toEqual(['东山村']);
    expect(campaign.status).toBe('draft');
    await visible(page, '.e2e-saved-publish').click();
    await confirmModal(page, '发布');
    await visible(page, '.e2e-campaign-saved', { hasText: '答题活动已发布' }).waitFor();
    await screenshot(page, 'quiz-admin-4-published');

    // 4. a resident joins 东山村 and takes it (the taking pages have their own browser test)
    const resident = await apiLogin(server.base, 'demo-resident');
    await apiPost(resident, '/api/memberships/join', { nodeId: campaign.audience[0].id });
    const attempt = await apiPost(resident, `/api/quiz/campaigns/${campaign.id}/attempts`, {});
    const answers = attempt.questions.map((q) => ({ questionId: q.questionId, chosen: [0] }));
    const done = await apiPost(resident, `/api/quiz/attempts/${attempt.id}/submit`, { answers, hiddenCount: 1 });
    expect(done.result.total).toBe(10);

    // 5. the statistics: from the campaign list
    await page.goto(`${server.base}/#/pages/campaigns/index`);
    await visible(page, '.e2e-campaign', { hasText: TITLE }).locator('.e2e-campaign-stats').click();
    await visible(page, '.e2e-qs-people', { hasText: '1/1' }).waitFor();
    expect(await visible(page, '.e2e-qs-participation').textContent()).toBe('100%');
    expect(await visible(page, '.e2e-qs-attempts').textContent()).toBe('1');
    expect(await visible(page, '.e2e-qs-accuracy').textContent()).toBe(`${Math.round((done.result.correct / 10) * 1000) / 10}%`);
    await visible(page, '.e2e-qs-child', { hasText: '东山村' }).waitFor();
    // (the chart library drops className on H5: find the canvas through its card)
    await visible(page, '.e2e-qs-types canvas').waitFor();
    await visible(page, '.e2e-qs-attempt').waitFor();
    await screenshot(page, 'quiz-admin-5-statistics');

    // 6. a weakest type of 东山村 → the composer with that tag chosen
    const remind = visible(page, '.e2e-qs-weak-node', { hasText: '东山村' }).locator('.e2e-qs-remind').first();
    const tag = (await remind.getAttribute('class')).match(/e2e-qs-remind-([a-z_]+)/)[1];
    await remind.click();
    await visible(page, `.e2e-tag-${tag}.selected`).waitFor();
    await screenshot(page, 'quiz-admin-6-compose-with-tag');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
