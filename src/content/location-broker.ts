/**
 * Isolated world: answers the page world's geolocation requests (see page/geolocation.ts) according
 * to the user's choice for this site. The real navigator.geolocation is called here, in the content
 * script's world — same origin, same permission prompt as the page — so the page never touches it.
 *
 * - precise: the real position, as the browser gives it;
 * - approximate: the centre of the position's cell in the site's grid (stable per site), with the
 *   accuracy set to the grid size; altitude, heading and speed withheld;
 * - block: PERMISSION_DENIED, without asking the browser.
 * If the policy cannot be read (the extension is reloading), the answer is POSITION_UNAVAILABLE:
 * failing closed, since the user may have chosen "block".
 *
 * The page can forge requests: it then gets exactly what a real call would give it.
 */
import type { LocationGiven } from '../shared/model';
import { GEO_REQUEST_EVENT, GEO_RESPONSE_EVENT } from '../page-world/channel';
import type { GeoReply, GeoReplyPosition, GeoRequest } from '../page-world/geolocation';
import { snapToGrid } from '../engine/location-snap';
import type { LocationPolicy } from '../messaging/protocol';

export type { LocationPolicy };

export interface GeoBrokerOptions {
  win: Window;
  geolocation: Geolocation | undefined;
  /** The user's choice for this site, asked anew for each request (the popup may have changed it). */
  policy(): Promise<LocationPolicy | undefined>;
  /** Tells the background what the page was given (once per distinct answer). */
  given(g: LocationGiven): void;
  signal?: AbortSignal;
}

const POLICY_RETRY_MS = 300;
/** A page has no reason to hold more watches than this at once. */
const MAX_WATCHES = 20;

/** Listens for the page world's requests and answers each (the whole broker, loaded at once). */
export function startGeoBroker(options: GeoBrokerOptions): void {
  const handle = createGeoBroker(options);
  options.win.addEventListener(GEO_REQUEST_EVENT, (event) => handle((event as CustomEvent).detail), { signal: options.signal });
}

/**
 * The answering part, without the listener: the content script listens from document_start and
 * loads this only when a page first asks for a position (most pages never do).
 */
export function createGeoBroker({ win, geolocation, policy, given }: GeoBrokerOptions): (detail: unknown) => void {
  const watches = new Map<number, number>();
  const cleared = new Set<number>();
  let lastGiven = '';

  const reply = (r: GeoReply): void => {
    win.dispatchEvent(new CustomEvent(GEO_RESPONSE_EVENT, { detail: JSON.stringify(r) }));
  };
  const fail = (id: number, code: number, message: string): void => reply({ id, error: { code, message } });
  const record = (g: LocationGiven): void => {
    const key = JSON.stringify(g);
    if (key === lastGiven) return;
    lastGiven = key;
    given(g);
  };

  function answer(id: number, p: LocationPolicy, pos: GeolocationPosition): void {
    const { latitude, longitude, accuracy, altitude, altitudeAccuracy, heading, speed } = pos.coords;
    let coords: GeoReplyPosition = { latitude, longitude, accuracy, altitude, altitudeAccuracy, heading, speed };
    if (p.mode === 'approximate') {
      const snapped = snapToGrid(latitude, longitude, p.gridMetres, p.offset);
      coords = { ...snapped, accuracy: p.gridMetres, altitude: null, altitudeAccuracy: null, heading: null, speed: null };
      const round = (n: number) => Math.round(n * 1000) / 1000;
      record({ mode: 'approximate', latitude: round(snapped.latitude), longitude: round(snapped.longitude), accuracy: p.gridMetres });
    } else {
      record({ mode: 'precise' });
    }
    reply({ id, mode: p.mode === 'approximate' ? 'approximate' : 'precise', coords, timestamp: pos.timestamp });
  }

  async function handle(request: GeoRequest): Promise<void> {
    const { id, op } = request;
    if (op === 'clear') {
      cleared.add(id);
      const watchId = watches.get(id);
      if (watchId !== undefined) geolocation?.clearWatch(watchId);
      watches.delete(id);
      return;
    }
    // One retry: the service worker may be starting or restarting (MV3 stops it when idle).
    const ask = () => policy().catch(() => undefined);
    const p = (await ask()) ?? (await new Promise((resolve) => setTimeout(resolve, POLICY_RETRY_MS)).then(ask));
    if (!p || !geolocation) return fail(id, 2, 'Position unavailable');
    if (p.mode === 'block') {
      record({ mode: 'block' });
      return fail(id, 1, 'User denied Geolocation');
    }
    const options: PositionOptions = {
      enableHighAccuracy: request.options?.enableHighAccuracy === true,
      ...(request.options?.timeout !== undefined && { timeout: request.options.timeout }),
      ...(request.options?.maximumAge !== undefined && { maximumAge: request.options.maximumAge }),
    };
    const onError = (e: GeolocationPositionError) => fail(id, e.code, e.message);
    if (op === 'get') return geolocation.getCurrentPosition((pos) => answer(id, p, pos), onError, options);
    if (cleared.has(id) || watches.size >= MAX_WATCHES) return;
    watches.set(
      id,
      geolocation.watchPosition((pos) => answer(id, p, pos), onError, options),
    );
  }

  return (detail) => {
    const request = parseGeoRequest(detail);
    if (request) void handle(request).catch(() => undefined);
  };
}

/** Validates a request of unknown origin (the page shares the event channel). */
export function parseGeoRequest(detail: unknown): GeoRequest | null {
  if (typeof detail !== 'string' || detail.length > 300) return null;
  try {
    const raw = JSON.parse(detail) as Record<string, unknown>;
    const { id, op, options } = raw ?? {};
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || (op !== 'get' && op !== 'watch' && op !== 'clear')) return null;
    const o = (options ?? {}) as Record<string, unknown>;
    const ms = (v: unknown) => (typeof v === 'number' && v >= 0 && Number.isFinite(v) ? v : undefined);
    return { id, op, options: { enableHighAccuracy: o.enableHighAccuracy === true, timeout: ms(o.timeout), maximumAge: ms(o.maximumAge) } };
  } catch {
    return null;
  }
}
