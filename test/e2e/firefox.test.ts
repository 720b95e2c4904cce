/**
 * The Firefox build in real Firefox (Debian's firefox-esr over WebDriver BiDi, test/e2e/firefox-harness.ts):
 * the demo pages graded exactly as in Chromium, the MAIN-world hooks (geolocation, camera) reporting
 * through the isolated world, approximate location, the popup in English and Chinese (screenshots
 * test/e2e/screenshots/firefox-popup-*.png), and no request from the extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { StaticServer } from '../../src/dev/audit/server';
import type { PageReport } from '../../src/shared/model';
import { DEMO_PAGES, DEMO_SCENARIOS } from './expectations';
import { firefoxSkipReason, launchFirefox, settings, type FirefoxSession } from './firefox-harness';
import { fill, rulesetNames, SCREENSHOT_DIR, startDemoServer, uiStrings } from './harness';

describe.skipIf(!!firefoxSkipReason)('Firefox: demo pages, page-world hooks, location, popup', () => {
  let server: StaticServer;
  let ff: FirefoxSession;
  const audits = new Map<string, { page: Page; tabId: number | null; report: PageReport | null }>();

  beforeAll(async () => {
    server = await startDemoServer();
    ff = await launchFirefox({ allowOrigins: [server.origin] });
    for (const p of [...DEMO_PAGES.map((d) => d.file), 'index.html']) audits.set(p, await ff.audit(server.url('/' + p)));
  });
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  for (const { file, scenario } of DEMO_PAGES) {
    const want = DEMO_SCENARIOS[scenario];
    it(`${file}: the same findings, necessity and grade as in Chromium`, () => {
      const r = audits.get(file)!.report;
      expect(r, `no report for ${file}`).not.toBeNull();
      const necessity = Object.fromEntries(r!.findings.map((f) => [f.category, f.necessity]));
      expect(necessity, JSON.stringify(r!.findings.map((f) => [f.category, f.source, f.evidence]))).toEqual(want.categories);
      for (const [category, api] of Object.entries(want.apis)) {
        // The MAIN-world hooks saw the call and the isolated world passed it on.
        expect(r!.findings.find((f) => f.category === category && f.source === 'api')?.api, `${file} ${category}`).toBe(api);
      }
      for (const category of Object.keys(want.widgets)) {
        expect(
          r!.findings.some((f) => f.category === category && f.source === 'widget'),
          `${file} map picker`,
        ).toBe(true);
      }
      expect([r!.serviceKind, r!.pageKind, r!.grade, r!.score]).toEqual([want.serviceKind, want.pageKind, want.grade, want.score]);
    });
  }

  it('a page that asks for nothing is not rated', () => {
    const r = audits.get('index.html')!.report;
    expect(r === null || (r.grade === 'not-rated' && r.findings.length === 0)).toBe(true);
  });

  it('the page-world hooks report geolocation and camera calls, and the calls still work', async () => {
    // A fresh tab in front: Firefox holds a background tab's position request until it is shown.
    const { page } = await ff.audit(server.url('/clean-checkout.html?calls'));
    const position = await page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          navigator.geolocation.getCurrentPosition(
            (p) => resolve(`${p.coords.latitude.toFixed(4)},${p.coords.longitude.toFixed(4)}`),
            (e) => resolve(`error ${e.code}`),
          ),
        ),
    );
    const cameras = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true });
      stream.getTracks().forEach((t) => t.stop());
      return stream.getVideoTracks().length;
    });
    expect([position, cameras]).toEqual(['31.2304,121.4737', 1]);
    const url = server.url('/clean-checkout.html?calls');
    await expect
      .poll(
        async () =>
          (await ff.reportForUrl(url))?.findings
            .filter((f) => f.source === 'api')
            .map((f) => f.api)
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual(['geolocation.getCurrentPosition', 'mediaDevices.getUserMedia']);
    await page.close();
  });

  it('approximate location: the page gets a snapped position with the grid’s accuracy, never the true one', async () => {
    await ff.setSettings(settings({ sites: { '127.0.0.1': { location: 'approximate' } } }));
    const { page } = await ff.audit(server.url('/fixtures/location-ask.html'));
    const answer = (await page.evaluate(() => (window as unknown as { ask(): Promise<unknown> }).ask())) as {
      latitude: number;
      longitude: number;
      accuracy: number;
    };
    const grids = (await ff.ext.evaluate(
      async () => (await (globalThis as any).browser.storage.local.get('locationGrids')).locationGrids,
    )) as {
      metres: number;
    };
    expect(answer.accuracy).toBe(grids.metres);
    expect([answer.latitude, answer.longitude]).not.toEqual([31.230416, 121.473701]);
    expect(Math.abs(answer.latitude - 31.230416)).toBeLessThan(0.02);
    expect(Math.abs(answer.longitude - 121.473701)).toBeLessThan(0.02);
    await ff.setSettings(settings());
    await page.close();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`the popup explains the vending machine in ${lang} (screenshot)`, async () => {
      await ff.setSettings(settings({ language: lang }));
      const want = DEMO_SCENARIOS['vending-pay'];
      const file = lang === 'en' ? 'vending-pay.html' : 'vending-pay.zh.html';
      const popup = await ff.openPopup(audits.get(file)!.tabId!);
      const ui = uiStrings(lang);
      const names = rulesetNames(lang);
      await popup.waitForFunction(
        (text: string) => document.body.innerText.includes(text),
        { timeout: 10_000 },
        `${ui.gradeLabel} ${want.grade}`,
      );
      const text = await popup.evaluate(() => document.body.innerText);
      expect(text).toContain(fill(ui.scoreLabel, { score: String(want.score) }));
      for (const category of Object.keys(want.categories)) expect(text).toContain(names.categories[category]);
      await popup.screenshot({ path: path.join(SCREENSHOT_DIR, `firefox-popup-${lang === 'en' ? 'en' : 'zh'}-vending-pay.png`) });
      await popup.close();
    });
  }

  it('made no request beyond the test pages’ own server', () => {
    const foreign = ff.requests.filter((r) => !r.startsWith(`GET ${server.origin}/`));
    expect(foreign).toEqual([]);
    expect(ff.requests.length).toBeGreaterThan(8); // the recorder did see the pages
  });
});
