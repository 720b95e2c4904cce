/** Which elements are controls we describe, and their stable keys. DOM only. */

/** Controls we describe. `[role=radiogroup]` covers component libraries (Vant) without native radios. */
export const CONTROL_SELECTOR = 'input,select,textarea,[role=radiogroup]';
/** Input types that are not questions to the user. */
const SKIPPED_INPUT_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image']);

export function inputType(el: Element): string {
  return (el.getAttribute('type') ?? 'text').trim().toLowerCase() || 'text';
}

/** Whether an element is a control we describe (a question the page asks). */
export function isDescribable(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'select' || tag === 'textarea') return true;
  if (tag === 'input') return !SKIPPED_INPUT_TYPES.has(inputType(el));
  // An ARIA radio group counts only when it has no native radios (those are described themselves).
  return el.getAttribute('role') === 'radiogroup' && !el.querySelector('input');
}

const keys = new WeakMap<Element, string>();
const counters = new WeakMap<Document, number>();

/** The stable key of a control in its document ("f1", "f2", …); the same element keeps its key. */
export function fieldKey(el: Element): string {
  let key = keys.get(el);
  if (!key) {
    const doc = el.ownerDocument;
    const next = (counters.get(doc) ?? 0) + 1;
    counters.set(doc, next);
    key = `f${next}`;
    keys.set(el, key);
  }
  return key;
}
