import { chinaTimeText, pledgeImageSvg, wrapText } from './pledge-image';

const facts = {
  title: '学生反电信网络诈骗承诺书',
  body: '我郑重承诺：\n一、不出租、不出借银行卡和手机卡（“两卡”）。\n二、被骗后立即拨打110报警，或拨打96110咨询。',
  ownerName: '和平镇中学',
  signerType: 'guardian' as const,
  signerName: '吴海涛',
  studentMasked: '吴*轩',
  className: '七年级1班',
  relationship: 'father',
  unitName: null,
  signerTitle: null,
  signedAt: new Date('2025-03-10T02:04:00Z'),
  code: 'ABCDE12345',
  templateVersion: 2,
  signaturePng: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  signatureSize: { width: 1020, height: 540 },
};

describe('pledge image', () => {
  it('wraps by visual width; closing punctuation never starts a line', () => {
    expect(wrapText('一二三四五六', 3)).toEqual(['一二三', '四五六']);
    expect(wrapText('一二三，四五', 3)).toEqual(['一二三，', '四五']);
    expect(wrapText('abcdefgh', 2.2)).toEqual(['abcd', 'efgh']);
    expect(wrapText('甲\n\n乙', 10)).toEqual(['甲', '', '乙']);
  });

  it('shows China time', () => {
    expect(chinaTimeText(new Date('2025-03-10T17:05:00Z'))).toBe('2025年3月11日 01:05');
  });

  it('an SVG with the text, the signature, the guardian and the masked student, the time and the code', () => {
    const svg = pledgeImageSvg(facts);
    expect(svg).toMatch(/^<svg [^>]*width="750" height="(\d+)"/);
    expect(svg).toContain('学生反电信网络诈骗承诺书');
    expect(svg).toContain('二、被骗后立即拨打110报警');
    expect(svg).toContain('学生：七年级1班 吴*轩');
    expect(svg).toContain('家长签署：吴海涛（父亲）');
    expect(svg).toContain('签署时间：2025年3月10日 10:04');
    expect(svg).toContain('>ABCDE12345<');
    expect(svg).toContain('在「无诈」小程序核验 · 第2版承诺书');
    expect(svg).toContain(`href="data:image/png;base64,${facts.signaturePng.toString('base64')}"`);
    // quotes in the text are escaped
    expect(svg).toContain('“两卡”');
  });

  it('units show the unit and the title; self signers their name; everything is escaped', () => {
    const unit = pledgeImageSvg({ ...facts, signerType: 'unit', signerName: '郑伟', signerTitle: '总经理', unitName: '和平<纺织>&有限公司', studentMasked: null, className: null, relationship: null });
    expect(unit).toContain('单位：和平&lt;纺织&gt;&amp;有限公司');
    expect(unit).toContain('签署人：郑伟（总经理）');
    const self = pledgeImageSvg({ ...facts, signerType: 'self', signerName: '张桂英', studentMasked: null, className: null, relationship: null });
    expect(self).toContain('签署人：张桂英');
  });

  it('grows with the text', () => {
    const height = (svg: string) => Number(/height="(\d+)"/.exec(svg)![1]);
    const long = pledgeImageSvg({ ...facts, body: Array.from({ length: 30 }, (_, i) => `第${i + 1}条：遇到陌生来电要求转账，一律先挂断，再向家人和老师核实。`).join('\n') });
    expect(height(long)).toBeGreaterThan(height(pledgeImageSvg(facts)) + 1000);
  });
});
