/**
 * Parts of the content script that most pages never need, loaded only when a page needs them: the
 * in-page notes (only when a verdict carries a note), the geolocation broker (only when the page
 * asks for a position) and the page world's observation parser (only when the page calls a watched
 * API). Every page gets the content script, so what it carries is paid for on every page; these are
 * built as separate scripts (entrypoints/inpage-notes.ts, geo-broker.ts, observations.ts).
 *
 * WXT builds them as classic IIFE scripts, which `import()` runs as a module with no exports, so each
 * registers its factory on the isolated world's global (which the page cannot see) and we take it
 * from there. They must be web-accessible for `import()`; see wxt.config.ts for what that exposes.
 */
// The global `chrome` (Chrome and Firefox both have it), not wxt/browser's `browser`: the minifier renames
// an imported binding, and addons-linter accepts `import()` only of a literal or of a spelled-out
// `chrome|browser.runtime.getURL(…)` (anything else is an UNSAFE_VAR_ASSIGNMENT warning on Firefox).
declare const chrome: { runtime: { getURL(path: string): string } };
import type { createInPageNotes, InPageNotes } from './inpage-notes-ui';
import type { createGeoBroker, GeoBrokerOptions } from './location-broker';
import type { GeoReply } from '../page-world/geolocation';
import type { ApiObservation } from '../shared/model';
import { EVENT_NAME, GEO_REQUEST_EVENT, GEO_RESPONSE_EVENT, type createObservationFilter } from '../page-world/channel';

interface Chunks {
  'inpage-notes': typeof createInPageNotes;
  'geo-broker': typeof createGeoBroker;
  observations: typeof createObservationFilter;
}

const REGISTRY = Symbol.for('need-to-know:on-demand');
type Registry = Partial<Chunks>;
const registry = (): Registry => ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= {});

/** Called by an on-demand script when it runs. */
export function provide<K extends keyof Chunks>(name: K, factory: Chunks[K]): void {
  registry()[name] = factory;
}

/** Loads an on-demand script (once per document) and returns its factory. */
function load<K extends keyof Chunks>(name: K): Promise<Chunks[K]> {
  return import(/* @vite-ignore */ chrome.runtime.getURL(`/${name}.js` as `/${keyof Chunks}.js`)).then(() => registry()[name]!);
}

/** Same contract as createInPageNotes; loads the notes at the first verdict that has one. */
export function createOnDemandNotes(doc: Document, hideOnSite: () => void, loadNotes = () => load('inpage-notes')): InPageNotes {
  const selectors = new Map<string, string>();
  let notes: InPageNotes | undefined;
  let loading = false;
  let latest: Parameters<InPageNotes['show']>[0];
  return {
    sent(report) {
      for (const f of report.fields) selectors.set(f.key, f.selector);
      for (const key of report.removed) selectors.delete(key);
    },
    show(verdicts) {
      if (notes) return notes.show(verdicts);
      latest = verdicts;
      if (loading || !verdicts || !Object.values(verdicts).some((v) => v.inPage)) return;
      loading = true;
      // Shows the latest verdicts (each reply carries the frame's whole set). A failed load (the
      // extension was reloaded) stays quiet: notes are a nicety, the report is already sent.
      loadNotes().then(
        (create) => (notes = create(doc, hideOnSite, selectors)).show(latest),
        () => undefined,
      );
    },
  };
}

/**
 * Listens for `eventName` from document_start and, at the first event, loads the handler; every
 * event's detail then goes to it, in order. `failed` answers an event if the handler cannot load.
 */
function listenThenLoad(
  win: Window,
  eventName: string,
  handler: () => Promise<(detail: unknown) => void>,
  signal: AbortSignal | undefined,
  failed: (detail: unknown) => void = () => undefined,
): void {
  let handle: Promise<(detail: unknown) => void> | undefined;
  win.addEventListener(
    eventName,
    (event) => {
      const detail = (event as CustomEvent).detail;
      (handle ??= handler()).then(
        (h) => h(detail),
        () => failed(detail),
      );
    },
    { signal },
  );
}

/** The page world's geolocation requests, answered by the broker (loaded at the first one). */
export function startOnDemandGeoBroker(options: GeoBrokerOptions, loadBroker = () => load('geo-broker')): void {
  const { win } = options;
  listenThenLoad(
    win,
    GEO_REQUEST_EVENT,
    () => loadBroker().then((create) => create(options)),
    options.signal,
    (detail) => {
      // Fails closed, as the broker does when it cannot read the user's choice. Only the id is read:
      // whatever else the page forged, it gets an error for its own request.
      let id: unknown;
      try {
        id = (JSON.parse(detail as string) as { id?: unknown }).id;
      } catch {
        return;
      }
      const reply: GeoReply = { id: id as number, error: { code: 2, message: 'Position unavailable' } };
      if (Number.isSafeInteger(id)) win.dispatchEvent(new CustomEvent(GEO_RESPONSE_EVENT, { detail: JSON.stringify(reply) }));
    },
  );
}

/** The page world's API observations, validated and deduplicated (see channel.ts), loaded at the first. */
export function listenForApiObservationsOnDemand(
  win: Window,
  onObservation: (o: ApiObservation) => void,
  signal?: AbortSignal,
  loadFilter = () => load('observations'),
): void {
  listenThenLoad(win, EVENT_NAME, () => loadFilter().then((create) => create(onObservation)), signal);
}
