// Pledge signing in real Chromium against the real server: the demo parent opens the class pledge
// from the 学习 tab, reads to the end, matches the demo student on the class roster, is told a
// parent must sign, finds an empty pad refused, draws a signature with the mouse, signs, sees the
// code, opens the pledge image, saves it as a PNG (a download in H5), and verifies the code (also
// logged out, on a fresh browser).
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchBrowser, newPhonePage, screenshot, visible, loginAs, confirmModal } = require('./harness');

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'browser');

// server/src/seed/demo-pledge.ts: DEMO_PLEDGE_STUDENT (13 this year, so a guardian signs)
const STUDENT = { name: '吴梓轩', masked: '吴*轩', studentNo: '2024070118' };
const PARENT = '吴海涛';
const CAMPAIGN = '七年级学生反诈承诺书';

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

// Strokes with the mouse, in fractions of the pad; the box is read just before drawing since
// clicks elsewhere may have scrolled the page.
async function drawSignature(page, strokes) {
  const canvas = visible(page, '.e2e-sig-canvas canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  for (const s of strokes) {
    await page.mouse.move(box.x + box.width * s[0][0], box.y + box.height * s[0][1]);
    await page.mouse.down();
    for (const [x, y] of s.slice(1)) await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 8 });
    await page.mouse.up();
  }
}

// a name-like scrawl over most of the pad: 吴 then 海 then 涛, roughly
const SIGNATURE = [
  [[0.08, 0.25], [0.2, 0.25], [0.2, 0.45], [0.08, 0.45], [0.08, 0.25]],
  [[0.05, 0.55], [0.25, 0.55]],
  [[0.15, 0.5], [0.08, 0.8]],
  [[0.15, 0.6], [0.27, 0.8]],
  [[0.38, 0.2], [0.42, 0.3]],
  [[0.36, 0.45], [0.41, 0.55]],
  [[0.35, 0.8], [0.43, 0.62]],
  [[0.48, 0.25], [0.62, 0.25], [0.6, 0.75], [0.5, 0.72]],
  [[0.7, 0.3], [0.92, 0.3]],
  [[0.8, 0.15], [0.8, 0.85], [0.75, 0.8]],
  [[0.7, 0.55], [0.93, 0.55]],
];

