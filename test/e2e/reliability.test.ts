/**
 * A hostile web and a worker that comes and goes, in a real Chromium with the built extension:
 * - forged page-world reports (valid-looking, malformed, oversized, replayed, a flood of 10,000) stay
 *   in the forging tab: no findings for another tab or origin, the worker keeps answering, and what
 *   is stored stays within its caps;
 * - the service worker stopped twice while a page is still adding fields loses nothing: the report,
 *   the grade in the popup and the history match a tab whose worker was never stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { auditUrl, readTabReport, waitForStableReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import { EVENT_NAME, MAX_OBSERVATIONS } from '../../src/page-world/channel';
import { LIMITS } from '../../src/messaging/guards';
import type { PageReport } from '../../src/shared/model';
import { DEMO_SCENARIOS } from './expectations';
import {
  badgeText,
  closeAll,
  dumpExtensionStorage,
  openDemoBrowser,
  openPopup,
  skipReason,
  stopServiceWorkers,
  uiStrings,
} from './harness';

/** What a report says, without its time stamp and URL (to compare two tabs of the same page). */
const essence = (r: PageReport | null) =>
  r && {
    grade: r.grade,
    score: r.score,
    pageKind: r.pageKind,
    serviceKind: r.serviceKind,
    findings: r.findings.map((f) => [f.category, f.necessity, f.source, f.evidence, f.element?.selector ?? null]).sort(),
  };

interface StoredTab {
  tabId: number;
  topUrl: string;
  frames: Record<string, { frameUrl: string; apis: unknown[]; fields: unknown[] }>;
  report: PageReport | null;
}

async function storedTabs(session: ExtensionSession): Promise<StoredTab[]> {
  const dump = JSON.parse(await dumpExtensionStorage(session)) as { idb: Record<string, Record<string, { values: unknown[] }>> };
  return (dump.idb['need-to-know']?.tabs?.values ?? []) as StoredTab[];
}

