import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createTabReports } from '../../src/background/tab-reports';
import { createDebugHook } from '../../src/background/debug';
import { activeRuleset } from '../../src/background/active-ruleset';
import type { ContentSender } from '../../src/messaging/guards';
import type { FieldDescriptor, FrameReport } from '../../src/shared/model';
import { listHistory } from '../../src/store/history';
import { loadTab } from '../../src/store/tabs';
import { freshDb } from '../store/fresh-db';

const TOP = 'https://shop.example/checkout?email=canary-7f3a91%40example.com';

function field(key: string, parts: Partial<FieldDescriptor>): FieldDescriptor {
  return {
    key,
    tag: 'input',
    type: 'text',
    id: '',
    name: '',
    autocomplete: '',
    placeholder: '',
    ariaLabel: '',
    labelText: '',
    nearbyText: '',
    optionsText: '',
    inputMode: '',
    maxLength: null,
    accept: '',
    capture: '',
    required: true,
    visible: true,
    selector: `#${key}`,
    ...parts,
  };
}

const phone = field('f1', { type: 'tel', name: 'phone', autocomplete: 'tel', labelText: 'Mobile phone', selector: '#phone' });
const birth = field('f2', { type: 'date', name: 'dob', autocomplete: 'bday', labelText: 'Date of birth', selector: '#dob' });
const street = field('f3', { name: 'street', autocomplete: 'street-address', labelText: 'Street address', selector: '#street' });

function frameReport(docId: string, fields: FieldDescriptor[], extra: Partial<FrameReport> = {}): FrameReport {
  return {
    docId,
    page: {
      url: TOP,
      title: 'Checkout – Example Shop',
      lang: 'en',
      text: 'Your cart Place order Pay now Canary page text',
      scriptHosts: [],
    },
    fields,
    removed: [],
    apis: [],
    ...extra,
  };
}

const from = (frameId = 0, tabId = 4, frameUrl = TOP): ContentSender => ({ tabId, frameId, frameUrl, tabUrl: TOP });

beforeEach(freshDb);

