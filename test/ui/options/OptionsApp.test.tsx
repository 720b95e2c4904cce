// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RulesetInfo } from '../../../src/messaging/protocol';
import type { HistoryEntry } from '../../../src/shared/model';
import { getSettings, updateSettings } from '../../../src/store/settings';
import en from '../../../src/shared/locales/en.json';
import zhCN from '../../../src/shared/locales/zh-CN.json';

const sendMessage = vi.fn();
vi.mock('../../../src/messaging/messenger', () => ({ sendMessage: (...args: unknown[]) => sendMessage(...args) }));
const { OptionsApp } = await import('../../../src/ui/options/OptionsApp');
const { settingsSiteOfInput: siteKeyFor } = await import('../../../src/shared/site');

const bundled: RulesetInfo = {
  id: 'need-to-know.core',
  source: 'bundled',
  title: { en: 'Core', 'zh-CN': '核心' },
  version: '2026.11.26',
  enabled: true,
  fetchedAt: 0,
  standalone: true,
};
const history: HistoryEntry[] = [
  {
    site: 'shop.example',
    url: 'https://shop.example/checkout',
    grade: 'C',
    serviceKind: 'shop',
    categories: ['gender'],
    evidence: ['"Gender"'],
    seenAt: 2,
  },
  {
    site: 'food.example',
    url: 'https://food.example/pay',
    grade: 'B',
    serviceKind: 'food',
    categories: ['phone'],
    evidence: ['"Phone"'],
    seenAt: 1,
  },
];

