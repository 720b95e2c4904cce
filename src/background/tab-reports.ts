/**
 * Per-tab state in the background: merges frame reports, rescores the page, and keeps the DB (the
 * truth) and a small cache in step. Updates to one tab run one after another (a promise chain per
 * tab), so two frames reporting at once never overwrite each other's writes.
 */
import type { FrameReport, PageReport } from '../model';
import type { FieldVerdict } from '../messaging/protocol';
import type { ContentSender } from '../messaging/guards';
import type { CompiledRuleset } from '../rules/compile';
import { scorePage } from '../score/score';
import { allTabs, deleteTab, loadTab, saveTab, type TabState } from '../store/tabs';
import { upsertHistory } from '../store/history';
import { showGrade } from './badge';
import { applyFrameReport, frameObservations, verdictsForFrame } from './merge';

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export interface TabReportsOptions {
  ruleset: () => CompiledRuleset;
  now?: () => number;
}

export type TabReports = ReturnType<typeof createTabReports>;

/** One per worker start. The cache is only a shortcut: every change is written to the DB first. */
export function createTabReports({ ruleset, now = Date.now }: TabReportsOptions) {
  const cache = new Map<number, TabState>();
  const chains = new Map<number, Promise<unknown>>();

  /** Runs `task` after every earlier task for the same tab, whatever their outcome. */
  function serialised<T>(tabId: number, task: () => Promise<T>): Promise<T> {
    const next = (chains.get(tabId) ?? Promise.resolve()).catch(() => undefined).then(task);
    chains.set(tabId, next);
    void next.finally(() => {
      if (chains.get(tabId) === next) chains.delete(tabId);
    }).catch(() => undefined);
    return next;
  }

  async function current(tabId: number): Promise<TabState | null> {
    const cached = cache.get(tabId);
    if (cached) return cached;
    const stored = await loadTab(tabId);
    if (stored) cache.set(tabId, stored);
    return stored;
  }

  async function forgetNow(tabId: number): Promise<void> {
    cache.delete(tabId);
    await deleteTab(tabId);
  }

  return {
    /** Merges a validated frame report, rescores, saves, and answers with the frame's verdicts. */
    handleFrameReport(from: ContentSender, report: FrameReport): Promise<Record<string, FieldVerdict>> {
      return serialised(from.tabId, async () => {
        const time = now();
        const state = applyFrameReport(await current(from.tabId), from, report, time);
        const scored = scorePage({ url: state.topUrl, frames: frameObservations(state) }, ruleset(), time);
        state.report = scored;
        await saveTab(state);
        cache.set(from.tabId, state);
        await showGrade(from.tabId, scored.grade);
        await upsertHistory(scored, time).catch(() => undefined); // history is a nicety, the report is not
        return verdictsForFrame(state, from.frameId);
      });
    },

    /** The tab's latest report; null when we never heard from it. Waits for pending updates. */
    reportForTab(tabId: number): Promise<PageReport | null> {
      return serialised(tabId, async () => (await current(tabId))?.report ?? null);
    },

    /** The tab closed: its state goes too. */
    forget(tabId: number): Promise<void> {
      return serialised(tabId, () => forgetNow(tabId));
    },

    /**
     * Tab ids start over when the browser starts, so states from before `time` (the worker's start)
     * belong to tabs that no longer exist. States saved since are kept: pages may report before the
     * browser's start-up event reaches us.
     */
    async forgetOlderThan(time: number): Promise<void> {
      const stale = (await allTabs()).filter((t) => t.updatedAt < time);
      await Promise.all(
        stale.map((t) =>
          serialised(t.tabId, async () => {
            const state = await current(t.tabId);
            if (state && state.updatedAt < time) await forgetNow(t.tabId);
          }),
        ),
      );
    },

    /**
     * The tab's top URL changed. Same-origin changes (SPA routes, reloads) are left to the content
     * script, which reports a new document or new page signals; a move to another origin may land
     * on a page we cannot see (chrome://, the web store), so the old report must not linger.
     */
    urlChanged(tabId: number, url: string): Promise<void> {
      return serialised(tabId, async () => {
        const state = await current(tabId);
        if (!state || originOf(state.topUrl) === originOf(url)) return;
        await forgetNow(tabId);
        await showGrade(tabId, null);
      });
    },
  };
}
