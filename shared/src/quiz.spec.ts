import { QuestionInput } from './schemas/quiz';
import { chinaDayKey, chinaWeekStart, intersectSubtrees, isCorrect, isImplausible, percentOf, questionProblems, ratio } from './quiz';

describe('quiz rules', () => {
  it('finds problems in options and answers', () => {
    expect(questionProblems({ type: 'single', options: ['甲', '乙'], answer: [1] })).toEqual([]);
    expect(questionProblems({ type: 'single', options: ['甲', ' 甲 '], answer: [0] }).map((p) => p.message)).toContain('选项不能重复');
    expect(questionProblems({ type: 'single', options: ['甲', '乙'], answer: [0, 1] }).map((p) => p.path)).toEqual(['answer']);
    expect(questionProblems({ type: 'multiple', options: ['甲', '乙', '丙'], answer: [2] }).map((p) => p.path)).toEqual(['answer']);
    expect(questionProblems({ type: 'multiple', options: ['甲', '乙', '丙'], answer: [0, 3] }).map((p) => p.message)).toEqual(['答案不在选项范围内']);
    expect(questionProblems({ type: 'true_false', options: ['对', '错'], answer: [0] }).map((p) => p.path)).toEqual(['options']);
    expect(questionProblems({ type: 'true_false', options: ['正确', '错误'], answer: [1] })).toEqual([]);
  });

  it('validates a whole question with the shared schema, reporting field paths', () => {
    const ok = QuestionInput.safeParse({ type: 'single', stem: '陌生人让你下载会议软件共享屏幕，应该？', options: ['照做', '拒绝并挂断'], answer: [1], explanation: '共享屏幕会泄露验证码。', fraudTypes: ['fake_customer_service'], difficulty: 1 });
    expect(ok.success).toBe(true);
    const bad = QuestionInput.safeParse({ type: 'single', stem: '题干四个字', options: ['甲', '甲'], answer: [5], explanation: '解析四个字', fraudTypes: [], difficulty: 4 });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['fraudTypes', 'difficulty']));
  });

  it('grades all or nothing', () => {
    expect(isCorrect([0, 2], [2, 0])).toBe(true);
    expect(isCorrect([0, 2], [0])).toBe(false);
    expect(isCorrect([0, 2], [0, 2, 3])).toBe(false);
    expect(isCorrect([1], [1, 1])).toBe(false);
    expect(isCorrect([1], [])).toBe(false);
  });

  it('computes shares, percents and the implausibility flag', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(1, 0)).toBeNull();
    expect(percentOf(7, 10)).toBe(70);
    expect(percentOf(0, 0)).toBe(0);
    expect(isImplausible(10, 10, 19)).toBe(true);
    expect(isImplausible(10, 10, 20)).toBe(false);
    expect(isImplausible(9, 10, 5)).toBe(false);
  });

  it('uses the China calendar for days and weeks', () => {
    // 2026-11-22 17:00Z is Monday 2026-11-23 01:00 in China
    expect(chinaDayKey(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    expect(chinaWeekStart(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    // Sunday 2026-11-22 23:00 China → week of Monday 11-16
    expect(chinaWeekStart(new Date('2026-11-22T15:00:00Z'))).toBe('2026-11-16');
  });

  it('intersects a viewed subtree with audience subtrees', () => {
    expect(intersectSubtrees('/1/2/', ['/1/2/3/', '/1/2/4/7/', '/1/9/'])).toEqual(['/1/2/3/', '/1/2/4/7/']);
    expect(intersectSubtrees('/1/2/3/5/', ['/1/2/3/'])).toEqual(['/1/2/3/5/']);
    expect(intersectSubtrees('/1/8/', ['/1/2/'])).toEqual([]);
    expect(intersectSubtrees('/1/', ['/1/2/', '/1/2/3/'])).toEqual(['/1/2/']);
  });
});
