/**
 * The debug hook for the audit CLI and e2e tests (read through the worker's devtools protocol). It
 * reads the DB, not the worker's memory, so it answers the same after the worker was restarted.
 */
import type { NeedToKnowDebug } from '../messaging/debug-hook';
import { allTabs } from '../store/tabs';
import type { TabReports } from './tab-reports';

export function createDebugHook(tabReports: TabReports): NeedToKnowDebug {
  async function tabIdForUrl(url: string): Promise<number | null> {
    const matches = (await allTabs()).filter((t) => t.topUrl === url).sort((a, b) => b.updatedAt - a.updatedAt);
    return matches[0]?.tabId ?? null;
  }
  return {
    tabIdForUrl,
    reportForTab: (tabId) => tabReports.reportForTab(tabId),
    async reportForUrl(url) {
      const tabId = await tabIdForUrl(url);
      return tabId === null ? null : tabReports.reportForTab(tabId);
    },
  };
}
