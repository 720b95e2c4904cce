import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { locationPolicyFor } from '../../src/background/location';
import { createTabReports } from '../../src/background/tab-reports';
import { activeRuleset } from '../../src/background/active-ruleset';
import { checkLocationSender, parseFrameReport, parseLocationGiven, type ContentSender, type Sender } from '../../src/messaging/guards';
import type { ApiObservation, FrameReport } from '../../src/shared/model';
import { updateSiteSettings } from '../../src/store/settings';
import { gridFor } from '../../src/store/location-grids';
import { freshDb } from '../store/fresh-db';

const TOP = 'https://www.shop.example.co.uk/checkout';
const from = (over: Partial<ContentSender> = {}): ContentSender => ({ tabId: 3, frameId: 0, frameUrl: TOP, tabUrl: TOP, ...over });
const report = (docId: string, extra: Partial<FrameReport> = {}): FrameReport => ({
  docId,
  page: { url: TOP, title: 'Checkout', lang: 'en', text: 'Place order', scriptHosts: [] },
  fields: [],
  removed: [],
  apis: [],
  ...extra,
});

beforeEach(freshDb);

describe('locationPolicyFor', () => {
  it('is precise by default and writes nothing', async () => {
    expect(await locationPolicyFor(from())).toEqual({ mode: 'precise', gridMetres: 0, offset: { north: 0, east: 0 } });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('follows the tab site’s choice (keyed by registrable domain), even for a subframe of another site', async () => {
    await updateSiteSettings('example.co.uk', { location: 'block' });
    expect((await locationPolicyFor(from()))?.mode).toBe('block');
    expect((await locationPolicyFor(from({ frameId: 2, frameUrl: 'https://maps.example/embed' })))?.mode).toBe('block');
    expect((await locationPolicyFor(from({ tabUrl: 'https://other.example/', frameUrl: 'https://other.example/' })))?.mode).toBe('precise');
  });

  it('approximate: a random grid offset per site, made once and then stable; the grid size is configurable and clamped', async () => {
    await updateSiteSettings('example.co.uk', { location: 'approximate' });
    await updateSiteSettings('127.0.0.1', { location: 'approximate' });
    const [a, b] = await Promise.all([locationPolicyFor(from()), locationPolicyFor(from())]);
    expect(a).toEqual(b); // two first requests at once still agree
    expect(a).toMatchObject({ mode: 'approximate', gridMetres: 1000 });
    expect(a!.offset.north).toBeGreaterThanOrEqual(0);
    expect(a!.offset.north).toBeLessThan(1);
    const ip = await locationPolicyFor(from({ tabUrl: 'http://127.0.0.1:8080/x', frameUrl: 'http://127.0.0.1:8080/x' }));
    expect(ip!.offset).not.toEqual(a!.offset);
    // A stored size out of range (an older version, a hand-edited profile) is clamped when read.
    const stored = (await fakeBrowser.storage.local.get('locationGrids')).locationGrids as object;
    await fakeBrowser.storage.local.set({ locationGrids: { ...stored, metres: 5000 } });
    expect((await gridFor('example.co.uk')).metres).toBe(2000);
    expect((await gridFor('example.co.uk')).offset).toEqual(a!.offset);
  });
});

describe('parseLocationGiven', () => {
  it('accepts coordinates only for approximate, cut to 3 decimals; a precise position is refused', () => {
    expect(parseLocationGiven({ docId: 'd', mode: 'approximate', latitude: 31.23456, longitude: 121.47654, accuracy: 1000 })).toEqual({
      docId: 'd',
      mode: 'approximate',
      latitude: 31.235,
      longitude: 121.477,
      accuracy: 1000,
    });
    expect(parseLocationGiven({ docId: 'd', mode: 'precise' })).toEqual({ docId: 'd', mode: 'precise' });
    expect(parseLocationGiven({ docId: 'd', mode: 'precise', latitude: 31.2304, longitude: 121.4737 })).toBeNull();
    expect(parseLocationGiven({ docId: 'd', mode: 'approximate', latitude: 91, longitude: 0, accuracy: 1 })).toBeNull();
    expect(parseLocationGiven({ mode: 'block' })).toBeNull();
  });
});

describe('parseFrameReport: network.send', () => {
  const sent = (receiver: string): ApiObservation => ({ api: 'network.send', category: 'email', receiver, via: 'fetch', encoding: 'raw' });
  it('keeps only the receiving site, and drops sends to the frame’s own site', () => {
    const parsed = parseFrameReport(
      report('d', { apis: [sent('cdn.shop.example.co.uk'), sent('px.tracker.example:8443'), sent('127.0.0.1:9000')] }),
      TOP,
    );
    expect(parsed?.apis).toEqual([sent('tracker.example'), sent('127.0.0.1:9000')]);
    const fromIp = parseFrameReport(report('d', { apis: [sent('127.0.0.1:9000'), sent('127.0.0.1:9001')] }), 'http://127.0.0.1:9000/a');
    expect(fromIp?.apis).toEqual([sent('127.0.0.1:9001')]);
  });
});

describe('what was given, per tab', () => {
  it('is shown with the report, survives new reports of the same page, and goes when the tab navigates', async () => {
    const tabs = createTabReports({ ruleset: activeRuleset });
    await tabs.recordLocationGiven(from(), { docId: 'doc1', mode: 'approximate', latitude: 31.232, longitude: 121.476, accuracy: 1000 });
    expect(await tabs.reportForTab(3)).toBeNull(); // nothing to show before the page reported
    await tabs.handleFrameReport(from(), report('doc1'));
    // The settings key for the popup's location choice, computed here (the popup has no public-suffix list).
    expect((await tabs.reportForTab(3))?.site).toBe('example.co.uk');
    expect((await tabs.reportForTab(3))?.locationGiven).toEqual({
      mode: 'approximate',
      latitude: 31.232,
      longitude: 121.476,
      accuracy: 1000,
    });
    await tabs.handleFrameReport(from({ frameId: 1, frameUrl: 'https://maps.example/' }), report('sub1'));
    expect((await tabs.reportForTab(3))?.locationGiven?.mode).toBe('approximate');
    await tabs.handleFrameReport(from(), report('doc2'));
    expect((await tabs.reportForTab(3))?.locationGiven).toBeUndefined();
  });

  it('a page given a position before its first report keeps it when that report arrives', async () => {
    const tabs = createTabReports({ ruleset: activeRuleset });
    await tabs.handleFrameReport(from(), report('old'));
    await tabs.recordLocationGiven(from(), { docId: 'new', mode: 'block' });
    await tabs.handleFrameReport(from(), report('new'));
    expect((await tabs.reportForTab(3))?.locationGiven).toEqual({ mode: 'block' });
  });
});

describe('checkLocationSender', () => {
  const tab = { id: 3, url: TOP } as Sender['tab'];
  const own = fakeBrowser.runtime.id;
  it('accepts our content scripts in web frames, and in about:blank/srcdoc/blob frames as the tab’s page', () => {
    expect(checkLocationSender({ id: own, url: TOP, frameId: 0, tab })).toEqual(from());
    for (const url of ['about:blank', 'about:srcdoc', 'blob:https://www.shop.example.co.uk/1234']) {
      expect(checkLocationSender({ id: own, url, frameId: 4, tab })).toEqual(from({ frameId: 4 }));
    }
  });
  it('refuses other extensions, non-tab senders, other local URLs, and tabs without a web URL', () => {
    expect(checkLocationSender({ id: 'other', url: 'about:blank', frameId: 4, tab })).toBeNull();
    expect(checkLocationSender({ id: own, url: 'about:blank', frameId: 4 })).toBeNull();
    expect(checkLocationSender({ id: own, url: 'data:text/html,x', frameId: 4, tab })).toBeNull();
    expect(
      checkLocationSender({ id: own, url: 'about:blank', frameId: 4, tab: { id: 3, url: 'chrome://newtab/' } as Sender['tab'] }),
    ).toBeNull();
  });
});
