import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  LIMITS,
  checkContentSender,
  isExtensionPageSender,
  parseFrameReport,
  parseHistoryRequest,
  parseTabReportRequest,
  parseTextsRequest,
  type Sender,
} from '../../src/messaging/guards';
import type { FieldDescriptor } from '../../src/shared/model';

const OWN_ID = fakeBrowser.runtime.id;
const PAGE = 'https://shop.example/checkout';

function contentSender(overrides: Partial<Sender> = {}): Sender {
  return { id: OWN_ID, url: PAGE, frameId: 0, tab: { id: 7, url: PAGE } as Sender['tab'], ...overrides };
}

function field(key: string, overrides: Partial<FieldDescriptor> = {}): FieldDescriptor {
  return {
    key,
    tag: 'input',
    type: 'tel',
    id: 'phone',
    name: 'phone',
    autocomplete: 'tel',
    placeholder: '',
    ariaLabel: '',
    labelText: 'Mobile phone',
    nearbyText: '',
    optionsText: '',
    inputMode: '',
    maxLength: null,
    accept: '',
    capture: '',
    required: true,
    visible: true,
    selector: '#phone',
    ...overrides,
  };
}

function report(overrides: Record<string, unknown> = {}) {
  return {
    docId: 'doc-1',
    page: { url: PAGE, title: 'Checkout', lang: 'en', text: 'Place order', scriptHosts: [] },
    fields: [field('f1')],
    removed: [],
    apis: [],
    ...overrides,
  };
}

describe('checkContentSender', () => {
  it('accepts our content script in a tab frame and takes the URL from the browser', () => {
    expect(checkContentSender(contentSender({ frameId: 3, url: 'https://pay.example/frame' }))).toEqual({
      tabId: 7,
      frameId: 3,
      frameUrl: 'https://pay.example/frame',
      tabUrl: PAGE,
    });
    expect(checkContentSender(contentSender({ url: 'file:///tmp/page.html' }))?.frameUrl).toBe('file:///tmp/page.html');
  });

  it('rejects another extension, a missing tab or frame, and non-web URLs', () => {
    expect(checkContentSender(contentSender({ id: 'someone-else' }))).toBeNull();
    expect(checkContentSender(contentSender({ tab: undefined }))).toBeNull();
    expect(checkContentSender(contentSender({ tab: { id: -1 } as Sender['tab'] }))).toBeNull();
    expect(checkContentSender(contentSender({ frameId: undefined }))).toBeNull();
    expect(checkContentSender(contentSender({ url: undefined }))).toBeNull();
    expect(checkContentSender(contentSender({ url: fakeBrowser.runtime.getURL('/popup.html') }))).toBeNull();
    expect(checkContentSender(contentSender({ url: 'javascript:alert(1)' }))).toBeNull();
    expect(checkContentSender({})).toBeNull();
    expect(checkContentSender(undefined)).toBeNull();
  });
});

describe('isExtensionPageSender', () => {
  const popupUrl = fakeBrowser.runtime.getURL('/popup.html');

  it('accepts our own pages, also when opened in a tab', () => {
    expect(isExtensionPageSender({ id: OWN_ID, url: popupUrl })).toBe(true);
    expect(isExtensionPageSender({ id: OWN_ID, url: `${popupUrl}?tabId=4`, tab: { id: 9 } as Sender['tab'], frameId: 0 })).toBe(true);
  });

  it('rejects content scripts, other extensions and senders without a URL', () => {
    expect(isExtensionPageSender(contentSender())).toBe(false);
    expect(isExtensionPageSender({ id: 'other', url: popupUrl })).toBe(false);
    expect(isExtensionPageSender({ id: OWN_ID, url: 'chrome-extension://another-extension/popup.html' })).toBe(false);
    expect(isExtensionPageSender({ id: OWN_ID })).toBe(false);
    expect(isExtensionPageSender({})).toBe(false);
  });
});

