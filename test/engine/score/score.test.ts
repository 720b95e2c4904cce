import { describe, expect, it } from 'vitest';
import type { ApiObservation, Finding, PageObservations } from '../../../src/shared/model';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { scorePage } from '../../../src/engine/score/score';
import { apiEvidence } from '../../../src/engine/score/evidence';
import {
  cleanCheckoutEn,
  cleanCheckoutZh,
  field,
  foodDeliveryEn,
  foodDeliveryZh,
  page,
  shopCheckoutEn,
  shopCheckoutZh,
  signals,
  vendingPayEn,
  vendingPayZh,
} from './observations';
import { version as BUNDLED_VERSION } from '../../../src/engine/rules/builtin/core/ruleset.json';

const rs = bundledRuleset();

/** category → necessity of the worst finding per category, the shape of the demo table. */
function verdicts(findings: Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of findings) if (!(f.category in out)) out[f.category] = f.necessity;
  return out;
}

describe('the demo scenarios', () => {
  for (const [lang, build] of [
    ['en', shopCheckoutEn],
    ['zh', shopCheckoutZh],
  ] as const) {
    it(`shop checkout (${lang}): birth date and gender are unnecessary → C`, () => {
      const report = scorePage(build(), rs, 1234);
      expect(report).toMatchObject({
        grade: 'C',
        score: 76,
        pageKind: 'checkout',
        serviceKind: 'shop',
        ruleset: `need-to-know.core@${BUNDLED_VERSION}`,
        updatedAt: 1234,
      });
      expect(verdicts(report.findings)).toEqual({
        birthdate: 'unnecessary',
        gender: 'unnecessary',
        phone: 'necessary',
        address: 'necessary',
      });
      const birth = report.findings.find((f) => f.category === 'birthdate')!;
      expect(birth.necessityNote!.en).toMatch(/no sign of "Age-restricted goods/);
      expect(birth.necessityNote!['zh-CN']).toMatch(/限龄商品/);
      expect(birth.required).toBe(true);
      expect(birth.penalty).toBe(12);
    });
  }

  for (const [lang, build] of [
    ['en', vendingPayEn],
    ['zh', vendingPayZh],
  ] as const) {
    it(`vending pay (${lang}): forced face scan and member data → E`, () => {
      const report = scorePage(build(), rs);
      expect(report).toMatchObject({ grade: 'E', score: 24, pageKind: 'checkout', serviceKind: 'vending' });
      expect(verdicts(report.findings)).toEqual({
        face: 'unnecessary',
        phone: 'unnecessary',
        gender: 'unnecessary',
        birthdate: 'unnecessary',
      });
      const face = report.findings[0];
      expect(face).toMatchObject({
        category: 'face',
        source: 'api',
        api: 'mediaDevices.getUserMedia',
        required: null,
        element: null,
        tier: 4,
        penalty: 40,
        ruleId: 'api.camera.face-scan',
      });
      // The evidence names the call and what on the page makes it a face scan.
      expect(face.evidence).toMatch(
        /^navigator\.mediaDevices\.getUserMedia\(\{video: \{facingMode: "user"\}\}\) \+ (title|page) "[^"]*(face|刷脸|人脸)/i,
      );
      expect(face.necessityNote!.en).toMatch(/non-face way to pay.*Art\. 10/);
      // The face scan is the camera use: no separate camera finding for the same call.
      expect(report.findings.some((f) => f.category === 'camera')).toBe(false);
      // Two radio buttons, one question: one gender finding.
      expect(report.findings.filter((f) => f.category === 'gender')).toHaveLength(1);
    });
  }

  for (const [lang, build] of [
    ['en', foodDeliveryEn],
    ['zh', foodDeliveryZh],
  ] as const) {
    it(`food delivery (${lang}): a GPS fix is unnecessary and caps the grade at C`, () => {
      const report = scorePage(build(), rs);
      expect(report).toMatchObject({ score: 80, grade: 'C', pageKind: 'checkout', serviceKind: 'food' });
      expect(verdicts(report.findings)).toEqual({ precise_location: 'unnecessary', address: 'necessary', phone: 'necessary' });
      expect(report.findings[0]).toMatchObject({
        category: 'precise_location',
        source: 'api',
        tier: 3,
        penalty: 20,
        evidence: 'navigator.geolocation.getCurrentPosition({enableHighAccuracy: true})',
      });
    });
  }

  for (const [lang, build] of [
    ['en', cleanCheckoutEn],
    ['zh', cleanCheckoutZh],
  ] as const) {
    it(`clean checkout (${lang}): only what delivery needs → A`, () => {
      const report = scorePage(build(), rs);
      expect(report).toMatchObject({ grade: 'A', score: 100, serviceKind: 'shop' });
      expect(verdicts(report.findings)).toEqual({ phone: 'necessary', address: 'necessary' });
    });
  }
});

