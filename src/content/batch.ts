/**
 * One batch of descriptions shares its lookups: labels by `for`, controls by name, ids, each
 * control's nearest ancestors, sibling positions, layout. Built on first use and dropped after the
 * batch (or kept by the scanner for as long as no mutation has come in). The DOM must not change
 * while an index is in use.
 */
import { attr } from './text';

/**
 * Lookups that would otherwise scan the whole document once per field (labels by `for`, controls by
 * name, a child's position among same-type siblings), built once per batch and dropped after it.
 * Deliberately not `el.labels` / `getElementsByName`: those are live lists the browser keeps updating
 * on every later DOM change of the page.
 */
interface RootIndex {
  uniqueIds: Map<string, boolean>;
  /** Built only once a batch has asked more than a few questions (see `lookup`). */
  byId: Map<string, Element[]> | null;
  labelsFor: Map<string, Element[]> | null;
  byName: Map<string, Element[]> | null;
  lookups: number;
}
/** What a control's nearest ancestors are, found in one upward walk. */
export interface Ancestry {
  label: Element | null;
  wrapper: Element | null;
  cell: Element | null;
  group: Element | null;
}
interface BatchIndex {
  ancestry: Map<Element, Ancestry>;
  roots: Map<Node, RootIndex>;
  layout: Map<Document, { scrollX: number; scrollY: number } | null>;
  positions: Map<Element, Map<Element, { index: number; count: number }>>;
  searchForms: Map<Element, boolean>;
  /** Where each form submits, resolved once per form (URL parsing per control was a hot spot). */
  formActions: Map<Element, string>;
}
let batch: BatchIndex | null = null;

/** A batch's lookups, reusable by the caller for as long as it knows the DOM has not changed. */
export type BatchCache = BatchIndex;

export function newBatchCache(): BatchCache {
  return { ancestry: new Map(), roots: new Map(), positions: new Map(), layout: new Map(), searchForms: new Map(), formActions: new Map() };
}

/**
 * Runs `fn` with one shared index (`reuse`, or a fresh one dropped afterwards); nested calls reuse
 * the outer one. The DOM must not change while an index is in use.
 */
export function inBatch<T>(fn: () => T, reuse?: BatchCache): T {
  if (batch) return fn();
  batch = reuse ?? newBatchCache();
  try {
    return fn();
  } finally {
    batch = null;
  }
}

/** The index of the running batch; only callable inside `inBatch`. */
export function currentBatch(): BatchIndex {
  return batch!;
}

/** The index of the running batch, if any (for callers that also run outside one). */
export function batchIfAny(): BatchIndex | null {
  return batch;
}

function rootIndex(node: Node): RootIndex {
  const root = node.getRootNode() as Document | ShadowRoot;
  let index = batch!.roots.get(root);
  if (!index) {
    index = { uniqueIds: new Map(), byId: null, labelsFor: null, byName: null, lookups: 0 };
    batch!.roots.set(root, index);
  }
  return index;
}

/** Strings we can put in a quoted attribute selector without escaping. */
const PLAIN_VALUE = /^[^"\\\n\r\f]{1,100}$/;
/** Up to this many lookups per batch go to the browser directly; then one index answers the rest. */
const DIRECT_LOOKUPS = 2;

const LOOKUPS = {
  id: { attribute: 'id', all: '[id]', exact: (v: string) => `[id="${v}"]`, index: 'byId' },
  for: { attribute: 'for', all: 'label[for]', exact: (v: string) => `label[for="${v}"]`, index: 'labelsFor' },
  name: {
    attribute: 'name',
    all: 'input[name],select[name],textarea[name]',
    exact: (v: string) => `input[name="${v}"],select[name="${v}"],textarea[name="${v}"]`,
    index: 'byName',
  },
} as const;

/** Elements of `node`'s tree whose `id`, label `for`, or control `name` equals `value`. */
export function lookup(node: Node, kind: keyof typeof LOOKUPS, value: string): Element[] {
  const root = node.getRootNode() as Document | ShadowRoot;
  const index = rootIndex(root);
  const how = LOOKUPS[kind];
  if (index.lookups++ < DIRECT_LOOKUPS && PLAIN_VALUE.test(value)) {
    // A small batch (the usual case for mutations): a native query is cheaper than an index.
    return [...root.querySelectorAll(how.exact(value))];
  }
  let map = index[how.index];
  if (!map) {
    map = new Map();
    for (const el of root.querySelectorAll(how.all)) push(map, attr(el, how.attribute), el);
    index[how.index] = map;
  }
  return map.get(value) ?? [];
}

const SAFE_IDENT = /^[A-Za-z_][\w-]*$/;

/** Whether `#id` matches exactly one element of `root` (asked once per id per batch). */
export function uniqueId(id: string, root: Document | ShadowRoot): boolean {
  if (!SAFE_IDENT.test(id)) return false;
  const known = rootIndex(root).uniqueIds;
  let unique = known.get(id);
  if (unique === undefined) {
    unique = lookup(root, 'id', id).length === 1;
    known.set(id, unique);
  }
  return unique;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Component-library field wrappers (class names) and the element inside them that carries the label. */
const FIELD_WRAPPER = /(?:^|\s)(?:van-field|van-cell|adm-form-item|adm-list-item|ant-form-item|el-form-item)(?:\s|$)/;
const GROUP_WRAPPER = /(?:^|\s)(?:van|ant|adm|el)-(?:radio|checkbox)-group(?:\s|$)/;
const GROUP_ROLES = new Set(['radiogroup', 'group']);

/**
 * One walk up from `el`: a wrapping <label> (≤ 6 levels), a table cell (≤ 3), a library field
 * wrapper or choice group (≤ 8).
 */
export function ancestryOf(el: Element): Ancestry {
  let found = batch!.ancestry.get(el);
  if (found) return found;
  found = { label: null, wrapper: null, cell: null, group: null };
  let node: Element | null = el;
  // A library wrapper closes the search: labels, cells and groups of this control sit inside it.
  for (let depth = 0; node && depth <= 8 && !found.wrapper; depth++, node = node.parentElement) {
    const tag = node.localName;
    const cls = node.getAttribute('class');
    if (!found.label && tag === 'label' && depth <= 6) found.label = node;
    else if (!found.cell && (tag === 'td' || tag === 'th') && depth <= 3) found.cell = node;
    if (cls && FIELD_WRAPPER.test(cls)) found.wrapper = node;
    if (
      !found.group &&
      depth > 0 &&
      (tag === 'fieldset' || (cls && GROUP_WRAPPER.test(cls)) || GROUP_ROLES.has(node.getAttribute('role')!))
    ) {
      found.group = node;
    }
  }
  batch!.ancestry.set(el, found);
  return found;
}
