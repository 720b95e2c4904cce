import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { onMessage } from '@/src/messaging/messenger';
import { sendMessage } from '@/src/messaging/sender';

type Listener = (message: unknown, sender: object, sendResponse: (r: unknown) => void) => boolean | undefined;

// The content script's light sender must speak the message format that the background's
// @webext-core/messaging listener answers. The runtime below routes a message the way a browser
// does (structured clone, sendResponse for listeners that return true); the fake browser does not.
describe('content-script sender', () => {
  const removers: (() => void)[] = [];
  let listeners: Listener[] = [];
  beforeEach(() => {
    listeners = [];
    const events = (globalThis as unknown as { chrome: typeof browser }).chrome.runtime.onMessage;
    vi.spyOn(events, 'addListener').mockImplementation((l) => void listeners.push(l as unknown as Listener));
    vi.spyOn(events, 'removeListener').mockImplementation((l) => void (listeners = listeners.filter((x) => x !== (l as unknown))));
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(
      (message: unknown) =>
        new Promise((resolve) => {
          const pending = listeners.map((l) => l(structuredClone(message), { id: 'test' }, resolve) === true);
          if (!pending.includes(true)) resolve(undefined);
        }),
    );
  });
  afterEach(() => {
    removers.splice(0).forEach((remove) => remove());
    vi.restoreAllMocks();
  });

  it('delivers type and data and returns the listener’s result', async () => {
    const seen: unknown[] = [];
    removers.push(
      onMessage('locationGiven', (message) => {
        seen.push([message.type, message.data]);
        return true;
      }),
      onMessage('hideNotesOnSite', () => false),
    );
    await expect(sendMessage('hideNotesOnSite', {})).resolves.toBe(false);
    await expect(sendMessage('locationGiven', { mode: 'block', docId: 'd1' })).resolves.toBe(true);
    expect(seen).toEqual([['locationGiven', { mode: 'block', docId: 'd1' }]]);
  });

  it('rejects with the listener’s error message, and when nothing answers', async () => {
    removers.push(
      onMessage('hideNotesOnSite', () => {
        throw new Error('refused: not a tab');
      }),
    );
    await expect(sendMessage('hideNotesOnSite', {})).rejects.toThrow('refused: not a tab');
    await expect(sendMessage('locationPolicy', {})).rejects.toThrow('No response');
  });
});
