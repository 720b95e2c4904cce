/**
 * The options page's messages through the real background listener: only our extension pages may
 * manage rulesets; applying a ruleset rescores open tabs; pausing or ignoring a site stops reports.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Sender } from '../../src/messaging/guards';
import type { PageReport } from '../../src/shared/model';
import { freshDb } from '../store/fresh-db';

async function startWorker() {
  vi.resetModules();
  const { default: background } = await import('../../entrypoints/background');
  background.main();
  return { settings: await import('../../src/store/settings'), history: await import('../../src/store/history') };
}

function deliver(type: string, data: unknown, sender: Sender): Promise<unknown> {
  const trigger = fakeBrowser.runtime.onMessage.trigger as (
    message: unknown,
    sender: Sender,
    sendResponse: (r: unknown) => void,
  ) => Promise<unknown>;
  return new Promise((resolve) => {
    void trigger({ id: 1, type, data, timestamp: Date.now() }, sender, (r: unknown) => resolve((r as { res?: unknown }).res));
  });
}

const PAGE = 'https://shop.example/checkout';
const content: Sender = { id: fakeBrowser.runtime.id, url: PAGE, frameId: 0, tab: { id: 4, url: PAGE } as Sender['tab'] };
const optionsPage = (): Sender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') });

const field = (key: string, props: object) => ({
  key,
  tag: 'input',
  type: 'text',
  id: key,
  name: key,
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
  ...props,
});
const checkout = {
  docId: 'doc-1',
  page: { url: PAGE, title: 'Checkout', lang: 'en', text: 'Your basket · Place order · Delivery address', scriptHosts: [] },
  fields: [
    field('gender', { tag: 'select', type: '', autocomplete: 'sex', labelText: 'Gender' }),
    field('street', { autocomplete: 'address-line1', labelText: 'Street' }),
  ],
  removed: [],
  apis: [],
};
const genderOk = JSON.stringify({
  formatVersion: 1,
  id: 'test.gender',
  title: { en: 'Gender ok' },
  version: '1',
  languages: ['en'],
  categories: [],
  necessity: { shop: { gender: 'necessary' } },
});

const genderNecessity = (r: unknown) => (r as PageReport | null)?.findings.find((f) => f.category === 'gender')?.necessity;

beforeEach(freshDb);

describe('ruleset messages in the background', () => {
  it('answers only our extension pages, with checked payloads', async () => {
    await startWorker();
    expect(await deliver('listRulesets', {}, content)).toBeUndefined();
    expect(await deliver('addRuleset', { text: genderOk, source: 'local' }, content)).toBeUndefined();
    expect(await deliver('addRuleset', { text: genderOk, source: 'bundled' }, optionsPage())).toBeUndefined();
    expect(await deliver('removeRuleset', { id: 'x', extra: 1 }, optionsPage())).toBeUndefined();
    const list = (await deliver('listRulesets', {}, optionsPage())) as { id: string }[];
    expect(list.map((r) => r.id)).toEqual(['need-to-know.core']);
  });

  it('rescores an open tab when a ruleset is applied, switched off, and removed', async () => {
    await startWorker();
    await deliver('reportFrame', checkout, content);
    const report = () => deliver('getTabReport', { tabId: 4 }, optionsPage());
    expect(genderNecessity(await report())).toBe('unnecessary');

    expect(await deliver('addRuleset', { text: genderOk, source: 'local' }, optionsPage())).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect(genderNecessity(await report())).toBe('necessary'));
    // A restarted worker (fresh modules) loads the stored ruleset before it scores anything.
    vi.resetModules();
    const fresh = await import('../../src/background/active-ruleset');
    expect(fresh.activeRuleset().necessity.get('shop')?.get('gender')).toBe('unnecessary'); // bundled until loaded
    expect((await fresh.currentRuleset()).necessity.get('shop')?.get('gender')).toBe('necessary');
    expect(fresh.activeRuleset().necessity.get('shop')?.get('gender')).toBe('necessary');

    expect(await deliver('setRulesetEnabled', { id: 'test.gender', enabled: false }, optionsPage())).toEqual({ ok: true });
    await vi.waitFor(async () => expect(genderNecessity(await report())).toBe('unnecessary'));
    expect(await deliver('setRulesetEnabled', { id: 'test.gender', enabled: true }, optionsPage())).toEqual({ ok: true });
    await vi.waitFor(async () => expect(genderNecessity(await report())).toBe('necessary'));
    expect(await deliver('removeRuleset', { id: 'test.gender' }, optionsPage())).toEqual({ ok: true });
    await vi.waitFor(async () => expect(genderNecessity(await report())).toBe('unnecessary'));
  });

  it('watches nothing while paused or on an ignored site, and clears what it knew', async () => {
    const { settings } = await startWorker();
    await deliver('reportFrame', checkout, content);
    const report = () => deliver('getTabReport', { tabId: 4 }, optionsPage());
    expect(await report()).not.toBeNull();

    await settings.updateSiteSettings('shop.example', { ignored: true });
    await vi.waitFor(async () => expect(await report()).toBeNull());
    expect(await deliver('reportFrame', checkout, content)).toEqual({});
    expect(await report()).toBeNull();

    await settings.updateSiteSettings('shop.example', { ignored: false });
    await deliver('reportFrame', checkout, content);
    expect(await report()).not.toBeNull();
    await settings.updateSettings({ paused: true });
    await vi.waitFor(async () => expect(await report()).toBeNull());
    expect(await deliver('reportFrame', checkout, content)).toEqual({});
  });

  it('deletes one history entry or all of them on request', async () => {
    const { history } = await startWorker();
    await deliver('reportFrame', checkout, content);
    expect((await history.listHistory()).length).toBe(1);
    expect(await deliver('deleteHistory', { all: true }, content)).toBeUndefined();
    expect(await deliver('deleteHistory', { site: 'shop.example', url: 'https://shop.example/checkout' }, optionsPage())).toBe(true);
    expect(await history.listHistory()).toEqual([]);
    await deliver('reportFrame', { ...checkout, docId: 'doc-2' }, content);
    expect(await deliver('deleteHistory', { all: true }, optionsPage())).toBe(true);
    expect(await history.listHistory()).toEqual([]);
  });
});
