import { PLEDGE_KINDS, PledgeTemplateInput } from '@wuzha/shared';
import { BUILTIN_TEXTS } from './builtin-texts';

// The shipped texts: one per kind, valid template input, and the content the product promises.
const SIX_TYPES = ['刷单返利', '虚假投资理财', '虚假网络贷款', '虚假购物服务', '冒充电商物流客服', '冒充熟人或领导'];
const NUMBERS = ['一、', '二、', '三、', '四、', '五、', '六、', '七、'];

describe('built-in pledge texts', () => {
  it('has exactly one text per kind, each with its own code', () => {
    expect(BUILTIN_TEXTS.map((t) => t.kind).sort()).toEqual([...PLEDGE_KINDS].sort());
    expect(new Set(BUILTIN_TEXTS.map((t) => t.code)).size).toBe(BUILTIN_TEXTS.length);
  });

  for (const text of BUILTIN_TEXTS) {
    describe(text.kind, () => {
      it('passes the template input rules unchanged', () => {
        expect(PledgeTemplateInput.parse({ kind: text.kind, title: text.title, body: text.body })).toEqual({ kind: text.kind, title: text.title, body: text.body });
      });

      it('is 300 to 700 characters of numbered commitments', () => {
        const chars = [...text.body.replace(/\n/g, '')].length;
        expect(chars).toBeGreaterThanOrEqual(300);
        expect(chars).toBeLessThanOrEqual(700);
        for (const n of NUMBERS) expect(text.body).toContain(`\n${n}`);
      });

      it('names the six fraud types, impersonated officials, the 两卡, the app, 96110/110, stopping payment and the law', () => {
        for (const type of SIX_TYPES) expect(text.body).toContain(type);
        expect(text.body).toMatch(/自称[^。]*(公安|警察)/);
        // one commitment covers renting and lending both cards
        const cards = text.body.split('\n').find((l) => l.includes('银行卡、手机卡（“两卡”）'));
        expect(cards).toMatch(/租/);
        expect(cards).toMatch(/借/);
        expect(text.body).toContain('“国家反诈中心”APP');
        expect(text.body).toContain('96110');
        expect(text.body).toContain('110报警');
        expect(text.body).toMatch(/停止(转账|付款)/);
        expect(text.body).toContain('《中华人民共和国反电信网络诈骗法》');
      });
    });
  }

  it('fits each signer', () => {
    const body = (kind: string) => BUILTIN_TEXTS.find((t) => t.kind === kind)!.body;
    expect(body('student')).toMatch(/我是一名学生/);
    expect(body('student')).toMatch(/家长/);
    expect(body('family')).toMatch(/无诈家庭/);
    expect(body('staff')).toMatch(/作为单位的一名职工/);
    expect(body('resident')).toMatch(/村（社区）/);
    expect(body('unit')).toMatch(/本单位向全体职工发出倡议/);
    expect(BUILTIN_TEXTS.find((t) => t.kind === 'unit')!.title).toContain('倡议书');
  });
});
