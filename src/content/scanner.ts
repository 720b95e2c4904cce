/**
 * Incremental scanning of one document: one full scan when the DOM is ready, then only what
 * mutations add. Work is batched (debounced, with a max wait) and runs in idle time in slices of a
 * few milliseconds, so it never sits on the page's critical path or makes a long task.
 * The first scan waits for the page's first frame after DOMContentLoaded: by then the browser has
 * laid the page out for its own paint, so our visibility and box reads cost no extra layout.
 * Reports carry only what changed since the previous report; after the first one (which drives the
 * badge), slices are gathered into one report per drained batch (or per SLICE_FIELDS fields), so the
 * worker rescores a big page a few times, not once per slice.
 */
import type { ApiObservation, FieldDescriptor, FrameReport, PageSignals } from '../shared/model';
import { type BatchCache, inBatch, newBatchCache } from './batch';
import { CONTROL_SELECTOR, fieldKey, isDescribable } from './controls';
import { describeField } from './extract';
import { collectPageSignals } from './page-signals';
import { MAP_SELECTOR } from './widgets';

/** A map, or a video (a camera preview): the page signals describe both. */
const WIDGET_SELECTOR = MAP_SELECTOR + ',video';

export interface ScannerOptions {
  doc: Document;
  docId: string;
  report: (r: FrameReport) => void;
  /** Send a first report even when the document asks nothing (the top frame: tells the background the tab navigated). */
  reportEmptyFirst?: boolean;
  /** Quiet time before a batch of mutations is processed. */
  debounceMs?: number;
  /** A batch is processed at the latest this long after its first mutation. */
  maxWaitMs?: number;
}

export interface Scanner {
  /** Queues an observation from the page-world hooks for the next report. */
  addApi(o: ApiObservation): void;
  /** Processes one slice of what is queued, now (for tests and benchmarks). */
  flushNow(): void;
  stop(): void;
}

/** Attributes that change what a control asks or whether it is shown. */
const WATCHED_ATTRIBUTES = ['type', 'name', 'id', 'for', 'role', 'autocomplete', 'required', 'hidden', 'style', 'class', 'aria-hidden'];
/** A slice stops after this much work, so a huge batch becomes several short tasks. */
const SLICE_MS = 8;
const SLICE_FIELDS = 500;
/**
 * A frame later than this (a busy machine, or a background tab, which renders none) does not hold the
 * first scan up: it starts then anyway (the badge waits for it).
 */
const FIRST_FRAME_FALLBACK_MS = 20;
/** Page signals read the whole document, so new fields refresh them at most this often. */
const PAGE_REFRESH_MS = 2000;
/** Above this many changed elements we recheck all hidden fields instead of matching ancestors. */
const MAX_ATTRIBUTE_TARGETS = 300;

