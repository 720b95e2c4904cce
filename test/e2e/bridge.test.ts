/**
 * Super-app bridge requests in a real Chromium with the built extension: the pages built from real
 * projects' H5 code (test/fixtures/bridge, see its manifest.json) and the two bridge demo pages, in an
 * ordinary browser and opened the way WeChat's or Alipay's web view would (the audit's --as). Every
 * bridge request is reported; the same pages with the bridge code removed get no finding at all; a
 * page that loads jweixin only for sharing gets none; and the page cannot tell the watch is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Finding, PageReport } from '../../src/shared/model';
import { auditUrl, waitForStableReport } from '../../src/dev/audit/audit';
import { launchWithExtension, type ExtensionSession } from '../../src/dev/audit/browser';
import { IN_APP_USER_AGENTS, recordingBridgeScript, type InApp } from '../../src/dev/audit/in-app';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import { DEMO_DIR, REPO_ROOT } from '../../src/dev/audit/targets';
import { openPopup, SCREENSHOT_DIR, skipReason } from './harness';

const BRIDGE_DIR = path.join(REPO_ROOT, 'test/fixtures/bridge');

/** Fixture → the categories its bridge findings must be, in an ordinary browser (mostly declared). */
const PLAIN: Record<string, string[]> = {
  'wx-hotel-location': ['camera', 'precise_location'],
  'wx-address-import': ['address', 'phone'],
  'wx-location-declared': ['precise_location'],
  'wxbridge-editaddress': ['address', 'phone'],
  'alipay-powerbank-nearby': ['precise_location'],
  'alipay-chooseimage-upload': ['camera'],
  'douyin-open-auth': ['profile'],
  'taro-h5-nearby': ['camera', 'precise_location'],
  'oauth-wechat-userinfo': ['profile'],
  'oauth-alipay-user': ['profile'],
  'phone-quick-login': ['phone'],
  // Share cards only, silent logins, navigation only: nothing.
  'wx-share-only': [],
  'oauth-wechat-base': [],
  'oauth-alipay-base': [],
  'douyin-webview-nav': [],
};

/** Inside the app (--as): the requests that become calls, with a click where the page needs one. */
const IN_APP: { app: InApp; page: string; click?: string; called: string[] }[] = [
  { app: 'wechat', page: 'wx-hotel-location', called: ['precise_location'] },
  { app: 'wechat', page: 'wx-address-import', click: '#wxImport', called: ['address', 'phone'] },
  { app: 'wechat', page: 'wxbridge-editaddress', called: ['address', 'phone'] },
  { app: 'wechat', page: 'taro-h5-nearby', called: ['precise_location'] },
  { app: 'alipay', page: 'alipay-powerbank-nearby', called: ['precise_location'] },
  { app: 'alipay', page: 'alipay-chooseimage-upload', click: '#cam', called: ['camera'] },
  { app: 'douyin', page: 'douyin-open-auth', called: ['phone', 'profile'] },
];

const bridgeCategories = (r: PageReport | null) =>
  [...new Set((r?.findings ?? []).filter((f) => f.source === 'bridge').map((f) => f.category))].sort();
const called = (r: PageReport | null) =>
  [...new Set((r?.findings ?? []).filter((f) => f.source === 'bridge' && !f.bridge?.declared).map((f) => f.category))].sort();
const describeFindings = (r: PageReport | null) =>
  JSON.stringify((r?.findings ?? []).map((f: Finding) => [f.category, f.source, f.evidence]));

