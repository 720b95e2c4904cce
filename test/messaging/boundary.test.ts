/**
 * The message boundary, through the real background entrypoint: every message type of the protocol
 * (read from protocol.ts, so a new message is covered the day it is added; the handler registry's type
 * makes the worker listen for each one)
 * is ignored when it comes from a context that must not send it, and answered when it comes from the
 * one that may. "Ignored" means: no answer and no change to what the extension stores.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Sender } from '../../src/messaging/guards';
import { freshDb } from '../store/fresh-db';

const PROTOCOL = readFileSync(new URL('../../src/messaging/protocol.ts', import.meta.url), 'utf8');
const messagesOf = (direction: string): string[] =>
  [...(new RegExp(`export interface ${direction} \\{([\\s\\S]*?)\\n\\}`).exec(PROTOCOL)?.[1] ?? '').matchAll(/^\s+(\w+)\(/gm)].map(
    (m) => m[1],
  );
const MESSAGE_TYPES = [...messagesOf('ContentToBackground'), ...messagesOf('UiToBackground')];
/** Messages content scripts send (the ContentToBackground interface); every other one is for our own extension pages only. */
const CONTENT_MESSAGES = new Set(messagesOf('ContentToBackground'));

const PAGE = 'https://shop.example/checkout';
const OWN_ID = fakeBrowser.runtime.id;
const ownPage = (p: string) => fakeBrowser.runtime.getURL(p as '/popup.html');

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
  apis: [{ api: 'geolocation.getCurrentPosition', highAccuracy: true }],
};

/** Well-formed payloads for the messages we know; a message added later is tried with these and with {}. */
const PAYLOADS: Record<string, unknown> = {
  reportFrame: frameReport,
  getTabReport: { tabId: 3 },
  getHistory: {},
  getRulesetTexts: { lang: 'en' },
  locationGiven: { docId: 'doc-1', mode: 'approximate', latitude: 31.232, longitude: 121.476, accuracy: 1000 },
};

const contentScript: Sender = { id: OWN_ID, url: PAGE, frameId: 0, tab: { id: 3, url: PAGE } as Sender['tab'] };
const popup: Sender = { id: OWN_ID, url: ownPage('/popup.html') };

/** Contexts that may send nothing at all. */
const NEVER_ALLOWED: [string, Sender][] = [
  ['no sender information', {}],
  ['a web page (no extension id)', { url: PAGE, tab: { id: 3, url: PAGE } as Sender['tab'], frameId: 0 }],
  ['another extension', { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html' }],
  ['another extension claiming our page URL', { id: 'abcdefghijklmnopabcdefghijklmnop', url: ownPage('/popup.html') }],
  ['another extension’s content script in a tab', { ...contentScript, id: 'abcdefghijklmnopabcdefghijklmnop' }],
  ['our id from a look-alike origin', { id: OWN_ID, url: ownPage('/popup.html').replace(OWN_ID, `${OWN_ID}.evil.example`) }],
];

/** Contexts that are ours but the wrong kind for the message. */
function wrongKindFor(type: string): [string, Sender][] {
  if (CONTENT_MESSAGES.has(type)) {
    return [
      ['our popup', popup],
      ['a frame report without a tab', { id: OWN_ID, url: PAGE, frameId: 0 }],
      ['a frame report without a frame id', { ...contentScript, frameId: undefined }],
      ['a frame on a non-web URL', { ...contentScript, url: 'data:text/html,<input>' }],
      ['a frame with a negative tab id', { ...contentScript, tab: { id: -1 } as Sender['tab'] }],
    ];
  }
  return [
    ['our content script in a page', contentScript],
    [
      'our content script in a page that claims the popup URL in its tab',
      { ...contentScript, tab: { id: 3, url: ownPage('/popup.html') } as Sender['tab'] },
    ],
  ];
}

async function startWorker() {
  vi.resetModules();
  const { default: background } = await import('../../entrypoints/background');
  background.main();
  return { tabs: await import('../../src/store/tabs'), history: await import('../../src/store/history') };
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

beforeEach(freshDb);

describe('the message boundary', () => {
  it('knows every message the background listens for', () => {
    expect(MESSAGE_TYPES.length).toBeGreaterThanOrEqual(4);
    expect(CONTENT_MESSAGES.has('reportFrame')).toBe(true);
    expect(CONTENT_MESSAGES.has('getTabReport')).toBe(false);
    for (const known of Object.keys(PAYLOADS)) expect(MESSAGE_TYPES).toContain(known);
  });

  for (const type of MESSAGE_TYPES) {
    it(`${type}: ignored from every unexpected context, and nothing is stored`, async () => {
      const { tabs, history } = await startWorker();
      const settingsBefore = JSON.stringify(await fakeBrowser.storage.local.get(null));
      const senders = [...NEVER_ALLOWED, ...wrongKindFor(type)];
      for (const payload of [PAYLOADS[type] ?? {}, {}]) {
        for (const [who, sender] of senders) {
          expect(await deliver(type, payload, sender), `${type} from ${who}`).toBeUndefined();
        }
      }
      // A report that was ignored leaves no trace anywhere.
      expect(await tabs.allTabs()).toEqual([]);
      expect(await history.listHistory()).toEqual([]);
      expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe('');
      expect(JSON.stringify(await fakeBrowser.storage.local.get(null)), 'settings').toBe(settingsBefore);
    }, 60_000);
  }

  it('the allowed contexts are answered (so "ignored" above is the guard, not a broken handler)', async () => {
    await startWorker();
    expect(await deliver('reportFrame', frameReport, contentScript)).toBeTypeOf('object');
    const report = (await deliver('getTabReport', { tabId: 3 }, popup)) as { url: string; findings: unknown[] };
    expect(report.url).toBe(PAGE);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(Array.isArray(await deliver('getHistory', {}, popup))).toBe(true);
    expect(await deliver('getRulesetTexts', { lang: 'en' }, popup)).toMatchObject({ id: expect.any(String) });
    // Our pages are ours wherever they are shown: the e2e opens the popup in a tab.
    expect(await deliver('getTabReport', { tabId: 3 }, { ...popup, tab: { id: 9 } as Sender['tab'], frameId: 0 })).toMatchObject({
      url: PAGE,
    });
  });

  it('a well-formed UI request with a malformed payload gets nothing', async () => {
    await startWorker();
    await deliver('reportFrame', frameReport, contentScript);
    for (const data of [null, 'x', { tabId: '3' }, { tabId: -1 }, { tabId: 1.5 }, [3]]) {
      expect(await deliver('getTabReport', data, popup), JSON.stringify(data)).toBeUndefined();
    }
    for (const data of [{ lang: 'fr' }, { lang: '__proto__' }, null]) {
      expect(await deliver('getRulesetTexts', data, popup), JSON.stringify(data)).toBeUndefined();
    }
  });
});