export function startScanner(opts: ScannerOptions): Scanner {
  const { doc, docId, report } = opts;
  const debounceMs = opts.debounceMs ?? 250;
  const maxWaitMs = opts.maxWaitMs ?? 1000;
  const win = doc.defaultView ?? globalThis;
  const idle = typeof win.requestIdleCallback === 'function' ? win.requestIdleCallback.bind(win) : null;

  /** Fields reported and still in the document, by key, with what we last reported about them. */
  const known = new Map<string, { el: Element; descriptor: FieldDescriptor }>();
  const addedRoots = new Set<Node>();
  let candidates: Element[] = [];
  const attributeTargets = new Set<Element>();
  let attributeOverflow = false;
  let sawRemoval = false;
  let apis: ApiObservation[] = [];
  /** Described but not yet reported, by key (a newer description of a field replaces the older). */
  const pendingFields = new Map<string, FieldDescriptor>();
  let pendingRemoved: string[] = [];
  const observedShadowRoots = new WeakSet<ShadowRoot>();

  let page: PageSignals | null = null;
  let pageCollectedAt = 0;
  let pageTextStale = false;
  let started = false;
  let stopped = false;
  let firstReportSent = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let batchStartedAt = 0;
  let flushQueued = false;

  /** Lookups shared by consecutive slices; any mutation makes them stale. */
  let cache: BatchCache | null = null;

  const observer = new MutationObserver((records) => {
    cache = null;
    for (const record of records) {
      if (record.type === 'childList') {
        for (const node of record.addedNodes) if (node.nodeType === 1) addedRoots.add(node);
        if (record.removedNodes.length) sawRemoval = true;
      } else if (attributeTargets.size < MAX_ATTRIBUTE_TARGETS) {
        attributeTargets.add(record.target as Element);
      } else {
        attributeOverflow = true;
      }
    }
    schedule();
  });
  const observe = (target: Node): void =>
    observer.observe(target, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });

  function schedule(delay = debounceMs): void {
    if (!started || stopped || flushQueued) return;
    const now = Date.now();
    if (timer === undefined) batchStartedAt = now;
    else clearTimeout(timer);
    const wait = Math.max(0, Math.min(delay, batchStartedAt + maxWaitMs - now));
    timer = setTimeout(runWhenIdle, wait);
  }

  function runWhenIdle(): void {
    timer = undefined;
    if (stopped) return;
    flushQueued = true;
    // Idle time, but with a deadline so a busy page still gets scanned.
    if (idle) idle(flush, { timeout: 500 });
    else flush();
  }

  function continueBatch(): void {
    timer = undefined;
    flush();
  }

  function flush(): void {
    flushQueued = false;
    if (stopped) return;
    cache ??= newBatchCache();
    inBatch(processBatch, cache);
  }

  function processBatch(): void {
    const sliceStart = performance.now();
    const fields: FieldDescriptor[] = [];

    for (const root of addedRoots) collectCandidates(root);
    addedRoots.clear();
    // A control can become describable by an attribute change alone (type=hidden → text), and a map
    // library marks its container with a class once its script has run.
    for (const target of attributeTargets) {
      if (!target.isConnected) continue;
      if (target.matches(CONTROL_SELECTOR) && isDescribable(target) && !known.has(fieldKey(target))) candidates.push(target);
      if (!pageTextStale && target.matches(WIDGET_SELECTOR)) pageTextStale = true;
    }

    let i = 0;
    for (; i < candidates.length; i++) {
      if (fields.length >= SLICE_FIELDS || performance.now() - sliceStart > SLICE_MS) break;
      const el = candidates[i];
      const key = fieldKey(el);
      if (!el.isConnected || known.get(key)?.el === el) continue;
      const descriptor = describeField(el as HTMLElement, key);
      known.set(key, { el, descriptor });
      fields.push(descriptor);
    }
    candidates = candidates.slice(i);

    fields.push(...recheckChangedFields());
    for (const f of fields) pendingFields.set(f.key, f);
    if (sawRemoval) {
      for (const key of collectRemoved()) {
        // Never reported: nothing to take back (and the background applies removals before fields).
        if (!pendingFields.delete(key)) pendingRemoved.push(key);
      }
    }
    sawRemoval = false;

    // Page signals: at once after a navigation (URL or title change); after new fields (a checkout
    // step may bring new headings) or a new map at most every PAGE_REFRESH_MS, as they read the whole
    // document. Reported only when something in them changed.
    const navigated = !page || page.url !== doc.URL.slice(0, 2000) || page.title !== normalisedTitle(doc);
    if (fields.length) pageTextStale = true;
    let pageUpdated = false;
    if (navigated || (pageTextStale && Date.now() - pageCollectedAt >= PAGE_REFRESH_MS)) {
      const next = collectPageSignals(doc);
      pageUpdated = navigated || JSON.stringify(next) !== JSON.stringify(page);
      page = next;
      pageCollectedAt = Date.now();
      pageTextStale = false;
    } else if (pageTextStale) {
      schedule(PAGE_REFRESH_MS);
    }

    // Silent unless something changed; a frame that never asked anything never reports, except
    // the top frame's first report, which tells the background that the tab shows a new document
    // (a map may be a request: a frame that shows one reports it). More slices to come: wait for them,
    // unless this is the first report (the badge) or a report's worth of fields is ready.
    const hasNews = pendingFields.size > 0 || pendingRemoved.length > 0 || apis.length > 0;
    const reportNow = !candidates.length || !firstReportSent || pendingFields.size >= SLICE_FIELDS || pageUpdated;
    if (
      (hasNews && reportNow) ||
      (pageUpdated && (firstReportSent || page!.widgets!.some((w) => w.kind === 'map'))) ||
      (!firstReportSent && opts.reportEmptyFirst)
    ) {
      report({ docId, page: page!, fields: [...pendingFields.values()], removed: pendingRemoved, apis });
      firstReportSent = true;
      pendingFields.clear();
      pendingRemoved = [];
      apis = [];
    }
    if (candidates.length) {
      // More work than one slice: continue in a new task so the page can run in between, but without
      // waiting for idle time again. A page whose scripts keep it busy grants idle time only at the
      // 500 ms deadline, so a 300-field page took seconds to be fully reported; slices stay ≤ SLICE_MS.
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(continueBatch, 0);
    }
  }

  function collectCandidates(root: Node): void {
    if (!root.isConnected) return;
    const el = root as Element;
    // Before the first page signals nothing needs marking stale (they are read anyway), and on a big
    // page this selector over the whole document is one of the first scan's costliest calls.
    if (page && !pageTextStale && (el.matches?.(WIDGET_SELECTOR) || el.querySelector?.(WIDGET_SELECTOR))) pageTextStale = true;
    if (el.matches?.(CONTROL_SELECTOR) && isDescribable(el)) candidates.push(el);
    for (const control of el.querySelectorAll(CONTROL_SELECTOR)) if (isDescribable(control)) candidates.push(control);
    scanShadowRoots(el);
  }

  /** Open shadow roots (web components) are invisible to querySelectorAll and to our observer. */
  function scanShadowRoots(root: Element): void {
    const visit = (host: Element): void => {
      const shadow = host.shadowRoot;
      if (!shadow || observedShadowRoots.has(shadow)) return;
      observedShadowRoots.add(shadow);
      observe(shadow);
      for (const control of shadow.querySelectorAll(CONTROL_SELECTOR)) if (isDescribable(control)) candidates.push(control);
      for (const inner of shadow.querySelectorAll('*')) visit(inner);
    };
    visit(root);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el);
  }

  /** Known fields whose own attributes changed, or that may have been shown by a changed ancestor. */
  function recheckChangedFields(): FieldDescriptor[] {
    if (!attributeTargets.size && !attributeOverflow) return [];
    const changed: FieldDescriptor[] = [];
    const targets = [...attributeTargets];
    for (const [key, entry] of known) {
      const ownChange = attributeTargets.has(entry.el);
      const maybeShown = !entry.descriptor.visible && (attributeOverflow || targets.some((t) => t.contains(entry.el)));
      if (!ownChange && !maybeShown) continue;
      const next = describeField(entry.el as HTMLElement, key);
      if (!sameDescriptor(next, entry.descriptor)) {
        entry.descriptor = next;
        changed.push(next);
      }
    }
    attributeTargets.clear();
    attributeOverflow = false;
    return changed;
  }

  function collectRemoved(): string[] {
    const removed: string[] = [];
    for (const [key, entry] of known) {
      if (!entry.el.isConnected) {
        known.delete(key);
        removed.push(key);
      }
    }
    return removed;
  }

  function begin(atDomReady: boolean): void {
    if (stopped || started) return;
    started = true;
    observe(doc);
    addedRoots.add(doc.documentElement);
    win.addEventListener('popstate', onNavigation);
    win.addEventListener('hashchange', onNavigation);
    // From DOMContentLoaded the first slice runs right after the page's first frame (capped at
    // SLICE_MS), so the first report and the badge wait for neither the load event nor an idle period,
    // and reading boxes forces no layout of our own; the rest follows in idle slices. Started later
    // (already parsed), the first scan waits for idle time as before.
    if (atDomReady) afterFirstFrame(flush);
    else schedule(0);
  }

  function afterFirstFrame(fn: () => void): void {
    let ran = false;
    const once = (): void => {
      if (ran || stopped) return;
      ran = true;
      fn();
    };
    // A task after the frame's rendering (rAF callbacks run just before it), not inside it.
    if (typeof win.requestAnimationFrame === 'function') win.requestAnimationFrame(() => setTimeout(once, 0));
    setTimeout(once, FIRST_FRAME_FALLBACK_MS);
  }
  const beginAtDomReady = (): void => begin(true);
  const onNavigation = (): void => schedule();

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', beginAtDomReady, { once: true });
  else begin(false);

  return {
    addApi(o) {
      apis.push(o);
      // What the page shows when it asks (a camera request's prompts and preview) explains the request.
      pageTextStale = true;
      schedule();
    },
    flushNow() {
      if (!started || stopped) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      flush();
    },
    stop() {
      stopped = true;
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      doc.removeEventListener('DOMContentLoaded', beginAtDomReady);
      win.removeEventListener('popstate', onNavigation);
      win.removeEventListener('hashchange', onNavigation);
    },
  };
}

function normalisedTitle(doc: Document): string {
  return doc.title.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function sameDescriptor(a: FieldDescriptor, b: FieldDescriptor): boolean {
  for (const k of Object.keys(a) as (keyof FieldDescriptor)[]) if (a[k] !== b[k]) return false;
  return true;
}
