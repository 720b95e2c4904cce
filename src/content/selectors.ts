/**
 * A selector that matches `el` alone in its document: `#id` when unique, else `tag[name="…"]` when
 * unique, else a child-combinator path from the nearest uniquely-id'd ancestor (or `html`).
 * Controls inside open shadow roots get `host-selector >> inner-selector` (Playwright's chaining),
 * as no plain CSS selector crosses a shadow boundary.
 */
import { currentBatch, inBatch, lookup, uniqueId } from './batch';
import { attr } from './text';

export function uniqueSelector(el: Element): string {
  return inBatch(() => selectorOf(el));
}

/** Same as `uniqueSelector`, inside a running batch. */
export function selectorOf(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const inner = selectorInRoot(el, root);
  const host = (root as ShadowRoot).host;
  return host ? `${selectorOf(host)} >> ${inner}` : inner;
}

function selectorInRoot(el: Element, root: Document | ShadowRoot): string {
  if (el.id && uniqueId(el.id, root)) return '#' + el.id;
  const name = attr(el, 'name');
  // Names needing escapes are left to the path (some engines mis-parse escaped quotes).
  if (name && name.length <= 100 && !/["\\\n\r\f]/.test(name)) {
    const sameName = lookup(el, 'name', name);
    if (sameName.filter((other) => other.localName === el.localName).length === 1) return `${el.localName}[name="${name}"]`;
  }
  const parts: string[] = [];
  let node: Element | null = el;
  for (let depth = 0; node && depth < 25; depth++) {
    if (node !== el && node.id && uniqueId(node.id, root)) {
      parts.unshift('#' + node.id);
      return parts.join(' > ');
    }
    const parent: Element | null = node.parentElement;
    if (!parent) {
      // Top of the document (html) or of a shadow root (best effort there: no anchor exists).
      parts.unshift(node.localName + (root.nodeType === 9 ? '' : nthOfType(node)));
      return parts.join(' > ');
    }
    parts.unshift(node.localName + nthOfType(node));
    node = parent;
  }
  return parts.join(' > ');
}

function nthOfType(el: Element): string {
  const parent = el.parentNode as Element | null;
  if (!parent) return '';
  const batch = currentBatch();
  let positions = batch.positions.get(parent);
  if (!positions) {
    // One pass over the parent's children serves every sibling in this batch.
    positions = new Map();
    const counts = new Map<string, number>();
    for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
      const index = (counts.get(c.localName) ?? 0) + 1;
      counts.set(c.localName, index);
      positions.set(c, { index, count: 0 });
    }
    for (const [child, position] of positions) position.count = counts.get(child.localName)!;
    batch.positions.set(parent, positions);
  }
  const position = positions.get(el);
  return !position || position.count === 1 ? '' : `:nth-of-type(${position.index})`;
}
