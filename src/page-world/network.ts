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
import { carriesCoordinates, findSecrets, type Digest, type MatchContext, type Secret } from './match';
import { regionCallingCodes } from './normalise';

/** Bodies larger than this are scanned only up to it. */
export const MAX_SCANNED_CHARS = 64 * 1024;

export interface NetworkWatchOptions {
  /** The current values of the sensitive fields (read on demand, kept in the page world). */
  secrets(): Secret[];
  /** The last precise position the page received, if any. */
  position(): { latitude: number; longitude: number } | null;
  emit(o: ApiObservation): void;
  /**
   * The host whose requests are not "another site": this window's own, or for a fresh same-origin
   * iframe the page that made it (an about:blank frame has no host of its own).
   */
  ownHost?: () => string;
  /** The page's region (for phones typed without a country code); a fresh iframe uses its page's. */
  matchContext?: () => MatchContext;
}

/** FormData Blob parts and Blob bodies are read up to this many per request. */
const MAX_BLOB_PARTS = 8;
/** Windows already watched (a page's fresh iframes are watched once, by the page that made them). */
const watchedWindows = new WeakSet<object>();

type AnyFunction = (...args: unknown[]) => unknown;

export function installNetworkWatch(win: Window, opts: NetworkWatchOptions): void {
  if (watchedWindows.has(win)) return;
  watchedWindows.add(win);
  const realm = win as unknown as typeof globalThis;
  const ownHost = opts.ownHost ?? (() => win.location.host);
  let context: MatchContext | null = null;
  /** Read once, lazily: the page's region does not change while it is open. */
  const matchContext =
    opts.matchContext ??
    ((): MatchContext =>
      (context ??= {
        callingCodes: regionCallingCodes({
          hostname: win.location?.hostname,
          pageLang: win.document?.documentElement?.lang,
          browserLang: win.navigator?.language,
        }),
      }));
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
      if (!/^(https?|wss?):$/.test(parsed.protocol) || parsed.host === ownHost()) return null;
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
      const parts: (string | Promise<string>)[] = [];
      let blobs = 0;
      let size = 0;
      body.forEach((v, k) => {
        if (typeof v === 'string') parts.push(`${k}=${v}`);
        // A file or JSON Blob appended to the form: its text, within the caps.
        else if (blobCtor && v instanceof blobCtor && blobs++ < MAX_BLOB_PARTS && (size += v.size) <= MAX_SCANNED_CHARS)
          parts.push(v.text().then((t) => `${k}=${t}`));
      });
      return (await Promise.all(parts)).join('&');
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
          const matches = await findSecrets(haystack, secrets, digest, matchContext());
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

  // A fresh same-origin iframe (about:blank, srcdoc) has its own fetch, sendBeacon and WebSocket, and a
  // page can call them before any content script runs in it: watch such a frame from here, the moment
  // the page inserts it or reaches into it, with this page's fields and host.
  const watchFrame = (frame: unknown): void => {
    try {
      const child = frame instanceof realm.HTMLIFrameElement ? iframeWindow?.call(frame) : null;
      // Same-origin only: reading a cross-origin frame's document throws, and it is its own site anyway.
      if (child && !watchedWindows.has(child) && child.document) installNetworkWatch(child, { ...opts, ownHost, matchContext });
    } catch {
      // Cross-origin or gone: not ours to watch.
    }
  };
  const iframeProto = realm.HTMLIFrameElement?.prototype;
  const iframeWindow = iframeProto && Object.getOwnPropertyDescriptor(iframeProto, 'contentWindow')?.get;
  for (const name of ['contentWindow', 'contentDocument'] as const) {
    const descriptor = iframeProto && Object.getOwnPropertyDescriptor(iframeProto, name);
    const getter = descriptor?.get;
    if (!getter || !descriptor.configurable) continue;
    Object.defineProperty(iframeProto, name, {
      ...descriptor,
      get(this: unknown) {
        watchFrame(this);
        return apply(getter, this, []);
      },
    });
  }
  // After insertion (the frame's window exists only then): the cheapest test first, on every call.
  for (const name of ['appendChild', 'insertBefore', 'append', 'prepend', 'replaceChildren'] as const) {
    const owner = name === 'appendChild' || name === 'insertBefore' ? realm.Node?.prototype : realm.Element?.prototype;
    wrapAfter(owner, name, (args) => {
      for (const node of args.slice(0, 8)) if (node instanceof realm.HTMLIFrameElement) watchFrame(node);
    });
  }

  /** Like wrap(), but `after` runs once the original returned (an inserted frame has a window only then). */
  function wrapAfter(owner: object | null | undefined, name: string, after: (args: unknown[]) => void): void {
    try {
      const descriptor = owner && Object.getOwnPropertyDescriptor(owner, name);
      const original = descriptor?.value as AnyFunction | undefined;
      if (!descriptor || typeof original !== 'function' || !descriptor.configurable) return;
      const wrapper = {
        [name](this: unknown, ...args: unknown[]) {
          const result = apply(original, this, args);
          try {
            after(args);
          } catch {
            // Never a page error.
          }
          return result;
        },
      }[name];
      Object.defineProperty(owner, name, { ...descriptor, value: wrapper });
    } catch {
      // Exotic objects: leave the page's API as it is.
    }
  }

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
