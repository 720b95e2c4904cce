/**
 * Approximate location, in real Chromium: with the site set to "approximate", the page gets the centre
 * of its grid cell — the numbers are checked against the site's stored grid — the same on every call
 * and in watchPosition; "block" gets PERMISSION_DENIED. The popup shows what was given (screenshots in
 * en and zh), and the true coordinates never reach storage.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { auditUrl, readTabReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import { distanceMetres, snapToGrid, type GridOffset } from '../../src/engine/location-snap';
import { DEFAULT_SETTINGS, type Settings } from '../../src/store/settings';
import {
  closeAll,
  dumpExtensionStorage,
  fill,
  FIXTURES_DIR,
  launch,
  openPopup,
  SCREENSHOT_DIR,
  skipReason,
  startDemoServer,
  uiStrings,
} from './harness';
import { findingFor, TRUE_POSITION } from './exfil-helpers';

declare const chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } };

type Answer =
  | { latitude: number; longitude: number; accuracy: number; altitude: number | null; isPosition: boolean; json: unknown }
  | { error: number; isError: boolean };

async function setSettings(session: ExtensionSession, patch: Partial<Settings>): Promise<void> {
  await session.inWorker((s) => chrome.storage.local.set({ settings: s }), { ...DEFAULT_SETTINGS, ...patch });
}

async function ask(page: Page): Promise<Answer> {
  return page.evaluate(() => (window as unknown as { ask(): Promise<Answer> }).ask());
}

async function popupText(session: ExtensionSession, page: Page, shot: string, expected: string): Promise<void> {
  const { tabId } = await readTabReport(session, page.url());
  const popup = await openPopup(session, tabId!);
  await popup.getByText(expected, { exact: false }).first().waitFor({ timeout: 10_000 });
  await popup.locator('.location').scrollIntoViewIfNeeded();
  await popup.screenshot({ path: path.join(SCREENSHOT_DIR, shot), fullPage: true });
  await popup.close();
}

describe.skipIf(!!skipReason)('approximate location', () => {
  let server: StaticServer;
  let other: StaticServer;
  let session: ExtensionSession;

  beforeAll(async () => {
    server = await startDemoServer();
    other = await startStaticServer([{ prefix: '/', dir: FIXTURES_DIR }]);
    session = await launch('en');
    await session.context.setGeolocation({ ...TRUE_POSITION, accuracy: 8 });
  });
  afterAll(() => closeAll(session, other, server));

  it('precise (the default): the page gets the true position; the popup says so beside the network finding', async () => {
    const { page } = await auditUrl(session, server.url(`/fixtures/exfil-location.html?to=${other.origin}`), 15_000);
    await findingFor(session, page, (f) => f.source === 'network' && f.category === 'precise_location');
    await vi.waitFor(async () => expect((await readTabReport(session, page.url())).report?.locationGiven).toEqual({ mode: 'precise' }), {
      timeout: 10_000,
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      await setSettings(session, { language: lang });
      await popupText(session, page, `popup-${lang === 'en' ? 'en' : 'zh'}-exfil-location.png`, uiStrings(lang)['location.given.precise']);
    }
    await setSettings(session, {});
    await page.close();
  });

  it('approximate: the snapped centre of the site’s grid cell, the same on every call and in watchPosition', async () => {
    await setSettings(session, { sites: { '127.0.0.1': { location: 'approximate' } } });
    const { page } = await auditUrl(session, server.url('/fixtures/location-ask.html'), 15_000);
    const first = await ask(page);
    const second = await ask(page);
    const grids = (await session.inWorker(() => chrome.storage.local.get('locationGrids'), null)).locationGrids as {
      metres: number;
      offsets: Record<string, GridOffset>;
    };
    expect(Object.keys(grids.offsets)).toEqual(['127.0.0.1']);
    const snapped = snapToGrid(TRUE_POSITION.latitude, TRUE_POSITION.longitude, grids.metres, grids.offsets['127.0.0.1']);
    // Chromium's V8 and Node's may differ in Math.cos by one unit in the last place, so the
    // browser's answer is compared to Node's to 1e-9 degrees (0.1 mm), not bit for bit.
    const expected = { latitude: expect.closeTo(snapped.latitude, 9), longitude: expect.closeTo(snapped.longitude, 9) };
    expect(first).toEqual({
      latitude: expected.latitude,
      longitude: expected.longitude,
      accuracy: grids.metres,
      altitude: null,
      isPosition: true,
      json: {
        coords: { ...expected, accuracy: grids.metres, altitude: null, altitudeAccuracy: null, heading: null, speed: null },
        timestamp: expect.any(Number),
      },
    });
    expect(second).toEqual({ ...first, json: { ...(first as { json: object }).json, timestamp: expect.any(Number) } });
    if (!('latitude' in first)) throw new Error('no position');
    expect(distanceMetres(TRUE_POSITION, first)).toBeLessThanOrEqual(grids.metres * 0.71);
    expect(distanceMetres(TRUE_POSITION, first)).toBeGreaterThan(0);
    const watched = await page.evaluate(() => (window as unknown as { watch(n: number): Promise<number[][]> }).watch(1));
    expect(watched).toEqual([[first.latitude, first.longitude]]);

    await vi.waitFor(async () => expect((await readTabReport(session, page.url())).report?.locationGiven?.mode).toBe('approximate'), {
      timeout: 10_000,
    });
    const given = (await readTabReport(session, page.url())).report!.locationGiven!;
    expect(given).toEqual({
      mode: 'approximate',
      latitude: Number(snapped.latitude.toFixed(3)),
      longitude: Number(snapped.longitude.toFixed(3)),
      accuracy: grids.metres,
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      await setSettings(session, { language: lang, sites: { '127.0.0.1': { location: 'approximate' } } });
      const text = fill(uiStrings(lang)['location.given.approximate'], {
        size: '1 km',
        latitude: snapped.latitude.toFixed(3),
        longitude: snapped.longitude.toFixed(3),
      });
      await popupText(session, page, `popup-${lang === 'en' ? 'en' : 'zh'}-location-approximate.png`, text);
    }
    await page.close();
  });

  it('block: PERMISSION_DENIED, also through a fresh iframe, and the tab records that it was refused', async () => {
    await setSettings(session, { sites: { '127.0.0.1': { location: 'block' } } });
    const { page } = await auditUrl(session, server.url('/fixtures/location-ask.html'), 15_000);
    expect(await ask(page)).toEqual({ error: 1, isError: true });
    // A fresh same-origin about:blank iframe gets our scripts too (match_about_blank), so it is no way around.
    expect(await page.evaluate(() => (window as unknown as { askViaIframe(): Promise<unknown> }).askViaIframe())).toEqual({ error: 1 });
    await vi.waitFor(async () => expect((await readTabReport(session, page.url())).report?.locationGiven).toEqual({ mode: 'block' }), {
      timeout: 10_000,
    });
    await page.close();
    await setSettings(session, {});
  });

  it('the true coordinates never reach storage', async () => {
    const dump = await dumpExtensionStorage(session);
    expect(dump).toContain('locationGrids');
    for (const secret of ['31.2304', '121.4737']) expect(dump).not.toContain(secret);
  });
});
