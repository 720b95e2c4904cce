/**
 * Host permissions in real Firefox, where the user can withhold them: installed without host access
 * (`extensions.originControls.grantByDefault` off), the extension reads no page at all. Subscribing to
 * a ruleset from the options page asks Firefox for that one host inside the click (Firefox answers the
 * prompt itself here: `extensions.webextOptionalPermissionPrompts` off), downloads the list — the only
 * request the extension makes, seen by the recording proxy — and from then on pages of that host are
 * checked with the subscribed rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import { firefoxSkipReason, launchFirefox, type FirefoxSession } from './firefox-harness';
import { FIXTURES_DIR, startDemoServer, uiStrings } from './harness';

const hasHost = (ff: FirefoxSession, origin: string) =>
  ff.ext.evaluate((o) => (globalThis as any).browser.permissions.contains({ origins: [o] }), origin) as Promise<boolean>;

describe.skipIf(!!firefoxSkipReason)('Firefox: host access withheld, then asked for one subscription host', () => {
  let demo: StaticServer;
  let lists: StaticServer;
  let ff: FirefoxSession;
  const en = uiStrings('en');

  beforeAll(async () => {
    demo = await startDemoServer();
    lists = await startStaticServer([{ prefix: '/', dir: path.join(FIXTURES_DIR, 'rulesets') }]);
    ff = await launchFirefox({ grantHostsAtInstall: false, permissionPrompts: false, allowOrigins: [demo.origin, lists.origin] });
  });
  afterAll(async () => {
    await ff?.close();
    await lists?.close();
    await demo?.close();
  });

  it('without host access it reads no page', async () => {
    expect(await hasHost(ff, 'http://127.0.0.1/*')).toBe(false);
    const { page, report } = await ff.audit(demo.url('/shop-checkout.html'), 4_000);
    expect(report).toBeNull();
    await page.close();
  });

  it('subscribing asks for the list’s host in the click, downloads it once, and applies it', async () => {
    const url = lists.url('/shop-gender.json');
    await ff.ext.type('input[name=url]', url);
    await ff.ext.click('form.add__box button[type=submit]');
    await ff.ext.waitForSelector('.preview', { timeout: 10_000 });
    expect(await hasHost(ff, 'http://127.0.0.1/*'), 'the host was asked for and granted').toBe(true);
    await ff.ext.click(`.preview button::-p-text(${en['options.preview.apply']})`);
    await ff.ext.waitForSelector('[data-ruleset-id="test.shop-gender"]', { timeout: 10_000 });
    // Only that host: nothing else was granted.
    const origins = (await ff.ext.evaluate(async () => (await (globalThis as any).browser.permissions.getAll()).origins)) as string[];
    expect(origins).toEqual(['http://127.0.0.1/*']);
    // The recorder sees the worker's download (so it would see any other request), and there is no other.
    expect(ff.requests.filter((r) => r.startsWith(`GET ${lists.origin}/`))).toEqual([`GET ${url}`]);
    expect(ff.requests.filter((r) => !r.startsWith(`GET ${lists.origin}/`) && !r.startsWith(`GET ${demo.origin}/`))).toEqual([]);
  });

  it('with the host granted, its pages are checked, with the subscribed rules', async () => {
    const { page, report } = await ff.audit(demo.url('/shop-checkout.html'));
    expect(report?.findings.find((f) => f.category === 'gender')?.necessity).toBe('necessary');
    await page.close();
  });
});
