import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '../../src/background/handlers';
import { createTabReports } from '../../src/background/tab-reports';
import type { Sender } from '../../src/messaging/guards';
import { getSettings } from '../../src/store/settings';
import { freshDb } from '../store/fresh-db';
import { addInPageNotes } from '../../src/background/note-texts';
import { applyFrameReport, frameObservations, verdictsForFrame } from '../../src/background/frame-merge';
import type { ContentSender } from '../../src/messaging/guards';
import type { FrameReport } from '../../src/shared/model';
import { bundledRuleset } from '../../src/engine/rules/builtin';
import { scorePage } from '../../src/engine/score/score';
import type { TabState } from '../../src/store/db';
import { LOCALE_STRINGS } from '../../src/shared/strings';
import { foodDeliveryEn, shopCheckoutEn, vendingPayZh } from '../engine/score/observations';

const rs = bundledRuleset();

/** The tab state the background would hold for hand-built demo observations, scored. */
function stateFor(
  build: () => ReturnType<typeof shopCheckoutEn>,
  tweak?: (r: FrameReport) => void,
): { state: TabState; verdicts: ReturnType<typeof verdictsForFrame> } {
  const obs = build();
  const frame = obs.frames[0];
  const from: ContentSender = { tabId: 1, frameId: 0, frameUrl: frame.frameUrl, tabUrl: frame.frameUrl };
  const report: FrameReport = { docId: 'd1', page: frame.page, fields: frame.fields, removed: [], apis: frame.apis };
  tweak?.(report);
  const state = applyFrameReport(null, from, report, 1);
  state.report = scorePage({ url: state.topUrl, frames: frameObservations(state) }, rs, 1);
  return { state, verdicts: verdictsForFrame(state, 0) };
}

