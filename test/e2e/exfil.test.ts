/**
 * "Sent before you pressed submit", in real Chromium: pages on one loopback origin send what the user
 * typed (or the position they just got) to a second loopback origin — hashed by a tracker, posted by a
 * delivery page, through a page's own fetch wrapper. Each must be reported with the receiving site
 * (host:port for IPs), and neither the typed values nor the true coordinates may reach storage.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditUrl, readTabReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import { closeAll, dumpExtensionStorage, FIXTURES_DIR, launch, skipReason, startDemoServer } from './harness';
import { findingFor, TRUE_POSITION } from './exfil-helpers';

const EMAIL = 'Canary.5a7Q@Example.com';
const PHONE = '13987650123';
describe.skipIf(!!skipReason)('sent before you pressed submit', () => {
  let server: StaticServer;
  let other: StaticServer;
  let session: ExtensionSession;
  let otherSite: string;

  beforeAll(async () => {
    server = await startDemoServer();
    // The receiving side: another port on 127.0.0.1 is another site (see src/shared/site.ts).
    other = await startStaticServer([{ prefix: '/', dir: FIXTURES_DIR }]);
    otherSite = new URL(other.origin).host;
    session = await launch('en');
    await session.context.setGeolocation({ ...TRUE_POSITION, accuracy: 8 });
  });
  afterAll(() => closeAll(session, other, server));

  it('a tracker that beacons the SHA-256 of the typed e-mail to another origin is reported, naming that site', async () => {
    const { page, report } = await auditUrl(session, server.url(`/fixtures/exfil-signup.html?to=${other.origin}`), 15_000);
    expect(report?.findings.some((f) => f.category === 'email' && f.source === 'field')).toBe(true);
    await page.fill('#email', EMAIL);
    await page.press('#email', 'Tab');
    await page.waitForFunction(() => (window as unknown as { beaconSent?: boolean }).beaconSent === true);
    const finding = await findingFor(session, page, (f) => f.source === 'network' && f.category === 'email');
    expect(finding).toMatchObject({
      ruleId: 'network.sent.email',
      necessity: 'unnecessary',
      required: null,
      api: 'network.send',
      element: null,
      evidence: `navigator.sendBeacon() → ${otherSite} (SHA-256)`,
      recipients: [{ relation: 'other-site', site: otherSite, via: 'network' }],
    });
    await page.close();
  });

  it('a delivery page that posts the precise coordinates to a second origin is reported as precise location sent there', async () => {
    const { page } = await auditUrl(session, server.url(`/fixtures/exfil-location.html?to=${other.origin}`), 15_000);
    await page.waitForFunction(() => (window as unknown as { positionSent?: unknown }).positionSent === true);
    const finding = await findingFor(session, page, (f) => f.source === 'network' && f.category === 'precise_location');
    expect(finding).toMatchObject({
      ruleId: 'network.sent.precise-location',
      evidence: `fetch() → ${otherSite} (plain)`,
      recipients: [{ relation: 'other-site', site: otherSite, via: 'network' }],
    });
    // The call itself is still reported as before.
    const { report } = await readTabReport(session, page.url());
    expect(report?.findings.some((f) => f.source === 'api' && f.ruleId === 'api.geolocation.precise')).toBe(true);
    await page.close();
  });

  it('a page that wraps fetch itself and freezes navigator.geolocation keeps working, and we still see what it sends', async () => {
    const { page } = await auditUrl(session, server.url(`/fixtures/exfil-hostile.html?to=${other.origin}`), 15_000);
    await page.fill('#phone', PHONE);
    await page.press('#phone', 'Tab');
    await page.waitForFunction(() => (window as unknown as { fetchResolved?: unknown }).fetchResolved === true);
    const state = await page.evaluate(() => {
      const w = window as unknown as { wrappedCalls: number; gotPosition?: number[] };
      return { wrappedCalls: w.wrappedCalls, gotPosition: w.gotPosition, frozen: Object.isFrozen(navigator.geolocation) };
    });
    expect(state).toEqual({ wrappedCalls: 1, gotPosition: [TRUE_POSITION.latitude, TRUE_POSITION.longitude], frozen: true });
    const phone = await findingFor(session, page, (f) => f.source === 'network' && f.category === 'phone');
    expect(phone.evidence).toBe(`fetch() → ${otherSite} (base64)`);
    const position = await findingFor(session, page, (f) => f.source === 'network' && f.category === 'precise_location');
    expect(position.evidence).toBe(`XMLHttpRequest → ${otherSite} (plain)`);
    await page.close();
  });

  it('never stores the typed values, their hashes, or the true coordinates', async () => {
    const dump = await dumpExtensionStorage(session);
    expect(dump).toContain('navigator.sendBeacon() → '); // the dump does hold what was found
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    for (const secret of [EMAIL, EMAIL.toLowerCase(), sha(EMAIL.toLowerCase()), PHONE, '31.2304', '121.4737']) {
      expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });
});
