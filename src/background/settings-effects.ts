/**
 * What the worker does when the user changes settings in the options page: pausing or ignoring a
 * site forgets what we knew of its open tabs and clears their badges at once (their content scripts
 * stop reporting too), and a shorter retention period applies to history right away.
 */
import { pruneHistory } from '../store/history';
import { isWatched, type Settings } from '../store/settings';
import { allTabs } from '../store/tabs';
import { showGrade } from './badge';
import type { TabReports } from './tab-reports';

export const HISTORY_ALARM = 'history-retention';
/** Retention is applied on every write and once a day (for the days nobody visits a page). */
export const HISTORY_ALARM_PERIOD_MINUTES = 24 * 60;

export async function applySettings(settings: Settings, tabReports: TabReports, now = Date.now()): Promise<void> {
  for (const tab of await allTabs()) {
    if (isWatched(settings, tab.topUrl)) continue;
    await tabReports.forget(tab.tabId);
    await showGrade(tab.tabId, null);
  }
  await pruneHistory(now, settings.historyRetentionDays);
}
