/**
 * What the background exposes on its global scope for the audit CLI and the e2e tests, which read it
 * with Playwright's `serviceWorker.evaluate`. Reachable only from the extension's own devtools/CDP,
 * never from pages or other extensions.
 */
import type { PageReport } from '../shared/model';

export interface NeedToKnowDebug {
  /** The tab whose top frame is at `url` (exact match, newest first), or null. */
  tabIdForUrl(url: string): Promise<number | null>;
  reportForTab(tabId: number): Promise<PageReport | null>;
  reportForUrl(url: string): Promise<PageReport | null>;
}

export const DEBUG_GLOBAL = 'needToKnowDebug';
