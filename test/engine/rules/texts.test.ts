import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { rulesetTexts } from '../../../src/engine/rules/texts';

const rs = bundledRuleset();

describe('rulesetTexts', () => {
  it('gives English texts with legal links', () => {
    const t = rulesetTexts(rs, 'en');
    expect(t).toMatchObject({ id: 'need-to-know.core', version: '2026.12.04.1' });
    expect(t.categories.face).toMatchObject({ name: 'Face scan (biometrics)', tier: 4 });
    expect(t.categories.face.legal.map((l) => l.url)).toContain('https://www.gov.cn/zhengce/zhengceku/202503/content_7016075.htm');
    expect(t.serviceKinds).toMatchObject({ shop: 'Online shop', vending: 'Vending machine', other: 'Other or unknown service' });
    expect(t.pageKinds.checkout).toBe('Checkout or payment');
  });

  it('gives Simplified Chinese texts', () => {
    const t = rulesetTexts(rs, 'zh-CN');
    expect(t.categories.phone.name).toBe('手机号码');
    expect(t.categories.birthdate.why).toMatch(/出生日期/);
    expect(t.categories.phone.legal[0].title).toMatch(/必要个人信息范围规定/);
    expect(t.serviceKinds.food).toBe('餐饮外卖');
    expect(t.serviceKinds.other).toBe('其他或未识别的服务');
  });

  it('falls back to English where a translation is missing', () => {
    const source = structuredClone(rs.source);
    delete source.categories[0].why['zh-CN'];
    const t = rulesetTexts(compileRuleset(source), 'zh-CN');
    expect(t.categories[source.categories[0].id].why).toBe(source.categories[0].why.en);
    expect(t.categories[source.categories[0].id].name).toMatch(/[\u4e00-\u9fff]/);
  });
});
