import { describe, expect, it } from 'vitest';
import { applyFrameReport, frameObservations, verdictsForFrame } from '../../src/background/frame-merge';
import { LIMITS, type ContentSender } from '../../src/messaging/guards';
import type { FieldDescriptor, FrameReport, PageReport } from '../../src/shared/model';
import type { TabState } from '../../src/store/db';

const TOP = 'https://shop.example/checkout';
const IFRAME = 'https://pay.example/card';

const top: ContentSender = { tabId: 3, frameId: 0, frameUrl: TOP, tabUrl: TOP };
const sub: ContentSender = { tabId: 3, frameId: 5, frameUrl: IFRAME, tabUrl: TOP };

function field(key: string, selector = `#${key}`): FieldDescriptor {
  return {
    key,
    tag: 'input',
    type: 'text',
    id: key,
    name: key,
    autocomplete: '',
    placeholder: '',
    ariaLabel: '',
    labelText: key,
    nearbyText: '',
    optionsText: '',
    inputMode: '',
    maxLength: null,
    accept: '',
    capture: '',
    required: false,
    visible: true,
    selector,
  };
}

function report(docId: string, url: string, parts: Partial<FrameReport> = {}): FrameReport {
  return { docId, page: { url, title: '', lang: 'en', text: '', scriptHosts: [] }, fields: [], removed: [], apis: [], ...parts };
}

const keys = (state: TabState, frameId: number) => state.frames[frameId].fields.map((f) => f.key);

describe('applyFrameReport', () => {
  it('adds fields, applies removals and replaces updated fields by key', () => {
    let s = applyFrameReport(null, top, report('d1', TOP, { fields: [field('f1'), field('f2'), field('f3')] }), 1);
    expect(s.topUrl).toBe(TOP);
    s = applyFrameReport(s, top, report('d1', TOP, { fields: [{ ...field('f2'), labelText: 'Phone' }, field('f4')], removed: ['f1'] }), 2);
    expect(keys(s, 0)).toEqual(['f2', 'f3', 'f4']);
    expect(s.frames[0].fields[0].labelText).toBe('Phone');
    expect(s.updatedAt).toBe(2);
  });

  it('drops the whole tab when the top frame reports a new document', () => {
    let s = applyFrameReport(null, top, report('d1', TOP, { fields: [field('f1')] }), 1);
    s = applyFrameReport(s, sub, report('s1', IFRAME, { fields: [field('f1')] }), 2);
    const next = applyFrameReport(s, { ...top, frameUrl: 'https://shop.example/thanks' }, report('d2', 'https://shop.example/thanks'), 3);
    expect(Object.keys(next.frames)).toEqual(['0']);
    expect(next.frames[0].fields).toEqual([]);
    expect(next.topUrl).toBe('https://shop.example/thanks');
  });

  it('drops only that frame when a subframe reports a new document', () => {
    let s = applyFrameReport(null, top, report('d1', TOP, { fields: [field('f1')] }), 1);
    s = applyFrameReport(s, sub, report('s1', IFRAME, { fields: [field('f1'), field('f2')] }), 2);
    s = applyFrameReport(s, sub, report('s2', IFRAME, { fields: [field('f9')] }), 3);
    expect(keys(s, 0)).toEqual(['f1']);
    expect(keys(s, 5)).toEqual(['f9']);
  });

  it('does not touch the previous state object (the cache stays valid if saving fails)', () => {
    const first = applyFrameReport(null, top, report('d1', TOP, { fields: [field('f1')] }), 1);
    const snapshot = structuredClone(first);
    applyFrameReport(first, top, report('d1', TOP, { fields: [field('f2')], removed: ['f1'] }), 2);
    expect(first).toEqual(snapshot);
  });

  it('deduplicates API observations and caps them per frame', () => {
    const geo = { api: 'geolocation.getCurrentPosition', highAccuracy: true } as const;
    let s = applyFrameReport(
      null,
      top,
      report('d1', TOP, { apis: [geo, { highAccuracy: true, api: 'geolocation.getCurrentPosition' }] }),
      1,
    );
    s = applyFrameReport(s, top, report('d1', TOP, { apis: [geo, { api: 'geolocation.watchPosition', highAccuracy: false }] }), 2);
    expect(s.frames[0].apis).toEqual([geo, { api: 'geolocation.watchPosition', highAccuracy: false }]);
    for (let i = 0; i < 30; i++) {
      const apis = Array.from({ length: 5 }, (_, j) => ({ api: 'permissions.query' as const, name: `p${i}-${j}` }));
      s = applyFrameReport(s, top, report('d1', TOP, { apis }), 3 + i);
    }
    expect(s.frames[0].apis).toHaveLength(LIMITS.apisPerFrame);
  });

  it(`keeps at most ${LIMITS.fieldsPerFrame} fields per frame`, () => {
    let s: TabState | null = null;
    for (let batch = 0; batch < 4; batch++) {
      const fields = Array.from({ length: 3000 }, (_, i) => field(`f${batch * 3000 + i}`));
      s = applyFrameReport(s, top, report('d1', TOP, { fields }), batch);
    }
    expect(s!.frames[0].fields).toHaveLength(LIMITS.fieldsPerFrame);
    // Known keys still update past the cap.
    s = applyFrameReport(s, top, report('d1', TOP, { fields: [{ ...field('f0'), labelText: 'changed' }] }), 9);
    expect(s.frames[0].fields.find((f) => f.key === 'f0')?.labelText).toBe('changed');
  });

  it('uses the tab URL as the top URL until the top frame reports', () => {
    const s = applyFrameReport(null, sub, report('s1', IFRAME), 1);
    expect(s.topUrl).toBe(TOP);
  });
});

