import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '../../src/background/handlers';
import { createTabReports } from '../../src/background/tab-reports';
import { currentRuleset, invalidateActiveRuleset } from '../../src/background/active-ruleset';
import { correctionsWatcher, createCorrections } from '../../src/background/corrections';
import { enabledRulesets } from '../../src/background/stored-rulesets';
import type { Sender } from '../../src/messaging/guards';
import { parseRuleset } from '../../src/engine/rules/validate';
import { bundledRuleset } from '../../src/engine/rules/builtin';
import { mergeRulesets } from '../../src/engine/rules/merge';
import { scorePage } from '../../src/engine/score/score';
import { getSettings } from '../../src/store/settings';
import { loadTab } from '../../src/store/tabs';
import { freshDb } from '../store/fresh-db';

const PAGE = 'https://www.shop.example/checkout';
const contentSender = (): Sender => ({ id: fakeBrowser.runtime.id, url: PAGE, frameId: 0, tab: { id: 6, url: PAGE } as Sender['tab'] });
const popupSender = (): Sender => ({ id: fakeBrowser.runtime.id, url: `${fakeBrowser.runtime.getURL('/popup.html')}?tabId=6`, frameId: 0 });

const field = (key: string, over: Record<string, unknown>) => ({
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
  ...over,
});
const frameReport = {
  docId: 'doc-1',
  page: { url: PAGE, title: 'Checkout', lang: 'en', text: 'Place order', scriptHosts: [] },
  fields: [field('dob', { type: 'date', name: 'dob', autocomplete: 'bday', labelText: 'Date of birth' })],
  removed: [],
  apis: [{ api: 'network.send', category: 'email', receiver: 'ads.tracker.example', via: 'beacon', encoding: 'sha256' }],
};

function setup() {
  invalidateActiveRuleset();
  const tabReports = createTabReports({ ruleset: currentRuleset });
  const corrections = createCorrections({
    report: (tabId) => tabReports.reportForTab(tabId),
    rulesets: enabledRulesets,
    changed: async () => {
      invalidateActiveRuleset();
      await tabReports.rescoreAll();
    },
  });
  return { tabReports, handlers: createHandlers({ tabReports, ruleset: currentRuleset, corrections }) };
}

beforeEach(async () => {
  await freshDb();
  invalidateActiveRuleset();
});

