import { createHash } from 'node:crypto';
import { canonicalPledgeText, pledgeTextHash } from './pledge-text';

describe('pledgeTextHash', () => {
  it('is the sha256 hex of the title, a blank line and the body', () => {
    const want = createHash('sha256').update('承诺书\n\n一、不刷单。\n二、不出借银行卡。', 'utf8').digest('hex');
    expect(pledgeTextHash('承诺书', '一、不刷单。\n二、不出借银行卡。')).toBe(want);
    expect(want).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads Windows line ends as plain ones', () => {
    expect(pledgeTextHash('承诺书', '一、不刷单。\r\n二、不出借银行卡。')).toBe(pledgeTextHash('承诺书', '一、不刷单。\n二、不出借银行卡。'));
    expect(canonicalPledgeText('标题', 'a\r\nb')).toBe('标题\n\na\nb');
  });

  it('changes with any character of the title or body', () => {
    const base = pledgeTextHash('承诺书', '一、不刷单。');
    expect(pledgeTextHash('承诺书 ', '一、不刷单。')).not.toBe(base);
    expect(pledgeTextHash('承诺书', '一、不刷单!')).not.toBe(base);
    // the blank line separates title and body: moving a line across it changes the hash
    expect(pledgeTextHash('承诺书\n一、不刷单。', '')).not.toBe(base);
  });
});
