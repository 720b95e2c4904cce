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
import { addInPageNotes } from './inpage-notes';
import type { Lang } from '../model';

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export interface TabReportsOptions {
  /** The rulesets to score with; may wait for them to load (after a worker start or a change). */
  ruleset: () => CompiledRuleset | Promise<CompiledRuleset>;
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
    /** With `inPage`, the verdicts carry in-page notes and banners in that language. */
    handleFrameReport(from: ContentSender, report: FrameReport, inPage?: { lang: Lang }): Promise<Record<string, FieldVerdict>> {
      return serialised(from.tabId, async () => {
        const time = now();
        const state = applyFrameReport(await current(from.tabId), from, report, time);
        const scored = scorePage({ url: state.topUrl, frames: frameObservations(state) }, await ruleset(), time);
        state.report = scored;
        await saveTab(state);
        cache.set(from.tabId, state);
        await showGrade(from.tabId, scored.grade);
        await upsertHistory(scored, time).catch(() => undefined); // history is a nicety, the report is not
        const verdicts = verdictsForFrame(state, from.frameId);
        return inPage ? addInPageNotes(verdicts, state, from.frameId, await ruleset(), inPage.lang) : verdicts;
      });
    },

    /** The tab's latest report; null when we never heard from it. Waits for pending updates. */
    reportForTab(tabId: number): Promise<PageReport | null> {
      return serialised(tabId, async () => {
        const state = await current(tabId);
        if (!state?.report) return null;
        if (!state.locationGiven) return state.report;
        const { docId: _doc, ...locationGiven } = state.locationGiven;
        return { ...state.report, locationGiven };
      });
    },

    /** What the geolocation broker gave a page of this tab (replaces what we knew; kept until the tab navigates). */
    recordLocationGiven(from: ContentSender, given: NonNullable<TabState['locationGiven']>): Promise<void> {
      return serialised(from.tabId, async () => {
        const prev = await current(from.tabId);
        const state: TabState = prev
          ? { ...prev, locationGiven: given }
          : { tabId: from.tabId, topUrl: from.tabUrl ?? from.frameUrl, frames: {}, report: null, updatedAt: now(), locationGiven: given };
        await saveTab(state);
        cache.set(from.tabId, state);
      });
    },

    /**
     * The rulesets in use changed: score every known tab again from its stored observations and
     * update its badge (history records the new verdicts on the next report, not retroactively).
     */
    async rescoreAll(): Promise<void> {
      const rs = await ruleset();
      await Promise.all(
        (await allTabs()).map((t) =>
          serialised(t.tabId, async () => {
            const state = await current(t.tabId);
            if (!state) return;
            state.report = scorePage({ url: state.topUrl, frames: frameObservations(state) }, rs, now());
            await saveTab(state);
            cache.set(t.tabId, state);
            await showGrade(t.tabId, state.report.grade);
          }).catch(() => undefined),
        ),
      );
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
