import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { onMessage } from '@/src/messaging/messenger';
import { DEBUG_GLOBAL } from '@/src/messaging/debug-hook';
import { activeRuleset, currentRuleset, invalidateActiveRuleset } from '@/src/background/active-ruleset';
import { createRulesetManager } from '@/src/background/ruleset-manager';
import { applySettings, HISTORY_ALARM, HISTORY_ALARM_PERIOD_MINUTES } from '@/src/background/settings-effects';
import { pruneHistory } from '@/src/store/history';
import { onSettingsChanged } from '@/src/store/settings';
import { createTabReports } from '@/src/background/tab-reports';
import { createHandlers, registerHandlers } from '@/src/background/handlers';
import { createDebugHook } from '@/src/background/debug';
import { correctionsWatcher, createCorrections } from '@/src/background/corrections';
import { enabledRulesets } from '@/src/background/stored-rulesets';

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
  const corrections = createCorrections({
    report: (tabId) => tabReports.reportForTab(tabId),
    rulesets: enabledRulesets,
    changed: async () => {
      invalidateActiveRuleset();
      await tabReports.rescoreAll();
    },
  });
  registerHandlers(createHandlers({ tabReports, ruleset: currentRuleset, rulesets, corrections }), onMessage);

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
  const correctionsChanged = correctionsWatcher(() => {
    invalidateActiveRuleset();
    void tabReports.rescoreAll().catch(() => undefined);
  });
  onSettingsChanged((settings) => {
    correctionsChanged(settings);
    void applySettings(settings, tabReports).catch(() => undefined);
  });

  browser.tabs.onRemoved.addListener((tabId) => void tabReports.forget(tabId).catch(() => undefined));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) void tabReports.urlChanged(tabId, change.url).catch(() => undefined);
  });
  // Tab ids start over when the browser starts: yesterday's tab 5 is not today's.
  browser.runtime.onStartup.addListener(() => void tabReports.forgetOlderThan(startedAt).catch(() => undefined));

  (globalThis as Record<string, unknown>)[DEBUG_GLOBAL] = createDebugHook(tabReports);
});
