/**
 * Page-world (MAIN) hooks: notice when the page asks for location, camera/microphone, contacts or
 * a permission state, and with which options. Only *that* a call happened is reported — the hooks
 * never touch positions, streams or contact data, and never change what the page gets back.
 *
 * Built-ins are captured at install time, before page scripts run, so a page that later replaces
 * `CustomEvent`, `dispatchEvent` or `JSON.stringify` cannot break or spy on the channel
 * (the pattern of Privacy Badger's fingerprinting.js).
 */
import type { ApiObservation } from '../shared/model';
import { EVENT_NAME, MAX_OBSERVATIONS } from './channel';

type Emit = (o: ApiObservation) => void;
type AnyFunction = (...args: unknown[]) => unknown;

/** An emitter that sends observations to the content script over the channel, deduplicated and capped. */
export function createChannelEmitter(win: Window): Emit {
  const realm = win as unknown as typeof globalThis;
  const CustomEventCtor = realm.CustomEvent;
  // Read through the window (not EventTarget.prototype) so it is the function the window really uses.
  const dispatch = realm.dispatchEvent;
  const stringify = realm.JSON.stringify;
  const apply = Reflect.apply;
  const seen = new Set<string>();
  return (o) => {
    const detail = apply(stringify, null, [o]) as string;
    if (seen.has(detail) || seen.size >= MAX_OBSERVATIONS) return;
    seen.add(detail);
    apply(dispatch, win, [new CustomEventCtor(EVENT_NAME, { detail })]);
  };
}

/** Installs every hook that the page's browser offers; a hook that cannot be installed is skipped. */
export function installPageHooks(win: Window, emit: Emit, opts: { geolocation?: boolean } = {}): void {
  const nav = win.navigator as Navigator & { contacts?: object };
  const safeEmit = (o: ApiObservation): void => {
    try {
      emit(o);
    } catch {
      // Reporting must never change the page's behaviour.
    }
  };

  const pageGlobals = globalsSnapshot(win);
  // Skipped when the geolocation bridge (geolocation.ts) owns these methods and reports them itself.
  const geo = opts.geolocation === false ? null : nav.geolocation;
  hookMethod(geo, 'getCurrentPosition', (args) =>
    safeEmit({ api: 'geolocation.getCurrentPosition', highAccuracy: readHighAccuracy(args[2]) }),
  );
  hookMethod(geo, 'watchPosition', (args) => safeEmit({ api: 'geolocation.watchPosition', highAccuracy: readHighAccuracy(args[2]) }));
  hookMethod(nav.mediaDevices, 'getUserMedia', (args) => safeEmit({ ...describeMediaRequest(args[0]), globals: pageGlobals() }));
  hookMethod(nav.contacts, 'select', (args) => safeEmit(describeContactsRequest(args[0], args[1])));
  hookMethod(nav.permissions, 'query', (args) => {
    const name = readProperty(args[0], 'name');
    if (typeof name === 'string') safeEmit({ api: 'permissions.query', name: name.slice(0, 40) });
  });
}

/**
 * Replaces `target[name]` (on whichever object in its prototype chain owns it) with a transparent
 * wrapper: same `this`, arguments, return value and exceptions. `onCall` runs only after the original
 * returned, i.e. only for calls the browser accepted; its own errors are swallowed.
 */
function hookMethod(target: object | null | undefined, name: string, onCall: (args: unknown[]) => void): void {
  try {
    if (!target) return;
    let owner: object | null = target;
    while (owner && !Object.prototype.hasOwnProperty.call(owner, name)) owner = Object.getPrototypeOf(owner);
    if (!owner) return;
    const descriptor = Object.getOwnPropertyDescriptor(owner, name);
    if (!descriptor) return;
    const original = descriptor.value;
    if (typeof original !== 'function' || !(descriptor.configurable || descriptor.writable)) return;
    const apply = Reflect.apply;
    const wrapper = {
      // A method-shorthand keeps the wrapper non-constructible, like the built-ins it replaces.
      [name](this: unknown, ...args: unknown[]) {
        const result = apply(original as AnyFunction, this, args);
        try {
          onCall(args);
        } catch {
          // A hostile getter on the options object must not turn into a page error.
        }
        return result;
      },
    }[name];
    if (descriptor.configurable) Object.defineProperty(owner, name, { ...descriptor, value: wrapper });
    else (owner as Record<string, unknown>)[name] = wrapper;
  } catch {
    // Frozen or exotic objects: leave the page's API as it is.
  }
}

const MAX_GLOBALS = 60;
const GLOBAL_NAME = /^[A-Za-z_$][\w$]{1,39}$/;

/**
 * The globals the page's scripts define after this moment (hooks install at document_start, before
 * any page script): a face SDK announces itself as `FaceTecSDK`, `faceapi`, `ZolozRealId`. Names
 * only, taken when the page asks for the camera; the ruleset decides which names mean a face SDK.
 */
function globalsSnapshot(win: Window): () => string[] {
  const names = Object.getOwnPropertyNames;
  let before: Set<string>;
  try {
    before = new Set(names(win));
  } catch {
    return () => [];
  }
  return () => {
    const added: string[] = [];
    for (const name of names(win)) {
      if (added.length >= MAX_GLOBALS) break;
      if (!before.has(name) && GLOBAL_NAME.test(name)) added.push(name);
    }
    return added;
  };
}

function readProperty(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function readHighAccuracy(options: unknown): boolean {
  return readProperty(options, 'enableHighAccuracy') === true;
}

function describeMediaRequest(constraints: unknown): Extract<ApiObservation, { api: 'mediaDevices.getUserMedia' }> {
  const video = readProperty(constraints, 'video');
  const audio = readProperty(constraints, 'audio');
  return {
    api: 'mediaDevices.getUserMedia',
    video: !!video,
    audio: !!audio,
    facingUser: asksForFrontCamera(video),
  };
}

/** facingMode: 'user' in any constraint form: string, array, {exact}, {ideal}, or `advanced` sets. */
function asksForFrontCamera(video: unknown): boolean {
  const mentionsUser = (value: unknown, depth: number): boolean => {
    if (value === 'user') return true;
    if (depth > 2) return false;
    if (Array.isArray(value)) return value.slice(0, 8).some((v) => mentionsUser(v, depth + 1));
    return mentionsUser(readProperty(value, 'exact'), depth + 1) || mentionsUser(readProperty(value, 'ideal'), depth + 1);
  };
  if (mentionsUser(readProperty(video, 'facingMode'), 0)) return true;
  const advanced = readProperty(video, 'advanced');
  return Array.isArray(advanced) && advanced.slice(0, 8).some((set) => mentionsUser(readProperty(set, 'facingMode'), 0));
}

function describeContactsRequest(properties: unknown, options: unknown): ApiObservation {
  const names = Array.isArray(properties)
    ? properties
        .slice(0, 8)
        .filter((p): p is string => typeof p === 'string')
        .map((p) => p.slice(0, 40))
    : [];
  return { api: 'contacts.select', properties: [...new Set(names)], multiple: readProperty(options, 'multiple') === true };
}
