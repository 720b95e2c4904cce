import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { classifyPage } from '../../../src/engine/score/page-kind';
import {
  cleanCheckoutZh,
  field,
  foodDeliveryEn,
  foodDeliveryZh,
  page,
  shopCheckoutEn,
  signals,
  vendingPayEn,
  vendingPayZh,
} from './observations';

const rs = bundledRuleset();
const classifyObs = (obs: ReturnType<typeof page>) => classifyPage(obs.frames, rs);

describe('classifyPage: service kind', () => {
  it('recognises the demo services from titles, headings and URL words', () => {
    expect(classifyObs(shopCheckoutEn()).serviceKind).toBe('shop');
    expect(classifyObs(cleanCheckoutZh()).serviceKind).toBe('shop');
    expect(classifyObs(foodDeliveryEn()).serviceKind).toBe('food');
    expect(classifyObs(foodDeliveryZh()).serviceKind).toBe('food');
    expect(classifyObs(vendingPayEn()).serviceKind).toBe('vending');
    expect(classifyObs(vendingPayZh()).serviceKind).toBe('vending');
  });

  it('does not depend on demo file names: text alone is enough', () => {
    const food = foodDeliveryZh();
    food.url = food.frames[0].frameUrl = food.frames[0].page.url = 'https://m.example.cn/h5/index.html#/confirm';
    expect(classifyObs(food).serviceKind).toBe('food');
    const vending = vendingPayZh();
    vending.frames[0].page.url = 'https://pay.example.cn/p?id=3';
    expect(classifyObs(vending).serviceKind).toBe('vending');
  });

  it('a coffee set in a home store does not make it a café', () => {
    const c = classifyObs(shopCheckoutEn());
    expect(c.scores.serviceKinds.food).toBe(0);
  });

  it('is "other" when nothing points anywhere', () => {
    const obs = page('https://example.org/form', signals('', 'Contact us', 'Send'), [field({ labelText: 'Message' })]);
    expect(classifyObs(obs).serviceKind).toBe('other');
  });

  it('recognises other services by their words', () => {
    const kinds: [string, string, string][] = [
      ['打车 - 叫车', '上车点 | 目的地 | 确认叫车', 'ride'],
      ['Send a parcel', 'Sender details | Recipient | Tracking number', 'parcel'],
      ['借款申请', '借款额度 | 还款计划', 'loan'],
      ['婚恋交友', '完善资料 | 相亲', 'dating'],
      ['Unlock a bike', 'Scan to unlock | e-bike', 'mobility'],
    ];
    for (const [title, text, kind] of kinds) {
      expect(classifyObs(page('https://example.org/x', signals('', title, text), [])).serviceKind, title).toBe(kind);
    }
  });
});

describe('classifyPage: page kind', () => {
  it('checkout from its words and from many address fields', () => {
    expect(classifyObs(shopCheckoutEn()).pageKind).toBe('checkout');
    const fieldsOnly = page('https://example.org/step2', signals('', '', ''), [
      field({ autocomplete: 'address-line1' }),
      field({ autocomplete: 'postal-code' }),
      field({ autocomplete: 'address-level2' }),
    ]);
    expect(classifyObs(fieldsOnly).pageKind).toBe('checkout');
  });

  it('password plus an identifier is a log-in; two passwords a sign-up', () => {
    const login = page('https://example.org/x', signals('', '', ''), [
      field({ type: 'email', name: 'email' }),
      field({ type: 'password', name: 'pw' }),
    ]);
    expect(classifyObs(login).pageKind).toBe('login');
    const signup = page('https://example.org/x', signals('', '', ''), [
      field({ type: 'email' }),
      field({ type: 'password' }),
      field({ type: 'password', labelText: 'Repeat password' }),
    ]);
    expect(classifyObs(signup).pageKind).toBe('signup');
    expect(classifyObs(page('https://example.org/x', signals('', '用户注册', '立即注册'), [])).pageKind).toBe('signup');
  });

  it('a lone email field is a newsletter box; a lone search box a search', () => {
    expect(classifyObs(page('https://example.org/', signals('', '', ''), [field({ type: 'email' })])).pageKind).toBe('newsletter');
    expect(classifyObs(page('https://example.org/', signals('', '', ''), [field({ type: 'search', name: 'q' })])).pageKind).toBe('search');
  });

  it('an API prompt with no form is a permission page; nothing at all is "other"', () => {
    const prompt = page('https://example.org/', signals('', '', ''), [], [{ api: 'geolocation.getCurrentPosition', highAccuracy: false }]);
    expect(classifyObs(prompt).pageKind).toBe('permission');
    expect(classifyObs(page('https://example.org/', signals('', '', ''), [])).pageKind).toBe('other');
  });
});

describe('classifyPage: conditions', () => {
  it('finds face wording in English and Chinese', () => {
    expect(classifyObs(vendingPayEn())).toMatchObject({ faceWording: true, conditions: ['face_wording'] });
    expect(classifyObs(vendingPayZh()).faceWording).toBe(true);
    expect(classifyObs(shopCheckoutEn()).faceWording).toBe(false);
  });

  it('finds age-restricted goods and non-face alternatives, including in field labels', () => {
    const obs = page('https://example.org/', signals('', 'Checkout', 'Craft beer 6-pack'), [
      field({ type: 'radio', name: 'pay', labelText: 'Pay with QR code', nearbyText: 'Payment method' }),
    ]);
    expect(classifyObs(obs).conditions).toEqual(['age_restricted', 'non_face_alternative']);
  });

  it('does not mistake look-alikes for alcohol or tobacco', () => {
    for (const text of ['酒店预订', '抽油烟机 特价', 'Login to your account', 'Range hood', '酒精湿巾']) {
      expect(classifyObs(page('https://example.org/', signals('', text, ''), [])).conditions, text).not.toContain('age_restricted');
    }
  });
});
