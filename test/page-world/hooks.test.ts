// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createChannelEmitter, installPageHooks } from '@/src/page-world/hooks';
import { EVENT_NAME, listenForApiObservations } from '@/src/page-world/channel';
import type { ApiObservation } from '@/src/shared/model';

/** A navigator shaped like the real one: methods live on prototypes, as in browsers. */
function fakeNavigator() {
  const calls: { method: string; self: unknown; args: unknown[] }[] = [];
  class Geolocation {
    getCurrentPosition(...args: unknown[]) {
      calls.push({ method: 'getCurrentPosition', self: this, args });
      if (typeof args[0] !== 'function') throw new TypeError('callback required');
    }
    watchPosition(...args: unknown[]) {
      calls.push({ method: 'watchPosition', self: this, args });
      return 42;
    }
  }
  const stream = { id: 'stream' };
  class MediaDevices {
    getUserMedia(...args: unknown[]) {
      calls.push({ method: 'getUserMedia', self: this, args });
      return (args[0] as { deny?: boolean })?.deny ? Promise.reject(new Error('NotAllowedError')) : Promise.resolve(stream);
    }
  }
  const contacts = {
    select(...args: unknown[]) {
      calls.push({ method: 'select', self: this, args });
      return Promise.resolve([]);
    },
  };
  const permissions = {
    query(...args: unknown[]) {
      calls.push({ method: 'query', self: this, args });
      return Promise.resolve({ state: 'prompt' });
    },
  };
  const navigator = { geolocation: new Geolocation(), mediaDevices: new MediaDevices(), contacts, permissions };
  return { navigator, calls, stream, Geolocation };
}

function install(nav: object) {
  const seen: ApiObservation[] = [];
  installPageHooks({ navigator: nav } as unknown as Window, (o) => seen.push(o));
  return seen;
}

