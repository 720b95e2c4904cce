/**
 * The store listings' screenshots, made in real Firefox from the built extension: 1280 × 800 PNGs in
 * English and Simplified Chinese (src/dev/store/screenshots/{en,zh-CN}-*.png). Each shows a demo page
 * with its in-page notes and, beside it, the popup for that tab — composed by Firefox itself from two
 * screenshots — or the options page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StaticServer } from '../../src/dev/audit/server';
import { REPO_ROOT } from '../../src/dev/audit/targets';
import { firefoxSkipReason, launchFirefox, settings, type FirefoxSession } from './firefox-harness';
import { startDemoServer, uiStrings } from './harness';

const STORE_SHOTS = path.join(REPO_ROOT, 'src/dev/store/screenshots');
const [WIDTH, HEIGHT] = [1280, 800];
const SCENES = ['shop-checkout', 'vending-pay'] as const;

describe.skipIf(!!firefoxSkipReason)('Firefox: store screenshots, 1280 × 800, en and zh-CN', () => {
  let server: StaticServer;
  let ff: FirefoxSession;

  beforeAll(async () => {
    mkdirSync(STORE_SHOTS, { recursive: true });
    server = await startDemoServer();
    ff = await launchFirefox({ allowOrigins: [server.origin] });
  });
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    for (const scene of SCENES) {
      it(`${lang}: ${scene} with its notes and popup`, async () => {
        await ff.setSettings(settings({ language: lang }));
        const file = `/${scene}${lang === 'en' ? '' : '.zh'}.html`;
        const { page, tabId } = await ff.audit(server.url(file));
        await page.setViewport({ width: 860, height: HEIGHT });
        await new Promise((r) => setTimeout(r, 1000)); // the notes re-place themselves after a resize
        const pageShot = await page.screenshot({ encoding: 'base64' });
        const popup = await ff.openPopup(tabId!, 380, 720);
        await popup.waitForFunction((h: string) => document.body.innerText.includes(h), { timeout: 10_000 }, uiStrings(lang).gradeLabel);
        const popupShot = await popup.screenshot({ encoding: 'base64' });
        await popup.close();
        await page.close();

        const canvas = await ff.browser.newPage();
        await canvas.setViewport({ width: WIDTH, height: HEIGHT });
        await canvas.setContent(
          `<!doctype html><body style="margin:0;width:${WIDTH}px;height:${HEIGHT}px;background:#e9edf1;position:relative;overflow:hidden">` +
            `<img src="data:image/png;base64,${pageShot}" style="position:absolute;left:0;top:0;width:860px;height:${HEIGHT}px">` +
            `<img src="data:image/png;base64,${popupShot}" style="position:absolute;left:884px;top:40px;width:380px;height:720px;` +
            `border-radius:8px;box-shadow:0 6px 24px #0005">`,
          { waitUntil: 'load' },
        );
        const out = path.join(STORE_SHOTS, `${lang}-${scene}.png`);
        await canvas.screenshot({ path: out });
        const size = await canvas.evaluate(() => [document.images[0].naturalWidth, document.images[1].naturalWidth]);
        expect(size).toEqual([860, 380]);
        await canvas.close();
      });
    }

    it(`${lang}: the options page`, async () => {
      await ff.setSettings(settings({ language: lang }));
      const options = await ff.browser.newPage();
      await options.setViewport({ width: WIDTH, height: HEIGHT });
      await ff.gotoExt(options, '/options.html');
      await options.waitForFunction(
        (h: string) => document.body.innerText.includes(h),
        { timeout: 10_000 },
        uiStrings(lang)['options.rulesets.preview'],
      );
      await options.screenshot({ path: path.join(STORE_SHOTS, `${lang}-options.png`) });
      await options.close();
    });
  }
});
