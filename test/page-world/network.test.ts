import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { installNetworkWatch } from '@/src/page-world/network';
import type { Secret } from '@/src/page-world/match';
import type { ApiObservation } from '@/src/shared/model';

const EMAIL = 'Jane.Doe@example.com';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A window-shaped realm whose network APIs only record calls: methods on prototypes, as in browsers. */
function fakeWindow() {
  const sent: { api: string; self: unknown; args: unknown[] }[] = [];
  class XMLHttpRequest {
    open(...args: unknown[]) {
      sent.push({ api: 'xhr.open', self: this, args });
    }
    send(...args: unknown[]) {
      sent.push({ api: 'xhr.send', self: this, args });
    }
  }
  class Navigator {
    sendBeacon(...args: unknown[]) {
      sent.push({ api: 'beacon', self: this, args });
      return true;
    }
  }
  class WebSocket {
    constructor(private readonly address: string) {}
    get url() {
      return this.address;
    }
    send(...args: unknown[]) {
      sent.push({ api: 'ws', self: this, args });
    }
  }
  class Element {
    attrs: Record<string, unknown> = {};
    setAttribute(name: string, value: unknown) {
      this.attrs[name] = value;
    }
  }
  class HTMLImageElement extends Element {}
  Object.defineProperty(HTMLImageElement.prototype, 'src', {
    configurable: true,
    get(this: Element) {
      return this.attrs.src;
    },
    set(this: Element, v: unknown) {
      this.attrs.src = v;
      sent.push({ api: 'img.src', self: this, args: [v] });
    },
  });
  class HTMLScriptElement extends Element {}
  const win = {
    location: { host: 'shop.test' },
    document: { baseURI: 'https://shop.test/checkout' },
    fetch: vi.fn(async (...args: unknown[]) => {
      sent.push({ api: 'fetch', self: undefined, args });
      if (String(args[0]).includes('fail')) throw new TypeError('Failed to fetch');
      return 'response';
    }),
    XMLHttpRequest,
    Navigator,
    WebSocket,
    Element,
    HTMLImageElement,
    HTMLScriptElement,
    URL,
    URLSearchParams,
    FormData,
    Blob,
    Request,
    TextEncoder,
    TextDecoder,
    crypto: globalThis.crypto,
  };
  return { win, sent, navigator: new Navigator() };
}

function install(
  secrets: Secret[] = [{ category: 'email', value: EMAIL }],
  position: () => { latitude: number; longitude: number } | null = () => null,
) {
  const fake = fakeWindow();
  const seen: ApiObservation[] = [];
  const secretsFn = vi.fn(() => secrets);
  installNetworkWatch(fake.win as unknown as Window, { secrets: secretsFn, position, emit: (o) => seen.push(o) });
  return { ...fake, seen, secretsFn };
}

const obs = (via: string, encoding = 'raw', receiver = 'tracker.test', category = 'email') => ({
  api: 'network.send',
  category,
  receiver,
  via,
  encoding,
});

