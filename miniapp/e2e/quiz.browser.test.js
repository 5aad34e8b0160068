// Quizzes in real Chromium against the real server: the demo student takes the class exam from
// the 学习 tab, sees the score and the explanations, finds the wrong ones in 错题本, and practises
// with 看答案.
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

async function openLearnTab(page) {
  await page.goto(`${server.base}/#/pages/learn/index`);
  await visible(page, '.e2e-quiz-list').waitFor();
}

// "第3题/共10题" → [3, 10]
async function progress(page) {
  const text = await visible(page, '.e2e-quiz-progress').textContent();
  const m = /第(\d+)题\/共(\d+)题/.exec(text);
  if (!m) throw new Error(`unexpected progress text ${text}`);
  return [Number(m[1]), Number(m[2])];
}

test('the demo student takes the class exam, reads the explanations, finds the wrong ones in 错题本, and practises with 看答案', async () => {
  const { context, page, errors } = await newPhonePage(browser);
  try {
    await loginAs(page, server.base, 'student');
    await openLearnTab(page);
    const exam = visible(page, '.e2e-quiz-campaign.state-open', { hasText: '七年级1班防诈骗小测验' });
    await exam.waitFor();
    await screenshot(page, 'quiz-1-learn-tab');
    await exam.click();

    // the intro, then the paper
    await visible(page, '.e2e-quiz-title').waitFor();
    await screenshot(page, 'quiz-2-intro');
    const started = page.waitForResponse((r) => /\/api\/quiz\/campaigns\/\d+\/attempts$/.test(r.url()) && r.request().method() === 'POST');
    await visible(page, '.e2e-quiz-start').click();
    const attempt = await (await started).json();
    expect(attempt.questions.length).toBeGreaterThan(0);
    // the client never receives answers before submitting
    expect(JSON.stringify(attempt.questions)).not.toMatch(/"answer"|"explanation"/);

    const [, total] = await progress(page);
    expect(total).toBe(attempt.questions.length);
    if (attempt.deadline) await visible(page, '.e2e-quiz-timer').waitFor();
    for (let i = 1; i <= total; i++) {
      expect(await progress(page)).toEqual([i, total]);
      await visible(page, '.e2e-quiz-option').click();
      if (i === 1) await screenshot(page, 'quiz-3-question');
      if (i < total) await visible(page, '.e2e-quiz-next').click();
    }
    await visible(page, '.e2e-quiz-sheet').click();
    await visible(page, '.e2e-quiz-sheet-panel').waitFor();
    expect(await page.locator('.e2e-quiz-cell.answered:visible').count()).toBe(total);
    await screenshot(page, 'quiz-4-answer-sheet');
    await visible(page, '.e2e-quiz-sheet-close').click();
    await page.locator('.e2e-quiz-sheet-panel').waitFor({ state: 'hidden' });

    const submitted = page.waitForResponse((r) => r.url().endsWith(`/api/quiz/attempts/${attempt.id}/submit`));
    await visible(page, '.e2e-quiz-submit').click();
    await confirmModal(page, '确定交卷');
    const sent = JSON.parse((await submitted).request().postData());
    expect(sent.answers).toHaveLength(total);
    expect(sent.answers.every((a) => a.chosen.length === 1)).toBe(true);
    expect(typeof sent.hiddenCount).toBe('number');

    // the result: the score, every question with its explanation
    await visible(page, '.e2e-result-score').waitFor();
    await visible(page, '.e2e-result-percent').waitFor();
    expect(await page.locator('.e2e-result-item:visible').count()).toBe(total);
    expect(await page.locator('.e2e-result-item:visible .e2e-quiz-explanation').count()).toBe(total);
    const wrong = await page.locator('.e2e-result-wrong:visible').count();
    await screenshot(page, 'quiz-5-result');

    // 错题本 holds exactly the ones answered wrong
    await visible(page, '.e2e-result-mistakes').click();
    if (wrong > 0) {
      await visible(page, '.e2e-mistakes-total', { hasText: `共 ${wrong} 道错题` }).waitFor();
      expect(await page.locator('.e2e-mistake:visible').count()).toBe(wrong);
      expect(await page.locator('.e2e-mistake:visible .qz-option.right').count()).toBeGreaterThanOrEqual(wrong);
    } else {
      await visible(page, '.e2e-mistakes-empty').waitFor();
    }
    await screenshot(page, 'quiz-6-mistakes');

    // practice: 看答案 shows the answer and the explanation at once
    await openLearnTab(page);
    await visible(page, '.e2e-go-practice').click();
    await visible(page, '.e2e-practice-all').click();
    await visible(page, '.e2e-quiz-check').waitFor();
    await visible(page, '.e2e-quiz-option').click();
    await visible(page, '.e2e-quiz-check').click();
    await visible(page, '.e2e-quiz-checked .e2e-quiz-explanation').waitFor();
    expect(await page.locator('.e2e-quiz-option.right:visible').count()).toBeGreaterThan(0);
    await screenshot(page, 'quiz-7-practice-check');

    // finish the practice (the rest left blank) and see its result
    await visible(page, '.e2e-quiz-sheet').click();
    await visible(page, '.e2e-quiz-sheet-submit').click();
    await confirmModal(page, '确定完成');
    await visible(page, '.e2e-result-score').waitFor();
    expect(await page.locator('.e2e-result-percent:visible').count()).toBe(0);
    await screenshot(page, 'quiz-8-practice-result');

    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