describe('findings', () => {
  it('describe the element: evidence, element, frame and rule', () => {
    const report = scorePage(shopCheckoutEn(), rs);
    const dob = report.findings.find((f) => f.category === 'birthdate')!;
    expect(dob).toMatchObject({
      source: 'field',
      api: null,
      ruleId: 'birthdate.autocomplete',
      evidence: '"Date of birth" (input name="dob")',
      frameUrl: 'http://127.0.0.1:8080/shop-checkout.html',
      element: { tag: 'input', type: 'date', id: 'dob', name: 'dob', autocomplete: 'bday', selector: '#dob' },
    });
  });

  it('one finding per element, but a category counts once (its worst finding)', () => {
    const trio = ['day', 'month', 'year'].map((part) =>
      field({ tag: 'select', type: '', name: `dob_${part}`, autocomplete: `bday-${part}`, required: part === 'year' }),
    );
    const report = scorePage(page('https://shop.example/checkout', signals('', 'Checkout', 'Place order'), trio), rs);
    const births = report.findings.filter((f) => f.category === 'birthdate');
    expect(births).toHaveLength(3);
    // The required one is the worst (12); the optional ones (6) take nothing more off.
    expect(births.map((f) => f.penalty)).toEqual([12, 0, 0]);
    expect(births[0].element!.name).toBe('dob_year');
    expect(report.score).toBe(88);
  });

  it('are sorted by penalty, worst first', () => {
    const report = scorePage(vendingPayEn(), rs);
    const penalties = report.findings.map((f) => f.penalty);
    expect(penalties).toEqual([...penalties].sort((a, b) => b - a));
  });

  it('never come from invisible fields', () => {
    const hidden = field({ name: 'phone', type: 'tel', autocomplete: 'tel', visible: false, required: true });
    const report = scorePage(page('https://shop.example/checkout', signals('', 'Checkout', ''), [hidden]), rs);
    expect(report.findings).toEqual([]);
  });
});

describe('grades', () => {
  it('a page that asks nothing we know is not rated, never bad', () => {
    const report = scorePage(
      page('https://news.example/', signals('', 'News', 'Latest'), [
        field({ name: 'q', type: 'search' }),
        field({ name: 'comment', labelText: 'Your comment' }),
      ]),
      rs,
    );
    expect(report).toMatchObject({ grade: 'not-rated', score: null, findings: [] });
  });

  it('permissions.query alone is not a finding (no prompt, nothing collected)', () => {
    const report = scorePage(
      page('https://shop.example/', signals('', 'Shop', ''), [], [{ api: 'permissions.query', name: 'geolocation' }]),
      rs,
    );
    expect(report.grade).toBe('not-rated');
  });

  it('an optional unnecessary field costs half and does not cap the grade', () => {
    const optional = field({ name: 'dob', autocomplete: 'bday', required: false });
    const report = scorePage(page('https://shop.example/checkout', signals('', 'Checkout', 'Your cart'), [optional]), rs);
    expect(report).toMatchObject({ score: 94, grade: 'A' });
    expect(report.findings[0].penalty).toBe(6);
  });

  it('a required unnecessary T4 field caps the grade at D even when the score is high', () => {
    const face = field({ type: 'file', accept: 'image/*', capture: 'user', labelText: 'Take a selfie', required: true });
    const report = scorePage(page('https://shop.example/checkout', signals('', 'Checkout', 'Your cart'), [face]), rs);
    expect(report.findings[0]).toMatchObject({ category: 'face', necessity: 'unnecessary', tier: 4, penalty: 40 });
    expect(report).toMatchObject({ score: 60, grade: 'D' });
  });

  it('an optional T4 request costs half and is not capped', () => {
    const face = field({ type: 'file', accept: 'image/*', capture: 'user', labelText: 'Take a selfie', required: false });
    const report = scorePage(page('https://shop.example/checkout', signals('', 'Checkout', 'Your cart'), [face]), rs);
    expect(report).toMatchObject({ score: 80, grade: 'B' });
  });

  it('the score never drops below 0', () => {
    const many = ['bday', 'sex', 'cc-number'].map((autocomplete) => field({ autocomplete, required: true }));
    const apis: ApiObservation[] = [
      { api: 'geolocation.watchPosition', highAccuracy: true },
      { api: 'contacts.select', properties: ['name', 'tel'], multiple: true },
      { api: 'mediaDevices.getUserMedia', video: true, audio: true, facingUser: false },
    ];
    const report = scorePage(page('https://x.example/', signals('', 'Page', ''), many, apis), rs);
    expect(report).toMatchObject({ score: 0, grade: 'E' });
  });
});

