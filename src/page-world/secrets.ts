/**
 * Page world: which fields hold data worth watching for, and their current values.
 *
 * The content script names the fields (selector + category, from the background's verdicts) with a
 * SENSITIVE_FIELDS_EVENT; values are read here, when a request leaves, and never cross to the
 * extension. The page can forge the event: that only makes us look for more of its own fields.
 */
import type { Secret } from './match';
import { SENSITIVE_FIELDS_EVENT, WATCHED_FIELD_CATEGORIES } from './channel';

const MAX_FIELDS = 100;

export function listenForSensitiveFields(win: Window): () => Secret[] {
  const realm = win as unknown as typeof globalThis;
  const doc = win.document;
  const parse = realm.JSON.parse;
  const querySelector = realm.Document.prototype.querySelector;
  // Read values through the prototypes' getters: a page cannot hide a value with an own `value` property.
  const getters = [realm.HTMLInputElement, realm.HTMLTextAreaElement].map((c) => ({
    ctor: c,
    get: Object.getOwnPropertyDescriptor(c.prototype, 'value')?.get,
  }));
  const fields = new Map<string, string>();

  win.addEventListener(SENSITIVE_FIELDS_EVENT, (event) => {
    try {
      const list: unknown = parse((event as CustomEvent).detail);
      if (!Array.isArray(list)) return;
      for (const item of list.slice(0, MAX_FIELDS)) {
        const [selector, category] = Array.isArray(item) ? item : [];
        if (typeof selector !== 'string' || selector.length > 1000 || !(WATCHED_FIELD_CATEGORIES as readonly unknown[]).includes(category))
          continue;
        if (fields.size < MAX_FIELDS) fields.set(selector, category as string);
      }
    } catch {
      // Not ours, or malformed: ignore.
    }
  });

  return () => {
    const secrets: Secret[] = [];
    for (const [selector, category] of fields) {
      try {
        const el = Reflect.apply(querySelector, doc, [selector]);
        const getter = getters.find((g) => el instanceof g.ctor)?.get;
        const value = getter ? Reflect.apply(getter, el, []) : '';
        if (typeof value === 'string' && value) secrets.push({ category, value });
      } catch {
        // An invalid selector: skip it.
      }
    }
    return secrets;
  };
}
