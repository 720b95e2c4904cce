/**
 * Page world: navigator.geolocation goes through the extension's broker (../geo-broker.ts, isolated
 * world), so the user's per-site choice — precise, approximate or blocked — holds for every call.
 *
 * The wrappers never call the real API (the page could otherwise reach the true position); they ask
 * the broker with a request event and build GeolocationPosition-like answers from its reply. They
 * are installed on Geolocation.prototype at document_start, so a page that later freezes
 * navigator.geolocation freezes our methods in place. A forged reply can only lie to the page itself.
 */
import type { ApiObservation } from '../shared/model';
import { GEO_REQUEST_EVENT, GEO_RESPONSE_EVENT } from './channel';

export interface GeoReplyPosition {
  latitude: number;
  longitude: number;
  accuracy: number;
  altitude: number | null;
  altitudeAccuracy: number | null;
  heading: number | null;
  speed: number | null;
}
/** The broker's reply, as the JSON detail of a GEO_RESPONSE_EVENT. */
export type GeoReply =
  | { id: number; mode: 'precise' | 'approximate'; coords: GeoReplyPosition; timestamp: number }
  | { id: number; error: { code: number; message: string } };
export interface GeoRequest {
  id: number;
  op: 'get' | 'watch' | 'clear';
  options?: { enableHighAccuracy: boolean; timeout?: number; maximumAge?: number };
}

type Callback = (value: unknown) => void;

/** Returns false when this browser has no geolocation to bridge. */
export function installGeolocationBridge(
  win: Window,
  emit: (o: ApiObservation) => void,
  onPrecisePosition: (p: { latitude: number; longitude: number }) => void,
): boolean {
  const realm = win as unknown as typeof globalThis & Record<string, { prototype: object } | undefined>;
  const proto = realm.Geolocation?.prototype;
  if (!proto) return false;
  const CustomEventCtor = realm.CustomEvent;
  const dispatch = realm.dispatchEvent;
  const { stringify, parse } = realm.JSON;
  const apply = Reflect.apply;
  const create = Object.create;
  const positionProto = realm.GeolocationPosition?.prototype ?? Object.prototype;
  const coordsProto = realm.GeolocationCoordinates?.prototype ?? Object.prototype;
  const errorProto = realm.GeolocationPositionError?.prototype ?? Object.prototype;
  const pending = new Map<number, { success: Callback; error?: Callback; watch: boolean }>();
  let nextId = 1;

  const send = (request: GeoRequest): void => {
    apply(dispatch, win, [new CustomEventCtor(GEO_REQUEST_EVENT, { detail: apply(stringify, null, [request]) })]);
  };
  const value = (v: unknown) => ({ value: v, enumerable: true });

  function position(coords: GeoReplyPosition, timestamp: number): object {
    // Built on the real prototypes (own properties shadow their getters) so `instanceof` still holds.
    const c = create(coordsProto, Object.fromEntries(Object.entries(coords).map(([k, v]) => [k, value(v)])));
    Object.defineProperty(c, 'toJSON', { value: () => ({ ...coords }) });
    const p = create(positionProto, { coords: value(c), timestamp: value(timestamp) });
    Object.defineProperty(p, 'toJSON', { value: () => ({ coords: { ...coords }, timestamp }) });
    return p;
  }

  function positionError(code: number, message: string): object {
    return create(errorProto, {
      code: value(code),
      message: value(message),
      PERMISSION_DENIED: value(1),
      POSITION_UNAVAILABLE: value(2),
      TIMEOUT: value(3),
    });
  }

  win.addEventListener(GEO_RESPONSE_EVENT, (event) => {
    let reply: GeoReply;
    try {
      reply = apply(parse, null, [(event as CustomEvent).detail]) as GeoReply;
    } catch {
      return;
    }
    const entry = reply && pending.get(reply.id);
    if (!entry) return;
    if (!entry.watch) pending.delete(reply.id);
    if ('error' in reply) {
      entry.error?.(positionError(Number(reply.error.code), String(reply.error.message)));
    } else {
      if (reply.mode === 'precise') onPrecisePosition(reply.coords);
      entry.success(position(reply.coords, reply.timestamp));
    }
  });

  function ask(op: 'get' | 'watch', args: unknown[]): number {
    const [success, error, options] = args as [unknown, unknown, Record<string, unknown> | undefined];
    if (typeof success !== 'function') throw new TypeError(`Failed to execute on 'Geolocation': parameter 1 is not of type 'Function'.`);
    const number = (v: unknown) => (typeof v === 'number' && v >= 0 ? v : undefined);
    let request: GeoRequest['options'] = { enableHighAccuracy: false };
    try {
      request = {
        enableHighAccuracy: options?.enableHighAccuracy === true,
        timeout: number(options?.timeout),
        maximumAge: number(options?.maximumAge),
      };
      emit({
        api: op === 'get' ? 'geolocation.getCurrentPosition' : 'geolocation.watchPosition',
        highAccuracy: request.enableHighAccuracy,
      });
    } catch {
      // Hostile option getters or a broken channel must not change the page's behaviour.
    }
    const id = nextId++;
    pending.set(id, {
      success: success as Callback,
      error: typeof error === 'function' ? (error as Callback) : undefined,
      watch: op === 'watch',
    });
    send({ id, op, options: request });
    return id;
  }

  const methods = {
    getCurrentPosition(...args: unknown[]): void {
      ask('get', args);
    },
    watchPosition(...args: unknown[]): number {
      return ask('watch', args);
    },
    clearWatch(id: unknown): void {
      if (typeof id === 'number' && pending.get(id)?.watch) {
        pending.delete(id);
        send({ id, op: 'clear' });
      }
    },
  };
  for (const [name, fn] of Object.entries(methods)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor?.configurable) Object.defineProperty(proto, name, { ...descriptor, value: fn });
  }
  return true;
}
