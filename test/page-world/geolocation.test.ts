// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { installGeolocationBridge } from '@/src/page-world/geolocation';
import { parseGeoRequest, startGeoBroker } from '@/src/content/location-broker';
import { GEO_REQUEST_EVENT, GEO_RESPONSE_EVENT } from '@/src/page-world/channel';
import { distanceMetres } from '@/src/engine/location-snap';
import type { LocationPolicy } from '@/src/messaging/protocol';
import type { ApiObservation, LocationGiven } from '@/src/shared/model';

const TRUE_POSITION = {
  latitude: 31.230416,
  longitude: 121.473701,
  accuracy: 12,
  altitude: 20,
  altitudeAccuracy: 5,
  heading: null,
  speed: null,
};

/** The browser's real geolocation, as the broker (isolated world) sees it. */
function realGeolocation(fail?: { code: number; message: string }) {
  const watches = new Map<number, (p: GeolocationPosition) => void>();
  let next = 100;
  const position = { coords: TRUE_POSITION, timestamp: 1_700_000_000_000 } as unknown as GeolocationPosition;
  return {
    watches,
    getCurrentPosition: vi.fn((ok: PositionCallback, err?: PositionErrorCallback | null, _options?: PositionOptions) => {
      queueMicrotask(() => (fail ? err?.(fail as GeolocationPositionError) : ok(position)));
    }),
    watchPosition: vi.fn((ok: PositionCallback) => {
      watches.set(++next, ok);
      queueMicrotask(() => ok(position));
      return next;
    }),
    clearWatch: vi.fn((id: number) => watches.delete(id)),
    move: () => watches.forEach((ok) => ok(position)),
  };
}

/** The page world's Geolocation: a prototype with native-looking methods that must never be reached. */
function pageGeolocation() {
  const native = vi.fn(() => {
    throw new Error('the page world must not call the real API');
  });
  class Geolocation {}
  for (const name of ['getCurrentPosition', 'watchPosition', 'clearWatch']) {
    Object.defineProperty(Geolocation.prototype, name, { value: native, configurable: true, writable: true });
  }
  (window as unknown as Record<string, unknown>).Geolocation = Geolocation;
  return { geolocation: new Geolocation() as Geolocation & globalThis.Geolocation, native };
}

function setUp(policy: LocationPolicy | undefined, real = realGeolocation()) {
  const controller = new AbortController();
  const page = pageGeolocation();
  const seen: ApiObservation[] = [];
  const precise: unknown[] = [];
  const given: LocationGiven[] = [];
  installGeolocationBridge(
    window,
    (o) => seen.push(o),
    (p) => precise.push(p),
  );
  startGeoBroker({
    win: window,
    geolocation: real as unknown as Geolocation,
    policy: async () => policy,
    given: (g) => given.push(g),
    signal: controller.signal,
  });
  const get = () =>
    new Promise<GeolocationPosition>((resolve, reject) =>
      page.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 5000 }),
    );
  return { ...page, real, seen, precise, given, get, stop: () => controller.abort() };
}

const GRID = { gridMetres: 1000, offset: { north: 0.42, east: 0.17 } };

