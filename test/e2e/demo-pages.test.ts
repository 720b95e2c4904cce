/**
 * The demo pages in a real Chromium with the built extension, English UI: the audited findings and
 * grades match the scenario table, the badge shows the grade, the popup explains it, and a restarted
 * service worker still knows every tab's report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { auditUrl, readTabReport, type PageAudit } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import { DEMO_PAGES, DEMO_SCENARIOS } from './expectations';
import { badgeText, closeAll, openDemoBrowser, openPopup, SCREENSHOT_DIR, skipReason, stopServiceWorkers } from './harness';
import { expectPopupShows } from './popup-checks';

describe.skipIf(!!skipReason)('demo pages in Chromium (English UI)', () => {
  let server: StaticServer;
  let session: ExtensionSession;
  const audits = new Map<string, PageAudit>();

  beforeAll(async () => {
    ({ server, session } = await openDemoBrowser('en'));
    for (const p of [...DEMO_PAGES.map((d) => d.file), 'index.html']) {
      audits.set(p, await auditUrl(session, server.url('/' + p), 15_000));
    }
  });
  afterAll(() => closeAll(session, server));

  for (const { file, scenario } of DEMO_PAGES) {
    const want = DEMO_SCENARIOS[scenario];
    it(`${file}: exactly the expected findings, necessity and grade`, async () => {
      const { report, page, url } = audits.get(file)!;
      expect(report, `no report for ${file}`).not.toBeNull();
      const r = report!;
      const categories = [...new Set(r.findings.map((f) => f.category))].sort();
      expect(categories, `categories on ${file}: ${JSON.stringify(r.findings.map((f) => [f.category, f.evidence]))}`).toEqual(
        Object.keys(want.categories).sort(),
      );
      for (const f of r.findings) {
        const where = `${file} ${f.category} ${f.evidence}`;
        expect(f.necessity, where).toBe(want.categories[f.category]);
        expect(f.ruleId, where).not.toBe('');
        expect(f.evidence, where).not.toBe('');
        expect(f.frameUrl, where).toBe(url);
        if (f.source === 'widget') {
          expect(want.widgets[f.category], where).toBeDefined();
          expect(f.evidence, where).toMatch(
            want.widgets[f.category] === 'map' ? /^map "/ : new RegExp(`^map \\(${want.widgets[f.category]}\\) "`),
          );
          expect([f.api, f.required, f.element?.tag], where).toEqual([null, null, 'div']);
          expect(
            await page.evaluate((s) => document.querySelectorAll(s).length, f.element!.selector),
            `${where}: selector ${f.element!.selector}`,
          ).toBe(1);
        } else if (f.category in want.apis) {
          expect(f.source, where).toBe('api');
          expect(f.api, where).toBe(want.apis[f.category]);
          expect(f.element, where).toBeNull();
          expect(f.required, where).toBeNull();
        } else {
          expect(f.source, where).toBe('field');
          expect(f.element, where).not.toBeNull();
          expect(
            await page.evaluate((s) => document.querySelectorAll(s).length, f.element!.selector),
            `${where}: selector ${f.element!.selector}`,
          ).toBe(1);
        }
      }
      const widgetCategories = [...new Set(r.findings.filter((f) => f.source === 'widget').map((f) => f.category))].sort();
      expect(widgetCategories, `map pickers on ${file}`).toEqual(Object.keys(want.widgets).sort());
      expect([r.serviceKind, r.pageKind], `kinds of ${file}`).toEqual([want.serviceKind, want.pageKind]);
      expect([r.grade, r.score], `grade and score of ${file}`).toEqual([want.grade, want.score]);
    });
  }

  it('a page that asks for nothing is "not rated", never graded', () => {
    const { report } = audits.get('index.html')!;
    expect(report === null || (report.grade === 'not-rated' && report.score === null && report.findings.length === 0)).toBe(true);
  });

  it('the toolbar badge of each tab shows its grade', async () => {
    for (const { file, scenario } of DEMO_PAGES) {
      const { tabId } = audits.get(file)!;
      expect(tabId, file).not.toBeNull();
      expect(await badgeText(session, tabId!), file).toBe(DEMO_SCENARIOS[scenario].grade);
    }
    const index = audits.get('index.html')!;
    if (index.tabId !== null) expect(await badgeText(session, index.tabId)).toBe('');
  });

  it('the popup explains each demo tab in English', async () => {
    for (const { file, scenario, lang } of DEMO_PAGES) {
      const popup = await openPopup(session, audits.get(file)!.tabId!);
      await expectPopupShows(popup, 'en', DEMO_SCENARIOS[scenario], file);
      if (lang === 'en') await popup.screenshot({ path: path.join(SCREENSHOT_DIR, `popup-en-${scenario}.png`) });
      await popup.close();
    }
  });

  it('the popup of a page that asks for nothing says "not rated"', async () => {
    const { tabId } = audits.get('index.html')!;
    const popup = await openPopup(session, tabId ?? -1);
    await expectPopupShows(popup, 'en', null, 'index.html');
    await popup.close();
  });

  it('keeps grades and findings when the service worker is stopped and restarted', async () => {
    const { tabId } = audits.get('food-delivery.html')!;
    const before = await readTabReport(session, server.url('/food-delivery.html'));
    // A marker on the worker's global scope tells an old worker from a new one.
    await session.inWorker(() => {
      (globalThis as Record<string, unknown>).e2eMarker = 'before-restart';
    }, null);
    const popup = await openPopup(session, tabId!);
    await stopServiceWorkers(session, popup);
    await popup.close();

    const after: Page = await openPopup(session, tabId!);
    await expectPopupShows(after, 'en', DEMO_SCENARIOS['food-delivery'], 'food-delivery.html after restart');
    await after.close();
    expect(
      await session.inWorker(() => (globalThis as Record<string, unknown>).e2eMarker ?? null, null),
      'the worker was not restarted',
    ).toBeNull();
    const again = await readTabReport(session, server.url('/food-delivery.html'));
    expect({ ...again.report, updatedAt: 0 }).toEqual({ ...before.report, updatedAt: 0 });
    expect(await badgeText(session, tabId!)).toBe('C');
  });

  it('the extension itself made no network request during all of this', () => {
    expect(session.extensionRequests).toEqual([]);
  });
});
