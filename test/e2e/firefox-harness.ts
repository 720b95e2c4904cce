/**
 * The built Firefox extension (.output/firefox-mv3) in Debian's firefox-esr, driven by puppeteer-core
 * over WebDriver BiDi with the stock binary. The add-on is installed from its folder (a temporary
 * add-on, as about:debugging does); the pref `extensions.webextensions.uuids` fixes its moz-extension
 * UUID, so the popup and options page can be opened by URL in a tab.
 *
 * Every request Firefox makes goes through a recording proxy on 127.0.0.1 (loopback included): requests
 * to the test's own servers are passed on, anything else is refused, and all are listed in `requests`.
 */
import http from 'node:http';
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { PageReport } from '../../src/shared/model';
import { DEFAULT_SETTINGS, type Settings } from '../../src/store/settings';
import { REPO_ROOT } from '../../src/dev/audit/targets';
import { DEBUG_GLOBAL } from '../../src/messaging/debug-hook';

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.join(REPO_ROOT, process.env.NTK_OUT_DIR || '.output', 'firefox-mv3');
const UUID = '6f1c2b9e-4d1a-4c3b-9a57-0b7e2f8d1c11';

/** Why the Firefox e2e tests cannot run here, or null. Printed once so a skip is never silent. */
export const firefoxSkipReason = !existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))
  ? 'no built Firefox extension: run npm run build:firefox first'
  : !existsSync(FIREFOX_PATH)
    ? `no Firefox at ${FIREFOX_PATH}: install Debian's firefox-esr (apt-get install firefox-esr), see .ci/run`
    : null;
if (firefoxSkipReason) console.warn(`[e2e firefox] skipped: ${firefoxSkipReason}`);