test('the demo parent reads the class pledge, matches the student, draws a signature with the mouse, signs, opens the image and verifies the code', async () => {
  const { context, page, errors } = await newPhonePage(browser);
  const signPosts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/pledge\/campaigns\/\d+\/signatures$/.test(r.url())) signPosts.push(r);
  });
  let code;
  try {
    await loginAs(page, server.base, 'parent');

    // the 学习 tab lists the class pledge to sign
    await page.goto(`${server.base}/#/pages/learn/index`);
    const item = visible(page, '.e2e-pledge-card-item', { hasText: CAMPAIGN });
    await item.waitFor();
    await screenshot(page, 'pledge-1-learn-tab');
    await item.click();

    // reading: 下一步 stays off until the end of the text
    await visible(page, '.e2e-ps-title', { hasText: CAMPAIGN }).waitFor();
    const next = visible(page, '.e2e-ps-next');
    await next.waitFor();
    expect(await next.getAttribute('class')).toContain('nut-button-disabled');
    expect(await visible(page, '.e2e-ps-read-hint').textContent()).toContain('读完全文后才能签名');
    await screenshot(page, 'pledge-2-read');
    await visible(page, '.e2e-ps-text').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await visible(page, '.e2e-ps-read-hint.read').waitFor();
    expect(await next.getAttribute('class')).not.toContain('nut-button-disabled');
    await next.click();

    // the student on the class roster
    await visible(page, '.e2e-ps-class', { hasText: '七年级1班' }).click();
    await visible(page, '.e2e-ps-student-name input').fill(STUDENT.name);
    await visible(page, '.e2e-ps-student-no input').fill('2024079999');
    await visible(page, '.e2e-ps-match').click();
    // a wrong number: the plain words say how to ask the teacher
    await visible(page, '.e2e-ps-match-error', { hasText: '班主任' }).waitFor();
    await visible(page, '.e2e-ps-student-no input').fill(STUDENT.studentNo);
    await visible(page, '.e2e-ps-match').click();
    await visible(page, '.e2e-ps-found', { hasText: `找到了：七年级1班 ${STUDENT.masked}` }).waitFor();
    // 13 this year: only a parent may sign
    await visible(page, '.e2e-ps-guardian-forced').waitFor();
    expect(await page.locator('.e2e-ps-as:visible').count()).toBe(0);

    await visible(page, '.e2e-ps-rel', { hasText: '父亲' }).click();
    await visible(page, '.e2e-ps-consent').click();
    await visible(page, '.e2e-ps-signer-name input').fill(PARENT);

    // an empty pad cannot be submitted: nothing is sent
    await visible(page, '.e2e-sig-canvas canvas').waitFor();
    await visible(page, '.e2e-ps-submit').click();
    await visible(page, '.e2e-ps-error', { hasText: '请先在框里写下您的名字' }).waitFor();
    // a short tick is not a name either
    await drawSignature(page, [[[0.4, 0.5], [0.45, 0.52]]]);
    await visible(page, '.e2e-ps-submit').click();
    await visible(page, '.e2e-ps-error', { hasText: '太短' }).waitFor();
    expect(signPosts).toHaveLength(0);
    await visible(page, '.e2e-sig-clear').click();

    await drawSignature(page, SIGNATURE);
    await screenshot(page, 'pledge-3-signed-pad');
    const submitted = page.waitForResponse((r) => /\/api\/pledge\/campaigns\/\d+\/signatures$/.test(r.url()) && r.request().method() === 'POST');
    await visible(page, '.e2e-ps-submit').click();
    await confirmModal(page, '确定签署');
    const res = await submitted;
    expect(res.status()).toBe(201);
    const sent = JSON.parse(res.request().postData());
    expect(sent.signaturePng).toMatch(/^data:image\/png;base64,/);
    expect(sent.readToEnd).toBe(true);
    expect(sent.student).toEqual({ classId: expect.any(Number), name: STUDENT.name, studentNo: STUDENT.studentNo });
    expect(sent.guardian).toEqual({ relationship: 'father', consent: true });
    expect(sent.signerName).toBe(PARENT);
    const signature = await res.json();

    // the code
    await visible(page, '.e2e-ps-signed', { hasText: '签署成功' }).waitFor();
    code = (await visible(page, '.e2e-ps-code').textContent()).trim();
    expect(code).toBe(signature.code);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    await screenshot(page, 'pledge-4-done');

    // the pledge image (an SVG from a signed link) shows in the page
    await visible(page, '.e2e-ps-view').click();
    await visible(page, '.e2e-pv-code', { hasText: code }).waitFor();
    const img = visible(page, '.e2e-pv-image img');
    await img.waitFor();
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    const src = await img.getAttribute('src');
    const svg = await (await fetch(new URL(src, server.base))).text();
    expect(svg).toContain('<svg');
    expect(svg).toContain(code);
    expect(svg).toContain('data:image/png;base64,');
    await screenshot(page, 'pledge-5-image');

    // 保存到相册 in H5: the pledge drawn as a PNG (the signature from its own signed link) and downloaded
    const signatureLoaded = page.waitForResponse((r) => /\/api\/pledge\/signatures\/\d+\/signature\.png\?/.test(r.url()));
    const download = page.waitForEvent('download');
    await visible(page, '.e2e-pv-save', { hasText: '保存到相册' }).click();
    const sigRes = await signatureLoaded;
    expect([sigRes.status(), sigRes.headers()['content-type']]).toEqual([200, 'image/png']);
    const file = await download;
    expect(file.suggestedFilename()).toBe(`承诺书-${code}.png`);
    const png = fs.readFileSync(await file.path());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // IHDR: 1080 wide, as tall as the text needs
    expect(png.readUInt32BE(16)).toBe(1080);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'pledge-5b-card.png'), png);

    // verify the code from the pledge
    await visible(page, '.e2e-pv-verify').click();
    await visible(page, '.e2e-verify-valid', { hasText: '真实有效' }).waitFor();
    expect(await visible(page, '.e2e-verify-signer').textContent()).not.toContain(PARENT);
    await screenshot(page, 'pledge-6-verify');

    // back on the sign page: the existing signature, no second form
    await page.goto(`${server.base}/#/pages/pledge-sign/index?id=${signature.campaignId}`);
    await visible(page, '.e2e-ps-signed', { hasText: STUDENT.masked }).waitFor();
    expect(await visible(page, '.e2e-ps-code').textContent()).toBe(code);

    // 我的承诺书: signed, with its code
    await page.goto(`${server.base}/#/pages/pledges/index`);
    await visible(page, '.e2e-pledge-signed', { hasText: code }).waitFor();
    expect(signPosts).toHaveLength(1);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }

  // anyone may verify, without logging in (no privacy agreement, no demo user picked)
  const fresh = await newPhonePage(browser);
  try {
    await fresh.page.goto(`${server.base}/#/pages/pledge-verify/index?code=${code.toLowerCase()}`);
    await visible(fresh.page, '.e2e-verify-valid', { hasText: '真实有效' }).waitFor();
    expect(await visible(fresh.page, '.e2e-verify-code').textContent()).toContain(code);
    await visible(fresh.page, '.e2e-verify-input input').fill('ABCDEFGHJK');
    await visible(fresh.page, '.e2e-verify-submit').click();
    await visible(fresh.page, '.e2e-verify-error', { hasText: '没有找到这个核验码' }).waitFor();
    expect(fresh.errors).toEqual([]);
  } finally {
    await fresh.context.close();
  }
});
