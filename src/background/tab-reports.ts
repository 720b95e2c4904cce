/**
 * Per-tab state in the background: merges frame reports, rescores the page, and keeps the DB (the
 * truth) and a small cache in step. Updates to one tab run one after another (a promise chain per
 * tab), so two frames reporting at once never overwrite each other's writes.
 */
import type { FrameReport, PageReport } from '../shared/model';
import type { FieldVerdict } from '../messaging/protocol';
import type { ContentSender } from '../messaging/guards';
import type { CompiledRuleset } from '../engine/rules/compile';
import { scorePage } from '../engine/score/score';
import { classifyField, type FieldMatch } from '../engine/classify';
import type { FieldDescriptor } from '../shared/model';
import { allTabs, deleteTab, loadTab, saveTab, type TabState } from '../store/tabs';
import { upsertHistory } from '../store/history';
import { settingsSiteOfPage } from '../shared/site';
import { showGrade } from './badge';
import { applyFrameReport, frameObservations, verdictsForFrame } from './frame-merge';
import { addInPageNotes } from './note-texts';
import type { Lang } from '../shared/model';

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
  /**
   * How long reports for one tab are gathered before the tab is scored and saved once for all of them
   * (frames report in slices of ≤ 500 fields, and subframes report at the same time as the top frame).
   */
  burstMs?: number;
}

/** Reports merged into a tab's state but not yet scored and saved. */
interface Burst {
  state: TabState;
  /** Resolves with the scored state once the burst is flushed (or rejects if that failed). */
  done: Promise<TabState>;
  settle: (result: { state: TabState } | { error: unknown }) => void;
}

/**
 * Per-field classification, cached by the descriptor object (merge.ts keeps a field's object until
 * the page reports a change to it, so a slice of 500 new fields classifies 500, not the whole tab).
 * One cache per compiled ruleset: a change of rulesets starts afresh.
 */
function createClassifier() {
  let forRuleset: CompiledRuleset | null = null;
  let matches = new WeakMap<FieldDescriptor, FieldMatch | null>();
  return (f: FieldDescriptor, rs: CompiledRuleset): FieldMatch | null => {
    if (rs !== forRuleset) {
      forRuleset = rs;
      matches = new WeakMap();
    }
    let match = matches.get(f);
    if (match === undefined) matches.set(f, (match = classifyField(f, rs)));
    return match;
  };
}

export type TabReports = ReturnType<typeof createTabReports>;

/** One per worker start. The cache is only a shortcut: every change is written to the DB first. */
export function createTabReports({ ruleset, now = Date.now, burstMs = 4 }: TabReportsOptions) {
  const cache = new Map<number, TabState>();
  const chains = new Map<number, Promise<unknown>>();
  const bursts = new Map<number, Burst>();
  const classify = createClassifier();

  /** Runs `task` after every earlier task for the same tab, whatever their outcome. */
  function serialised<T>(tabId: number, task: () => Promise<T>): Promise<T> {
    const next = (chains.get(tabId) ?? Promise.resolve()).catch(() => undefined).then(task);
    chains.set(tabId, next);
    void next
      .finally(() => {
        if (chains.get(tabId) === next) chains.delete(tabId);
      })
      .catch(() => undefined);
    return next;
  }

  async function current(tabId: number): Promise<TabState | null> {
    const cached = cache.get(tabId);
    if (cached) return cached;
    const stored = await loadTab(tabId);
    if (stored) cache.set(tabId, stored);
    return stored;
  }

  /**
   * Scores the tab's pending burst once, shows the grade, then saves (the badge does not wait for
   * IndexedDB). Runs inside the tab's chain: every other task for the tab flushes first, so none of
   * them sees a state older than a report already merged.
   */
  async function flushNow(tabId: number): Promise<void> {
    const burst = bursts.get(tabId);
    if (!burst) return;
    bursts.delete(tabId);
    try {
      const { state } = burst;
      const time = now();
      const scored = scorePage({ url: state.topUrl, frames: frameObservations(state) }, await ruleset(), time, classify);
      state.report = scored;
      const badge = showGrade(tabId, scored.grade);
      await saveTab(state);
      cache.set(tabId, state);
      await badge;
      await upsertHistory(scored, time).catch(() => undefined); // history is a nicety, the report is not
      burst.settle({ state });
    } catch (error) {
      burst.settle({ error });
      throw error;
    }
  }

  /** Flushes a pending burst before another task reads the tab; its failure is the burst's, not that task's. */
  function settlePending(tabId: number): Promise<void> {
    return flushNow(tabId).catch(() => undefined);
  }

  /** Merges a report into the tab's pending burst (starting one, and its timer, if there is none). */
  async function mergeIntoBurst(from: ContentSender, report: FrameReport): Promise<Burst> {
    const pending = bursts.get(from.tabId);
    const state = applyFrameReport(pending ? pending.state : await current(from.tabId), from, report, now());
    if (pending) {
      pending.state = state;
      return pending;
    }
    let settle!: Burst['settle'];
    const done = new Promise<TabState>((resolve, reject) => {
      settle = (result) => ('state' in result ? resolve(result.state) : reject(result.error));
    });
    const burst: Burst = { state, done, settle };
    bursts.set(from.tabId, burst);
    setTimeout(() => void serialised(from.tabId, () => flushNow(from.tabId)).catch(() => undefined), burstMs);
    return burst;
  }

  async function forgetNow(tabId: number): Promise<void> {
    cache.delete(tabId);
    await deleteTab(tabId);
  }

  return {
    /**
     * Merges a validated frame report, then (once per burst of reports for the tab) rescores and saves;
     * answers with the frame's verdicts.
     */
    /** With `inPage`, the verdicts carry in-page notes and banners in that language. */
    handleFrameReport(from: ContentSender, report: FrameReport, inPage?: { lang: Lang }): Promise<Record<string, FieldVerdict>> {
      // Wrapped so the chain does not wait for the burst (whose flush is a later task on the same chain).
      const merged = serialised(from.tabId, async () => ({ burst: await mergeIntoBurst(from, report) }));
      return merged.then(async ({ burst }) => {
        const state = await burst.done;
        const verdicts = verdictsForFrame(state, from.frameId);
        return inPage ? addInPageNotes(verdicts, state, from.frameId, await ruleset(), inPage.lang) : verdicts;
      });
    },

    /** The tab's latest report; null when we never heard from it. Waits for pending updates. */
    reportForTab(tabId: number): Promise<PageReport | null> {
      return serialised(tabId, async () => {
        await settlePending(tabId);
        const state = await current(tabId);
        if (!state?.report) return null;
        const site = settingsSiteOfPage(state.report.url);
        if (!state.locationGiven) return { ...state.report, site };
        const { docId: _doc, ...locationGiven } = state.locationGiven;
        return { ...state.report, site, locationGiven };
      });
    },

    /** What the geolocation broker gave a page of this tab (replaces what we knew; kept until the tab navigates). */
    recordLocationGiven(from: ContentSender, given: NonNullable<TabState['locationGiven']>): Promise<void> {
      return serialised(from.tabId, async () => {
        await settlePending(from.tabId);
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
            await settlePending(t.tabId);
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
      return serialised(tabId, async () => {
        await settlePending(tabId);
        await forgetNow(tabId);
      });
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
            await settlePending(t.tabId);
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
        await settlePending(tabId);
        const state = await current(tabId);
        if (!state || originOf(state.topUrl) === originOf(url)) return;
        await forgetNow(tabId);
        await showGrade(tabId, null);
      });
    },
  };
}
