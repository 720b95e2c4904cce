/**
 * Who receives it, in real Chromium: a checkout whose form posts to another loopback site and that
 * loads a (local stand-in for a) Hotjar script. The report names the receiving site on each field
 * finding and lists Hotjar as a session recorder; the popup shows both; typed values are never stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { auditUrl, waitForStableReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import { closeAll, dumpExtensionStorage, fill, openDemoBrowser, openPopup, SCREENSHOT_DIR, skipReason, uiStrings } from './harness';

const HOTJAR = 'https://static.hotjar.com/c/hotjar-1234567.js?sv=6';
const CANARIES = {
  email: 'canary-5b21e7@example.com',
  phone: '13911225566',
  name: 'canary-5b21e7 Merriweather',
  street: '5b21e7 Canary Lane',
};

describe.skipIf(!!skipReason)('recipients: cross-site form and third-party scripts', () => {
  let server: StaticServer;
  let session: ExtensionSession;
  let hotjarServed = 0;

  beforeAll(async () => {
    ({ server, session } = await openDemoBrowser('en'));
    // Pages cannot reach real hosts here: a tiny stand-in body for the recorder's script URL.
    await session.context.route(HOTJAR, (route) => {
      hotjarServed++;
      return route.fulfill({ contentType: 'application/javascript', body: 'window.hj = function () {};' });
    });
  });
  afterAll(() => closeAll(session, server));

  it('names the site the form posts to and the session recorder on the page', async () => {
    const url = server.url('/fixtures/recipients-checkout.html');
    const { page, report, tabId } = await auditUrl(session, url, 15_000);
    const port = new URL(url).port;
    expect(hotjarServed, 'the stand-in script was requested').toBeGreaterThan(0);
    expect(report?.pageKind).toBe('checkout');
    const byCategory = new Map(report!.findings.map((f) => [f.category, f]));
    expect([...byCategory.keys()].sort()).toEqual(['address', 'birthdate', 'email', 'phone']);
    for (const f of report!.findings) {
      // The form's action is evidence of where it goes; the page's own scripts see what is typed too.
      expect(f.recipients, f.category).toEqual([
        { relation: 'other-site', site: `localhost:${port}`, via: 'form' },
        { relation: 'this-site', site: `127.0.0.1:${port}`, via: 'page' },
      ]);
    }
    expect(report!.thirdParties).toEqual([
      { id: 'hotjar', name: { en: 'Hotjar', 'zh-CN': 'Hotjar' }, kind: 'session-recorder', hosts: ['static.hotjar.com'] },
    ]);

    // Type canaries as a user would, then the popup: who gets it, per card, and the recorder once.
    await page.fill('#name', CANARIES.name);
    await page.fill('#email', CANARIES.email);
    await page.fill('#phone', CANARIES.phone);
    await page.fill('#dob', '1990-04-03');
    await page.fill('#street', CANARIES.street);
    await waitForStableReport(session, page, Date.now() + 5_000);

    const ui = uiStrings('en');
    const popup = await openPopup(session, tabId!);
    await popup.getByRole('heading', { name: ui.thirdPartiesHeading }).waitFor({ timeout: 10_000 });
    const cards = popup.getByRole('article');
    expect(await cards.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const text = await cards.nth(i).innerText();
      expect(text).toContain(ui.whoGetsIt);
      expect(text).toContain(fill(ui['recipient.other-site'], { site: `localhost:${port}` }));
      expect(text).toContain(ui['recipientVia.form']);
    }
    const tpText = await popup.locator('.third-parties').innerText();
    expect(tpText).toContain('Hotjar');
    expect(tpText).toContain(ui['thirdPartyKind.session-recorder']);
    expect(tpText).toContain(ui['thirdPartyWhat.session-recorder']);
    await popup.screenshot({ path: path.join(SCREENSHOT_DIR, 'popup-en-recipients.png'), fullPage: true });
    await popup.close();

    const dump = await dumpExtensionStorage(session);
    expect(dump).toContain('localhost:' + port);
    for (const canary of [...Object.values(CANARIES), '5b21e7', '1990-04-03']) {
      expect(dump.includes(canary), `"${canary}" found in extension storage`).toBe(false);
    }
    await page.close();
  });

  it('a page on the same site as its form action says "this site" only', async () => {
    // The same fixture opened from localhost: the form now posts to its own site.
    const url = server.url('/fixtures/recipients-checkout.html').replace('127.0.0.1', 'localhost');
    const { page, report } = await auditUrl(session, url, 15_000);
    const port = new URL(url).port;
    for (const f of report!.findings)
      expect(f.recipients, f.category).toEqual([{ relation: 'this-site', site: `localhost:${port}`, via: 'form' }]);
    await page.close();
  });
});
