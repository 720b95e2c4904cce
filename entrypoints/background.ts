import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { onMessage } from '@/src/messaging/messenger';
import type { FieldVerdict, LocationPolicy, RulesetTexts } from '@/src/messaging/protocol';
import type { HistoryEntry, PageReport } from '@/src/shared/model';
import { DEBUG_GLOBAL } from '@/src/messaging/debug-hook';
import { activeRuleset, currentRuleset, invalidateActiveRuleset } from '@/src/background/active-ruleset';
import { createRulesetManager } from '@/src/background/ruleset-manager';
import { applySettings, HISTORY_ALARM, HISTORY_ALARM_PERIOD_MINUTES } from '@/src/background/settings-effects';
import { pruneHistory } from '@/src/store/history';
import { onSettingsChanged } from '@/src/store/settings';
import { createTabReports } from '@/src/background/tab-reports';
import { createHandlers } from '@/src/background/handlers';
import { createDebugHook } from '@/src/background/debug';

// Wiring only. MV3 may stop this worker at any time: every listener is registered synchronously here,
// and all state lives in IndexedDB (src/store).
export default defineBackground(() => {
  const startedAt = Date.now();
  activeRuleset(); // compile now, so a broken bundled ruleset fails loudly at start-up
  // Scoring waits for the user's rulesets (IndexedDB) to be merged in; a change rescores open tabs.
  const tabReports = createTabReports({ ruleset: currentRuleset });
  const rulesets = createRulesetManager({
    alarms: browser.alarms,
    active: currentRuleset,
    onChange: () => {
      invalidateActiveRuleset();
      void tabReports.rescoreAll().catch(() => undefined);
    },
  });
  const handlers = createHandlers({ tabReports, ruleset: currentRuleset, rulesets });

  // Casts: a handler answers undefined to a message that fails its checks; the protocol types only the happy path.
  onMessage('reportFrame', (m) => handlers.reportFrame(m) as Promise<Record<string, FieldVerdict>>);
  onMessage('hideNotesOnSite', (m) => handlers.hideNotesOnSite(m) as Promise<boolean>);
  onMessage('locationPolicy', (m) => handlers.locationPolicy(m) as Promise<LocationPolicy>);
  onMessage('locationGiven', (m) => handlers.locationGiven(m) as Promise<boolean>);
  onMessage('getTabReport', (m) => handlers.getTabReport(m) as Promise<PageReport | null>);
  onMessage('getHistory', (m) => handlers.getHistory(m) as Promise<HistoryEntry[]>);
  onMessage('getRulesetTexts', (m) => handlers.getRulesetTexts(m) as Promise<RulesetTexts>);
  // The options page's messages; each handler checks the sender and the payload itself.
  onMessage('listRulesets', (m) => handlers.listRulesets(m) as never);
  onMessage('previewRuleset', (m) => handlers.previewRuleset(m) as never);
  onMessage('addRuleset', (m) => handlers.addRuleset(m) as never);
  onMessage('setRulesetEnabled', (m) => handlers.setRulesetEnabled(m) as never);
  onMessage('reorderRulesets', (m) => handlers.reorderRulesets(m) as never);
  onMessage('removeRuleset', (m) => handlers.removeRuleset(m) as never);
  onMessage('exportRuleset', (m) => handlers.exportRuleset(m) as never);
  onMessage('getRuleset', (m) => handlers.getRuleset(m) as never);
  onMessage('updateRuleset', (m) => handlers.updateRuleset(m) as never);
  onMessage('deleteHistory', (m) => handlers.deleteHistory(m) as never);

  // Subscriptions update on their own alarms; history retention runs daily (and on every write).
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === HISTORY_ALARM) void pruneHistory().catch(() => undefined);
    else void rulesets.handleAlarm(alarm.name).catch(() => undefined);
  });
  void rulesets.ensureAlarms().catch(() => undefined);
  void browser.alarms
    .get(HISTORY_ALARM)
    .then(async (alarm) => {
      if (!alarm) await browser.alarms.create(HISTORY_ALARM, { periodInMinutes: HISTORY_ALARM_PERIOD_MINUTES });
    })
    .catch(() => undefined);
  onSettingsChanged((settings) => void applySettings(settings, tabReports).catch(() => undefined));

  browser.tabs.onRemoved.addListener((tabId) => void tabReports.forget(tabId).catch(() => undefined));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) void tabReports.urlChanged(tabId, change.url).catch(() => undefined);
  });
  // Tab ids start over when the browser starts: yesterday's tab 5 is not today's.
  browser.runtime.onStartup.addListener(() => void tabReports.forgetOlderThan(startedAt).catch(() => undefined));

  (globalThis as Record<string, unknown>)[DEBUG_GLOBAL] = createDebugHook(tabReports);
});