let root: HTMLElement;
let replies: Record<string, (data: unknown) => unknown>;
beforeEach(() => {
  sendMessage.mockReset();
  replies = {
    listRulesets: () => [bundled],
    getHistory: () => history,
    getRulesetTexts: () => ({
      id: 'c',
      version: '1',
      categories: { gender: { name: 'Gender' }, phone: { name: 'Phone' } },
      serviceKinds: {},
      pageKinds: {},
    }),
  };
  sendMessage.mockImplementation(async (type: string, data: unknown) => replies[type]?.(data));
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

async function settle() {
  for (let i = 0; i < 8; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;

async function chooseFile(text: string) {
  const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { value: [new File([text], 'list.json', { type: 'application/json' })], configurable: true });
  await act(() => void input.dispatchEvent(new Event('change')));
  await settle();
}

describe('options page: rulesets', () => {
  it('shows a rejected file with each error path and reason, and applies nothing', async () => {
    replies.previewRuleset = () => ({ ok: false, errors: [{ path: '$.fieldRules[0].text', reason: 'could take exponential time' }] });
    act(() => render(<OptionsApp initialLang="en" />, root));
    await settle();
    expect(root.querySelector('[data-ruleset-id="need-to-know.core"]')?.textContent).toContain('Core');
    await chooseFile('{"bad":true}');
    expect(sendMessage).toHaveBeenCalledWith('previewRuleset', { text: '{"bad":true}' });
    const rejected = root.querySelector('.preview--rejected')!;
    expect(rejected.textContent).toContain('$.fieldRules[0].text');
    expect(rejected.textContent).toContain('could take exponential time');
    expect(sendMessage.mock.calls.some(([type]) => type === 'addRuleset')).toBe(false);
  });

  it('previews what a file contains and changes, then applies exactly the previewed text', async () => {
    const text = '{"id":"test.x"}';
    replies.previewRuleset = () => ({
      ok: true,
      text,
      sha256: 'ab'.repeat(32),
      warnings: [],
      replaces: null,
      summary: {
        id: 'test.x',
        title: { en: 'X list' },
        version: '3',
        formatVersion: 1,
        languages: ['en'],
        license: 'CC0-1.0',
        standalone: false,
        counts: {
          categories: 0,
          fieldRules: 2,
          apiRules: 0,
          pageKinds: 0,
          serviceKinds: 0,
          conditions: 0,
          necessityCells: 1,
          overrides: 1,
          legal: 0,
          tests: 0,
        },
      },
      changes: {
        categoriesAdded: [],
        categoriesChanged: [],
        rulesAdded: ['a', 'b'],
        rulesReplaced: [],
        kindsAdded: [],
        kindsReplaced: [],
        scoringChanged: false,
        necessity: [{ serviceKind: 'shop', category: 'gender', from: 'unnecessary', to: 'necessary' }],
        overrides: [{ id: 'quiet', sites: ['127.0.0.1'] }],
      },
    });
    replies.addRuleset = () => ({ ok: true, info: { ...bundled, id: 'test.x', source: 'local', title: { en: 'X list' } } });
    act(() => render(<OptionsApp initialLang="en" />, root));
    await settle();
    await chooseFile(text);
    const preview = root.querySelector('.preview')!.textContent!;
    expect(preview).toContain('X list');
    expect(preview).toContain('CC0-1.0');
    expect(preview).toContain('gender for shop: Not needed → Needed');
    expect(preview).toContain('quiet');
    await act(() => button(en['options.preview.apply']).click());
    await settle();
    expect(sendMessage).toHaveBeenCalledWith('addRuleset', { text, source: 'local', url: undefined, sha256Pin: undefined });
    expect(root.querySelector('.preview')).toBeNull();
    expect(root.textContent).toContain('Added “X list”');
  });

  it('subscribes only to allowed addresses, sending the pin along', async () => {
    replies.previewRuleset = () => ({ ok: false, errors: [{ path: '$', reason: 'The server answered 404 Not Found.' }], problem: 'http' });
    act(() => render(<OptionsApp initialLang="en" />, root));
    await settle();
    const url = root.querySelector<HTMLInputElement>('input[name=url]')!;
    const pin = root.querySelector<HTMLInputElement>('input[name=sha256]')!;
    url.value = 'http://lists.example.org/x.json';
    await act(() => void url.dispatchEvent(new Event('input')));
    await act(() => void root.querySelector('form.add__box')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect(root.textContent).toContain(en['options.rulesets.badUrl']);
    expect(sendMessage.mock.calls.some(([type]) => type === 'previewRuleset')).toBe(false);

    url.value = 'https://lists.example.org/x.json';
    await act(() => void url.dispatchEvent(new Event('input')));
    pin.value = 'AB'.repeat(32);
    await act(() => void pin.dispatchEvent(new Event('input')));
    await act(() => void root.querySelector('form.add__box')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect(sendMessage).toHaveBeenCalledWith('previewRuleset', { url: 'https://lists.example.org/x.json', sha256Pin: 'AB'.repeat(32) });
    expect(root.querySelector('.preview--rejected')?.textContent).toContain(en['options.problem.http']);
  });

  it('explains why the bundled ruleset cannot be switched off', async () => {
    replies.setRulesetEnabled = () => ({ ok: false, reason: 'would-leave-no-complete-ruleset' });
    act(() => render(<OptionsApp initialLang="en" />, root));
    await settle();
    const toggle = root.querySelector<HTMLInputElement>('[data-ruleset-id="need-to-know.core"] input[type=checkbox]')!;
    toggle.checked = false;
    await act(() => void toggle.dispatchEvent(new Event('change')));
    await settle();
    expect(root.textContent).toContain(en['options.rulesets.needComplete']);
  });
});

describe('options page: sites, general, history', () => {
  it('reduces what the user types to a site key', async () => {
    expect(await siteKeyFor('https://www.shop.example.co.uk/checkout?x=1')).toBe('example.co.uk');
    expect(await siteKeyFor(' Shop.Example.com ')).toBe('example.com');
    expect(await siteKeyFor('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(await siteKeyFor('')).toBeNull();
    expect(await siteKeyFor('not a site!')).toBeNull();
  });

  it('adds a site to the ignore list and follows the language choice at once', async () => {
    act(() => render(<OptionsApp initialLang="en" />, root));
    await settle();
    const site = root.querySelector<HTMLInputElement>('input[name=site]')!;
    site.value = 'https://m.shop.example/';
    await act(() => void site.dispatchEvent(new Event('input')));
    await act(() => void site.form!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect((await getSettings()).sites).toEqual({ 'shop.example': { ignored: true } });
    expect(root.querySelector('[data-site="shop.example"]')).not.toBeNull();

    await act(() => updateSettings({ language: 'zh-CN' }).then(() => undefined));
    await settle();
    expect(root.querySelector('h1')?.textContent).toBe(zhCN['options.title']);
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('filters history, deletes one entry and, after confirming, all', async () => {
    act(() => render(<OptionsApp initialLang="en" />, root));
    await settle();
    expect(root.querySelectorAll('table.history tbody tr').length).toBe(2);
    const filter = root.querySelector<HTMLInputElement>('input[name=filter]')!;
    filter.value = 'food';
    await act(() => void filter.dispatchEvent(new Event('input')));
    expect(root.querySelectorAll('table.history tbody tr').length).toBe(1);

    replies.deleteHistory = () => true;
    await act(() => button(en['options.history.delete']).click());
    await settle();
    expect(sendMessage).toHaveBeenCalledWith('deleteHistory', { site: 'food.example', url: 'https://food.example/pay' });

    await act(() => button(en['options.history.deleteAll']).click());
    expect(sendMessage.mock.calls.some(([, data]) => (data as { all?: boolean })?.all)).toBe(false); // asks first
    await act(() => button(en['options.history.deleteAllYes']).click());
    await settle();
    expect(sendMessage).toHaveBeenCalledWith('deleteHistory', { all: true });
  });
});
