import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '../../src/background/handlers';
import { createTabReports } from '../../src/background/tab-reports';
import { activeRuleset } from '../../src/background/active-ruleset';
import type { Sender } from '../../src/messaging/guards';
import { loadTab } from '../../src/store/tabs';
import { freshDb } from '../store/fresh-db';

const PAGE = 'https://shop.example/checkout';
const popupUrl = () => fakeBrowser.runtime.getURL('/popup.html');
const contentSender = (): Sender => ({ id: fakeBrowser.runtime.id, url: PAGE, frameId: 0, tab: { id: 6, url: PAGE } as Sender['tab'] });
const popupSender = (): Sender => ({
  id: fakeBrowser.runtime.id,
  url: `${popupUrl()}?tabId=6`,
  tab: { id: 11 } as Sender['tab'],
  frameId: 0,
});

const frameReport = {
  docId: 'doc-1',
  page: { url: 'https://spoofed.example/', title: 'Checkout', lang: 'en', text: 'Place order', scriptHosts: [] },
  fields: [
    {
      key: 'f1',
      tag: 'input',
      type: 'date',
      id: 'dob',
      name: 'dob',
      autocomplete: 'bday',
      placeholder: '',
      ariaLabel: '',
      labelText: 'Date of birth',
      nearbyText: '',
      optionsText: '',
      inputMode: '',
      maxLength: null,
      accept: '',
      capture: '',
      required: true,
      visible: true,
      selector: '#dob',
    },
  ],
  removed: [],
  apis: [],
};

function setup() {
  const tabReports = createTabReports({ ruleset: activeRuleset });
  return createHandlers({ tabReports, ruleset: activeRuleset });
}

beforeEach(freshDb);

describe('reportFrame', () => {
  it('accepts a content script report and stores it under the sender tab and URL', async () => {
    const handlers = setup();
    const verdicts = await handlers.reportFrame({ data: frameReport, sender: contentSender() });
    expect(verdicts).toBeTypeOf('object');
    const saved = await loadTab(6);
    expect(saved?.topUrl).toBe(PAGE);
    expect(saved?.frames[0].page.url).toBe(PAGE); // never the URL the payload claimed
  });

  it('ignores reports from a wrong sender or with a malformed payload, without throwing', async () => {
    const handlers = setup();
    const wrong: Sender[] = [
      { ...contentSender(), id: 'another-extension' },
      { ...contentSender(), tab: undefined },
      { ...contentSender(), frameId: undefined },
      { ...popupSender() },
      {},
    ];
    for (const sender of wrong) expect(await handlers.reportFrame({ data: frameReport, sender })).toBeUndefined();
    for (const data of [null, 'x', { ...frameReport, fields: 'nope' }, { ...frameReport, docId: 5 }]) {
      expect(await handlers.reportFrame({ data, sender: contentSender() })).toBeUndefined();
    }
    expect(await loadTab(6)).toBeNull();
  });
});

describe('reportFrame: scripts and maps', () => {
  const withPage = (page: Record<string, unknown>) => ({ ...frameReport, page: { ...frameReport.page, ...page } });

  it('scores a face SDK script and a map picker of the sender frame; history keeps no looked-up address', async () => {
    const handlers = setup();
    const map = { kind: 'map', library: 'AMap', selector: '#amap', text: '拖动地图，选择收货位置 当前位置：北京市朝阳区建国路88号' };
    await handlers.reportFrame({ data: withPage({ scriptHosts: ['faceid.qq.com'], widgets: [map] }), sender: contentSender() });
    const report = await handlers.getTabReport({ data: { tabId: 6 }, sender: popupSender() });
    const bySource = Object.fromEntries(report!.findings.map((f) => [f.source, f]));
    expect(bySource.script).toMatchObject({
      category: 'face',
      frameUrl: PAGE,
      evidence: '<script src> Tencent Cloud FaceID (faceid.qq.com)',
    });
    expect(bySource.widget).toMatchObject({
      category: 'precise_location',
      frameUrl: PAGE,
      evidence: 'map (AMap) "拖动地图"',
      element: { selector: '#amap' },
    });
    const history = await handlers.getHistory({ data: {}, sender: popupSender() });
    expect(history?.[0].categories).toEqual(expect.arrayContaining(['face', 'precise_location']));
    expect(JSON.stringify(history)).not.toContain('建国路');
  });

  it('drops a report whose map is forged (unknown library or kind) whole, like any malformed report', async () => {
    const handlers = setup();
    for (const widget of [
      { kind: 'map', library: 'Evil', selector: '#x', text: 'Drag the pin' },
      { kind: 'camera', library: 'map', selector: '#x', text: '' },
    ]) {
      expect(await handlers.reportFrame({ data: withPage({ widgets: [widget] }), sender: contentSender() })).toBeUndefined();
    }
    expect(await loadTab(6)).toBeNull();
  });
});

describe('UI messages', () => {
  it('answer our own pages, even when the popup is open in a tab', async () => {
    const handlers = setup();
    await handlers.reportFrame({ data: frameReport, sender: contentSender() });
    const report = await handlers.getTabReport({ data: { tabId: 6 }, sender: popupSender() });
    expect(report?.url).toBe(PAGE);
    expect(await handlers.getTabReport({ data: { tabId: 99 }, sender: popupSender() })).toBeNull();
    const history = await handlers.getHistory({ data: {}, sender: popupSender() });
    expect(history?.map((e) => e.url)).toEqual(report!.findings.length ? [PAGE] : []);
    const texts = await handlers.getRulesetTexts({ data: { lang: 'zh-CN' }, sender: popupSender() });
    expect(texts?.categories.birthdate.name).toMatch(/[\u4e00-\u9fff]/);
    const english = await handlers.getRulesetTexts({ data: { lang: 'en' }, sender: popupSender() });
    expect(english?.categories.birthdate.name).not.toBe(texts?.categories.birthdate.name);
  });

  it('ignore content scripts (a page must not read other tabs) and malformed requests', async () => {
    const handlers = setup();
    await handlers.reportFrame({ data: frameReport, sender: contentSender() });
    expect(await handlers.getTabReport({ data: { tabId: 6 }, sender: contentSender() })).toBeUndefined();
    expect(await handlers.getHistory({ data: {}, sender: contentSender() })).toBeUndefined();
    expect(await handlers.getRulesetTexts({ data: { lang: 'en' }, sender: contentSender() })).toBeUndefined();
    expect(await handlers.getTabReport({ data: { tabId: 'six' }, sender: popupSender() })).toBeUndefined();
    expect(await handlers.getRulesetTexts({ data: { lang: 'de' }, sender: popupSender() })).toBeUndefined();
  });
});
