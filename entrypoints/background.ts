import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { onMessage } from '@/src/messaging/messenger';
import type { FieldVerdict, RulesetTexts } from '@/src/messaging/protocol';
import type { HistoryEntry, PageReport } from '@/src/model';
import { DEBUG_GLOBAL } from '@/src/messaging/debug-hook';
import { activeRuleset } from '@/src/background/ruleset';
import { createTabReports } from '@/src/background/tab-reports';
import { createHandlers } from '@/src/background/handlers';
import { createDebugHook } from '@/src/background/debug';

// Wiring only. MV3 may stop this worker at any time: every listener is registered synchronously here,
// and all state lives in IndexedDB (src/store).
export default defineBackground(() => {
  const startedAt = Date.now();
  activeRuleset(); // compile now, so a broken bundled ruleset fails loudly at start-up
  const tabReports = createTabReports({ ruleset: activeRuleset });
  const handlers = createHandlers({ tabReports, ruleset: activeRuleset });

  // Casts: a handler answers undefined to a message that fails its checks; the protocol types only the happy path.
  onMessage('reportFrame', (m) => handlers.reportFrame(m) as Promise<Record<string, FieldVerdict>>);
  onMessage('getTabReport', (m) => handlers.getTabReport(m) as Promise<PageReport | null>);
  onMessage('getHistory', (m) => handlers.getHistory(m) as Promise<HistoryEntry[]>);
  onMessage('getRulesetTexts', (m) => handlers.getRulesetTexts(m) as Promise<RulesetTexts>);

  browser.tabs.onRemoved.addListener((tabId) => void tabReports.forget(tabId).catch(() => undefined));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) void tabReports.urlChanged(tabId, change.url).catch(() => undefined);
  });
  // Tab ids start over when the browser starts: yesterday's tab 5 is not today's.
  browser.runtime.onStartup.addListener(() => void tabReports.forgetOlderThan(startedAt).catch(() => undefined));

  (globalThis as Record<string, unknown>)[DEBUG_GLOBAL] = createDebugHook(tabReports);
});
