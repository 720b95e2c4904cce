import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEBUG_GLOBAL, type NeedToKnowDebug } from '../../src/messaging/debug-hook';
import type { Sender } from '../../src/messaging/guards';
import { freshDb } from '../store/fresh-db';

/** A fresh worker: new module instances (the messenger allows one listener per type per context). */
async function startWorker() {
  vi.resetModules();
  const { default: background } = await import('../../entrypoints/background');
  background.main();
  return {
    hook: (globalThis as Record<string, unknown>)[DEBUG_GLOBAL] as NeedToKnowDebug,
    ...(await import('../../src/store/tabs')),
  };
}

/** Delivers a message the way the browser would, with a sender the browser would set, and returns the reply. */
function deliver(type: string, data: unknown, sender: Sender): Promise<{ res?: unknown; err?: unknown }> {
  // The fake's trigger forwards every argument, but is typed without the browser's sendResponse.
  const trigger = fakeBrowser.runtime.onMessage.trigger as (
    message: unknown,
    sender: Sender,
    sendResponse: (r: unknown) => void,
  ) => Promise<unknown>;
  return new Promise((resolve) => {
    void trigger({ id: 1, type, data, timestamp: Date.now() }, sender, resolve as (r: unknown) => void);
  });
}

const PAGE = 'https://shop.example/checkout';
const contentSender: Sender = { id: fakeBrowser.runtime.id, url: PAGE, frameId: 0, tab: { id: 3, url: PAGE } as Sender['tab'] };
const popupSender = (): Sender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

const frameReport = {
  docId: 'doc-1',
  page: { url: PAGE, title: 'Checkout', lang: 'en', text: 'Place order', scriptHosts: [] },
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

beforeEach(freshDb);

describe('the background entrypoint', () => {
  it('answers checked messages through the real listener and ignores unverified ones', async () => {
    await startWorker();
    await deliver('reportFrame', frameReport, contentSender);
    const fromPopup = await deliver('getTabReport', { tabId: 3 }, popupSender());
    expect((fromPopup.res as { url: string }).url).toBe(PAGE);
    // A content script asking for a tab's report, or a message with no sender, gets nothing.
    expect(await deliver('getTabReport', { tabId: 3 }, contentSender)).toEqual({ res: undefined });
    expect(await deliver('getTabReport', { tabId: 3 }, {})).toEqual({ res: undefined });
    expect(await deliver('reportFrame', { junk: true }, contentSender)).toEqual({ res: undefined });
  });

  it('exposes the debug hook and forgets closed tabs', async () => {
    const { hook, saveTab } = await startWorker();
    await saveTab({ tabId: 12, topUrl: 'https://shop.example/', frames: {}, report: null, updatedAt: 1 });
    expect(await hook.tabIdForUrl('https://shop.example/')).toBe(12);
    await fakeBrowser.tabs.onRemoved.trigger(12, { isWindowClosing: false, windowId: 0 });
    await vi.waitFor(async () => expect(await hook.tabIdForUrl('https://shop.example/')).toBeNull());
  });
});
