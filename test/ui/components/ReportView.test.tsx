// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Finding, Lang, PageReport } from '../../../src/shared/model';
import type { RulesetTexts } from '../../../src/messaging/protocol';
import { translator } from '../../../src/shared/strings';
import en from '../../../src/shared/locales/en.json';
import zhCN from '../../../src/shared/locales/zh-CN.json';
import { ReportView } from '../../../src/ui/components/ReportView';
import { groupFindings } from '../../../src/ui/components/grouping';

const LEGAL = { title: 'PIPL Art. 6', url: 'https://www.gov.cn/xinwen/2021-08/20/content_5632486.htm' };

/** Ruleset texts as the background would send them (two languages, a few categories). */
const TEXTS: Record<Lang, RulesetTexts> = {
  en: {
    id: 'need-to-know.core',
    version: '2026.11.26',
    categories: {
      birthdate: { name: 'Date of birth', why: 'A birth date identifies you.', whatToDo: 'Leave it empty.', tier: 2, legal: [LEGAL] },
      phone: { name: 'Mobile number', why: 'Used to reach you.', whatToDo: 'Fine for delivery.', tier: 2, legal: [] },
      face: { name: 'Face', why: 'Your face cannot be changed.', whatToDo: 'Ask for another way to pay.', tier: 4, legal: [LEGAL] },
    },
    serviceKinds: { shop: 'Online shop', vending: 'Vending machine' },
    pageKinds: { checkout: 'Checkout' },
  },
  'zh-CN': {
    id: 'need-to-know.core',
    version: '2026.11.26',
    categories: {
      birthdate: {
        name: '出生日期',
        why: '出生日期能识别你。',
        whatToDo: '可以不填。',
        tier: 2,
        legal: [{ ...LEGAL, title: '个人信息保护法 第六条' }],
      },
      phone: { name: '手机号码', why: '用于联系你。', whatToDo: '送货需要。', tier: 2, legal: [] },
      face: { name: '人脸', why: '人脸无法更换。', whatToDo: '要求其他支付方式。', tier: 4, legal: [] },
    },
    serviceKinds: { shop: '网上购物', vending: '无人零售' },
    pageKinds: { checkout: '结算页' },
  },
};

function fieldFinding(category: string, evidence: string, overrides: Partial<Finding> = {}): Finding {
  return {
    category,
    source: 'field',
    required: true,
    necessity: 'unnecessary',
    ruleId: `${category}.label`,
    evidence,
    api: null,
    frameUrl: 'https://shop.example/checkout',
    element: { tag: 'select', type: '', id: '', name: evidence, autocomplete: '', selector: `[name="${evidence}"]` },
    tier: 2,
    penalty: 12,
    ...overrides,
  };
}

const BIRTH_NOTE = { en: 'Only for age-restricted goods; none on this page.', 'zh-CN': '仅在购买限龄商品时需要；此页面没有。' };

const shopReport: PageReport = {
  url: 'https://shop.example/checkout',
  grade: 'C',
  score: 76,
  pageKind: 'checkout',
  serviceKind: 'shop',
  ruleset: 'need-to-know.core@2026.11.26',
  updatedAt: 1,
  findings: [
    fieldFinding('phone', '"Mobile phone" (input name="phone")', { necessity: 'necessary', penalty: 0 }),
    fieldFinding('birthdate', '"Day" (select name="bday")', { necessityNote: BIRTH_NOTE }),
    fieldFinding('birthdate', '"Month" (select name="bmonth")', { necessityNote: BIRTH_NOTE }),
    fieldFinding('birthdate', '"Year" (select name="byear")', { necessityNote: BIRTH_NOTE, required: false, penalty: 6 }),
  ],
};

const vendingReport: PageReport = {
  ...shopReport,
  grade: 'E',
  score: 24,
  serviceKind: 'vending',
  findings: [
    fieldFinding('phone', '"手机号" (input type="tel")', { penalty: 12 }),
    {
      ...fieldFinding('face', 'navigator.mediaDevices.getUserMedia({video: {facingMode: "user"}})'),
      source: 'api',
      api: 'mediaDevices.getUserMedia',
      element: null,
      required: null,
      tier: 4,
      penalty: 40,
    },
  ],
};

const notRated: PageReport = { ...shopReport, grade: 'not-rated', score: null, findings: [], pageKind: 'other', serviceKind: 'other' };

let root: HTMLElement | null = null;
function show(report: PageReport, lang: Lang): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<ReportView report={report} texts={TEXTS[lang]} lang={lang} t={translator(lang)} />, root!));
  return root;
}

afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

const cardTitles = (el: HTMLElement) => [...el.querySelectorAll('article h3')].map((h) => h.textContent);