describe('handleFrameReport', () => {
  it('scores the page, saves it, sets the badge, records history and answers with verdicts', async () => {
    const reports = createTabReports({ ruleset: activeRuleset, now: () => 1000 });
    const verdicts = await reports.handleFrameReport(from(), frameReport('d1', [phone, birth, street]));

    const saved = await loadTab(4);
    expect(saved?.report).not.toBeNull();
    const report = saved!.report!;
    expect(report.url).toBe(TOP);
    expect(report.findings.map((f) => f.category)).toContain('birthdate');

    // Verdicts: keyed by the field keys the content script knows, for fields that are findings.
    expect(verdicts.f2).toEqual({ category: 'birthdate', necessity: expect.any(String) });
    const dob = report.findings.find((f) => f.element?.selector === '#dob')!;
    expect(verdicts.f2.necessity).toBe(dob.necessity);
    for (const key of Object.keys(verdicts)) expect(['f1', 'f2', 'f3']).toContain(key);

    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe(report.grade === 'not-rated' ? '' : report.grade);

    const history = await listHistory();
    expect(history).toHaveLength(1);
    expect(history[0].categories).toEqual([...new Set(report.findings.map((f) => f.category))]);
    // Never a value, never the query string, never page text.
    const dump = JSON.stringify(history);
    expect(dump).not.toContain('canary');
    expect(dump).not.toContain('Canary page text');
  });

  it('drops removed fields and rescoring follows', async () => {
    const reports = createTabReports({ ruleset: activeRuleset });
    await reports.handleFrameReport(from(), frameReport('d1', [phone, birth]));
    const verdicts = await reports.handleFrameReport(from(), frameReport('d1', [], { removed: ['f2'] }));
    const report = (await reports.reportForTab(4))!;
    expect(report.findings.some((f) => f.category === 'birthdate')).toBe(false);
    expect(verdicts.f2).toBeUndefined();
  });

  it('starts over when the top frame reports a new document', async () => {
    const reports = createTabReports({ ruleset: activeRuleset });
    await reports.handleFrameReport(from(), frameReport('d1', [phone, birth]));
    await reports.handleFrameReport(from(), frameReport('d2', []));
    const report = (await reports.reportForTab(4))!;
    expect(report.findings).toEqual([]);
    expect(report.grade).toBe('not-rated');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('');
  });

  it('loses no writes when many frames of one tab report at once', async () => {
    const reports = createTabReports({ ruleset: activeRuleset });
    const frames = Array.from({ length: 12 }, (_, i) => i);
    await Promise.all(
      frames.map((frameId) =>
        reports.handleFrameReport(
          from(frameId, 4, frameId === 0 ? TOP : `https://frame${frameId}.example/`),
          frameReport(`doc${frameId}`, [{ ...birth, key: `k${frameId}`, selector: `#dob${frameId}` }]),
        ),
      ),
    );
    const saved = await loadTab(4);
    expect(
      Object.keys(saved!.frames)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(frames);
    expect(saved!.report!.findings.filter((f) => f.category === 'birthdate')).toHaveLength(frames.length);
  });

  it('keeps tabs apart', async () => {
    const reports = createTabReports({ ruleset: activeRuleset });
    await Promise.all([
      reports.handleFrameReport(from(0, 1), frameReport('a', [birth])),
      reports.handleFrameReport(from(0, 2), frameReport('b', [])),
    ]);
    expect((await reports.reportForTab(1))!.findings.length).toBeGreaterThan(0);
    expect((await reports.reportForTab(2))!.findings).toEqual([]);
    expect(await reports.reportForTab(3)).toBeNull();
  });
});

describe('tab lifecycle', () => {
  it('forgets a closed tab', async () => {
    const reports = createTabReports({ ruleset: activeRuleset });
    await reports.handleFrameReport(from(), frameReport('d1', [birth]));
    await reports.forget(4);
    expect(await loadTab(4)).toBeNull();
    expect(await reports.reportForTab(4)).toBeNull();
  });

  it('forgets tabs from before a browser restart, but keeps those that reported since', async () => {
    let time = 100;
    const reports = createTabReports({ ruleset: activeRuleset, now: () => time });
    await reports.handleFrameReport(from(0, 1), frameReport('old', [birth]));
    time = 200;
    await reports.handleFrameReport(from(0, 2), frameReport('new', [birth]));
    await reports.forgetOlderThan(150);
    expect(await loadTab(1)).toBeNull();
    expect(await reports.reportForTab(1)).toBeNull();
    expect(await loadTab(2)).not.toBeNull();
  });

  it('drops the report when the tab moves to another origin, but not on same-origin URL changes', async () => {
    const reports = createTabReports({ ruleset: activeRuleset });
    await reports.handleFrameReport(from(), frameReport('d1', [birth]));
    await reports.urlChanged(4, 'https://shop.example/checkout#step-2');
    expect(await reports.reportForTab(4)).not.toBeNull();
    await reports.urlChanged(4, 'https://chromewebstore.google.com/');
    expect(await reports.reportForTab(4)).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('');
  });
});

describe('after a service-worker restart', () => {
  it('reports and the debug hook read the same state from the database', async () => {
    const before = createTabReports({ ruleset: activeRuleset });
    await before.handleFrameReport(from(), frameReport('d1', [phone, birth, street]));
    const expected = await before.reportForTab(4);

    // A new worker: fresh modules, fresh cache, a new DB connection to the same IndexedDB.
    vi.resetModules();
    const db = await import('../../src/store/db');
    const { createTabReports: recreate } = await import('../../src/background/tab-reports');
    const { createDebugHook: recreateHook } = await import('../../src/background/debug');
    const { activeRuleset: ruleset } = await import('../../src/background/active-ruleset');
    const after = recreate({ ruleset });
    expect(await after.reportForTab(4)).toEqual(expected);

    const hook = recreateHook(after);
    expect(await hook.tabIdForUrl(TOP)).toBe(4);
    expect(await hook.tabIdForUrl('https://elsewhere.example/')).toBeNull();
    expect(await hook.reportForUrl(TOP)).toEqual(expected);
    expect(await hook.reportForTab(4)).toEqual(expected);

    // It keeps merging onto the stored state rather than starting from nothing.
    await after.handleFrameReport(from(), frameReport('d1', [], { removed: ['f2'] }));
    expect((await after.reportForTab(4))!.findings.some((f) => f.category === 'birthdate')).toBe(false);
    expect((await after.reportForTab(4))!.findings.length).toBeGreaterThan(0);
    await db.closeDb();
  });

  it('tabIdForUrl picks the most recently updated tab at that URL', async () => {
    let time = 1;
    const reports = createTabReports({ ruleset: activeRuleset, now: () => time++ });
    await reports.handleFrameReport(from(0, 8), frameReport('a', [birth]));
    await reports.handleFrameReport(from(0, 9), frameReport('b', [birth]));
    expect(await createDebugHook(reports).tabIdForUrl(TOP)).toBe(9);
    await reports.handleFrameReport(from(0, 8), frameReport('a', [phone]));
    expect(await createDebugHook(reports).tabIdForUrl(TOP)).toBe(8);
  });
});