describe('installNetworkWatch', () => {
  it('fetch: reports a typed value sent to another host, and stays transparent (result, errors, arguments)', async () => {
    const { win, seen, sent } = install();
    const init = { method: 'POST', body: JSON.stringify({ e: EMAIL }) };
    await expect(win.fetch('https://tracker.test/collect', init)).resolves.toBe('response');
    expect(sent[0].args).toEqual(['https://tracker.test/collect', init]);
    await expect(win.fetch('https://tracker.test/fail')).rejects.toThrow('Failed to fetch');
    await vi.waitFor(() => expect(seen).toEqual([obs('fetch')]));
  });

  it('fetch with a Request body is read from a clone; the page still gets to send it', async () => {
    const { win, seen, sent } = install();
    const request = new Request('https://tracker.test/r', { method: 'POST', body: `h=${sha256(EMAIL.toLowerCase())}` });
    await win.fetch(request);
    expect(sent[0].args[0]).toBe(request);
    expect(request.bodyUsed).toBe(false);
    await vi.waitFor(() => expect(seen).toEqual([obs('fetch', 'sha256')]));
  });

  it('ignores same-host requests and does not even read the fields for them', async () => {
    const { win, seen, secretsFn } = install();
    await win.fetch('/api/save', { method: 'POST', body: EMAIL });
    await win.fetch('https://shop.test/api', { method: 'POST', body: EMAIL });
    expect(secretsFn).not.toHaveBeenCalled();
    await win.fetch('https://cdn.tracker.test/p?e=' + encodeURIComponent(EMAIL));
    await vi.waitFor(() => expect(seen).toEqual([obs('fetch', 'urlencoded', 'cdn.tracker.test')]));
  });

  it('still sees requests when the page wraps fetch on top of ours', async () => {
    const { win, seen } = install();
    const ours = win.fetch;
    const pageCalls: unknown[] = [];
    win.fetch = vi.fn((...args: unknown[]) => {
      pageCalls.push(args[0]);
      return ours(...args);
    });
    await expect(win.fetch(`https://tracker.test/x?e=${EMAIL}`)).resolves.toBe('response');
    expect(pageCalls).toHaveLength(1);
    await vi.waitFor(() => expect(seen).toEqual([obs('fetch')]));
  });

  it('XMLHttpRequest: URL from open, body from send, same `this`', async () => {
    const { win, seen, sent } = install();
    const xhr = new win.XMLHttpRequest();
    xhr.open('POST', 'https://tracker.test/xhr');
    const form = new FormData();
    form.append('mail', EMAIL);
    xhr.send(form);
    expect(sent.map((s) => [s.api, s.self === xhr])).toEqual([
      ['xhr.open', true],
      ['xhr.send', true],
    ]);
    await vi.waitFor(() => expect(seen).toEqual([obs('xhr')]));
  });

  it('sendBeacon with a Blob carrying a SHA-256 hash; returns what the browser returned', async () => {
    const { seen, navigator } = install();
    const body = new Blob([JSON.stringify({ em: sha256(EMAIL.toLowerCase()) })], { type: 'application/json' });
    expect(navigator.sendBeacon('http://127.0.0.1:9999/b', body)).toBe(true);
    await vi.waitFor(() => expect(seen).toEqual([obs('beacon', 'sha256', '127.0.0.1:9999')]));
  });

  it('image src (property and attribute), script src and WebSocket send', async () => {
    const { win, seen, sent } = install([{ category: 'phone', value: '139 8765 0123' }]);
    const img = new win.HTMLImageElement() as unknown as { src: string };
    img.src = 'https://pixel.test/p.gif?ph=13987650123';
    expect(sent.at(-1)).toMatchObject({ api: 'img.src', args: ['https://pixel.test/p.gif?ph=13987650123'] });
    expect(img.src).toBe('https://pixel.test/p.gif?ph=13987650123');
    new win.HTMLScriptElement().setAttribute('src', 'https://js.test/t.js?p=13987650123');
    new win.WebSocket('wss://live.test/socket').send('{"phone":"139 8765 0123"}');
    await vi.waitFor(() =>
      expect(seen).toEqual([
        obs('image', 'raw', 'pixel.test', 'phone'),
        obs('script', 'raw', 'js.test', 'phone'),
        obs('websocket', 'raw', 'live.test', 'phone'),
      ]),
    );
  });

  it('reports the position the page just received when a request carries it', async () => {
    const { win, seen } = install([], () => ({ latitude: 31.230416, longitude: 121.473701 }));
    await win.fetch('http://127.0.0.1:4001/track', { method: 'POST', body: 'lat=31.2304&lng=121.4737' });
    await vi.waitFor(() => expect(seen).toEqual([obs('fetch', 'raw', '127.0.0.1:4001', 'precise_location')]));
  });

  it('a request without the values reports nothing; a throwing body getter is not our page error', async () => {
    const { win, seen } = install();
    const hostile = {
      get body() {
        throw new Error('boom');
      },
    };
    await expect(win.fetch('https://tracker.test/a', hostile)).resolves.toBe('response');
    await win.fetch('https://tracker.test/b', { method: 'POST', body: 'nothing here' });
    await win.fetch('https://tracker.test/c', { method: 'POST', body: EMAIL });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen).toEqual([obs('fetch')]);
  });
});
