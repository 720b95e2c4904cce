/**
 * Privacy canaries: type unique strings into every field of every demo page, then dump everything the
 * extension stores (all IndexedDB databases and stores, chrome.storage local/session/sync) and look
 * for them. Also: the extension makes no network request, checked with a recorder that is itself
 * shown to catch a leaky extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { auditUrl, waitForStableReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import { DEMO_PAGES } from './expectations';
import { closeAll, dumpExtensionStorage, FIXTURES_DIR, launch, openDemoBrowser, skipReason, startDemoServer } from './harness';

const CANARIES = {
  text: 'canary-7f3a91 Quillfeather',
  email: 'canary-7f3a91@example.com',
  tel: '13987650123',
  date: '1987-06-05',
};

/** Types a canary into every visible, editable text-like control (as a user would), checks radios, picks options. */
async function typeCanaries(page: Page): Promise<number> {
  let typed = 0;
  const controls = page.locator('input, textarea, select');
  for (let i = 0; i < (await controls.count()); i++) {
    const c = controls.nth(i);
    if (!(await c.isVisible()) || !(await c.isEditable())) continue;
    const [tag, type] = await c.evaluate((el) => [el.tagName.toLowerCase(), (el.getAttribute('type') ?? '').toLowerCase()]);
    if (tag === 'select') await c.selectOption({ index: 1 });
    // Choosing is not typing, but it is still user input the extension must not keep.
    else if (type === 'radio' || type === 'checkbox') await c.evaluate((el) => (el as HTMLInputElement).click());
    else {
      const value = type === 'tel' ? CANARIES.tel : type === 'date' ? CANARIES.date : type === 'email' ? CANARIES.email : CANARIES.text;
      await c.fill(value);
      typed++;
    }
  }
  return typed;
}

describe.skipIf(!!skipReason)('privacy: no typed value is ever stored, no request is ever made', () => {
  let server: StaticServer;
  let session: ExtensionSession;

  beforeAll(async () => {
    ({ server, session } = await openDemoBrowser('en'));
  });
  afterAll(() => closeAll(session, server));

  it('stores what kind of data pages ask for, never what was typed', async () => {
    let typed = 0;
    for (const { file } of DEMO_PAGES) {
      const { page } = await auditUrl(session, server.url('/' + file), 15_000);
      typed += await typeCanaries(page);
      // Typing fires input/change events and focus changes; give the content script time to react.
      await page.waitForTimeout(300);
      await waitForStableReport(session, page, Date.now() + 5_000);
    }
    expect(typed, 'the canaries were typed').toBeGreaterThan(20);
    const dump = await dumpExtensionStorage(session);
    // The dump is the real store: it holds the categories that were found...
    expect(dump).toContain('birthdate');
    expect(dump).toContain('precise_location');
    // ...and none of the values.
    for (const canary of [...Object.values(CANARIES), '7f3a91', '87650123']) {
      expect(dump.includes(canary), `"${canary}" found in extension storage`).toBe(false);
    }
  });

  it('the extension made no network request', () => {
    expect(session.extensionRequests).toEqual([]);
  });
});

describe.skipIf(!!skipReason)('the request recorder', () => {
  it('does catch an extension that phones home (so "no requests" above means something)', async () => {
    const server = await startDemoServer();
    const leaky = await launch('en', path.join(FIXTURES_DIR, 'leaky-extension'));
    try {
      const url = server.url('/fixtures/collect?from=leaky');
      await leaky.inWorker((u) => (globalThis as unknown as { phoneHome(u: string): Promise<unknown> }).phoneHome(u), url);
      await new Promise((r) => setTimeout(r, 300));
      expect(leaky.extensionRequests).toContain(url);
    } finally {
      await leaky.close();
      await server.close();
    }
  });
});
