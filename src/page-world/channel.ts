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
import { BRIDGE_PLATFORMS, type ApiObservation, type BridgePlatform } from '../shared/model';

/** Fixed because the two worlds are injected independently and cannot agree on a random name. */
export const EVENT_NAME = 'need-to-know:api-observation';
/** Per document; real pages make a handful of distinct calls. */
export const MAX_OBSERVATIONS = 50;
const MAX_DETAIL_CHARS = 4000;
const MAX_PROPERTIES = 8;

const GEO_APIS = new Set(['geolocation.getCurrentPosition', 'geolocation.watchPosition']);

/** Content script → page world: which fields hold data worth watching for (selector + category). */
export const SENSITIVE_FIELDS_EVENT = 'need-to-know:sensitive-fields';
/** Page world ↔ isolated-world geolocation broker (see geolocation.ts and ../geo-broker.ts). */
export const GEO_REQUEST_EVENT = 'need-to-know:geo-request';
export const GEO_RESPONSE_EVENT = 'need-to-know:geo-response';

/** The categories whose typed values the page world compares with outgoing requests. */
export const WATCHED_FIELD_CATEGORIES = ['phone', 'email', 'birthdate', 'national_id', 'address'] as const;
const NETWORK_CATEGORIES = /* @__PURE__ */ new Set<string>([...WATCHED_FIELD_CATEGORIES, 'precise_location']);
const NETWORK_VIAS = new Set(['fetch', 'xhr', 'beacon', 'image', 'script', 'websocket']);
const NETWORK_ENCODINGS = new Set(['raw', 'urlencoded', 'base64', 'md5', 'sha1', 'sha256']);
/** A host with an optional port: DNS names, IPv4, or a bracketed IPv6 address. Never a path or query. */
const HOST = /^(?:[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/;
/** Permission and contact property names are short lowercase words ("geolocation", "tel", "local-fonts"). */
const TOKEN = /^[a-z][a-z0-9-]{0,39}$/;
/** Global names the page defined (see hooks.ts): identifiers, at most 60. */
const GLOBAL_NAME = /^[A-Za-z_$][\w$]{1,39}$/;
const MAX_GLOBALS = 60;

const BRIDGE_PLATFORM_SET = new Set<string>(BRIDGE_PLATFORMS);
/** A bridge API name as platforms spell them ("getLocation", "oauth", "editAddress"). */
const BRIDGE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** An option that matters, as "key=value" ("type=gcj02", "sourceType=album,camera", "scope=auth_user"). */
const BRIDGE_OPTION = /^[A-Za-z][A-Za-z0-9_]{0,23}=[A-Za-z0-9_.,]{1,40}$/;
const MAX_BRIDGE_OPTIONS = 6;

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
    const { video, audio, facingUser, globals } = raw;
    const keys = ['api', 'video', 'audio', 'facingUser'];
    if (!hasExactKeys(raw, globals === undefined ? keys : [...keys, 'globals'])) return null;
    if (typeof video !== 'boolean' || typeof audio !== 'boolean' || typeof facingUser !== 'boolean') return null;
    if (globals === undefined) return { api, video, audio, facingUser };
    if (!Array.isArray(globals) || globals.length > MAX_GLOBALS) return null;
    if (!globals.every((g) => typeof g === 'string' && GLOBAL_NAME.test(g))) return null;
    return { api, video, audio, facingUser, globals: [...new Set(globals as string[])] };
  }
  if (api === 'contacts.select') {
    const { properties, multiple } = raw;
    if (!hasExactKeys(raw, ['api', 'properties', 'multiple']) || typeof multiple !== 'boolean') return null;
    if (!Array.isArray(properties) || properties.length > MAX_PROPERTIES) return null;
    if (!properties.every((p) => typeof p === 'string' && TOKEN.test(p))) return null;
    return { api, properties: [...new Set(properties as string[])], multiple };
  }
  if (api === 'network.send') {
    const { category, receiver, via, encoding } = raw;
    if (!hasExactKeys(raw, ['api', 'category', 'receiver', 'via', 'encoding'])) return null;
    if (typeof category !== 'string' || !NETWORK_CATEGORIES.has(category)) return null;
    if (typeof receiver !== 'string' || receiver.length > 260 || !HOST.test(receiver)) return null;
    if (typeof via !== 'string' || !NETWORK_VIAS.has(via) || typeof encoding !== 'string' || !NETWORK_ENCODINGS.has(encoding)) return null;
    return { api, category, receiver, via, encoding } as ApiObservation;
  }
  if (api === 'bridge.request') {
    const { platform, name, declared, options } = raw;
    if (!hasExactKeys(raw, ['api', 'platform', 'name', 'declared', 'options']) || typeof declared !== 'boolean') return null;
    if (typeof platform !== 'string' || !BRIDGE_PLATFORM_SET.has(platform)) return null;
    if (typeof name !== 'string' || !BRIDGE_NAME.test(name)) return null;
    if (!Array.isArray(options) || options.length > MAX_BRIDGE_OPTIONS) return null;
    if (!options.every((o) => typeof o === 'string' && BRIDGE_OPTION.test(o))) return null;
    return { api, platform: platform as BridgePlatform, name, declared, options: [...new Set(options as string[])] };
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

/** A stable identity for deduplication: key order is fixed by parseApiObservation, tokens hold no "|". */
export function observationKey(o: ApiObservation): string {
  return Object.values(o).map(String).join('|');
}

/**
 * Listens for observations on `win`, deduplicated and capped per document. Returns a function that
 * stops listening. Runs in the isolated world.
 */
export function listenForApiObservations(win: Window, onObservation: (o: ApiObservation) => void, signal?: AbortSignal): () => void {
  const accept = createObservationFilter(onObservation);
  const listener = (event: Event): void => accept((event as CustomEvent).detail);
  win.addEventListener(EVENT_NAME, listener, { signal });
  return () => win.removeEventListener(EVENT_NAME, listener);
}

/**
 * Validates, deduplicates and caps event details for one document, passing on each new observation.
 * The content script loads this on demand, at the first event (see src/content/on-demand.ts).
 */
export function createObservationFilter(onObservation: (o: ApiObservation) => void): (detail: unknown) => void {
  const seen = new Set<string>();
  return (detail) => {
    if (seen.size >= MAX_OBSERVATIONS) return;
    const observation = parseDetail(detail);
    if (!observation) return;
    const key = observationKey(observation);
    if (seen.has(key)) return;
    seen.add(key);
    onObservation(observation);
  };
}
