/** A page that adds a birth-date field one second after load gets it reported (incremental scanning). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTabReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import { closeAll, openDemoBrowser, skipReason } from './harness';

describe.skipIf(!!skipReason)('fields added after load', () => {
  let server: StaticServer;
  let session: ExtensionSession;
  beforeAll(async () => {
    ({ server, session } = await openDemoBrowser('en'));
  });
  afterAll(() => closeAll(session, server));

  it('reports a birth-date field that appears 1 s after load', async () => {
    const url = server.url('/fixtures/late-birthdate.html');
    const page = await session.context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    expect(await page.locator('#birth').count(), 'the field is not there at load').toBe(0);
    const deadline = Date.now() + 10_000;
    let categories: string[] = [];
    let selector: string | undefined;
    while (Date.now() < deadline) {
      const { report } = await readTabReport(session, url);
      categories = report?.findings.map((f) => f.category) ?? [];
      selector = report?.findings.find((f) => f.category === 'birthdate')?.element?.selector;
      if (selector) break;
      await page.waitForTimeout(200);
    }
    expect(categories).toEqual(expect.arrayContaining(['phone', 'address', 'birthdate']));
    expect(await page.evaluate((s) => document.querySelectorAll(s).length, selector!)).toBe(1);
    expect(await page.evaluate((s) => document.querySelector(s)?.id, selector!)).toBe('birth');
  });
});