describe('ReportView', () => {
  it('shows the grade, score, what the page was judged as, and one card per category (en)', () => {
    const el = show(shopReport, 'en');
    expect(el.querySelector('.grade__letter')?.textContent).toBe('C');
    expect(el.textContent).toContain('Score 76 of 100');
    expect(el.textContent).toContain(en['gradeSummary.C']);
    expect(el.querySelector('.judged')?.textContent).toBe('Judged as: Checkout · Online shop');
    // Worst first; the birth day/month/year trio is one card listing three elements.
    expect(cardTitles(el)).toEqual(['Date of birth', 'Mobile number']);
    const birth = el.querySelector('article')!;
    expect([...birth.querySelectorAll('.evidence li .evidence__text')].map((e) => e.textContent)).toEqual([
      '"Day" (select name="bday")',
      '"Month" (select name="bmonth")',
      '"Year" (select name="byear")',
    ]);
    expect([...birth.querySelectorAll('.req')].map((e) => e.textContent)).toEqual(['Required', 'Required', 'Optional']);
    expect(birth.querySelector('.need')?.textContent).toBe(en['necessity.unnecessary']);
    expect(birth.querySelector('.card__note')?.textContent).toBe(BIRTH_NOTE.en);
    expect(birth.textContent).toContain('A birth date identifies you.');
    expect(birth.textContent).toContain('Leave it empty.');
    const link = birth.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(LEGAL.url);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    const phone = el.querySelectorAll('article')[1];
    expect(phone.querySelector('.need')?.textContent).toBe(en['necessity.necessary']);
    // Explanations are open where there is something to act on, folded for needed data.
    expect(birth.querySelector('details')?.open).toBe(true);
    expect(phone.querySelector('details')?.open).toBe(false);
  });

  it('renders a finding card in Simplified Chinese', () => {
    const el = show(shopReport, 'zh-CN');
    expect(el.querySelector('.judged')?.textContent).toBe('判断为：网上购物 · 结算页');
    expect(cardTitles(el)).toEqual(['出生日期', '手机号码']);
    const birth = el.querySelector('article')!;
    expect(birth.querySelector('.need')?.textContent).toBe(zhCN['necessity.unnecessary']);
    expect(birth.querySelector('.card__note')?.textContent).toBe(BIRTH_NOTE['zh-CN']);
    expect(birth.textContent).toContain(zhCN.whyHeading);
    expect(birth.textContent).toContain('个人信息保护法 第六条');
    expect([...birth.querySelectorAll('.req')].map((e) => e.textContent)).toEqual(['必填', '必填', '选填']);
  });

  it('shows API findings with their call and "—" for required', () => {
    const el = show(vendingReport, 'en');
    expect(el.querySelector('.grade__letter')?.textContent).toBe('E');
    expect(cardTitles(el)).toEqual(['Face', 'Mobile number']);
    const face = el.querySelector('article')!;
    expect(face.querySelector('code')?.textContent).toBe('navigator.mediaDevices.getUserMedia({video: {facingMode: "user"}})');
    expect(face.querySelector('.req')?.textContent).toBe('—');
  });

  it('shows a face SDK script and a map picker for what they are, with what to do, in both languages', () => {
    const script: Finding = {
      ...fieldFinding('face', '<script src> Tencent Cloud FaceID (faceid.qq.com)'),
      source: 'script',
      required: null,
      element: null,
      ruleId: 'script.face-sdk',
      tier: 4,
      penalty: 40,
      recipients: [
        {
          relation: 'third-party',
          site: 'qq.com',
          via: 'script',
          thirdParty: { id: 'tencent-faceid', name: { en: 'Tencent Cloud FaceID', 'zh-CN': '腾讯云慧眼人脸核身' }, kind: 'face-sdk' },
        },
      ],
    };
    const picker: Finding = {
      ...fieldFinding('precise_location', 'map (AMap) "拖动地图"'),
      source: 'widget',
      required: null,
      ruleId: 'widget.map-picker',
      element: { tag: 'div', type: '', id: '', name: '', autocomplete: '', selector: '#amap' },
      tier: 3,
      penalty: 20,
    };
    const report: PageReport = { ...shopReport, grade: 'D', score: 40, findings: [script, picker] };
    for (const lang of ['en', 'zh-CN'] as const) {
      const strings = lang === 'en' ? en : zhCN;
      const el = show(report, lang);
      const [face, location] = [...el.querySelectorAll('article')];
      expect(face.querySelector('code')?.textContent).toBe('<script src> Tencent Cloud FaceID (faceid.qq.com)');
      expect(face.querySelector('.req')?.textContent).toBe(strings['source.script']);
      expect(face.querySelector('.card__hint')?.textContent).toBe(strings['hint.script.face']);
      expect(face.querySelector('.who')?.textContent).toContain(strings['recipientVia.script']);
      expect(face.querySelector('.who')?.textContent).toContain(lang === 'en' ? 'Tencent Cloud FaceID' : '腾讯云慧眼人脸核身');
      expect(location.querySelector('.evidence__text')?.tagName).toBe('SPAN');
      expect(location.querySelector('.evidence__text')?.textContent).toBe('map (AMap) "拖动地图"');
      expect(location.querySelector('.req')?.textContent).toBe(strings['source.widget']);
      expect(location.querySelector('.card__hint')?.textContent).toBe(strings['hint.widget']);
      render(null, root!);
      root!.remove();
      root = null;
    }
    expect(en['hint.script.face']).toMatch(/non-face/);
    expect(zhCN['hint.script.face']).toMatch(/非人脸/);
  });

  it('says "not rated" calmly, with no grade letter and no findings', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const el = show(notRated, lang);
      const strings = lang === 'en' ? en : zhCN;
      expect(el.querySelector('h2')?.textContent).toBe(strings.notRatedTitle);
      expect(el.textContent).toContain(strings.notRatedBody);
      expect(el.querySelector('.grade__letter')?.textContent).not.toMatch(/[A-E]/);
      expect(el.querySelectorAll('article')).toHaveLength(0);
      render(null, root!);
      root!.remove();
      root = null;
    }
  });

  it('falls back to category ids when ruleset texts are missing', () => {
    root = document.createElement('div');
    act(() => render(<ReportView report={shopReport} texts={null} lang="en" t={translator('en')} />, root!));
    expect(cardTitles(root)).toEqual(['birthdate', 'phone']);
  });
});

describe('groupFindings', () => {
  it('orders cards worst first and findings within a card worst first', () => {
    const groups = groupFindings([...shopReport.findings].reverse());
    expect(groups.map((g) => g.category)).toEqual(['birthdate', 'phone']);
    expect(groups[0].findings.map((f) => f.penalty)).toEqual([12, 12, 6]);
  });
});