export interface FirefoxOptions {
  /** The unpacked build (default) or a packaged .zip/.xpi to install. */
  extension?: string;
  /** Firefox's default: grant the manifest's host access (the content scripts' <all_urls>) at install. */
  grantHostsAtInstall?: boolean;
  /** Origins (scheme://host:port) the proxy passes requests on to; everything else is refused. */
  allowOrigins?: string[];
  /** Firefox's optional-permission prompt; off means Firefox answers permissions.request itself, "allow". */
  permissionPrompts?: boolean;
}

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://<uuid> */
  base: string;
  /** An extension page (options.html) kept open: it has the full `browser.*` API and drives the rest. */
  ext: Page;
  /** Every request Firefox made, as "METHOD url" (CONNECT host:port for https). */
  requests: string[];
  allow(origin: string): void;
  gotoExt(page: Page, pathAndQuery: string): Promise<void>;
  tabIdForUrl(url: string): Promise<number | null>;
  reportForUrl(url: string): Promise<PageReport | null>;
  /** Opens `url` in a new tab and waits until its report has settled. */
  audit(url: string, timeoutMs?: number): Promise<{ page: Page; tabId: number | null; report: PageReport | null }>;
  setSettings(settings: Settings): Promise<void>;
  openPopup(tabId: number, width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;

function startProxy(requests: string[], allowed: Set<string>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(`${req.method} ${url}`);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return void res.writeHead(400).end();
    }
    if (!LOOPBACK.test(target.hostname) || !allowed.has(target.origin)) return void res.writeHead(502).end('refused by the test proxy');
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket: net.Socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function launchFirefox(opts: FirefoxOptions = {}): Promise<FirefoxSession> {
  // The id is the same in the folder and in a zip made of it.
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'));
  const addonId: string = manifest.browser_specific_settings.gecko.id;
  const requests: string[] = [];
  const allowed = new Set(opts.allowOrigins ?? []);
  const proxy = await startProxy(requests, allowed);
  const proxyPort = (proxy.address() as net.AddressInfo).port;
  const firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Lets services.settings.server (below) take effect: Firefox ignores it otherwise.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    // WebDriver BiDi navigates to moz-extension:// only with the Remote Agent's system access.
    args: ['-remote-allow-system-access'],
    // Written into the fresh profile's user.js.
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: UUID }),
      'extensions.originControls.grantByDefault': opts.grantHostsAtInstall ?? true,
      'extensions.webextOptionalPermissionPrompts': opts.permissionPrompts ?? true,
      // Everything through the recording proxy, loopback too.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      // A position without a prompt or a network provider; fake camera, no prompt.
      'geo.prompt.testing': true,
      'geo.prompt.testing.allow': true,
      'geo.provider.testing': true,
      'geo.provider.network.url': 'data:application/json,' + JSON.stringify({ location: { lat: 31.230416, lng: 121.473701 }, accuracy: 8 }),
      'geo.provider.use_geoclue': false,
      'geo.provider.use_gpsd': false,
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // Firefox's own traffic that puppeteer's defaults leave on.
      'network.connectivity-service.enabled': false,
      'network.captive-portal-service.enabled': false,
      'browser.region.network.url': '',
      'browser.region.update.enabled': false,
      'extensions.getAddons.cache.enabled': false,
      'services.settings.server': 'http://127.0.0.1:9/',
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      'network.predictor.enabled': false,
    },
  });
  try {
    await firefox.installExtension(opts.extension ?? FIREFOX_EXTENSION_DIR);
    const base = `moz-extension://${UUID}`;

    // page.goto(moz-extension://…) navigates, but puppeteer never sees that navigation finish (it loads
    // in the extension process): fire it and poll the document instead.
    const gotoExt = async (page: Page, pathAndQuery: string, timeoutMs = 15_000) => {
      const url = base + pathAndQuery;
      page.goto(url, { timeout: timeoutMs }).catch(() => undefined);
      const until = Date.now() + timeoutMs;
      for (;;) {
        const state = await page.evaluate(() => [location.href, document.readyState]).catch(() => null);
        if (state && state[0] === url && state[1] === 'complete') return;
        if (Date.now() > until) throw new Error(`${url}: still at ${JSON.stringify(state)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const ext = await firefox.newPage();
    await gotoExt(ext, '/options.html');

    // The background is an event page in Firefox MV3; getBackgroundPage wakes it. JSON across the
    // boundary, because its objects reach the options page wrapped.
    const fromDebugHook = <T>(method: string, arg: unknown): Promise<T> =>
      ext.evaluate(
        async (hook, method, arg) => {
          const bg = await (globalThis as any).browser.runtime.getBackgroundPage();
          const result = await bg[hook][method](arg);
          return JSON.parse(bg.JSON.stringify(result ?? null));
        },
        DEBUG_GLOBAL,
        method,
        arg,
      ) as Promise<T>;

    const session: FirefoxSession = {
      browser: firefox,
      base,
      ext,
      requests,
      allow: (origin) => void allowed.add(origin),
      gotoExt,
      // tabs.query({url}) takes a match pattern, and one with a port matches nothing in Firefox: ask the hook.
      tabIdForUrl: (url) => fromDebugHook<number | null>('tabIdForUrl', url),
      reportForUrl: (url) => fromDebugHook<PageReport | null>('reportForUrl', url),
      async audit(url, timeoutMs = 15_000) {
        const page = await firefox.newPage();
        await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
        const until = Date.now() + timeoutMs;
        let last = '';
        let since = Date.now();
        let report: PageReport | null;
        for (;;) {
          report = await session.reportForUrl(url);
          const sig = JSON.stringify(report ? { ...report, updatedAt: 0 } : null);
          if (sig !== last) [last, since] = [sig, Date.now()];
          // Settled: unchanged for 500 ms once it has findings, 1.5 s while it has none.
          if (Date.now() - since >= (report?.findings.length ? 500 : 1500) || Date.now() > until) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        return { page, tabId: await session.tabIdForUrl(url), report };
      },
      setSettings: (settings) => ext.evaluate((s) => (globalThis as any).browser.storage.local.set({ settings: s }), settings),
      async openPopup(tabId, width = 380, height = 760) {
        const popup = await firefox.newPage();
        await popup.setViewport({ width, height });
        await gotoExt(popup, `/popup.html?tabId=${tabId}`);
        return popup;
      },
      async close() {
        await firefox.close().catch(() => {});
        await new Promise((r) => proxy.close(r));
      },
    };
    return session;
  } catch (err) {
    await firefox.close().catch(() => {});
    proxy.close();
    throw err;
  }
}

/** The settings the extension keeps in storage.local (src/store/settings.ts), with `patch`. */
export function settings(patch: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...patch };
}