describe('geolocation bridge + broker', () => {
  it('precise: the page gets the real position through the broker, never calling the API itself', async () => {
    const t = setUp({ mode: 'precise', ...GRID });
    const pos = await t.get();
    expect(pos.coords.latitude).toBe(TRUE_POSITION.latitude);
    expect(pos.coords.accuracy).toBe(12);
    expect(pos.timestamp).toBe(1_700_000_000_000);
    expect(JSON.parse(JSON.stringify(pos))).toEqual({ coords: TRUE_POSITION, timestamp: 1_700_000_000_000 });
    expect(t.native).not.toHaveBeenCalled();
    expect(t.real.getCurrentPosition.mock.calls[0][2]).toEqual({ enableHighAccuracy: true, timeout: 5000 });
    expect(t.seen).toEqual([{ api: 'geolocation.getCurrentPosition', highAccuracy: true }]);
    expect(t.precise).toHaveLength(1);
    expect(t.given).toEqual([{ mode: 'precise' }]);
    t.stop();
  });

  it('approximate: a snapped position, the same on every call, within the grid bound, accuracy = grid size', async () => {
    const t = setUp({ mode: 'approximate', ...GRID });
    const first = await t.get();
    const second = await t.get();
    expect(second.coords.latitude).toBe(first.coords.latitude);
    expect(second.coords.longitude).toBe(first.coords.longitude);
    expect(first.coords.latitude).not.toBe(TRUE_POSITION.latitude);
    expect(distanceMetres(TRUE_POSITION, first.coords)).toBeLessThanOrEqual(1000 * 0.71);
    expect(first.coords.accuracy).toBe(1000);
    expect(first.coords.altitude).toBeNull();
    expect(t.precise).toEqual([]); // nothing precise for the network watch to look for
    expect(t.given).toEqual([{ mode: 'approximate', latitude: expect.any(Number), longitude: expect.any(Number), accuracy: 1000 }]);
    expect(t.given[0].latitude).toBeCloseTo(first.coords.latitude, 3);
    t.stop();
  });

  it('block: PERMISSION_DENIED without asking the browser', async () => {
    const t = setUp({ mode: 'block', ...GRID });
    const error = await t.get().catch((e: GeolocationPositionError) => e);
    expect(error).toMatchObject({ code: 1, PERMISSION_DENIED: 1 });
    expect(t.real.getCurrentPosition).not.toHaveBeenCalled();
    expect(t.given).toEqual([{ mode: 'block' }]);
    t.stop();
  });

  it('fails closed (POSITION_UNAVAILABLE) when the policy cannot be read', async () => {
    const t = setUp(undefined);
    await expect(t.get()).rejects.toMatchObject({ code: 2 });
    expect(t.real.getCurrentPosition).not.toHaveBeenCalled();
    t.stop();
  });

  it('passes the browser errors through (the user denied the prompt)', async () => {
    const t = setUp({ mode: 'approximate', ...GRID }, realGeolocation({ code: 1, message: 'User denied Geolocation' }));
    await expect(t.get()).rejects.toMatchObject({ code: 1, message: 'User denied Geolocation' });
    t.stop();
  });

  it('watchPosition streams snapped positions and clearWatch stops the real watch', async () => {
    const t = setUp({ mode: 'approximate', ...GRID });
    const updates: GeolocationPosition[] = [];
    const id = t.geolocation.watchPosition((p) => updates.push(p));
    expect(typeof id).toBe('number');
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    t.real.move();
    expect(updates).toHaveLength(2);
    expect(updates[1].coords.latitude).toBe(updates[0].coords.latitude);
    t.geolocation.clearWatch(id);
    expect(t.real.clearWatch).toHaveBeenCalledTimes(1);
    t.real.move();
    expect(updates).toHaveLength(2);
    t.stop();
  });

  it('a page that freezes navigator.geolocation still goes through us; a non-function callback throws like the browser', async () => {
    const t = setUp({ mode: 'approximate', ...GRID });
    Object.freeze(t.geolocation);
    const pos = await t.get();
    expect(pos.coords.accuracy).toBe(1000);
    expect(() => (t.geolocation.getCurrentPosition as (x: unknown) => void)(null)).toThrow(TypeError);
    t.stop();
  });

  it('forged replies for unknown ids are ignored; malformed requests are refused', () => {
    const t = setUp({ mode: 'precise', ...GRID });
    const ok = vi.fn();
    t.geolocation.getCurrentPosition(ok);
    window.dispatchEvent(new CustomEvent(GEO_RESPONSE_EVENT, { detail: '{"id":999,"mode":"precise","coords":{},"timestamp":0}' }));
    window.dispatchEvent(new CustomEvent(GEO_RESPONSE_EVENT, { detail: 'not json' }));
    expect(ok).not.toHaveBeenCalled();
    expect(parseGeoRequest('{"id":"1","op":"get"}')).toBeNull();
    expect(parseGeoRequest('{"id":1,"op":"delete"}')).toBeNull();
    expect(parseGeoRequest('x'.repeat(400))).toBeNull();
    expect(parseGeoRequest('{"id":1,"op":"get","options":{"timeout":-5,"enableHighAccuracy":"yes"}}')).toEqual({
      id: 1,
      op: 'get',
      options: { enableHighAccuracy: false, timeout: undefined, maximumAge: undefined },
    });
    window.dispatchEvent(new CustomEvent(GEO_REQUEST_EVENT, { detail: '{"id":"x"}' }));
    t.stop();
  });
});