describe('"this is wrong"', () => {
  it('applies at once as a site override: the finding goes, the grade changes, the snippet and the settings say so', async () => {
    const { handlers } = setup();
    await handlers.reportFrame({ data: frameReport, sender: contentSender() });
    const before = await handlers.getTabReport({ data: { tabId: 6 }, sender: popupSender() });
    const dob = before!.findings.find((f) => f.category === 'birthdate')!;
    expect(before!.findings.some((f) => f.source === 'network' && f.sent?.receiver === 'tracker.example')).toBe(true);

    const result = await handlers.correctFinding({
      data: { tabId: 6, category: 'birthdate', ruleId: dob.ruleId, kind: 'not-asked' },
      sender: popupSender(),
    });
    expect(result).toMatchObject({ ok: true });
    if (!result?.ok) return;
    expect(result.report!.findings.some((f) => f.category === 'birthdate')).toBe(false);
    expect(result.report!.grade).not.toBe(before!.grade);
    expect(JSON.parse(result.snippet).overrides[0]).toMatchObject({ sites: ['shop.example'], silence: [dob.ruleId] });
    // The bundled ruleset names no supportUrl: nothing to open.
    expect(result.support).toBeUndefined();
    expect((await getSettings()).sites['shop.example'].corrections).toEqual([
      expect.objectContaining({ category: 'birthdate', ruleId: dob.ruleId, kind: 'not-asked', source: 'field' }),
    ]);
    // Stored report too (what a restarted worker reads).
    expect((await loadTab(6))?.report?.findings.some((f) => f.category === 'birthdate')).toBe(false);
  });

  it('survives a worker restart: a fresh module state loads the corrections from storage', async () => {
    const first = setup();
    await first.handlers.reportFrame({ data: frameReport, sender: contentSender() });
    await first.handlers.correctFinding({
      data: { tabId: 6, category: 'email', ruleId: 'network.sent.email', kind: 'needed' },
      sender: popupSender(),
    });
    invalidateActiveRuleset(); // what a stopped worker loses
    const second = setup();
    await second.handlers.reportFrame({ data: { ...frameReport, docId: 'doc-2' }, sender: contentSender() });
    const report = await second.handlers.getTabReport({ data: { tabId: 6 }, sender: popupSender() });
    expect(report!.findings.some((f) => f.source === 'network')).toBe(false);
    expect(report!.ruleset).toContain('local.corrections@1');
  });

  it('refuses what the tab does not show, other senders and malformed payloads', async () => {
    const { handlers } = setup();
    await handlers.reportFrame({ data: frameReport, sender: contentSender() });
    expect(
      await handlers.correctFinding({ data: { tabId: 6, category: 'face', ruleId: 'anything', kind: 'not-asked' }, sender: popupSender() }),
    ).toEqual({ ok: false, reason: 'no-such-finding' });
    expect(
      await handlers.correctFinding({ data: { tabId: 6, category: 'birthdate', ruleId: 'x', kind: 'not-asked' }, sender: contentSender() }),
    ).toBeUndefined();
    for (const data of [
      { tabId: 6, category: 'birthdate', ruleId: 'x', kind: 'other' },
      { tabId: 6, category: '__proto__', ruleId: 'x', kind: 'needed' },
      { tabId: 6, category: 'birthdate', ruleId: 'x', kind: 'needed', extra: 1 },
    ])
      expect(await handlers.correctFinding({ data, sender: popupSender() })).toBeUndefined();
    expect(
      await handlers.removeCorrection({ data: { site: 'shop.example', ruleId: 'x', kind: 'needed' }, sender: contentSender() }),
    ).toBeUndefined();
  });

  it('undo brings the finding back; export is a ruleset that, imported elsewhere, gives the same result', async () => {
    const { handlers } = setup();
    await handlers.reportFrame({ data: frameReport, sender: contentSender() });
    const before = await handlers.getTabReport({ data: { tabId: 6 }, sender: popupSender() });
    const dob = before!.findings.find((f) => f.category === 'birthdate')!;
    await handlers.correctFinding({ data: { tabId: 6, category: 'birthdate', ruleId: dob.ruleId, kind: 'needed' }, sender: popupSender() });
    const corrected = await handlers.getTabReport({ data: { tabId: 6 }, sender: popupSender() });
    expect(corrected!.findings.find((f) => f.category === 'birthdate')?.necessity).toBe('necessary');

    const exported = await handlers.exportCorrections({ data: {}, sender: popupSender() });
    expect(exported?.filename).toMatch(/^need-to-know-corrections-\d{4}-\d\d-\d\d\.json$/);
    const parsed = parseRuleset(exported!.text, { base: [bundledRuleset().source] });
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (parsed.ok) {
      const elsewhere = mergeRulesets([bundledRuleset().source, parsed.ruleset]).ruleset;
      const obs = { url: PAGE, frames: [{ frameUrl: PAGE, page: frameReport.page, fields: frameReport.fields as never, apis: [] }] };
      expect(scorePage(obs, elsewhere, 0).findings.find((f) => f.category === 'birthdate')?.necessity).toBe('necessary');
    }

    expect(
      await handlers.removeCorrection({ data: { site: 'shop.example', ruleId: dob.ruleId, kind: 'needed' }, sender: popupSender() }),
    ).toBe(true);
    const undone = await handlers.getTabReport({ data: { tabId: 6 }, sender: popupSender() });
    expect(undone!.findings.find((f) => f.category === 'birthdate')?.necessity).toBe(dob.necessity);
    expect(await handlers.exportCorrections({ data: {}, sender: popupSender() })).toBeNull();
  });

  it('the watcher notices corrections changed from elsewhere (a site removed in the options page), not other settings', async () => {
    let calls = 0;
    const watch = correctionsWatcher(() => calls++);
    await new Promise((r) => setTimeout(r, 0));
    const settings = await getSettings();
    watch({ ...settings, paused: true });
    expect(calls).toBe(0);
    watch({
      ...settings,
      sites: {
        'a.example': {
          corrections: [{ category: 'email', ruleId: 'r', kind: 'needed', source: 'field', at: 1, example: { html: '', apis: [] } }],
        },
      },
    });
    expect(calls).toBe(1);
  });
});
