import { describe, expect, it } from 'vitest';
import type { PageObservations, PageWidget } from '../../../src/shared/model';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { mergeRulesets } from '../../../src/engine/rules/merge';
import { validateRuleset } from '../../../src/engine/rules/validate';
import { scorePage } from '../../../src/engine/score/score';
import { cleanCheckoutEn, foodDeliveryEn, foodDeliveryZh, vendingPayEn } from './observations';

const rs = bundledRuleset();

/** The page with these script hosts and widgets in its top frame. */
function withPage(obs: PageObservations, more: { scriptHosts?: string[]; widgets?: PageWidget[] }): PageObservations {
  return { ...obs, frames: obs.frames.map((f, i) => (i === 0 ? { ...f, page: { ...f.page, ...more } } : f)) };
}
const map = (over: Partial<PageWidget> = {}): PageWidget => ({
  kind: 'map',
  library: 'map',
  selector: '#map',
  text: 'Where should the rider bring your food? Drag the pin to your door',
  ...over,
});

describe('face-verification scripts', () => {
  it('a face SDK on a shop checkout is a face finding from its script: counted, explained, but not capping', () => {
    const report = scorePage(withPage(cleanCheckoutEn(), { scriptHosts: ['faceid.qq.com'] }), rs);
    const f = report.findings.find((x) => x.category === 'face')!;
    expect(f).toMatchObject({
      source: 'script',
      required: null,
      necessity: 'unnecessary',
      ruleId: 'script.face-sdk',
      evidence: '<script src> Tencent Cloud FaceID (faceid.qq.com)',
      api: null,
      element: null,
      tier: 4,
      penalty: 40,
      recipients: [{ relation: 'third-party', site: 'qq.com', via: 'script', thirdParty: { id: 'tencent-faceid', kind: 'face-sdk' } }],
    });
    expect(f.frameUrl).toBe(report.url);
    expect(f.necessityNote?.en).toMatch(/Not needed/);
    // 100 − 40 = 60 is a C by score; an unnecessary face *scan* (an API call) would cap it at D.
    expect([report.score, report.grade]).toEqual([60, 'C']);
    const scanned = scorePage(
      {
        ...cleanCheckoutEn(),
        frames: cleanCheckoutEn().frames.map((fr) => ({
          ...fr,
          page: { ...fr.page, text: `${fr.page.text} | 刷脸支付` },
          apis: [{ api: 'mediaDevices.getUserMedia' as const, video: true, audio: false, facingUser: true }],
        })),
      },
      rs,
    );
    expect(scanned.grade).toBe('D');
  });

  it('one finding per service, listing its hosts; another service of the same kind counts once for the category', () => {
    const report = scorePage(withPage(cleanCheckoutEn(), { scriptHosts: ['faceid.qq.com', 'kyc.qcloud.com', 'static.zoloz.com'] }), rs);
    const face = report.findings.filter((x) => x.category === 'face');
    expect(face.map((x) => x.evidence).sort()).toEqual([
      '<script src> Alipay ZOLOZ (static.zoloz.com)',
      '<script src> Tencent Cloud FaceID (faceid.qq.com, kyc.qcloud.com)',
    ]);
    expect(face.map((x) => x.penalty).sort()).toEqual([0, 40]);
    expect(report.score).toBe(60);
  });

  it('analytics and map scripts are no face scan, and a vendor page loading its own script is no finding', () => {
    expect(
      scorePage(withPage(cleanCheckoutEn(), { scriptHosts: ['hm.baidu.com', 'webapi.amap.com'] }), rs).findings.some(
        (f) => f.source === 'script',
      ),
    ).toBe(false);
    const vendor = cleanCheckoutEn();
    vendor.url = 'https://www.onfido.com/checkout';
    expect(scorePage(withPage(vendor, { scriptHosts: ['assets.onfido.com'] }), rs).findings.some((f) => f.category === 'face')).toBe(false);
  });

  it('is judged like any finding of its category on that page (vending: face only next to another way to pay)', () => {
    const vending = withPage(vendingPayEn(), { scriptHosts: ['cloudauth.aliyuncs.com'] });
    const report = scorePage(vending, rs);
    expect(report.serviceKind).toBe('vending');
    const script = report.findings.find((f) => f.source === 'script')!;
    const scan = report.findings.find((f) => f.source === 'api' && f.category === 'face')!;
    expect(script).toMatchObject({ category: 'face', evidence: '<script src> Alibaba Cloud ID Verification (cloudauth.aliyuncs.com)' });
    expect([script.necessity, script.necessityNote]).toEqual([scan.necessity, scan.necessityNote]);
    // The camera call that happened is the worse finding; the script adds nothing to the score.
    expect([scan.penalty, script.penalty]).toEqual([40, 0]);
    expect([report.score, report.grade]).toEqual([scorePage(vendingPayEn(), rs).score, 'E']);
  });

  it('a ruleset may name script hosts of its own, and require page words', () => {
    const local = validateRuleset(
      {
        formatVersion: 1,
        id: 'test.kyc',
        title: { en: 'KYC' },
        version: '1',
        languages: ['en'],
        categories: [],
        necessity: {},
        signalRules: [{ id: 'script.kyc', category: 'national_id', scriptHosts: ['kyc.example'], text: 'verify your identity', weight: 5 }],
      },
      { base: [rs.source] },
    );
    expect(local.ok ? [] : local.errors).toEqual([]);
    if (!local.ok) return;
    const merged = mergeRulesets([rs.source, local.ruleset]).ruleset;
    const page = withPage(cleanCheckoutEn(), { scriptHosts: ['cdn.kyc.example'] });
    expect(scorePage(page, merged).findings.some((f) => f.ruleId === 'script.kyc')).toBe(false); // no such words
    page.frames[0].page.text += ' | Verify your identity';
    const f = scorePage(page, merged).findings.find((x) => x.ruleId === 'script.kyc')!;
    expect(f).toMatchObject({ category: 'national_id', source: 'script', evidence: '<script src> kyc.example (cdn.kyc.example)' });
    expect(f.recipients).toEqual([{ relation: 'other-site', site: 'kyc.example', via: 'script' }]);
  });

  it('a ruleset object without the section scores as before', () => {
    const { signalRules: _none, ...older } = rs.source;
    const report = scorePage(
      withPage(cleanCheckoutEn(), { scriptHosts: ['faceid.qq.com'], widgets: [map()] }),
      compileRuleset(older as typeof rs.source),
    );
    expect(report.findings.some((f) => f.source === 'script' || f.source === 'widget')).toBe(false);
  });
});