describe('frameObservations', () => {
  it('orders frames top first, then by frame id', () => {
    let s = applyFrameReport(null, { ...sub, frameId: 12, frameUrl: 'https://a.example/' }, report('a', 'https://a.example/'), 1);
    s = applyFrameReport(s, sub, report('b', IFRAME), 2);
    s = applyFrameReport(s, top, report('c', TOP), 3);
    expect(frameObservations(s).map((f) => f.frameUrl)).toEqual([TOP, IFRAME, 'https://a.example/']);
  });
});

describe('verdictsForFrame', () => {
  it('answers by field key for the fields of that frame that are findings', () => {
    let s = applyFrameReport(null, top, report('d1', TOP, { fields: [field('f1', '#dob'), field('f2', '#coupon')] }), 1);
    s = applyFrameReport(s, sub, report('s1', IFRAME, { fields: [field('f1', '#dob')] }), 2);
    const finding = (frameUrl: string, selector: string, necessity: 'unnecessary' | 'necessary') => ({
      category: 'birthdate',
      source: 'field' as const,
      required: true,
      necessity,
      ruleId: 'birthdate.label',
      evidence: 'Date of birth',
      api: null,
      frameUrl,
      element: { tag: 'input', type: 'text', id: 'dob', name: 'dob', autocomplete: '', selector },
      tier: 2,
      penalty: 12,
    });
    const pageReport: PageReport = {
      url: TOP,
      grade: 'C',
      score: 70,
      pageKind: 'checkout',
      serviceKind: 'shop',
      ruleset: 'x@1',
      updatedAt: 2,
      findings: [finding(TOP, '#dob', 'unnecessary'), finding(IFRAME, '#dob', 'necessary')],
    };
    s = { ...s, report: pageReport };
    expect(verdictsForFrame(s, 0)).toEqual({ f1: { category: 'birthdate', necessity: 'unnecessary' } });
    expect(verdictsForFrame(s, 5)).toEqual({ f1: { category: 'birthdate', necessity: 'necessary' } });
    expect(verdictsForFrame(s, 99)).toEqual({});
  });
});
