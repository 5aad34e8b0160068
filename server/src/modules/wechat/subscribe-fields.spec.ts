import {
  fieldTypeOf,
  fitCharacterString,
  fitName,
  fitNumber,
  fitPhrase,
  fitSubscribeData,
  fitThing,
  formatWechatTime,
  truncateChars,
} from './subscribe-fields';

describe('subscribe field fitting', () => {
  it('truncateChars counts code points and keeps short values untouched', () => {
    expect(truncateChars('abc', 5)).toBe('abc');
    expect(truncateChars('😀😀😀', 2)).toBe('😀😀');
    expect(truncateChars('abcdef', 4, '…')).toBe('abc…');
  });

  it('thing ≤ 20 chars with an ellipsis; short values unchanged', () => {
    const long = '关于警惕冒充公检法诈骗的紧急通知请各村网格员立即转发';
    const fitted = fitThing(long);
    expect(Array.from(fitted)).toHaveLength(20);
    expect(fitted).toBe(long.slice(0, 19) + '…');
    expect(fitThing('反诈提醒')).toBe('反诈提醒');
    expect(fitThing('a\nb')).toBe('a b');
    expect(fitThing('')).toBe('-');
  });

  it('name ≤ 10, phrase ≤ 5', () => {
    expect(fitName('欧阳娜娜娜娜娜娜娜娜娜')).toBe('欧阳娜娜娜娜娜娜娜娜');
    expect(fitPhrase('已经完成审核了')).toBe('已经完成审');
    expect(fitPhrase('已完成')).toBe('已完成');
  });

  it('character_string keeps ≤ 32 printable ASCII; number ≤ 32 digits', () => {
    expect(fitCharacterString('邀请码 AB12-CD34')).toBe('AB12-CD34');
    expect(fitCharacterString('x'.repeat(40))).toBe('x'.repeat(32));
    expect(fitNumber('共 1,234 人')).toBe('1234');
    expect(fitNumber('9'.repeat(40))).toBe('9'.repeat(32));
    expect(fitNumber('none')).toBe('0');
  });

  it('formats time in China time like "2024年10月1日 15:01"', () => {
    expect(formatWechatTime(new Date('2024-10-01T07:01:00Z'))).toBe('2024年10月1日 15:01');
    expect(formatWechatTime(new Date('2024-12-31T16:05:00Z'))).toBe('2025年1月1日 00:05');
  });

  it('fitSubscribeData dispatches on the key type', () => {
    expect(fieldTypeOf('character_string12')).toBe('character_string');
    const out = fitSubscribeData({
      thing1: { value: 'x'.repeat(30) },
      time2: { value: '2024-10-01T07:01:00.000Z' },
      name3: { value: '张三' },
      number4: { value: '12' },
      time5: { value: '2024年10月1日 15:01' },
    });
    expect(out).toEqual({
      thing1: { value: 'x'.repeat(19) + '…' },
      time2: { value: '2024年10月1日 15:01' },
      name3: { value: '张三' },
      number4: { value: '12' },
      time5: { value: '2024年10月1日 15:01' },
    });
  });
});
