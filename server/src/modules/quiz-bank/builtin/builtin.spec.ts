import { FRAUD_TYPES, HIGH_INCIDENCE_FRAUD_TYPES, QuestionInput } from '@wuzha/shared';
import { BUILTIN_QUESTIONS } from './index';

describe('built-in question bank', () => {
  it('has at least 150 questions, each valid against the shared schema', () => {
    expect(BUILTIN_QUESTIONS.length).toBeGreaterThanOrEqual(150);
    const bad = BUILTIN_QUESTIONS.map((q) => {
      const { code, ...rest } = q;
      const r = QuestionInput.safeParse(rest);
      return r.success ? null : `${code}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
    }).filter(Boolean);
    expect(bad).toEqual([]);
  });

  it('has unique codes and unique stems', () => {
    const codes = BUILTIN_QUESTIONS.map((q) => q.code);
    expect(new Set(codes).size).toBe(codes.length);
    codes.forEach((c) => expect(c).toMatch(/^SYS-[AB]\d{3}$/));
    const stems = BUILTIN_QUESTIONS.map((q) => q.stem.replace(/\s+/g, ''));
    expect(new Set(stems).size).toBe(stems.length);
  });

  it('covers the six high-incidence types, officials, two cards, the law and what to do once scammed', () => {
    const count = (t: string) => BUILTIN_QUESTIONS.filter((q) => q.fraudTypes.includes(t as never)).length;
    for (const t of HIGH_INCIDENCE_FRAUD_TYPES) expect([t, count(t) >= 12]).toEqual([t, true]);
    for (const t of ['impersonate_officials', 'renting_cards', 'after_scam'] as const) expect([t, count(t) >= 10]).toEqual([t, true]);
    expect(count('anti_fraud_law')).toBeGreaterThanOrEqual(15);
    expect(FRAUD_TYPES.filter((t) => t !== 'other' && count(t) === 0)).toEqual([]);
  });

  it('mixes question types and difficulties, and every question explains its answer', () => {
    const types = new Set(BUILTIN_QUESTIONS.map((q) => q.type));
    expect([...types].sort()).toEqual(['multiple', 'single', 'true_false']);
    expect(BUILTIN_QUESTIONS.filter((q) => q.type === 'multiple').length).toBeGreaterThanOrEqual(20);
    expect(BUILTIN_QUESTIONS.filter((q) => q.type === 'true_false').length).toBeGreaterThanOrEqual(20);
    for (const d of [1, 2, 3]) expect(BUILTIN_QUESTIONS.filter((q) => q.difficulty === d).length).toBeGreaterThanOrEqual(15);
    // true/false answers are not all the same
    const tf = BUILTIN_QUESTIONS.filter((q) => q.type === 'true_false');
    expect(new Set(tf.map((q) => q.answer[0])).size).toBe(2);
  });
});