describe.skipIf(!!skipReason)('reliability: forged page-world reports', () => {
  let server: StaticServer;
  let session: ExtensionSession;

  beforeAll(async () => {
    ({ server, session } = await openDemoBrowser('en'));
  });
  afterAll(() => closeAll(session, server));

  it('a hostile page forging, replaying, flooding and malforming reports only ever affects its own tab', async () => {
    // The victim: another origin (localhost ≠ 127.0.0.1), a clean page graded A.
    const victimUrl = server.url('/clean-checkout.html').replace('127.0.0.1', 'localhost');
    const victim = await auditUrl(session, victimUrl, 15_000);
    expect(victim.report?.grade).toBe(DEMO_SCENARIOS['clean-checkout'].grade);

    const hostileUrl = server.url('/index.html');
    const hostile = await auditUrl(session, hostileUrl, 15_000);
    const attempts = await hostile.page.evaluate((eventName) => {
      const send = (detail: unknown) => window.dispatchEvent(new CustomEvent(eventName, { detail }));
      const forged = [
        { api: 'geolocation.getCurrentPosition', highAccuracy: true },
        { api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: true },
        { api: 'contacts.select', properties: ['tel', 'email'], multiple: true },
      ];
      let sent = 0;
      // Valid-looking claims, each replayed 200 times.
      for (let i = 0; i < 200; i++)
        for (const o of forged) {
          send(JSON.stringify(o));
          sent++;
        }
      // Malformed: not JSON, not a string, wrong shapes, extra keys, prototype games, oversized.
      const malformed: unknown[] = [
        '{',
        'null',
        '42',
        '"x"',
        '[]',
        { api: 'geolocation.getCurrentPosition', highAccuracy: true },
        JSON.stringify({ api: 'geolocation.getCurrentPosition', highAccuracy: 'yes' }),
        JSON.stringify({ api: 'geolocation.getCurrentPosition', highAccuracy: true, tabId: 1, frameUrl: 'http://localhost/' }),
        '{"__proto__":{"polluted":true},"api":"permissions.query","name":"camera"}',
        JSON.stringify({ api: 'contacts.select', properties: Array(100).fill('tel'), multiple: true }),
        JSON.stringify({ api: 'permissions.query', name: 'x'.repeat(5000) }),
        'x'.repeat(1_000_000),
      ];
      for (const m of malformed) {
        send(m);
        sent++;
      }
      // A flood of 10,000 distinct, valid observations (dedup cannot absorb them).
      for (let i = 0; i < 10_000; i++) {
        send(JSON.stringify({ api: 'permissions.query', name: `flood-${i}` }));
        sent++;
      }
      // A page cannot talk to the extension directly: no runtime messaging in the page world.
      const runtime = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage;
      return { sent, polluted: ({} as Record<string, unknown>).polluted === true, pageHasRuntimeMessaging: typeof runtime === 'function' };
    }, EVENT_NAME);
    expect(attempts.sent).toBeGreaterThan(10_000);
    expect(attempts.polluted).toBe(false);
    expect(attempts.pageHasRuntimeMessaging).toBe(false);

    const after = await waitForStableReport(session, hostile.page, Date.now() + 15_000);
    // The forger's own report got worse, as designed (its claims are about itself).
    expect(after.report?.findings.map((f) => f.category)).toEqual(expect.arrayContaining(['precise_location', 'camera', 'contacts']));
    for (const f of after.report!.findings) expect(f.frameUrl, f.evidence).toBe(hostileUrl);

    // The victim's report is exactly as before, and nothing about the forger's claims is in it.
    const victimAfter = await readTabReport(session, victimUrl);
    expect(essence(victimAfter.report)).toEqual(essence(victim.report));
    expect(await badgeText(session, victim.tabId!)).toBe(DEMO_SCENARIOS['clean-checkout'].grade);

    // Stored state: per tab, only that tab's origin; API observations within the per-frame cap.
    const tabs = await storedTabs(session);
    for (const t of tabs) {
      const origin = new URL(t.topUrl).origin;
      for (const frame of Object.values(t.frames)) {
        expect(new URL(frame.frameUrl).origin, `frame of tab ${t.topUrl}`).toBe(origin);
        expect(frame.apis.length).toBeLessThanOrEqual(Math.min(MAX_OBSERVATIONS, LIMITS.apisPerFrame));
      }
      for (const f of t.report?.findings ?? []) expect(new URL(f.frameUrl).origin).toBe(origin);
    }
    const dump = await dumpExtensionStorage(session);
    expect(dump).not.toContain('flood-9999'); // beyond the cap: dropped before it reached the worker
    expect(dump).not.toContain('x'.repeat(2000));
    expect(dump.length, 'stored state stays small').toBeLessThan(500_000);

    // The worker still answers, for both tabs, and the popup renders the forger's report.
    expect((await readTabReport(session, hostileUrl)).report?.grade).toBe(after.report!.grade);
    const popup = await openPopup(session, hostile.tabId!);
    await popup
      .getByRole('heading', { level: 2, name: `${uiStrings('en').gradeLabel} ${after.report!.grade}`, exact: true })
      .waitFor({ timeout: 10_000 });
    await popup.close();
    await hostile.page.close();
    await victim.page.close();
  });

  it('a UI message sent from our own content script (the page-side context) is ignored; the popup is answered', async () => {
    const { page, tabId } = await auditUrl(session, server.url('/shop-checkout.html'), 15_000);
    const request = (id: number) =>
      `chrome.runtime.sendMessage({ id: 1, type: 'getTabReport', data: { tabId: ${id} }, timestamp: Date.now() })`;
    // Evaluate inside the content script's isolated world, found through the devtools protocol.
    const cdp = await session.context.newCDPSession(page);
    const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => worlds.push(e.context as (typeof worlds)[number]));
    await cdp.send('Runtime.enable');
    const isolated = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.startsWith(`chrome-extension://${session.extensionId}`));
    expect(isolated, 'the content script world').toBeDefined();
    const fromContent = await cdp.send('Runtime.evaluate', {
      contextId: isolated!.id,
      expression: request(tabId!),
      awaitPromise: true,
      returnByValue: true,
    });
    expect(fromContent.exceptionDetails).toBeUndefined();
    expect(fromContent.result.value ?? {}).not.toHaveProperty('res.url');
    await cdp.detach();

    const popup = await openPopup(session, tabId!);
    const fromPopup = (await popup.evaluate(request(tabId!))) as { res?: PageReport };
    expect(fromPopup.res?.url).toBe(server.url('/shop-checkout.html'));
    await popup.close();
    await page.close();
  });

  it('the extension made no network request', () => {
    expect(session.extensionRequests).toEqual([]);
  });
});

/** Fields a checkout adds step by step, after load (as SPAs do). */
const LATE_FIELDS = [
  '<label for="late-email">Email</label><input id="late-email" type="email" name="email" autocomplete="email" required>',
  '<label for="late-id">ID card number</label><input id="late-id" name="idcard" required>',
  '<label for="late-dob">Date of birth</label><input id="late-dob" type="date" name="dob2" autocomplete="bday" required>',
  '<label for="late-note">Delivery note</label><input id="late-note" name="note">',
  '<label for="late-card">Card number</label><input id="late-card" name="cc" autocomplete="cc-number" required>',
  '<label for="late-zip">Postcode</label><input id="late-zip" name="zip" autocomplete="postal-code" required>',
];