describe.skipIf(!!skipReason)('super-app bridge requests in Chromium', () => {
  let server: StaticServer;
  const sessions: ExtensionSession[] = [];
  const session = async (app: InApp | null, lang: 'en' | 'zh-CN' = 'en') => {
    const s = await launchWithExtension({
      lang,
      ...(app ? { userAgent: IN_APP_USER_AGENTS[app], initScript: recordingBridgeScript(app) } : {}),
    });
    sessions.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startStaticServer([
      { prefix: '/', dir: DEMO_DIR },
      { prefix: '/bridge/', dir: BRIDGE_DIR },
    ]);
  });
  afterAll(async () => {
    for (const s of sessions) await s.close();
    await server?.close();
  });

  it('reports every bridge request of the real-project pages, and nothing on their twins without bridge code', async () => {
    const s = await session(null);
    for (const [name, categories] of Object.entries(PLAIN)) {
      for (const [file, want] of [
        [`${name}.html`, categories],
        [`${name}-nobridge.html`, []],
      ] as const) {
        const audit = await auditUrl(s, server.url(`/bridge/${file}`), 15_000);
        await audit.page.close();
        expect(bridgeCategories(audit.report), `${file}: ${describeFindings(audit.report)}`).toEqual(want);
        // The twin has no finding of any source; the share-only page no data finding at all.
        if (!want.length) expect(audit.report?.findings ?? [], `${file}: ${describeFindings(audit.report)}`).toEqual([]);
      }
    }
  });

  it('inside the app (--as) the declared requests become calls', async () => {
    for (const app of ['wechat', 'alipay', 'douyin'] as const) {
      const s = await session(app);
      for (const c of IN_APP.filter((c) => c.app === app)) {
        const url = server.url(`/bridge/${c.page}.html`);
        const audit = await auditUrl(s, url, 15_000);
        if (c.click) {
          await audit.page.click(c.click);
          // Let the report take the click's request in.
          audit.report = (await waitForStableReport(s, audit.page, Date.now() + 10_000, 1000)).report;
        }
        await audit.page.close();
        expect(called(audit.report), `${app} ${c.page}: ${describeFindings(audit.report)}`).toEqual(c.called);
      }
    }
  });

  it('the bridge demo pages: declared in a browser, called inside the app, in the platform’s words in the popup', async () => {
    const plain = await session(null);
    const shop = await auditUrl(plain, server.url('/miniprogram-shop.html'), 15_000);
    expect(bridgeCategories(shop.report)).toEqual(['address', 'camera', 'phone', 'precise_location', 'profile']);
    expect([shop.report?.grade, shop.report?.score]).toEqual(['C', 74]);
    const popup = await openPopup(plain, shop.tabId!);
    await expect.poll(() => popup.locator('.evidence').first().textContent()).toBeTruthy();
    const text = (await popup.locator('main, body').first().innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Declares it may ask WeChat for your precise location (GPS) — wx.getLocation');
    await popup.screenshot({ path: path.join(SCREENSHOT_DIR, 'popup-en-miniprogram-shop.png'), fullPage: true });

    const wechat = await session('wechat');
    const inApp = await auditUrl(wechat, server.url('/miniprogram-shop.html'), 15_000);
    expect(called(inApp.report)).toEqual(['precise_location']);
    expect([inApp.report?.grade, inApp.report?.score]).toEqual(['C', 64]);

    const alipay = await session('alipay', 'zh-CN');
    const vending = await auditUrl(alipay, server.url('/alipay-vending.zh.html'), 15_000);
    expect(called(vending.report)).toEqual(['precise_location']);
    expect(bridgeCategories(vending.report)).toEqual(['precise_location', 'profile']);
    expect(vending.report?.findings.some((f) => f.category === 'face' && f.source === 'api')).toBe(true);
    expect(vending.report?.grade).toBe('E');
    const zhPopup = await openPopup(alipay, vending.tabId!);
    await expect.poll(() => zhPopup.locator('.evidence').first().textContent()).toBeTruthy();
    const zhText = (await zhPopup.locator('body').innerText()).replace(/\s+/g, ' ');
    expect(zhText).toContain('向支付宝索取你的精确位置');
    await zhPopup.screenshot({ path: path.join(SCREENSHOT_DIR, 'popup-zh-alipay-vending.png'), fullPage: true });
  });

  it('the page sees what it saw without the extension: no bridge globals, SDK globals unchanged', async () => {
    const s = await session(null);
    const audit = await auditUrl(s, server.url('/bridge/wx-share-only.html'), 15_000);
    const seen = await audit.page.evaluate(() => {
      const d = Object.getOwnPropertyDescriptor(window, 'wx');
      return {
        bridge: typeof (window as unknown as { WeixinJSBridge?: unknown }).WeixinJSBridge,
        bridgeIn: 'WeixinJSBridge' in window || 'AlipayJSBridge' in window,
        wxIsData: !!d && 'value' in d && !('get' in d),
        sameObject: (window as unknown as { wx: unknown; jWeixin: unknown }).wx === (window as unknown as { jWeixin: unknown }).jWeixin,
        configName: (window as unknown as { wx: { config: { name: string; length: number } } }).wx.config.name,
      };
    });
    await audit.page.close();
    expect(seen).toEqual({ bridge: 'undefined', bridgeIn: false, wxIsData: true, sameObject: true, configName: 'config' });
  });
});
