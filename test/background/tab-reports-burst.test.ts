/**
 * The worker's cost per report slice: fields are classified once (not again for every later slice),
 * reports for a tab that arrive together are scored and saved once, and the badge does not wait for
 * IndexedDB.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createTabReports } from '../../src/background/tab-reports';
import { activeRuleset } from '../../src/background/active-ruleset';
import type { ContentSender } from '../../src/messaging/guards';
import type { FieldDescriptor, FrameReport } from '../../src/shared/model';
import { loadTab } from '../../src/store/tabs';
import * as classify from '../../src/engine/classify';
import * as tabs from '../../src/store/tabs';
import { freshDb } from '../store/fresh-db';

vi.mock('../../src/engine/classify', { spy: true });
vi.mock('../../src/store/tabs', { spy: true });

const TOP = 'https://shop.example/checkout';

function field(key: string, parts: Partial<FieldDescriptor> = {}): FieldDescriptor {
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

const report = (fields: FieldDescriptor[], docId = 'd1'): FrameReport => ({
  docId,
  page: { url: TOP, title: 'Checkout', lang: 'en', text: 'Your cart Place order Pay now', scriptHosts: [] },
  fields,
  removed: [],
  apis: [],
});

const from = (frameId = 0, frameUrl = TOP): ContentSender => ({ tabId: 4, frameId, frameUrl, tabUrl: TOP });

beforeEach(async () => {
  await freshDb();
  vi.mocked(classify.classifyField).mockClear();
  vi.mocked(tabs.saveTab).mockClear();
});

describe('report slices', () => {
  it('classifies each field once across slices of the same document, and again when it changes', async () => {
    const reports = createTabReports({ ruleset: () => activeRuleset() });
    const first = Array.from({ length: 5 }, (_, i) =>
      field(`a${i}`, { labelText: i ? `Note ${i}` : 'Date of birth', type: i ? 'text' : 'date' }),
    );
    const second = Array.from({ length: 3 }, (_, i) => field(`b${i}`, { labelText: 'Mobile phone', type: 'tel', name: `phone${i}` }));
    await reports.handleFrameReport(from(), report(first));
    expect(classify.classifyField).toHaveBeenCalledTimes(5);
    await reports.handleFrameReport(from(), report(second));
    expect(classify.classifyField).toHaveBeenCalledTimes(8);
    // A field the page reports again (changed) is a new descriptor: classified again, alone.
    const changed = field('a1', { labelText: 'Email address', type: 'email', autocomplete: 'email' });
    await reports.handleFrameReport(from(), report([changed]));
    expect(classify.classifyField).toHaveBeenCalledTimes(9);
    const categories = (await loadTab(4))!.report!.findings.map((f) => f.category).sort();
    expect(categories).toEqual(expect.arrayContaining(['birthdate', 'email', 'phone']));
  });

  it('scores and saves once for reports of several frames that arrive together, and answers each', async () => {
    const reports = createTabReports({ ruleset: () => activeRuleset() });
    const sub = 'https://pay.example/card';
    const [top, inner] = await Promise.all([
      reports.handleFrameReport(from(0), report([field('t1', { labelText: 'Date of birth', type: 'date', selector: '#dob' })])),
      reports.handleFrameReport(from(3, sub), report([field('s1', { labelText: 'Mobile phone', type: 'tel', selector: '#tel' })], 'd2')),
    ]);
    expect(tabs.saveTab).toHaveBeenCalledTimes(1);
    expect(top).toEqual({ t1: expect.objectContaining({ category: 'birthdate' }) });
    expect(inner).toEqual({ s1: expect.objectContaining({ category: 'phone' }) });
    expect(Object.keys((await loadTab(4))!.frames).sort()).toEqual(['0', '3']);
  });

  it('sets the badge before the tab state is written', async () => {
    const order: string[] = [];
    vi.mocked(tabs.saveTab).mockImplementationOnce(async (state) => {
      order.push('save');
      await vi.importActual<typeof tabs>('../../src/store/tabs').then((m) => m.saveTab(state));
    });
    const setBadgeText = fakeBrowser.action.setBadgeText.bind(fakeBrowser.action);
    vi.spyOn(fakeBrowser.action, 'setBadgeText').mockImplementation(async (details) => {
      order.push('badge');
      return setBadgeText(details);
    });
    const reports = createTabReports({ ruleset: () => activeRuleset() });
    await reports.handleFrameReport(from(), report([field('t1', { labelText: 'Date of birth', type: 'date' })]));
    expect(order).toEqual(['badge', 'save']);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).not.toBe('');
  });

  it('a request for the report right after a report waits for that report to be scored', async () => {
    const reports = createTabReports({ ruleset: () => activeRuleset() });
    const answer = reports.handleFrameReport(from(), report([field('t1', { labelText: 'Date of birth', type: 'date' })]));
    const page = await reports.reportForTab(4);
    expect(page?.findings.map((f) => f.category)).toEqual(['birthdate']);
    await answer;
  });
});
