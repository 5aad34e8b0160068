// The town side of 无诈创建 in real Chromium: the demo town admin opens the rankings of the
// 无诈社区（村） program, recomputes them and opens 东山村's breakdown; opens the warnings, computes last
// month and sees 东山村's colour with its reasons; the police liaison enters a village's case figure
// (an absurd one refused with both numbers first); the second town admin reviews an application the
// village cadre made through the API (a manual item scored, approved into the notice).
const { PNG } = require('pngjs');
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

// 'YYYY-MM' of the month before the current China month
function lastChinaMonth() {
  const c = new Date(Date.now() + 8 * 3600_000);
  const k = c.getUTCFullYear() * 12 + c.getUTCMonth() - 1;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}
const monthText = (m) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

async function post(url, token, body) {
  const res = await fetch(`${server.base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return { status: res.status, body: await res.json() };
}

// a small grey PNG (the evidence photo of the meetings)
function photoPng() {
  const img = new PNG({ width: 24, height: 16 });
  img.data.fill(180);
  return PNG.sync.write(img);
}

test('rankings recomputed, warnings of last month, a case figure, an application reviewed', async () => {
  const month = lastChinaMonth();

  // 1. the town admin: rankings and warnings
  const admin = await newPhonePage(browser);
  try {
    const { page } = admin;
    await loginAs(page, server.base, { role: 'town_admin', name: '王建国' });
    await visible(page, '.e2e-desk-ff-town').click();
    const program = visible(page, '.e2e-fftown-program', { hasText: '无诈社区（村）' });
    await program.waitFor();
    await visible(page, '.e2e-fftown-summary').waitFor();
    await screenshot(page, 'ff-admin-1-hub');
    await program.locator('.e2e-fftown-rankings').click();
    await visible(page, '.e2e-ffrank-computed', { hasText: '还没有计算过' }).waitFor();
    const computed = page.waitForResponse((r) => /\/api\/ff\/programs\/\d+\/compute$/.test(r.url()));
    await visible(page, '.e2e-ffrank-compute').click();
    expect((await computed).status()).toBe(200);
    await visible(page, '.e2e-ffrank-computed', { hasText: '数据计算于' }).waitFor();
    // the six villages and communities of 和平镇, ranked
    await page.locator('.e2e-ffrank-row:visible').nth(5).waitFor();
    expect(await page.locator('.e2e-ffrank-row:visible').count()).toBe(6);
    const dongshan = visible(page, '.e2e-ffrank-row', { hasText: '东山村' });
    await dongshan.locator('.e2e-ffrank-toggle').click();
    await dongshan.locator('.e2e-ffrank-cell').nth(7).waitFor();
    // 东山村 logged activities this year (the seeded ledger): counted, not "no data"
    expect(await dongshan.locator('.e2e-ffrank-cell', { hasText: '开展宣传活动' }).textContent()).toMatch(/\d+次/);
    await screenshot(page, 'ff-admin-2-rankings');

    await page.goto(`${server.base}/`);
    await visible(page, '.e2e-desk-ff-warnings').click();
    await visible(page, '.e2e-ff-month-text', { hasText: monthText(month) }).waitFor();
    await visible(page, '.e2e-ffwarn-none').waitFor();
    const warned = page.waitForResponse((r) => r.url().endsWith('/api/ff/warnings/compute'));
    await visible(page, '.e2e-ffwarn-compute').click();
    await confirmModal(page, '计算');
    const res = await warned;
    expect(res.status()).toBe(200);
    expect(JSON.parse(res.request().postData())).toMatchObject({ period: month });
    const tile = visible(page, '.e2e-ffwarn-tile', { hasText: '东山村' });
    await tile.waitFor();
    // one case last month, none the month before: cases up → not green
    const cls = await tile.getAttribute('class');
    expect(cls).toMatch(/e2e-ffwarn-tile-(yellow|red)/);
    await tile.click();
    const reasons = await page.locator('.e2e-ffwarn-reason:visible').allTextContents();
    expect(reasons).toContain('本月发案1起，上月0起');
    expect(await visible(page, '.e2e-ffwarn-detail-name').textContent()).toMatch(/东山村 · (黄色|红色)/);
    // every village, community, school and unit of the town has a colour
    expect(await page.locator('.e2e-ffwarn-tile:visible').count()).toBe(10);
    await screenshot(page, 'ff-admin-3-warnings');
    expect(admin.errors).toEqual([]);
  } finally {
    await admin.context.close();
  }

  // 2. the police liaison: a case figure for a village
  const police = await newPhonePage(browser);
  try {
    const { page } = police;
    await loginAs(page, server.base, 'police_liaison');
    await visible(page, '.e2e-desk-ff-cases').click();
    await visible(page, '.e2e-ff-month-text', { hasText: monthText(month) }).waitFor();
    const row = (name) => visible(page, '.e2e-ffcase-row', { hasText: name });
    await row('东山村').locator('.e2e-ffcase-fig', { hasText: '1起 · 损失8,600元' }).waitFor();
    await row('西河村').locator('.e2e-ffcase-fig', { hasText: '0起' }).waitFor();
    // 南岭村: nobody registered yet, so two cases are refused naming both numbers
    await row('南岭村').locator('.e2e-ffcase-edit', { hasText: '填报' }).click();
    await visible(page, '.e2e-ffcase-cases input').fill('2');
    await visible(page, '.e2e-ffcase-loss input').fill('5000');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/ff/cases') && r.request().method() === 'PUT');
    await visible(page, '.e2e-ffcase-save').click();
    expect((await refused).status()).toBe(400);
    await visible(page, '.e2e-ffcase-error', { hasText: '发案数2起多于该组织登记的0人' }).waitFor();
    await screenshot(page, 'ff-admin-4-case-refused');
    await visible(page, '.e2e-ffcase-cases input').fill('0');
    await visible(page, '.e2e-ffcase-loss input').fill('');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/ff/cases') && r.request().method() === 'PUT');
    await visible(page, '.e2e-ffcase-save').click();
    expect((await saved).status()).toBe(200);
    await row('南岭村').locator('.e2e-ffcase-fig', { hasText: '0起' }).waitFor();
    // 东山村 corrected to two cases (two people are registered there)
    await row('东山村').locator('.e2e-ffcase-edit', { hasText: '修改' }).click();
    await visible(page, '.e2e-ffcase-cases input').fill('2');
    await visible(page, '.e2e-ffcase-loss input').fill('12000');
    await visible(page, '.e2e-ffcase-save').click();
    await visible(page, '.e2e-ffcase-saved', { hasText: '东山村' }).waitFor();
    await row('东山村').locator('.e2e-ffcase-fig', { hasText: '2起 · 损失12,000元' }).waitFor();
    expect(await visible(page, '.e2e-ffcase-total').textContent()).toContain('共2起，损失12,000元');
    await screenshot(page, 'ff-admin-5-cases');
    expect(police.errors).toEqual([]);
  } finally {
    await police.context.close();
  }

  // 3. an application by the village cadre (API), reviewed by the second town admin
  const cadre = await apiLogin(server.base, 'demo-village_cadre');
  const me = await apiGet(server.base, cadre, '/api/me');
  const village = me.body.memberships.find((m) => m.node.name === '东山村').node;
  const programs = await apiGet(server.base, cadre, `/api/ff/programs?nodeId=${village.id}`);
  const community = programs.body.items.find((p) => p.kind === 'community');
  const form = new FormData();
  form.append('file', new Blob([photoPng()], { type: 'image/png' }), 'meeting.png');
  const up = await fetch(`${server.base}/api/files?purpose=evidence`, { method: 'POST', headers: { authorization: `Bearer ${cadre}` }, body: form });
  expect(up.status).toBe(201);
  const photo = await up.json();
  const created = await post(`/api/ff/programs/${community.id}/applications`, cadre, {
    nodeId: village.id,
    selfAssessment: '东山村每月开展反诈集中宣传，村两委每季度召开反诈工作例会，本年度群众知晓率持续提升。',
    evidence: [{ indicatorKey: 'meetings', note: '四次例会记录', fileIds: [photo.id] }],
  });
  expect(created.status).toBe(201);
  expect((await post(`/api/ff/applications/${created.body.id}/submit`, cadre)).status).toBe(200);

  const reviewer = await newPhonePage(browser);
  try {
    const { page } = reviewer;
    await loginAs(page, server.base, { role: 'town_admin', name: '李秀梅' });
    await visible(page, '.e2e-desk-ff-review').click();
    await visible(page, '.e2e-ffrev-item', { hasText: '东山村' }).click();
    await visible(page, '.e2e-ffapp-status', { hasText: '待评审' }).waitFor();
    await visible(page, '.e2e-ffapp-evidence img').waitFor();
    expect(await page.locator('.e2e-ff-indicator:visible').count()).toBe(8);
    // approving without scoring the manual item is stopped at the item
    await visible(page, '.e2e-ffapp-approve').click();
    await visible(page, '.e2e-ffapp-score .e2e-field-error', { hasText: '请为“每季度召开反诈工作例会”打分' }).waitFor();
    await visible(page, '.e2e-ffapp-score input').fill('8');
    await visible(page, '.e2e-ffapp-comment-input textarea').fill('例会记录齐全');
    await visible(page, '.e2e-ffapp-score').scrollIntoViewIfNeeded();
    await screenshot(page, 'ff-admin-6-review');
    const reviewed = page.waitForResponse((r) => r.url().endsWith(`/api/ff/applications/${created.body.id}/review`));
    await visible(page, '.e2e-ffapp-approve').click();
    await confirmModal(page, '通过');
    const r = await reviewed;
    expect(r.status()).toBe(200);
    const view = await r.json();
    expect(view.status).toBe('notice');
    expect(view.manualScores).toEqual({ meetings: 8 });
    await visible(page, '.e2e-ffapp-status', { hasText: '公示中' }).waitFor();
    await visible(page, '.e2e-ffapp-done', { hasText: '评审通过，公示到' }).waitFor();
    expect(await visible(page, '.e2e-ffapp-total').textContent()).toBe(`总分 ${view.score}`);
    await screenshot(page, 'ff-admin-7-notice');
    expect(reviewer.errors).toEqual([]);
  } finally {
    await reviewer.context.close();
  }
});
