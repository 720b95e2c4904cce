/**
 * Page world: notices when a request to another host carries what the user typed into a sensitive
 * field, or the position the page just received, before the user submitted anything.
 *
 * Wraps fetch, XMLHttpRequest (open/send), navigator.sendBeacon, img/script `src` (property and
 * attribute) and WebSocket send. The wrappers are transparent (same arguments, `this`, results and
 * errors: we look, then call the original) and installed at document_start, so a page that wraps
 * these itself later wraps ours, and every request still passes through us. The scan runs only when
 * there is something to look for, skips same-host requests, caps the text it reads, and happens after
 * the request has been handed on (hashes are async).
 */
import type { ApiObservation, NetworkVia } from '../shared/model';
import { carriesCoordinates, findSecrets, type Digest, type Secret } from './match';

/** Bodies larger than this are scanned only up to it. */
export const MAX_SCANNED_CHARS = 64 * 1024;

export interface NetworkWatchOptions {
  /** The current values of the sensitive fields (read on demand, kept in the page world). */
  secrets(): Secret[];
  /** The last precise position the page received, if any. */
  position(): { latitude: number; longitude: number } | null;
  emit(o: ApiObservation): void;
}

type AnyFunction = (...args: unknown[]) => unknown;

export function installNetworkWatch(win: Window, opts: NetworkWatchOptions): void {
  const realm = win as unknown as typeof globalThis;
  const apply = Reflect.apply;
  const URLCtor = realm.URL;
  const subtle = realm.crypto?.subtle;
  const digestFn = subtle?.digest;
  const TextEncoderCtor = realm.TextEncoder;
  const TextDecoderCtor = realm.TextDecoder;
  const wsUrl = realm.WebSocket && Object.getOwnPropertyDescriptor(realm.WebSocket.prototype, 'url')?.get;
  const requestCtor = realm.Request;
  const blobCtor = realm.Blob;
  const formDataCtor = realm.FormData;

  const digest: Digest = async (algorithm, text) => {
    if (!digestFn) return null;
    const buffer = (await apply(digestFn, subtle, [algorithm, new TextEncoderCtor().encode(text)])) as ArrayBuffer;
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  };

  /** The receiving host (host:port), or null for our own host and for non-network URLs. */
  function receiverOf(url: unknown): string | null {
    try {
      const parsed = new URLCtor(String(url), win.document.baseURI);
      if (!/^(https?|wss?):$/.test(parsed.protocol) || parsed.host === win.location.host) return null;
      return parsed.host.toLowerCase();
    } catch {
      return null;
    }
  }

  async function bodyText(body: unknown): Promise<string> {
    if (body == null) return '';
    if (typeof body === 'string') return body;
    if (body instanceof realm.URLSearchParams) return body.toString();
    if (formDataCtor && body instanceof formDataCtor) {
      const parts: string[] = [];
      body.forEach((v, k) => typeof v === 'string' && parts.push(`${k}=${v}`));
      return parts.join('&');
    }
    if (blobCtor && body instanceof blobCtor) return body.size <= MAX_SCANNED_CHARS ? body.text() : '';
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
      const view = body instanceof ArrayBuffer ? new Uint8Array(body, 0, Math.min(body.byteLength, MAX_SCANNED_CHARS)) : body;
      return new TextDecoderCtor().decode(view).slice(0, MAX_SCANNED_CHARS);
    }
    if (requestCtor && body instanceof requestCtor) return body.text();
    return '';
  }

  /** Looks at one request. Synchronous part: read what to look for *now* (values as the request leaves). */
  function inspect(url: unknown, body: unknown, via: NetworkVia): void {
    try {
      const receiver = receiverOf(url);
      if (!receiver) return;
      const secrets = opts.secrets();
      const position = opts.position();
      if (!secrets.length && !position) return;
      void bodyText(body)
        .then(async (text) => {
          const haystack = (String(url) + '\n' + text).slice(0, MAX_SCANNED_CHARS);
          const matches = await findSecrets(haystack, secrets, digest);
          if (position && carriesCoordinates(haystack, position.latitude, position.longitude)) {
            matches.push({ category: 'precise_location', encoding: 'raw' });
          }
          for (const m of matches) opts.emit({ api: 'network.send', category: m.category, receiver, via, encoding: m.encoding });
        })
        .catch(() => undefined);
    } catch {
      // Watching must never change what the page sends.
    }
  }

  const fetchOwner = Object.prototype.hasOwnProperty.call(win, 'fetch') ? win : null;
  wrap(fetchOwner, 'fetch', (_self, args) => {
    const [input, init] = args as [unknown, RequestInit | undefined];
    const isRequest = requestCtor && input instanceof requestCtor;
    const url = isRequest ? (input as Request).url : input;
    // A Request's body can be read only once: read a clone, and only when there is no init.body.
    const body = init?.body ?? (isRequest && !/^(GET|HEAD)$/i.test((input as Request).method) ? (input as Request).clone() : null);
    inspect(url, body, 'fetch');
  });

  const xhrUrls = new WeakMap<object, unknown>();
  const xhrProto = realm.XMLHttpRequest?.prototype;
  wrap(xhrProto, 'open', (self, args) => xhrUrls.set(self as object, args[1]));
  wrap(xhrProto, 'send', (self, args) => inspect(xhrUrls.get(self as object), args[0], 'xhr'));
  wrap(realm.Navigator?.prototype, 'sendBeacon', (_self, args) => inspect(args[0], args[1], 'beacon'));
  wrap(realm.WebSocket?.prototype, 'send', (self, args) => inspect(wsUrl ? apply(wsUrl, self, []) : '', args[0], 'websocket'));

  const srcVia = (el: unknown): NetworkVia | null =>
    el instanceof realm.HTMLImageElement ? 'image' : el instanceof realm.HTMLScriptElement ? 'script' : null;
  for (const proto of [realm.HTMLImageElement?.prototype, realm.HTMLScriptElement?.prototype]) {
    const descriptor = proto && Object.getOwnPropertyDescriptor(proto, 'src');
    const setter = descriptor?.set;
    if (!setter || !descriptor.configurable) continue;
    Object.defineProperty(proto, 'src', {
      ...descriptor,
      set(this: unknown, value: unknown) {
        const via = srcVia(this);
        if (via) inspect(value, null, via);
        apply(setter, this, [value]);
      },
    });
  }
  wrap(realm.Element?.prototype, 'setAttribute', (self, args) => {
    // Runs on every setAttribute of the page: the cheapest test first.
    const via = typeof args[0] === 'string' && args[0].length === 3 && args[0].toLowerCase() === 'src' ? srcVia(self) : null;
    if (via) inspect(args[1], null, via);
  });

  /** Replaces `owner[name]` with a wrapper that calls `before` (errors swallowed), then the original. */
  function wrap(owner: object | null | undefined, name: string, before: (self: unknown, args: unknown[]) => void): void {
    try {
      const descriptor = owner && Object.getOwnPropertyDescriptor(owner, name);
      const original = descriptor?.value as AnyFunction | undefined;
      if (!descriptor || typeof original !== 'function' || !descriptor.configurable) return;
      const wrapper = {
        [name](this: unknown, ...args: unknown[]) {
          try {
            before(this, args);
          } catch {
            // A hostile argument (a throwing getter) must not turn into a page error.
          }
          return apply(original, this, args);
        },
      }[name];
      Object.defineProperty(owner, name, { ...descriptor, value: wrapper });
    } catch {
      // Exotic objects: leave the page's API as it is.
    }
  }
}
