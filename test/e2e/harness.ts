/**
 * Shared setup for the real-browser tests: the built extension in Debian's Chromium, the demo pages
 * and fixtures on a loopback server, and helpers to read what the extension knows and stores.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { extensionMissingReason, launchWithExtension, type ExtensionSession } from '../../src/dev/audit/browser';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import { DEMO_DIR, REPO_ROOT } from '../../src/dev/audit/targets';
import type { Lang } from '../../src/shared/model';

/** The few extension APIs these helpers call inside the service worker (evaluated there, not here). */
declare const chrome: {
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
  i18n: { getUILanguage(): string };
  storage: Record<'local' | 'session' | 'sync', { get(keys: null): Promise<Record<string, unknown>> }>;
};

export const FIXTURES_DIR = path.join(REPO_ROOT, 'test/e2e/fixtures');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test/e2e/screenshots');

/** Why the e2e tests cannot run here, or null. Printed once so a skip is never silent. */
export const skipReason = extensionMissingReason();
if (skipReason) console.warn(`[e2e] skipped: ${skipReason}`);

/** Demo pages at "/", test fixtures at "/fixtures/". */
export async function startDemoServer(): Promise<StaticServer> {
  return startStaticServer([
    { prefix: '/', dir: DEMO_DIR },
    { prefix: '/fixtures/', dir: FIXTURES_DIR },
  ]);
}

export async function launch(lang: Lang = 'en', extensionDir?: string): Promise<ExtensionSession> {
  const session = await launchWithExtension({ lang, extensionDir });
  // Let the demo pages' location request resolve (the hook records the call either way).
  await session.context.grantPermissions(['geolocation']);
  await session.context.setGeolocation({ latitude: 31.2304, longitude: 121.4737, accuracy: 10 });
  return session;
}

/** Opens the popup in a tab for `tabId` (a popup in a tab would otherwise see itself as the active tab). */
export async function openPopup(session: ExtensionSession, tabId: number): Promise<Page> {
  const popup = await session.context.newPage();
  // The popup is 380 px wide; screenshots show its first screen (grade, verdict, the worst findings).
  await popup.setViewportSize({ width: 380, height: 760 });
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

export function uiLanguage(session: ExtensionSession): Promise<string> {
  return session.inWorker(() => chrome.i18n.getUILanguage(), null);
}

export function badgeText(session: ExtensionSession, tabId: number): Promise<string> {
  return session.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Everything the extension keeps: every IndexedDB database and store, and chrome.storage. */
export function dumpExtensionStorage(session: ExtensionSession): Promise<string> {
  return session.inWorker(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const idb: Record<string, Record<string, { keys: unknown[]; values: unknown[] }>> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      idb[info.name] = {};
      for (const store of Array.from(db.objectStoreNames)) {
        const os = db.transaction(store, 'readonly').objectStore(store);
        idb[info.name][store] = { keys: await request(os.getAllKeys()), values: await request(os.getAll()) };
      }
      db.close();
    }
    const storage = {
      local: await chrome.storage.local.get(null),
      session: await chrome.storage.session.get(null).catch(() => ({})),
      sync: await chrome.storage.sync.get(null).catch(() => ({})),
    };
    return JSON.stringify({ idb, storage });
  }, null);
}

/** Stops every service worker of the profile (ours included) through the devtools protocol. */
export async function stopServiceWorkers(session: ExtensionSession, extensionPage: Page): Promise<void> {
  const cdp = await session.context.newCDPSession(extensionPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** UI strings of the popup, read from its locale files so the tests never guess wording. */
export function uiStrings(lang: Lang): Record<string, string> {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, `src/shared/locales/${lang}.json`), 'utf8'));
}

/** Names from the bundled ruleset (category, service kind, page kind), in `lang` with English fallback. */
export function rulesetNames(lang: Lang): {
  categories: Record<string, string>;
  serviceKinds: Record<string, string>;
  pageKinds: Record<string, string>;
} {
  const file = path.join(REPO_ROOT, 'src/engine/rules/builtin/core.json');
  if (!existsSync(file)) throw new Error('src/engine/rules/builtin/core.json is missing');
  const rs = JSON.parse(readFileSync(file, 'utf8')) as {
    categories: { id: string; name: Record<string, string> }[];
    serviceKinds: { id: string; name: Record<string, string> }[];
    pageKinds: { id: string; name: Record<string, string> }[];
  };
  const names = (list: { id: string; name: Record<string, string> }[]) =>
    Object.fromEntries(list.map((x) => [x.id, x.name[lang] ?? x.name.en]));
  return { categories: names(rs.categories), serviceKinds: names(rs.serviceKinds), pageKinds: names(rs.pageKinds) };
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? `{${k}}`);
}

/**
 * The launch most e2e files share: the demo pages on a loopback server, and Chromium with the built
 * extension in the given UI language. Close both with closeAll in afterAll.
 */
export async function openDemoBrowser(lang: Lang = 'en'): Promise<{ server: StaticServer; session: ExtensionSession }> {
  const server = await startDemoServer();
  return { server, session: await launch(lang) };
}

/** Closes what a file opened, in order, skipping what never opened (a failed beforeAll). */
export async function closeAll(...things: ({ close(): unknown } | undefined | null)[]): Promise<void> {
  for (const thing of things) await thing?.close();
}
