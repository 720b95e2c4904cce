/**
 * The page-world → content-script channel for API observations.
 *
 * The MAIN-world hook dispatches `CustomEvent(EVENT_NAME, { detail: JSON string })` on `window`; the
 * isolated content script listens on the same window. The detail is a string because object details
 * do not cross worlds in Chrome (and would need cloneInto in Firefox).
 *
 * Trust: the page shares the MAIN world, so it can forge, replay or suppress these events. That is
 * acceptable here: an observation only ever says "this page asked for X", so a forged one can only
 * make *that page's own* report worse, and suppressing one only hides what the page itself asked.
 * It cannot reach another site's report because the background binds every report to the sender's
 * tab and frame (which the browser sets, not the page). We still validate every payload strictly
 * (exact shapes, capped strings and arrays) here and again in the background with this same parser,
 * and cap and deduplicate per document so a page cannot flood the extension.
 */
import type { ApiObservation } from '../../model';

/** Fixed because the two worlds are injected independently and cannot agree on a random name. */
export const EVENT_NAME = 'need-to-know:api-observation';
/** Per document; real pages make a handful of distinct calls. */
export const MAX_OBSERVATIONS = 50;
const MAX_DETAIL_CHARS = 1000;
const MAX_PROPERTIES = 8;

const GEO_APIS = new Set(['geolocation.getCurrentPosition', 'geolocation.watchPosition']);
/** Permission and contact property names are short lowercase words ("geolocation", "tel", "local-fonts"). */
const TOKEN = /^[a-z][a-z0-9-]{0,39}$/;

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.getPrototypeOf(raw) === Object.prototype;
}

function hasExactKeys(obj: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(obj);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(obj, k));
}

/** Validates an observation of unknown origin; returns a fresh, well-formed copy or null. */
export function parseApiObservation(raw: unknown): ApiObservation | null {
  if (!isPlainObject(raw) || typeof raw.api !== 'string') return null;
  const api = raw.api;
  if (GEO_APIS.has(api)) {
    if (!hasExactKeys(raw, ['api', 'highAccuracy']) || typeof raw.highAccuracy !== 'boolean') return null;
    return { api: api as 'geolocation.getCurrentPosition', highAccuracy: raw.highAccuracy };
  }
  if (api === 'mediaDevices.getUserMedia') {
    const { video, audio, facingUser } = raw;
    if (!hasExactKeys(raw, ['api', 'video', 'audio', 'facingUser'])) return null;
    if (typeof video !== 'boolean' || typeof audio !== 'boolean' || typeof facingUser !== 'boolean') return null;
    return { api, video, audio, facingUser };
  }
  if (api === 'contacts.select') {
    const { properties, multiple } = raw;
    if (!hasExactKeys(raw, ['api', 'properties', 'multiple']) || typeof multiple !== 'boolean') return null;
    if (!Array.isArray(properties) || properties.length > MAX_PROPERTIES) return null;
    if (!properties.every((p) => typeof p === 'string' && TOKEN.test(p))) return null;
    return { api, properties: [...new Set(properties as string[])], multiple };
  }
  if (api === 'permissions.query') {
    if (!hasExactKeys(raw, ['api', 'name']) || typeof raw.name !== 'string' || !TOKEN.test(raw.name)) return null;
    return { api, name: raw.name };
  }
  return null;
}

/** Parses an event detail (a JSON string) into an observation, or null. */
export function parseDetail(detail: unknown): ApiObservation | null {
  if (typeof detail !== 'string' || detail.length > MAX_DETAIL_CHARS) return null;
  try {
    return parseApiObservation(JSON.parse(detail));
  } catch {
    return null;
  }
}

/** A stable identity for deduplication: key order is fixed by parseApiObservation, tokens hold no "|" or ",". */
export function observationKey(o: ApiObservation): string {
  return Object.values(o).map(String).join('|');
}

/**
 * Listens for observations on `win`, deduplicated and capped per document. Returns a function that
 * stops listening. Runs in the isolated world.
 */
export function listenForApiObservations(
  win: Window,
  onObservation: (o: ApiObservation) => void,
  signal?: AbortSignal,
): () => void {
  const seen = new Set<string>();
  const listener = (event: Event): void => {
    if (seen.size >= MAX_OBSERVATIONS) return;
    const observation = parseDetail((event as CustomEvent).detail);
    if (!observation) return;
    const key = observationKey(observation);
    if (seen.has(key)) return;
    seen.add(key);
    onObservation(observation);
  };
  win.addEventListener(EVENT_NAME, listener, { signal });
  return () => win.removeEventListener(EVENT_NAME, listener);
}
