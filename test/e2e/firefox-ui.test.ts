/**
 * The UI in real Firefox, as on a phone (Firefox for Android opens the popup and options page as
 * full-width tabs): at 360 px wide the popup, the options page and the in-page notes have no horizontal
 * scroll and every touch target is at least 44 × 44 px. axe-core (WCAG 2.1 A and AA) finds nothing on
 * the popup and the options page in English and Chinese. Screenshots: test/e2e/screenshots/firefox-*-360-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { StaticServer } from '../../src/dev/audit/server';
import { firefoxSkipReason, launchFirefox, settings, type FirefoxSession } from './firefox-harness';
import { SCREENSHOT_DIR, startDemoServer, uiStrings } from './harness';

const PHONE = 360;
const MIN_TARGET = 44;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Target {
  what: string;
  width: number;
  height: number;
}

/** Horizontal overflow and every visible control smaller than 44 × 44 px (inline links in text excepted, as WCAG does). */
function measure(page: Page): Promise<{ scrollWidth: number; innerWidth: number; small: Target[]; wide: string[] }> {
  return page.evaluate((min) => {
    const small: Target[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex="0"]',
    );
    for (const el of controls) {
      // A checkbox, radio or file input is tapped through its label, which is the target.
      const target = el.matches('input[type=checkbox], input[type=radio], input[type=file]') ? (el.closest('label') ?? el) : el;
      if (target.closest('details:not([open]) > :not(summary)')) continue;
      const rect = target.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (getComputedStyle(target).visibility === 'hidden') continue;
      // Links inside a sentence (a <p> or <li> with other text) are exempt (WCAG 2.5.5 "inline").
      if (el.tagName === 'A' && el.parentElement && (el.parentElement.textContent ?? '').trim() !== (el.textContent ?? '').trim()) continue;
      if (rect.width < min || rect.height < min) {
        const label = (el.getAttribute('aria-label') || el.textContent || (el as HTMLInputElement).name || el.tagName).trim().slice(0, 40);
        small.push({ what: `${el.tagName.toLowerCase()} "${label}"`, width: Math.round(rect.width), height: Math.round(rect.height) });
      }
    }
    // What sticks out on the right, innermost first, to say why the page scrolls sideways.
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-scroll'))
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5)
      .map((el) => `${el.localName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, small, wide };
  }, MIN_TARGET);
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe.skipIf(!!firefoxSkipReason)('Firefox: popup, options and in-page notes at 360 px; axe', () => {
  let server: StaticServer;
  let ff: FirefoxSession;
  let tabId: number;

  beforeAll(async () => {
    server = await startDemoServer();
    ff = await launchFirefox({ allowOrigins: [server.origin] });
    const audit = await ff.audit(server.url('/shop-checkout.html'));
    tabId = audit.tabId!;
  });
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    const short = lang === 'en' ? 'en' : 'zh';

    it(`popup (${lang}): axe finds nothing; at 360 px no horizontal scroll and 44 px targets`, async () => {
      await ff.setSettings(settings({ language: lang }));
      const popup = await ff.openPopup(tabId, 380, 760);
      await popup.waitForFunction((h: string) => document.body.innerText.includes(h), { timeout: 10_000 }, uiStrings(lang).gradeLabel);
      expect(await axeViolations(popup), `axe on the popup (${lang})`).toEqual([]);
      await popup.setViewport({ width: PHONE, height: 740 });
      // Open every "more" disclosure so its contents are measured too.
      await popup.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const m = await measure(popup);
      expect.soft(m.scrollWidth, `popup scrolls sideways at 360 px: ${m.wide.join(', ')}`).toBeLessThanOrEqual(m.innerWidth);
      expect(m.small, `popup touch targets under 44 px: ${JSON.stringify(m.small)}`).toEqual([]);
      await popup.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = false)));
      await popup.screenshot({ path: path.join(SCREENSHOT_DIR, `firefox-popup-360-${short}.png`) });
      await popup.close();
    });

    it(`options page (${lang}): axe finds nothing; at 360 px no horizontal scroll and 44 px targets`, async () => {
      await ff.setSettings(settings({ language: lang }));
      const options = await ff.browser.newPage();
      await options.setViewport({ width: 1280, height: 800 });
      await ff.gotoExt(options, '/options.html');
      await options.waitForFunction(
        (h: string) => document.body.innerText.includes(h),
        { timeout: 10_000 },
        uiStrings(lang)['options.rulesets.preview'],
      );
      expect(await axeViolations(options), `axe on the options page (${lang})`).toEqual([]);
      await options.setViewport({ width: PHONE, height: 740 });
      await options.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const m = await measure(options);
      expect.soft(m.scrollWidth, `options page scrolls sideways at 360 px: ${m.wide.join(', ')}`).toBeLessThanOrEqual(m.innerWidth);
      expect(m.small, `options touch targets under 44 px: ${JSON.stringify(m.small)}`).toEqual([]);
      await options.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = false)));
      await options.screenshot({ path: path.join(SCREENSHOT_DIR, `firefox-options-360-${short}.png`) });
      await options.close();
    });

    it(`in-page notes (${lang}) at 360 px: labels of 44 px and more, no horizontal scroll`, async () => {
      await ff.setSettings(settings({ language: lang }));
      const page = await ff.browser.newPage();
      await page.setViewport({ width: PHONE, height: 740 });
      const file = lang === 'en' ? '/shop-checkout.html' : '/shop-checkout.zh.html';
      await page.goto(server.url(file), { waitUntil: 'load' });
      // The notes live in a closed shadow root: find them by hit testing, as a finger would. Every point
      // whose topmost element is the notes' host belongs to a note; group them into boxes.
      const boxes = async () =>
        page.evaluate(() => {
          const step = 2;
          const hits = new Set<string>();
          for (let y = 0; y < innerHeight; y += step)
            for (let x = 0; x < innerWidth; x += step)
              if (document.elementFromPoint(x, y)?.localName === 'need-to-know-notes') hits.add(`${x},${y}`);
          const seen = new Set<string>();
          const found: { x: number; y: number; width: number; height: number }[] = [];
          for (const start of hits) {
            if (seen.has(start)) continue;
            let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
            const stack = [start];
            seen.add(start);
            while (stack.length) {
              const [x, y] = stack.pop()!.split(',').map(Number);
              [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
              for (const n of [`${x + step},${y}`, `${x - step},${y}`, `${x},${y + step}`, `${x},${y - step}`])
                if (hits.has(n) && !seen.has(n)) {
                  seen.add(n);
                  stack.push(n);
                }
            }
            found.push({ x: x0, y: y0, width: x1 - x0 + step, height: y1 - y0 + step });
          }
          return found;
        });
      await expect.poll(async () => (await boxes()).length, { timeout: 10_000 }).toBeGreaterThan(0);
      const found = await boxes();
      expect(
        found.filter((b) => b.width < MIN_TARGET || b.height < MIN_TARGET),
        'in-page notes smaller than 44 px',
      ).toEqual([]);
      const width = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      expect(width[0], 'page scrolls sideways with the notes').toBeLessThanOrEqual(width[1]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `firefox-inpage-360-${short}.png`) });

      // Tapped, a label opens its explanation: it fits the screen and the page still does not scroll sideways.
      const label = found[0];
      await page.mouse.click(label.x + label.width / 2, label.y + label.height / 2);
      await expect
        .poll(async () => Math.max(...(await boxes()).map((b) => b.width * b.height)), { timeout: 5_000 })
        .toBeGreaterThan(label.width * label.height * 2);
      const open = (await boxes()).sort((a, b) => b.width * b.height - a.width * a.height)[0];
      expect(open.x, 'explanation starts on screen').toBeGreaterThanOrEqual(0);
      expect(open.x + open.width, 'explanation ends on screen').toBeLessThanOrEqual(PHONE);
      const after = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      expect(after[0], 'page scrolls sideways with the explanation open').toBeLessThanOrEqual(after[1]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `firefox-inpage-360-${short}-open.png`) });
      await page.close();
    });
  }
});
