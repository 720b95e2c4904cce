/**
 * Keys a ruleset may never use, anywhere: `__proto__`, `constructor` and `prototype` name the machinery
 * of JavaScript objects, not data. JSON.parse keeps `"__proto__"` as an own key, and code that copies or
 * merges objects key by key could then change an object's prototype (prototype pollution); schema
 * checks may silently drop it instead, so the ruleset "passes" with a key the author never saw ignored.
 * Either way the file is wrong: it is rejected, with the key's JSON path and why.
 */

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any real ruleset; the walk stops here (the schema rejects such shapes anyway). */
const MAX_DEPTH = 64;
/** One error per key is enough; a hostile file with thousands of them gets the first few. */
const MAX_ERRORS = 20;

export interface ForbiddenKey {
  /** Where the key is, as keys and indices from the top (validate.ts turns it into a JSON path). */
  path: PropertyKey[];
  reason: string;
}

/** Every forbidden key in `data` (a parsed JSON value), with its path, in document order. */
export function forbiddenKeys(data: unknown): ForbiddenKey[] {
  const errors: ForbiddenKey[] = [];
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (errors.length >= MAX_ERRORS || path.length > MAX_DEPTH || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    for (const key of Object.keys(value)) {
      const at = [...path, key];
      if (FORBIDDEN_KEYS.has(key)) {
        if (errors.length < MAX_ERRORS)
          errors.push({
            path: at,
            reason: `"${key}" is not allowed as a key anywhere in a ruleset: it names JavaScript's object machinery, not data`,
          });
        continue;
      }
      walk((value as Record<string, unknown>)[key], at);
    }
  };
  walk(data, []);
  return errors;
}