describe('installPageHooks', () => {
  it('reports geolocation calls with enableHighAccuracy and stays transparent', () => {
    const { navigator, calls } = fakeNavigator();
    const seen = install(navigator);
    const ok = () => {};
    expect(navigator.geolocation.getCurrentPosition(ok, undefined, { enableHighAccuracy: true } as never)).toBeUndefined();
    expect(navigator.geolocation.watchPosition(ok)).toBe(42);
    expect(seen).toEqual([
      { api: 'geolocation.getCurrentPosition', highAccuracy: true },
      { api: 'geolocation.watchPosition', highAccuracy: false },
    ]);
    expect(calls[0].self).toBe(navigator.geolocation);
    expect(calls[0].args[0]).toBe(ok);
  });

  it('passes exceptions through and does not report calls the browser refused', () => {
    const { navigator } = fakeNavigator();
    const seen = install(navigator);
    expect(() => (navigator.geolocation.getCurrentPosition as (...a: unknown[]) => void)()).toThrow(TypeError);
    expect(seen).toEqual([]);
  });

  it.each([
    [{ video: true }, { video: true, audio: false, facingUser: false }],
    [{ video: { facingMode: 'user' } }, { video: true, audio: false, facingUser: true }],
    [
      { video: { facingMode: { exact: 'user' } }, audio: true },
      { video: true, audio: true, facingUser: true },
    ],
    [{ video: { facingMode: { ideal: ['environment', 'user'] } } }, { video: true, audio: false, facingUser: true }],
    [{ video: { facingMode: ['user'] } }, { video: true, audio: false, facingUser: true }],
    [{ video: { advanced: [{ facingMode: 'user' }] } }, { video: true, audio: false, facingUser: true }],
    [{ video: { facingMode: 'environment' } }, { video: true, audio: false, facingUser: false }],
    [{ audio: true }, { video: false, audio: true, facingUser: false }],
  ])('reports getUserMedia(%j)', async (constraints, expected) => {
    const { navigator, stream } = fakeNavigator();
    const seen = install(navigator);
    await expect(navigator.mediaDevices.getUserMedia(constraints as never)).resolves.toBe(stream);
    expect(seen).toEqual([{ api: 'mediaDevices.getUserMedia', ...expected, globals: [] }]);
  });

  it('names the globals the page defined after the hooks, with a camera request (names only)', async () => {
    const { navigator } = fakeNavigator();
    const win = { navigator, early: 1 } as unknown as Window & Record<string, unknown>;
    const seen: ApiObservation[] = [];
    installPageHooks(win, (o) => seen.push(o));
    win.FaceTecSDK = { secret: 'never read' };
    win['not a name'] = 1;
    await navigator.mediaDevices.getUserMedia({ video: true } as never);
    expect(seen).toEqual([{ api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: false, globals: ['FaceTecSDK'] }]);
  });

  it('returns the page the very same promise, rejections included', async () => {
    const { navigator } = fakeNavigator();
    install(navigator);
    await expect(navigator.mediaDevices.getUserMedia({ video: true, deny: true } as never)).rejects.toThrow('NotAllowedError');
  });

  it('reports contacts.select and permissions.query', async () => {
    const { navigator } = fakeNavigator();
    const seen = install(navigator);
    await navigator.contacts.select(['name', 'tel', 'tel'], { multiple: true });
    await navigator.permissions.query({ name: 'geolocation' });
    expect(seen).toEqual([
      { api: 'contacts.select', properties: ['name', 'tel'], multiple: true },
      { api: 'permissions.query', name: 'geolocation' },
    ]);
  });

  it('tolerates a frozen geolocation object and still hooks the rest', async () => {
    const geolocation = Object.freeze({ getCurrentPosition: vi.fn(() => 'original') });
    const { navigator } = fakeNavigator();
    const nav = { ...navigator, geolocation };
    const seen = install(nav);
    expect(nav.geolocation.getCurrentPosition).toBe(geolocation.getCurrentPosition);
    expect((nav.geolocation.getCurrentPosition as () => string)()).toBe('original');
    await nav.mediaDevices.getUserMedia({ video: true } as never);
    expect(seen.map((o) => o.api)).toEqual(['mediaDevices.getUserMedia']);
  });

  it('skips missing APIs (insecure context, no Contact Picker)', () => {
    expect(() => install({ geolocation: undefined, mediaDevices: undefined })).not.toThrow();
  });

  it('keeps the page working when reporting fails or options have hostile getters', () => {
    const { navigator } = fakeNavigator();
    installPageHooks({ navigator } as unknown as Window, () => {
      throw new Error('channel broken');
    });
    const hostile = {
      get enableHighAccuracy(): boolean {
        throw new Error('gotcha');
      },
    };
    expect(() => navigator.geolocation.getCurrentPosition(() => {}, undefined, hostile as never)).not.toThrow();
  });
});

describe('channel round trip', () => {
  it('delivers hook observations as JSON strings, deduplicated, despite a page replacing built-ins', () => {
    const emit = createChannelEmitter(window);
    const received: ApiObservation[] = [];
    const stop = listenForApiObservations(window, (o) => received.push(o));
    const details: unknown[] = [];
    const spy = (e: Event) => details.push((e as CustomEvent).detail);
    window.addEventListener(EVENT_NAME, spy);

    // The page sabotages globals after our install; the captured ones keep working.
    const saved = { stringify: JSON.stringify, CustomEvent: window.CustomEvent, dispatchEvent: window.dispatchEvent };
    JSON.stringify = () => '"tampered"';
    (window as { CustomEvent: unknown }).CustomEvent = function Fake() {};
    window.dispatchEvent = () => false;
    try {
      emit({ api: 'geolocation.getCurrentPosition', highAccuracy: true });
      emit({ api: 'geolocation.getCurrentPosition', highAccuracy: true });
      emit({ api: 'permissions.query', name: 'camera' });
    } finally {
      JSON.stringify = saved.stringify;
      (window as { CustomEvent: unknown }).CustomEvent = saved.CustomEvent;
      window.dispatchEvent = saved.dispatchEvent;
    }
    expect(received).toEqual([
      { api: 'geolocation.getCurrentPosition', highAccuracy: true },
      { api: 'permissions.query', name: 'camera' },
    ]);
    expect(details.every((d) => typeof d === 'string')).toBe(true);
    window.removeEventListener(EVENT_NAME, spy);
    stop();
  });
});