describe('addInPageNotes', () => {
  it('shop checkout: notes on birth date and gender only, "not needed" because they are required', () => {
    const { state, verdicts } = stateFor(shopCheckoutEn);
    const out = addInPageNotes(verdicts, state, 0, rs, 'en');
    const noted = Object.entries(out)
      .filter(([, v]) => v.inPage)
      .map(([, v]) => v.category)
      .sort();
    expect(noted).toEqual(['birthdate', 'gender']);
    const birth = Object.values(out).find((v) => v.category === 'birthdate')!;
    expect(birth.inPage).toEqual({
      text: "Not needed by this kind of service (Online shop): it doesn't need your date of birth.",
      short: 'Not needed',
      dismiss: 'Dismiss',
      hideOnSite: "Don't show on this site",
    });
    // Phone and address are needed: a verdict, but no note (a note must never be a false alarm).
    for (const v of Object.values(out)) if (v.necessity !== 'unnecessary') expect(v.inPage).toBeUndefined();
    expect(Object.keys(out).some((k) => k.startsWith('api:'))).toBe(false);
    // The verdicts the caller passed in are not changed.
    expect(Object.values(verdicts).some((v) => v.inPage)).toBe(false);
  });

  it('says "Optional" only for a field the user may leave empty', () => {
    const { state, verdicts } = stateFor(shopCheckoutEn, (r) => {
      for (const f of r.fields) if (f.id === 'dob') f.required = false;
    });
    const out = addInPageNotes(verdicts, state, 0, rs, 'en');
    const birth = Object.values(out).find((v) => v.category === 'birthdate')!;
    expect(birth.inPage?.text).toBe("Optional — this service (Online shop) doesn't need your date of birth.");
    expect(birth.inPage?.short).toBe(LOCALE_STRINGS.en.optional);
  });

  it('food delivery: a location banner that mentions typing the address, since the page asks for it', () => {
    const { state, verdicts } = stateFor(foodDeliveryEn);
    const out = addInPageNotes(verdicts, state, 0, rs, 'en');
    expect(out['api:precise_location'].inPage?.text).toBe(
      "This page asked for your precise location (GPS). This service (Food delivery) does not need it: you can deny the browser's prompt and type your address instead.",
    );
  });

  it('a map-pin picker the service does not need gets a banner of its own; with a GPS call too, one banner', () => {
    const mapPin = { kind: 'map' as const, library: 'map' as const, selector: '#map', text: 'Drag the pin to your door' };
    const pinOnly = stateFor(foodDeliveryEn, (r) => ((r.page = { ...r.page, widgets: [mapPin] }), (r.apis = [])));
    expect(addInPageNotes(pinOnly.verdicts, pinOnly.state, 0, rs, 'en')['api:precise_location'].inPage?.text).toBe(
      'This page asks you to mark your exact location with a pin on a map. This service (Food delivery) does not need it: you can leave the pin where it is and type your address instead.',
    );
    expect(addInPageNotes(pinOnly.verdicts, pinOnly.state, 0, rs, 'zh-CN')['api:precise_location'].inPage?.text).toContain(
      '不动图钉，改为手动填写地址',
    );
    const both = stateFor(foodDeliveryEn, (r) => (r.page = { ...r.page, widgets: [mapPin] }));
    const out = addInPageNotes(both.verdicts, both.state, 0, rs, 'en');
    expect(Object.keys(out).filter((k) => k.startsWith('api:'))).toEqual(['api:precise_location']);
    expect(out['api:precise_location'].inPage?.text).toMatch(/^This page asked for your precise location \(GPS\)/);
  });

  it('a face-verification script alone gets no banner: it has not asked for anything yet', () => {
    const { state, verdicts } = stateFor(shopCheckoutEn, (r) => (r.page = { ...r.page, scriptHosts: ['faceid.qq.com'] }));
    expect(state.report!.findings.some((f) => f.source === 'script' && f.category === 'face')).toBe(true);
    expect(Object.keys(addInPageNotes(verdicts, state, 0, rs, 'en')).some((k) => k.startsWith('api:'))).toBe(false);
  });

  it('vending (zh): a face banner and notes in Chinese', () => {
    const { state, verdicts } = stateFor(vendingPayZh);
    const out = addInPageNotes(verdicts, state, 0, rs, 'zh-CN');
    expect(out['api:face'].inPage?.text).toContain('自助售货机');
    expect(out['api:face'].inPage?.dismiss).toBe('知道了');
    const notes = Object.values(out).filter((v) => v.inPage && v.category !== 'face');
    expect(notes.map((v) => v.category).sort()).toEqual(['birthdate', 'gender', 'phone']);
    expect(notes.find((v) => v.category === 'phone')!.inPage!.text).toBe('此类服务（自助售货机）不需要你的手机号码。');
  });

  it('another frame gets nothing of this one', () => {
    const { state, verdicts } = stateFor(foodDeliveryEn);
    expect(addInPageNotes(verdicts, state, 7, rs, 'en')).toBe(verdicts);
  });
});

describe('the reportFrame reply and "don\'t show on this site"', () => {
  const PAGE = 'https://www.shop.example.co.uk/checkout';
  const content = (): Sender => ({ id: fakeBrowser.runtime.id, url: PAGE, frameId: 0, tab: { id: 4, url: PAGE } as Sender['tab'] });
  const obs = shopCheckoutEn();
  const data = { docId: 'd1', page: obs.frames[0].page, fields: obs.frames[0].fields, removed: [], apis: [] };

  beforeEach(freshDb);

  it('carries notes until the user hides them on the site; only our content script can hide them', async () => {
    const handlers = createHandlers({ tabReports: createTabReports({ ruleset: () => rs }), ruleset: () => rs });
    const withNotes = await handlers.reportFrame({ data, sender: content() });
    expect(Object.values(withNotes!).filter((v) => v.inPage)).toHaveLength(2);

    const popup: Sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html'), frameId: 0 };
    expect(await handlers.hideNotesOnSite({ data: {}, sender: popup })).toBeUndefined();
    expect(await handlers.hideNotesOnSite({ data: {}, sender: { ...content(), id: 'another-extension' } })).toBeUndefined();
    expect((await getSettings()).sites).toEqual({});

    expect(await handlers.hideNotesOnSite({ data: { site: 'victim.example' }, sender: content() })).toBe(true);
    // Keyed by the site the browser says the tab shows, never by anything in the payload.
    expect((await getSettings()).sites).toEqual({ 'example.co.uk': { hideNotes: true } });
    const without = await handlers.reportFrame({ data, sender: content() });
    expect(Object.keys(without!).length).toBeGreaterThan(0);
    expect(Object.values(without!).some((v) => v.inPage)).toBe(false);
  });
});
