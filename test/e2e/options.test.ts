/**
 * The options page in a real Chromium with the built extension: import a ruleset from a file and
 * subscribe to one at a loopback URL, see each change a demo page's findings (an open tab is
 * rescored too), see a bad update (ReDoS pattern, then broken JSON) rejected while the old copy stays
 * in use, export both again byte for byte, and screenshot the page in English and Chinese.
 *
 * Permissions: Chrome grants the content scripts' <all_urls> at install, so the options page needs no
 * host-permission prompt here (it asks only where host access is withheld, e.g. Firefox). Headless
 * Chromium never answers such a prompt (permissions.request stays pending), so that path is not
 * exercised by this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { auditUrl, readTabReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import type { PageReport } from '../../src/shared/model';
import { badgeText, closeAll, fill, FIXTURES_DIR, launch, SCREENSHOT_DIR, skipReason, startDemoServer, uiStrings } from './harness';

/** Evaluated inside the service worker. */
declare const chrome: { tabs: { query(q: { url: string }): Promise<{ id?: number }[]> } };

const RULESETS = path.join(FIXTURES_DIR, 'rulesets');
const read = (file: string) => readFileSync(path.join(RULESETS, file));

/** Serves one mutable body at /list.json, like a ruleset author's server whose file changes. */
async function startRulesetServer(): Promise<{ url: string; serve(body: Buffer | string): void; close(): Promise<void> }> {
  let body: Buffer | string = '';
  const server = http.createServer((req, res) => {
    if (req.url !== '/list.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/list.json`,
    serve: (b) => void (body = b),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const categories = (r: PageReport | null) => [...new Set(r?.findings.map((f) => f.category))].sort();
const necessityOf = (r: PageReport | null, category: string) => r?.findings.find((f) => f.category === category)?.necessity;

describe.skipIf(!!skipReason)('options page: rulesets from a file and a URL, bad updates, export', () => {
  let demo: StaticServer;
  let lists: Awaited<ReturnType<typeof startRulesetServer>>;
  let session: ExtensionSession;
  let options: Page;
  const en = uiStrings('en');

  const rowOf = (id: string) => options.locator(`[data-ruleset-id="${id}"]`);
  async function audit(file: string): Promise<PageReport | null> {
    const { page, report } = await auditUrl(session, demo.url('/' + file), 15_000);
    await page.close();
    return report;
  }
  /** Polls the background until the tab's report satisfies `ok` (rescoring runs after the change). */
  async function reportFor(url: string, ok: (r: PageReport | null) => boolean): Promise<PageReport | null> {
    let last: PageReport | null = null;
    for (let i = 0; i < 100; i++) {
      last = (await readTabReport(session, url)).report;
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    return last;
  }

  beforeAll(async () => {
    demo = await startDemoServer();
    lists = await startRulesetServer();
    session = await launch('en');
    options = await session.context.newPage();
    await options.setViewportSize({ width: 1100, height: 900 });
    await options.goto(`chrome-extension://${session.extensionId}/options.html`);
    await rowOf('need-to-know.core').waitFor();
  });
  afterAll(() => closeAll(session, lists, demo));

  it('rejects a broken file whole, with the path and reason of each problem, and changes nothing', async () => {
    await options
      .locator('input[type=file]')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: read('shop-gender-redos.json') });
    const rejected = options.locator('.preview--rejected');
    await rejected.waitFor();
    await expect.poll(() => rejected.textContent()).toContain('$.fieldRules[0].text');
    expect(await rejected.textContent()).toContain('exponential time');
    await rejected.getByRole('button', { name: en['options.preview.close'] }).click();
    expect(await options.locator('[data-ruleset-id]').count()).toBe(1);
  });

  it('imports a ruleset from a file after a preview, and it changes the findings of open and new pages', async () => {
    // An open tab from before the import: it is rescored from its stored observations.
    const { page: openTab, url: openUrl, report: before } = await auditUrl(session, demo.url('/shop-checkout.html'), 15_000);
    expect(categories(before)).not.toContain('full_name');

    await options.locator('input[type=file]').setInputFiles(path.join(RULESETS, 'full-name.json'));
    const preview = options.locator('.preview');
    await preview.waitFor();
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('Full names (test ruleset)');
    expect(text).toContain('test.full-name');
    expect(text).toContain('full_name'); // the new category, by id
    await preview.getByRole('button', { name: en['options.preview.apply'] }).click();
    await rowOf('test.full-name').waitFor();

    const rescored = await reportFor(openUrl, (r) => categories(r).includes('full_name'));
    expect(categories(rescored)).toContain('full_name');
    await openTab.close();
    const after = await audit('shop-checkout.html');
    const name = after?.findings.find((f) => f.category === 'full_name');
    expect(name?.ruleId).toBe('test.full_name.autocomplete');
    expect(name?.element?.selector).toBe('#fullName');
  });

  it('subscribes to a loopback URL after a preview; the subscription changes what a shop needs', async () => {
    expect(necessityOf(await audit('shop-checkout.html'), 'gender')).toBe('unnecessary');
    lists.serve(read('shop-gender.json'));
    await options.getByLabel(en['options.rulesets.url']).fill(lists.url);
    await options.getByRole('button', { name: en['options.rulesets.preview'] }).click();
    const preview = options.locator('.preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('gender');
    await preview.getByRole('button', { name: en['options.preview.apply'] }).click();
    await rowOf('test.shop-gender').waitFor();
    expect(await rowOf('test.shop-gender').textContent()).toContain(lists.url);
    expect(necessityOf(await audit('shop-checkout.html'), 'gender')).toBe('necessary');
  });

  it('rejects a bad update (ReDoS pattern, then broken JSON) and keeps the last good copy in use', async () => {
    const row = rowOf('test.shop-gender');
    lists.serve(read('shop-gender-redos.json'));
    await row.getByRole('button', { name: en['options.rulesets.updateNow'] }).click();
    await expect
      .poll(() =>
        row
          .locator('.ruleset__error')
          .textContent()
          .catch(() => ''),
      )
      .toContain('$.fieldRules[0].text');
    expect(await row.textContent()).toContain('1.0.0'); // still the old version
    expect(necessityOf(await audit('shop-checkout.html'), 'gender')).toBe('necessary');

    lists.serve('{ "formatVersion": 1, "id": "test.shop-gender", ');
    await row.getByRole('button', { name: en['options.rulesets.updateNow'] }).click();
    await expect
      .poll(() =>
        row
          .locator('.ruleset__error')
          .textContent()
          .catch(() => ''),
      )
      .toContain('not valid JSON');
    expect(necessityOf(await audit('shop-checkout.html'), 'gender')).toBe('necessary');
  });

  it('exports each ruleset byte for byte as it was imported', async () => {
    for (const [id, file] of [
      ['test.full-name', 'full-name.json'],
      ['test.shop-gender', 'shop-gender.json'],
    ]) {
      const [download] = await Promise.all([
        options.waitForEvent('download'),
        rowOf(id).getByRole('button', { name: en['options.rulesets.export'] }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${id}.json`);
      expect(readFileSync(await download.path()).equals(read(file)), `${id} export`).toBe(true);
    }
  });

  it('made network requests only to the address the user subscribed to', () => {
    expect(session.extensionRequests.length).toBeGreaterThan(0);
    expect([...new Set(session.extensionRequests)]).toEqual([lists.url]);
  });

  it('ignoring a site, or pausing, stops checking its pages (no report, no badge) until undone', async () => {
    const site = options.locator('input[name=site]');
    await site.fill(demo.url('/shop-checkout.html'));
    await options.getByRole('button', { name: en['options.sites.add'], exact: true }).click();
    await options.locator('[data-site="127.0.0.1"]').waitFor();
    const ignored = await auditUrl(session, demo.url('/shop-checkout.html'), 15_000);
    expect(ignored.report).toBeNull();
    const tabId = await session.inWorker(async (url) => (await chrome.tabs.query({ url }))[0]?.id ?? -1, ignored.url);
    expect(tabId).toBeGreaterThanOrEqual(0);
    expect(await badgeText(session, tabId)).toBe('');
    await ignored.page.close();

    await options.getByLabel(fill(en['options.sites.ignoreLabel'], { site: '127.0.0.1' })).uncheck();
    expect((await audit('shop-checkout.html'))?.grade).toMatch(/^[A-E]$/);

    await options.locator('input[name=paused]').check();
    expect(await audit('shop-checkout.html')).toBeNull();
    await options.locator('input[name=paused]').uncheck();
    expect((await audit('shop-checkout.html'))?.grade).toMatch(/^[A-E]$/);
  });

  it('looks right in English and in Chinese (screenshots)', async () => {
    await options.reload();
    await rowOf('test.shop-gender').locator('.ruleset__error').waitFor();
    await options.screenshot({ path: path.join(SCREENSHOT_DIR, 'options-en.png'), fullPage: true });

    // The language choice applies at once, without a reload.
    await options.locator('select[name=language]').selectOption('zh-CN');
    const zh = uiStrings('zh-CN');
    await options.getByRole('heading', { name: zh['options.rulesets.heading'], exact: true }).waitFor();
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await options.screenshot({ path: path.join(SCREENSHOT_DIR, 'options-zh.png'), fullPage: true });
    await options.locator('select[name=language]').selectOption('auto');
  });
});