describe('parseFrameReport', () => {
  it('keeps a well-formed report and replaces the page URL with the browser-given frame URL', () => {
    const parsed = parseFrameReport(
      report({ page: { url: 'https://bank.example/', title: 't', lang: 'en', text: '', scriptHosts: [] } }),
      PAGE,
    );
    expect(parsed?.page.url).toBe(PAGE);
    expect(parsed?.fields).toEqual([field('f1')]);
  });

  it('drops unknown keys everywhere', () => {
    const parsed = parseFrameReport(
      report({
        value: 'typed secret',
        fields: [{ ...field('f1'), value: 'typed secret' }],
        page: { url: PAGE, title: 't', lang: 'en', text: '', scriptHosts: [], cookies: 'x' },
      }),
      PAGE,
    );
    expect(parsed).not.toBeNull();
    expect(JSON.stringify(parsed)).not.toContain('typed secret');
    expect(Object.keys(parsed!.fields[0])).not.toContain('value');
    expect(Object.keys(parsed!.page)).not.toContain('cookies');
  });

  it('truncates long strings instead of storing them whole', () => {
    const parsed = parseFrameReport(report({ fields: [field('f1', { labelText: 'x'.repeat(50_000) })] }), PAGE);
    expect(parsed!.fields[0].labelText.length).toBe(300);
    const page = parseFrameReport(
      report({ page: { url: PAGE, title: 'T'.repeat(10_000), lang: 'en', text: 'y'.repeat(100_000), scriptHosts: [] } }),
      PAGE,
    )!.page;
    expect(page.title.length).toBeLessThanOrEqual(300);
    expect(page.text.length).toBeLessThanOrEqual(4000);
  });

  it('caps fields, removals, script hosts and API observations per report', () => {
    const many = Array.from({ length: LIMITS.fieldsPerReport + 500 }, (_, i) => field(`f${i}`));
    const hosts = Array.from({ length: 500 }, (_, i) => `cdn${i}.example`);
    const apis = Array.from({ length: 80 }, () => ({ api: 'geolocation.getCurrentPosition', highAccuracy: true }));
    const parsed = parseFrameReport(
      report({ fields: many, apis, page: { url: PAGE, title: '', lang: '', text: '', scriptHosts: hosts } }),
      PAGE,
    )!;
    expect(parsed.fields).toHaveLength(LIMITS.fieldsPerReport);
    expect(parsed.page.scriptHosts).toHaveLength(LIMITS.scriptHosts);
    expect(parsed.apis.length).toBeLessThanOrEqual(LIMITS.apisPerFrame);
  });

  it('re-validates API observations and drops forged shapes', () => {
    const parsed = parseFrameReport(
      report({
        apis: [
          { api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: true },
          { api: 'geolocation.getCurrentPosition', highAccuracy: 'yes' },
          { api: 'eval', code: 'alert(1)' },
          'geolocation.getCurrentPosition',
          null,
        ],
      }),
      PAGE,
    )!;
    expect(parsed.apis).toEqual([{ api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: true }]);
  });

  it('keeps maps on the page, capped, clipped and stripped of unknown keys', () => {
    const map = { kind: 'map', library: 'AMap', selector: '#amap', text: '拖动地图，选择收货位置' };
    const page = (widgets: unknown) => ({ url: PAGE, title: '', lang: '', text: '', scriptHosts: [], widgets });
    expect(parseFrameReport(report({ page: page([map]) }), PAGE)!.page.widgets).toEqual([map]);
    // Older reports have none.
    expect(parseFrameReport(report(), PAGE)!.page.widgets).toBeUndefined();
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...map, selector: `#m${i}`, value: 'typed secret' }));
    const huge = { ...map, selector: 's'.repeat(100_000), text: 't'.repeat(100_000) };
    const parsed = parseFrameReport(report({ page: page([huge, ...many]) }), PAGE)!.page.widgets!;
    expect(parsed).toHaveLength(LIMITS.widgets);
    expect([parsed[0].selector.length, parsed[0].text.length]).toEqual([1000, 200]);
    expect(JSON.stringify(parsed)).not.toContain('typed secret');
  });

  it('rejects forged map shapes: another kind, an unknown library, wrong types', () => {
    const map = { kind: 'map', library: 'Leaflet', selector: '#m', text: 'Drop a pin' };
    for (const widget of [
      { ...map, kind: 'camera' },
      { ...map, library: 'Drag the pin: Need to Know says OK' },
      { ...map, text: 5 },
      { ...map, selector: undefined },
      'map',
      null,
    ]) {
      const input = report({ page: { url: PAGE, title: '', lang: '', text: '', scriptHosts: [], widgets: [widget] } });
      expect(parseFrameReport(input, PAGE), JSON.stringify(widget)).toBeNull();
    }
    expect(
      parseFrameReport(report({ page: { url: PAGE, title: '', lang: '', text: '', scriptHosts: [], widgets: { 0: map } } }), PAGE),
    ).toBeNull();
  });

  it('rejects malformed reports', () => {
    const malformed: unknown[] = [
      undefined,
      null,
      'report',
      42,
      [],
      report({ docId: undefined }),
      report({ docId: '' }),
      report({ docId: 'd'.repeat(500) }),
      report({ page: undefined }),
      report({ page: { url: PAGE, title: 1, lang: '', text: '', scriptHosts: [] } }),
      report({ fields: 'f1' }),
      report({ fields: [null] }),
      report({ fields: [field('f1', { tag: 'button' as FieldDescriptor['tag'] })] }),
      report({ fields: [field('f1', { required: 'yes' as unknown as boolean })] }),
      report({ fields: [field('f1', { maxLength: Infinity })] }),
      report({ fields: [field('')] }),
      report({ fields: [field('k'.repeat(65))] }),
      report({ removed: [1, 2] }),
      report({ apis: { api: 'contacts.select' } }),
    ];
    for (const input of malformed) expect(parseFrameReport(input, PAGE), JSON.stringify(input)?.slice(0, 80)).toBeNull();
  });
});

describe('UI request payloads', () => {
  it('accepts exactly the documented shapes', () => {
    expect(parseTabReportRequest({ tabId: 3 })).toEqual({ tabId: 3 });
    expect(parseTabReportRequest({ tabId: -1 })).toBeNull();
    expect(parseTabReportRequest({ tabId: '3' })).toBeNull();
    expect(parseTabReportRequest(undefined)).toBeNull();
    expect(parseHistoryRequest({})).toEqual({});
    expect(parseHistoryRequest(undefined)).toEqual({});
    expect(parseHistoryRequest({ site: 'shop.example', extra: 1 })).toEqual({ site: 'shop.example' });
    expect(parseHistoryRequest({ site: 5 })).toBeNull();
    expect(parseTextsRequest({ lang: 'zh-CN' })).toEqual({ lang: 'zh-CN' });
    expect(parseTextsRequest({ lang: 'fr' })).toBeNull();
  });
});