/** Adds LATE_FIELDS one every `everyMs`, resolving when the last one is in. */
function addFieldsOverTime(page: Page, everyMs: number): Promise<void> {
  return page.evaluate(
    ({ fields, everyMs }) =>
      new Promise<void>((resolve) => {
        let i = 0;
        const timer = setInterval(() => {
          const p = document.createElement('p');
          p.innerHTML = fields[i++];
          (document.querySelector('form') ?? document.body).append(p);
          if (i === fields.length) {
            clearInterval(timer);
            resolve();
          }
        }, everyMs);
      }),
    { fields: LATE_FIELDS, everyMs },
  );
}

describe.skipIf(!!skipReason)('reliability: the service worker stopped while reports are arriving', () => {
  let server: StaticServer;
  let session: ExtensionSession;

  beforeAll(async () => {
    ({ server, session } = await openDemoBrowser('en'));
  });
  afterAll(() => closeAll(session, server));

  it('findings, grade and history are intact after two restarts mid-session', async () => {
    // History from before the restarts.
    const earlier = await auditUrl(session, server.url('/vending-pay.html'), 15_000);
    expect(earlier.report?.grade).toBe(DEMO_SCENARIOS['vending-pay'].grade);

    // Control: the same page and the same late fields, the worker left alone.
    const control = await auditUrl(session, server.url('/shop-checkout.html?control'), 15_000);
    await addFieldsOverTime(control.page, 300);
    const controlReport = (await waitForStableReport(session, control.page, Date.now() + 15_000)).report;

    // Subject: the worker is stopped twice while the fields are still arriving.
    const subject = await auditUrl(session, server.url('/shop-checkout.html?subject'), 15_000);
    const stopper = await openPopup(session, subject.tabId!);
    const adding = addFieldsOverTime(subject.page, 300);
    await new Promise((r) => setTimeout(r, 500));
    await session.inWorker(() => void ((globalThis as Record<string, unknown>).e2eMarker = 1), null);
    await stopServiceWorkers(session, stopper);
    await new Promise((r) => setTimeout(r, 600));
    await stopServiceWorkers(session, stopper);
    await adding;
    await stopper.close();
    const subjectReport = (await waitForStableReport(session, subject.page, Date.now() + 20_000)).report;
    expect(
      await session.inWorker(() => (globalThis as Record<string, unknown>).e2eMarker ?? null, null),
      'the worker was restarted',
    ).toBeNull();

    // The late fields were all seen (so the test covers reports sent around the restarts)...
    expect(controlReport!.findings.map((f) => f.element?.selector)).toEqual(expect.arrayContaining(['#late-email', '#late-dob']));
    // ...and the restarted tab knows exactly what the undisturbed one knows.
    expect(essence(subjectReport)).toEqual(essence(controlReport));
    expect(await badgeText(session, subject.tabId!)).toBe(controlReport!.grade);

    // The popup, opened after the restarts, shows the grade and a card per category.
    const popup = await openPopup(session, subject.tabId!);
    await popup
      .getByRole('heading', { level: 2, name: `${uiStrings('en').gradeLabel} ${controlReport!.grade}`, exact: true })
      .waitFor({ timeout: 10_000 });
    expect(await popup.getByRole('article').count()).toBe(new Set(controlReport!.findings.map((f) => f.category)).size);
    await popup.close();

    // History: the page from before the restarts and the one during them are both there.
    const dump = JSON.parse(await dumpExtensionStorage(session)) as {
      idb: Record<string, Record<string, { values: { url: string; grade: string; categories: string[] }[] }>>;
    };
    const history = dump.idb['need-to-know'].history.values;
    expect(history.find((h) => h.url.endsWith('/vending-pay.html'))?.grade).toBe(DEMO_SCENARIOS['vending-pay'].grade);
    const checkout = history.find((h) => h.url.endsWith('/shop-checkout.html'));
    expect(checkout?.categories.sort()).toEqual([...new Set(controlReport!.findings.map((f) => f.category))].sort());
    // And the earlier tab's report survived both restarts.
    expect(essence((await readTabReport(session, server.url('/vending-pay.html'))).report)).toEqual(essence(earlier.report));
  });

  it('the extension made no network request', () => {
    expect(session.extensionRequests).toEqual([]);
  });
});