describe('conditions', () => {
  it('birth date in a shop that sells wine is conditional, not unnecessary', () => {
    const obs = shopCheckoutEn();
    obs.frames[0].page.text += ' | Add a bottle of red wine | You must be 18 or over to buy alcohol';
    const report = scorePage(obs, rs);
    const birth = report.findings.find((f) => f.category === 'birthdate')!;
    expect(birth.necessity).toBe('conditional');
    expect(birth.penalty).toBe(4.8);
    expect(birth.necessityNote!.en).toMatch(/^Conditional: this page shows "Age-restricted goods/);
    expect(report.score).toBe(83);
  });

  it('the same in Chinese (白酒, 电子烟)', () => {
    const obs = shopCheckoutZh();
    obs.frames[0].page.text += ' | 53度 白酒 500ml';
    const birth = scorePage(obs, rs).findings.find((f) => f.category === 'birthdate')!;
    expect(birth.necessity).toBe('conditional');
    expect(birth.necessityNote!['zh-CN']).toMatch(/^有条件/);
  });

  it('a hotel (酒店) is not alcohol', () => {
    const obs = shopCheckoutZh();
    obs.frames[0].page.text += ' | 酒店同款 亚麻床品';
    expect(scorePage(obs, rs).findings.find((f) => f.category === 'birthdate')!.necessity).toBe('unnecessary');
  });

  it('a face scan at a vending machine that also offers QR-code payment is conditional', () => {
    for (const [build, extra] of [
      [vendingPayEn, 'Or pay with a QR code'],
      [vendingPayZh, '扫码支付'],
    ] as const) {
      const obs = build();
      obs.frames[0].page.text += ` | ${extra}`;
      const face = scorePage(obs, rs).findings.find((f) => f.category === 'face')!;
      expect(face.necessity).toBe('conditional');
      expect(face.penalty).toBe(16);
    }
  });

  it('a non-face option offered as a radio button counts too', () => {
    const obs = vendingPayZh();
    obs.frames[0].fields.push(
      field({ type: 'radio', name: 'pay', labelText: '密码支付', nearbyText: '支付方式', optionsText: '刷脸支付 | 密码支付' }),
    );
    expect(scorePage(obs, rs).findings.find((f) => f.category === 'face')!.necessity).toBe('conditional');
  });

  it('without face wording a front-camera call is a camera use, not a face scan', () => {
    const obs = vendingPayEn();
    obs.frames[0].page.title = 'Pay at vending machine';
    obs.frames[0].page.text = 'FreshBox vending machine | Confirm and pay';
    const found = scorePage(obs, rs).findings.filter((f) => f.source === 'api');
    expect(found.map((f) => [f.category, f.ruleId])).toEqual([['camera', 'api.camera.video']]);
  });
});

describe('API calls', () => {
  const at = (apis: PageObservations['frames'][number]['apis']) =>
    scorePage(page('https://x.example/', signals('', 'Page', ''), [], apis), rs);

  it('getCurrentPosition without high accuracy is still precise location (weaker rule)', () => {
    expect(at([{ api: 'geolocation.getCurrentPosition', highAccuracy: false }]).findings[0]).toMatchObject({
      category: 'precise_location',
      ruleId: 'api.geolocation.fix',
    });
    expect(at([{ api: 'geolocation.getCurrentPosition', highAccuracy: true }]).findings[0]).toMatchObject({
      category: 'precise_location',
      ruleId: 'api.geolocation.precise',
    });
  });

  it('watchPosition is a movement trail', () => {
    const report = at([{ api: 'geolocation.watchPosition', highAccuracy: false }]);
    expect(report.findings[0]).toMatchObject({ category: 'location_trail', tier: 4, necessity: 'unnecessary' });
    expect(report.grade).toBe('D');
  });

  it('contacts.select is contacts; audio-only getUserMedia is the microphone', () => {
    expect(at([{ api: 'contacts.select', properties: ['name', 'tel'], multiple: true }]).findings[0]).toMatchObject({
      category: 'contacts',
      evidence: 'navigator.contacts.select(["name", "tel"], {multiple: true})',
    });
    expect(at([{ api: 'mediaDevices.getUserMedia', video: false, audio: true, facingUser: false }]).findings[0]).toMatchObject({
      category: 'camera',
      ruleId: 'api.camera.microphone',
      evidence: 'navigator.mediaDevices.getUserMedia({audio: true})',
    });
  });

  it('the same call reported twice is one finding; calls in sub-frames carry their frame URL', () => {
    const call = { api: 'geolocation.getCurrentPosition', highAccuracy: true } as const;
    const obs = page(
      'https://food.example/checkout',
      signals('', 'Takeaway', ''),
      [],
      [call, { ...call }],
      [{ frameUrl: 'https://maps.example/embed', page: signals('https://maps.example/embed', '', ''), fields: [], apis: [call] }],
    );
    const report = scorePage(obs, rs);
    expect(report.findings.map((f) => f.frameUrl)).toEqual(['https://food.example/checkout', 'https://maps.example/embed']);
    expect(report.findings.map((f) => f.penalty)).toEqual([20, 0]);
  });

  it('evidence for permissions.query is quoted safely', () => {
    expect(apiEvidence({ api: 'permissions.query', name: 'camera"); alert(1' })).toBe(
      'navigator.permissions.query({name: "camera\\"); alert(1"})',
    );
  });
});

describe('a ruleset without a scoring section', () => {
  it('uses the default numbers', () => {
    const { scoring: _ignored, ...rest } = rs.source;
    const plain = compileRuleset({ ...rest, scoring: undefined });
    expect(scorePage(shopCheckoutEn(), plain)).toMatchObject({ grade: 'C', score: 76 });
  });
});
