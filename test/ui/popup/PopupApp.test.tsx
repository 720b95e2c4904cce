// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageReport } from '../../../src/shared/model';
import type { RulesetTexts } from '../../../src/messaging/protocol';
import en from '../../../src/shared/locales/en.json';
import zhCN from '../../../src/shared/locales/zh-CN.json';

const sendMessage = vi.fn();
vi.mock('../../../src/messaging/messenger', () => ({ sendMessage: (...args: unknown[]) => sendMessage(...args) }));
const { PopupApp, tabIdFromQuery } = await import('../../../src/ui/popup/PopupApp');

const texts: RulesetTexts = { id: 'need-to-know.core', version: '2026.11.26', categories: {}, serviceKinds: {}, pageKinds: {} };
const report: PageReport = {
  url: 'https://shop.example/',
  grade: 'A',
  score: 100,
  pageKind: 'checkout',
  serviceKind: 'shop',
  findings: [],
  ruleset: 'need-to-know.core@2026.11.26',
  updatedAt: 1,
};

let root: HTMLElement;
beforeEach(() => {
  sendMessage.mockReset();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

/** Lets the popup's async loading finish. */
async function settle() {
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

describe('tabIdFromQuery', () => {
  it('reads a non-negative integer tabId and ignores anything else', () => {
    expect(tabIdFromQuery('?tabId=12')).toBe(12);
    expect(tabIdFromQuery('?tabId=1308238466')).toBe(1308238466);
    expect(tabIdFromQuery('?tabId=-1')).toBeNull();
    expect(tabIdFromQuery('?tabId=1e3')).toBeNull();
    expect(tabIdFromQuery('')).toBeNull();
  });
});

describe('PopupApp', () => {
  it('asks for the tab named in the query, in the UI language, and shows the report', async () => {
    sendMessage.mockImplementation(async (type: string) => (type === 'getTabReport' ? report : texts));
    act(() => render(<PopupApp lang="zh-CN" search="?tabId=4" />, root));
    expect(root.textContent).toContain(zhCN.loading);
    await settle();
    expect(sendMessage).toHaveBeenCalledWith('getTabReport', { tabId: 4 });
    expect(sendMessage).toHaveBeenCalledWith('getRulesetTexts', { lang: 'zh-CN' });
    expect(root.querySelector('.grade__letter')?.textContent).toBe('A');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(root.textContent).toContain('need-to-know.core');
  });

  it('falls back to the active tab of the current window', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://shop.example/' });
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ ...tab, active: true }]);
    sendMessage.mockImplementation(async (type: string) => (type === 'getTabReport' ? null : texts));
    act(() => render(<PopupApp lang="en" search="" />, root));
    await settle();
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    expect(sendMessage).toHaveBeenCalledWith('getTabReport', { tabId: tab.id });
    expect(root.textContent).toContain(en.noReport);
    query.mockRestore();
  });

  it('says so when the background does not answer', async () => {
    sendMessage.mockResolvedValue(undefined);
    act(() => render(<PopupApp lang="en" search="?tabId=1" />, root));
    await settle();
    expect(root.textContent).toContain(en.loadError);
  });
});