describe('map pickers', () => {
  it('a map that asks you to drag a pin is a precise-location request, pointing at the map', () => {
    const report = scorePage(withPage(foodDeliveryEn(), { widgets: [map()] }), rs);
    const f = report.findings.find((x) => x.source === 'widget')!;
    expect(f).toMatchObject({
      category: 'precise_location',
      required: null,
      necessity: 'unnecessary',
      ruleId: 'widget.map-picker',
      evidence: 'map "Drag the pin"',
      api: null,
      element: { tag: 'div', type: '', id: '', name: '', autocomplete: '', selector: '#map' },
      recipients: [{ relation: 'this-site', site: '127.0.0.1:8080', via: 'page' }],
    });
    // The GPS call already counts for precise location: the grade and score stay as they were.
    expect(f.penalty).toBe(0);
    expect([report.score, report.grade]).toEqual([80, 'C']);
  });

  it('on its own it counts in the score but does not cap the grade', () => {
    const report = scorePage(withPage(cleanCheckoutEn(), { widgets: [map()] }), rs);
    expect(report.findings.find((x) => x.source === 'widget')).toMatchObject({ necessity: 'unnecessary', penalty: 20 });
    expect([report.score, report.grade]).toEqual([80, 'B']); // an unnecessary GPS call would cap it at C
  });

  it('a map without picker words is no finding', () => {
    for (const text of [
      'Our stores | Find a store near you',
      '门店地图 查看附近门店',
      'Map data ©2024 Google Terms Report a map error',
      '',
    ]) {
      const report = scorePage(withPage(cleanCheckoutEn(), { widgets: [map({ library: 'Leaflet', text })] }), rs);
      expect(
        report.findings.filter((f) => f.source === 'widget'),
        text,
      ).toEqual([]);
    }
  });

  it('quotes only the words that make it a picker, never the rest (a looked-up address)', () => {
    const obs = withPage(foodDeliveryZh(), {
      scriptHosts: ['webapi.amap.com'],
      widgets: [map({ library: 'AMap', selector: '#amap', text: '高德地图 拖动地图，选择收货位置 当前位置：北京市朝阳区建国路88号' })],
    });
    const f = scorePage(obs, rs).findings.find((x) => x.source === 'widget')!;
    expect(f.evidence).toBe('map (AMap) "拖动地图"');
    expect(f.recipients).toEqual([
      { relation: 'this-site', site: '127.0.0.1:8080', via: 'page' },
      {
        relation: 'third-party',
        site: 'amap.com',
        via: 'script',
        thirdParty: { id: 'amap', name: { en: 'AMap (Gaode Maps)', 'zh-CN': '高德地图' }, kind: 'map-sdk' },
      },
    ]);
  });

  it('reads picker words in the languages of the issue', () => {
    const tips = [
      'Drag the pin to your door',
      'Drop a pin on your building',
      'Move the map to adjust the pin',
      '拖动图钉到你家门口',
      '拖动地图，选择收货位置',
      '在地图上标记你的位置',
      '拖曳地圖選擇位置',
      'ピンを玄関まで動かしてください',
      '핀을 문 앞까지 드래그하세요',
      'Ziehen Sie die Stecknadel zu Ihrer Haustür',
      'Faites glisser l’épingle jusqu’à votre porte',
      'Arrastra el pin hasta tu puerta',
      'Arraste o pin até a sua porta',
      'Trascina il segnaposto fino alla tua porta',
      'Перетащите метку к вашей двери',
      'Przeciągnij pinezkę do swoich drzwi',
      'Přetáhněte špendlík ke dveřím',
      'Pini kapınıza sürükleyin',
    ];
    for (const text of tips) {
      const report = scorePage(withPage(cleanCheckoutEn(), { widgets: [map({ text })] }), rs);
      expect(
        report.findings.some((f) => f.ruleId === 'widget.map-picker'),
        text,
      ).toBe(true);
    }
  });

  it('one finding per map library and rule; maps of two makes are two findings of one category', () => {
    const two = [map({ library: 'AMap', selector: '#a' }), map({ library: 'AMap', selector: '#b' })];
    expect(scorePage(withPage(cleanCheckoutEn(), { widgets: two }), rs).findings.filter((f) => f.source === 'widget')).toHaveLength(1);
    const report = scorePage(withPage(cleanCheckoutEn(), { widgets: [...two, map()] }), rs);
    expect(report.findings.filter((f) => f.source === 'widget').map((f) => f.element!.selector)).toEqual(['#a', '#map']);
    expect(report.score).toBe(80);
  });
});
