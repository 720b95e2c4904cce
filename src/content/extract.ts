/**
 * Describes the form controls of a document: what each one *asks* (attributes, label text, nearby
 * text), never what the user answered. DOM only, no extension APIs, so happy-dom tests run it.
 *
 * Privacy: nothing here reads `.value`, `.checked`, `selectedIndex`, a textarea's text or the text of
 * editable regions; text is only taken from the page's own markup around a control.
 * Cost: everything is bounded (text walks stop after a few nodes/characters, selectors look at
 * siblings and ancestors only), because this runs on every page and must stay in microseconds.
 */
import type { FieldDescriptor } from '../shared/model';

/** Controls we describe. `[role=radiogroup]` covers component libraries (Vant) without native radios. */
export const CONTROL_SELECTOR = 'input,select,textarea,[role=radiogroup]';
/** Input types that are not questions to the user. */
const SKIPPED_INPUT_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
/** Elements whose text is never ours to read (scripts) or may be the user's own text (editors, controls). */
const SKIPPED_TEXT_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'SVG']);

const ICON_CLASS = /(?:^|[\s_-])icon(?:$|[\s_-])/i;

const MAX_TEXT = 120;
const MAX_NEARBY = 80;
const MAX_OPTIONS = 8;

/** Component-library field wrappers (class names) and the element inside them that carries the label. */
const FIELD_WRAPPER = /(?:^|\s)(?:van-field|van-cell|adm-form-item|adm-list-item|ant-form-item|el-form-item)(?:\s|$)/;
const WRAPPER_LABEL =
  '.van-field__label,.van-cell__title,.adm-form-item-label,.adm-list-item-content-prefix,.ant-form-item-label,.el-form-item__label';
/** Classes those libraries use to draw a required asterisk with CSS (so it is not in the text). */
const REQUIRED_MARK = '.van-field__label--required,.ant-form-item-required,.adm-form-item-required-asterisk';
const REQUIRED_WRAPPER = '.is-required,.adm-form-item-required,.van-field--required';
const GROUP_WRAPPER = /(?:^|\s)(?:van|ant|adm|el)-(?:radio|checkbox)-group(?:\s|$)/;

const OPTIONAL_WORDS = /\boptional\b|选填|可选|非必填|可不填/i;
const REQUIRED_WORDS = /\*|＊|必填|\brequired\b/i;

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
interface Ancestry {
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
}
let batch: BatchIndex | null = null;

/** A batch's lookups, reusable by the caller for as long as it knows the DOM has not changed. */
export type BatchCache = BatchIndex;

export function newBatchCache(): BatchCache {
  return { ancestry: new Map(), roots: new Map(), positions: new Map(), layout: new Map(), searchForms: new Map() };
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
function lookup(node: Node, kind: keyof typeof LOOKUPS, value: string): Element[] {
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

/**
 * One walk up from `el`: a wrapping <label> (≤ 6 levels), a table cell (≤ 3), a library field
 * wrapper or choice group (≤ 8).
 */
function ancestryOf(el: Element): Ancestry {
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

const GROUP_ROLES = new Set(['radiogroup', 'group']);

/** `hidden` is usually also display:none (checkVisibility sees it), but not in every engine or page. */
function hiddenByAttribute(el: Element): boolean {
  return el.closest('[hidden],[aria-hidden="true"]') !== null;
}

/** Whether `#id` matches exactly one element of `root` (asked once per id per batch). */
function uniqueId(id: string, root: Document | ShadowRoot): boolean {
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

/** The <label>s of a control: those pointing at its id, and a wrapping label aimed at nothing else. */
function labelsOf(el: Element): Element[] {
  const labels = el.id ? [...lookup(el, 'for', el.id)] : [];
  const wrapping = ancestryOf(el).label;
  if (wrapping && !labels.includes(wrapping) && (!wrapping.hasAttribute('for') || attr(wrapping, 'for') === el.id)) {
    labels.push(wrapping);
  }
  return labels;
}

/** Whether an element is a control we describe (a question the page asks). */
export function isDescribable(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'select' || tag === 'textarea') return true;
  if (tag === 'input') return !SKIPPED_INPUT_TYPES.has(inputType(el));
  // An ARIA radio group counts only when it has no native radios (those are described themselves).
  return el.getAttribute('role') === 'radiogroup' && !el.querySelector('input');
}

/** Descriptors of every control in `root` (including `root` itself when it is one). */
export function extractFields(root: ParentNode): FieldDescriptor[] {
  return inBatch(() => extractAll(root));
}

function extractAll(root: ParentNode): FieldDescriptor[] {
  const out: FieldDescriptor[] = [];
  if (root instanceof Element && root.matches(CONTROL_SELECTOR) && isDescribable(root)) {
    out.push(describeField(root, fieldKey(root)));
  }
  for (const el of root.querySelectorAll(CONTROL_SELECTOR)) {
    if (isDescribable(el)) out.push(describeField(el, fieldKey(el)));
  }
  return out;
}

export function describeField(el: Element, key: string): FieldDescriptor {
  return inBatch(() => describe(el, key));
}

function describe(el: Element, key: string): FieldDescriptor {
  const tag = el.localName;
  const isAriaGroup = tag !== 'input' && tag !== 'select' && tag !== 'textarea';
  const type = isAriaGroup ? 'radio' : tag === 'input' ? inputType(el) : '';
  const choice = type === 'radio' || type === 'checkbox';

  const labelText = isAriaGroup ? '' : labelsText(el);
  const ownAria = ariaText(el);
  // A styled uploader hides its file input behind a button that carries the caption ("上传人脸照片").
  const ariaLabel = type === 'file' && !hasWords(labelText) && !hasWords(ownAria) ? clip(uploadButtonText(el), MAX_TEXT) : ownAria;
  const placeholder = clip(attr(el, 'placeholder'), MAX_TEXT);
  const groupRoot = isAriaGroup ? el : choice ? choiceGroup(el as HTMLInputElement) : null;
  // Radios and checkboxes: their own label says "男"; the question ("性别") belongs to the group.
  const ownNearby = groupRoot
    ? groupQuestion(groupRoot)
    : hasWords(labelText) || hasWords(ariaLabel)
      ? ''
      : nearbyLabel(el) || (choice ? followingText(el) : '');
  // A day/month/year part: its own label says "Day"; the question ("Date of birth") precedes the group.
  const datePartNearby = !groupRoot && isDatePart(el, tag, placeholder) ? joinTexts(ownNearby, dateGroupText(el)) : ownNearby;
  // Nothing said next to it: the fieldset or ARIA group it sits in ("Date of birth" over three selects).
  const nearbyText =
    datePartNearby || hasWords(labelText) || hasWords(ariaLabel) || groupRoot ? datePartNearby : enclosingGroupQuestion(el);
  const optionsText = tag === 'select' ? selectOptions(el as HTMLSelectElement) : groupRoot ? groupOptions(el, groupRoot, isAriaGroup) : '';
  const maxLength = Number.parseInt(attr(el, 'maxlength'), 10);
  const formAction = formActionOf(el);

  return {
    key,
    tag: isAriaGroup ? 'input' : (tag as FieldDescriptor['tag']),
    type,
    id: clip(el.id, MAX_TEXT),
    name: clip(attr(el, 'name'), MAX_TEXT),
    autocomplete: clip(attr(el, 'autocomplete').toLowerCase(), MAX_TEXT),
    placeholder,
    ariaLabel,
    labelText,
    nearbyText,
    optionsText,
    inputMode: clip(attr(el, 'inputmode').toLowerCase(), 32),
    maxLength: Number.isFinite(maxLength) && maxLength >= 0 ? maxLength : null,
    accept: type === 'file' ? clip(attr(el, 'accept'), MAX_TEXT) : '',
    capture: type === 'file' && el.hasAttribute('capture') ? clip(attr(el, 'capture').toLowerCase(), 32) : '',
    required: isRequired(el, [labelText, ariaLabel, nearbyText, placeholder]),
    visible: visible(el, type),
    selector: uniqueSelector(el),
    formAction,
    searchForm: inSearchForm(el, formAction),
  };
}

/**
 * A search form: one that submits to a "search" path or is a search landmark, and has only the few
 * controls a search needs. The size check matters: a header search form left unclosed in the markup
 * swallows every control after it (browsers ignore a nested <form> tag), sign-up forms included.
 */
function inSearchForm(el: Element, formAction: string): boolean {
  const form = (el as HTMLInputElement).form ?? el.closest('[role=search],search');
  if (!form) return false;
  const cache = batch?.searchForms;
  const known = cache?.get(form);
  if (known !== undefined) return known;
  let result =
    form.localName !== 'form' || !!form.closest('[role=search],search') || (!!formAction && SEARCH_PATH.test(new URL(formAction).pathname));
  if (result) {
    let entries = 0;
    // `elements` also lists controls the parser tied to the form outside its subtree; a control named
    // "elements" shadows it (DOM clobbering), and then the subtree has to do.
    const listed = form.localName === 'form' ? (form as HTMLFormElement).elements : null;
    const controls = !listed || listed instanceof Element ? form.querySelectorAll('input,select,textarea') : listed;
    for (const control of Array.from(controls as ArrayLike<Element>)) {
      if (
        control.localName === 'select' ||
        control.localName === 'textarea' ||
        (control.localName === 'input' && !NOT_ENTRY_TYPES.has(inputType(control)))
      )
        entries++;
      if (entries > MAX_SEARCH_ENTRIES) break;
    }
    result = entries <= MAX_SEARCH_ENTRIES;
  }
  cache?.set(form, result);
  return result;
}

const MAX_SEARCH_ENTRIES = 4;
const NOT_ENTRY_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'checkbox', 'radio']);
/** A path segment that says "search" in one of the covered languages (a segment: "/research/" is not one). */
const SEARCH_PATH =
  /(?:^|[/_.-])(?:search|suche|recherche|rechercher|buscar|busqueda|búsqueda|busca|ricerca|cerca|pesquisa|pesquisar|poisk|szukaj|wyszukaj|hledat|vyhledavani|arama|kensaku|sousuo|zoeken|sok|haku|kereses)(?:[/_.-]|$)/i;

/** Where the control's form submits: `form.action` is already resolved against the document URL. */
function formActionOf(el: Element): string {
  const form = (el as HTMLInputElement).form;
  if (!form) return '';
  const action = form.getAttribute('action');
  // A form without an action posts to the page itself; so does a javascript: action handled by script.
  if (!action || /^\s*javascript:/i.test(action)) return '';
  // Resolved from the attribute, not `form.action`: a control named "action" shadows that property
  // (DOM clobbering), which real pages do by accident and hostile ones on purpose.
  try {
    return clip(new URL(action.trim(), el.ownerDocument.baseURI).href, 2048);
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Text

export function attr(el: Element, name: string): string {
  return el.getAttribute(name) ?? '';
}

function inputType(el: Element): string {
  return (el.getAttribute('type') ?? 'text').trim().toLowerCase() || 'text';
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function clip(text: string, max: number): string {
  if (!text) return '';
  const t = normalise(text);
  return t.length > max ? t.slice(0, max) : t;
}

/** Letters or CJK: a label made only of "*" or ":" is no label. */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/**
 * The visible-ish text of a subtree, without controls, scripts or editable regions, stopping after
 * `max` characters or 60 nodes so a huge container costs no more than a small one.
 */
export function boundedText(node: Node, max = MAX_TEXT): string {
  let out = '';
  let visits = 0;
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c && out.length < max && visits < 60; c = c.nextSibling) {
      visits++;
      if (c.nodeType === 3) out += c.nodeValue;
      else if (c.nodeType === 1 && !skipText(c as Element)) walk(c);
    }
  };
  if (node.nodeType === 3) out = node.nodeValue ?? '';
  else if (!(node.nodeType === 1 && skipText(node as Element))) walk(node);
  return clip(out, max);
}

function skipText(el: Element): boolean {
  return (
    SKIPPED_TEXT_TAGS.has(el.tagName.toUpperCase()) ||
    el.getAttribute('contenteditable') != null ||
    el.getAttribute('aria-hidden') === 'true' ||
    // Icon glyphs (a tick inside a custom radio, an arrow) are decoration, not label text.
    ((el.localName === 'i' || el.localName === 'span') && ICON_CLASS.test(el.getAttribute('class') ?? ''))
  );
}

function labelsText(el: Element): string {
  let text = '';
  for (const label of labelsOf(el)) text += ' ' + boundedText(label);
  return clip(text, MAX_TEXT);
}

function ariaText(el: Element): string {
  let text = attr(el, 'aria-label');
  const ids = attr(el, 'aria-labelledby').split(/\s+/).filter(Boolean).slice(0, 5);
  const root = el.getRootNode() as Document | ShadowRoot;
  for (const id of ids) {
    const target = root.getElementById?.(id);
    if (target && target !== el) text += ' ' + boundedText(target);
  }
  return clip(text, MAX_TEXT);
}

/** The short text that works as a label when there is no <label>. */
function nearbyLabel(el: Element): string {
  const wrapper = ancestryOf(el).wrapper;
  const libLabel = wrapper?.querySelector(WRAPPER_LABEL);
  if (libLabel && !libLabel.contains(el)) {
    const text = boundedText(libLabel, MAX_NEARBY);
    if (hasWords(text)) return text;
  }
  const cell = ancestryOf(el).cell;
  if (cell) {
    const left = cell.previousElementSibling;
    const text = left ? boundedText(left, MAX_NEARBY) : '';
    if (hasWords(text)) return text;
  }
  return precedingText(el);
}

/**
 * Text just before `el`: its previous siblings, then its parent's previous siblings, up to three
 * levels and four siblings per level. Siblings that contain other controls belong to other questions.
 */
function precedingText(el: Element): string {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth++) {
    let sibling: Node | null = node.previousSibling;
    for (let i = 0; sibling && i < 4; i++, sibling = sibling.previousSibling) {
      if (sibling.nodeType === 1) {
        const s = sibling as Element;
        // One number written in parts ("(___) ___-____", an ID in three boxes): the parts before
        // this one share its question, so walk past them to the caption of the first.
        if (isNumberPart(s) && isNumberPart(el)) {
          const label = labelsText(s);
          if (hasWords(label)) return clip(label, MAX_NEARBY);
          i = 0;
          continue;
        }
        if (s.matches(CONTROL_SELECTOR) || s.querySelector(CONTROL_SELECTOR)) return '';
        if (skipText(s)) continue;
      } else if (sibling.nodeType !== 3) continue;
      const text = boundedText(sibling, MAX_NEARBY);
      if (hasWords(text)) return text;
    }
    node = node.parentElement;
    if (!node || node.localName === 'form' || node.localName === 'body') break;
  }
  return '';
}

/** A short text/tel/number box (at most 6 characters): one part of a number split over several boxes. */
function isNumberPart(el: Element): boolean {
  if (el.localName !== 'input' || !/^(?:text|tel|number)$/.test(inputType(el))) return false;
  const max = Number.parseInt(attr(el, 'maxlength') || attr(el, 'size'), 10);
  return max > 0 && max <= 6;
}

/** A checkbox's caption usually follows it: "[ ] I accept the terms". */
function followingText(el: Element): string {
  let sibling = el.nextSibling;
  for (let i = 0; sibling && i < 3; i++, sibling = sibling.nextSibling) {
    if (sibling.nodeType === 1 && (sibling as Element).matches(CONTROL_SELECTOR)) return '';
    if (sibling.nodeType !== 1 && sibling.nodeType !== 3) continue;
    const text = boundedText(sibling, MAX_NEARBY);
    if (hasWords(text)) return text;
  }
  return '';
}

/** The element holding a radio/checkbox group: a fieldset/radiogroup, or the box around same-name inputs. */
function choiceGroup(el: HTMLInputElement): Element | null {
  const { group: explicit, wrapper } = ancestryOf(el);
  if (explicit) return explicit;
  const sibling = attr(el, 'name') ? sameNameInputs(el).find((other) => other !== el) : undefined;
  // Only a near box counts: same-name radios far apart are not one visual group.
  if (sibling) {
    let box = el.parentElement;
    for (let depth = 0; box && depth < 5; depth++, box = box.parentElement) {
      if (box.contains(sibling)) return box;
    }
  }
  // Libraries whose radio groups render no wrapper (antd-mobile): the form item is the group.
  return wrapper;
}

function sameNameInputs(el: HTMLInputElement): Element[] {
  const named = lookup(el, 'name', attr(el, 'name'));
  const type = inputType(el);
  return named.filter((other) => other.localName === 'input' && inputType(other) === type && (other as HTMLInputElement).form === el.form);
}

/** The legend or ARIA label of the fieldset or `role=group` a control sits in, or ''. */
function enclosingGroupQuestion(el: Element): string {
  const group = ancestryOf(el).group;
  if (!group) return '';
  if (group.localName === 'fieldset') {
    const legend = group.querySelector('legend');
    if (legend) return boundedText(legend, MAX_NEARBY);
  }
  const aria = ariaText(group);
  return hasWords(aria) ? clip(aria, MAX_NEARBY) : '';
}

/** The question a radio/checkbox group asks: legend, ARIA label, library label, or preceding text. */
function groupQuestion(group: Element): string {
  if (group.localName === 'fieldset') {
    const legend = group.querySelector('legend');
    if (legend) return boundedText(legend, MAX_NEARBY);
  }
  const aria = ariaText(group);
  if (hasWords(aria)) return clip(aria, MAX_NEARBY);
  return nearbyLabel(group);
}

function groupOptions(el: Element, group: Element, ariaGroup: boolean): string {
  const texts: string[] = [];
  if (ariaGroup) {
    for (const radio of group.querySelectorAll('[role=radio]')) {
      texts.push(boundedText(radio, 30));
      if (texts.length >= MAX_OPTIONS) break;
    }
  } else {
    const type = (el as HTMLInputElement).type;
    const name = attr(el, 'name');
    for (const member of group.querySelectorAll<HTMLInputElement>(`input[type="${type}"]`)) {
      // A box may hold two groups ("You are a" / "Looking for a"): only this group's choices.
      if (name && attr(member, 'name') !== name) continue;
      // A caption whose `for` misses the input ("seeking_a_m" for id "seeking_a_M") still follows it.
      texts.push((labelsText(member) || followingText(member)).slice(0, 30));
      if (texts.length >= MAX_OPTIONS) break;
    }
  }
  return texts.filter(Boolean).join(' | ');
}

/**
 * The first few option captions and the last one: a year list's range ("Year | 2016 | 2015 | … |
 * 1916") tells a birth year from an expiry year. Option captions are page text (which one is
 * selected is never read).
 */
function selectOptions(el: HTMLSelectElement): string {
  const texts: string[] = [];
  const options = el.getElementsByTagName('option');
  const caption = (option: Element) => clip(option.textContent ?? '', 30) || clip(attr(option, 'label'), 30);
  for (let i = 0; i < options.length && texts.length < MAX_OPTIONS - 1; i++) {
    const text = caption(options[i]);
    if (text) texts.push(text);
  }
  if (options.length > MAX_OPTIONS) {
    const last = caption(options[options.length - 1]);
    if (last) texts.push('…', last);
  } else if (options.length === MAX_OPTIONS) {
    const last = caption(options[MAX_OPTIONS - 1]);
    if (last) texts.push(last);
  }
  return texts.join(' | ');
}

/** Captions of date parts ("DD", "Month", "Jahr", "年"), in the languages the ruleset covers. */
const DATE_PART_WORDS =
  /^(?:d|dd|tt|jj|gg|mm|yy|yyyy|jjjj|aaaa|rrrr|day|month|year|día|dia|mes|año|ano|jour|mois|année|annee|tag|monat|jahr|giorno|mese|anno|gün|gun|ay|yıl|yil|день|месяц|год|dzień|dzien|miesiąc|miesiac|rok|den|měsíc|mesic|日|月|年|일|월|년)\W*$/i;

/** Whether a control is one part of a day/month/year group (a select of days, months or years, or a short input). */
function isDatePart(el: Element, tag: string, placeholder: string): boolean {
  if (tag === 'select') {
    const options = el.getElementsByTagName('option');
    const n = options.length;
    if (n < 12 || n > 140) return false;
    const first = clip(options[0].textContent ?? '', 20);
    const second = clip(options[Math.min(1, n - 1)].textContent ?? '', 20);
    const last = clip(options[n - 1].textContent ?? '', 20);
    // Days 1–31, months (12 captions after an optional prompt, with values 1–12), or 4-digit years.
    if (/^0?1$/.test(first) || /^0?1$/.test(second)) return /^(?:28|29|30|31|12)$/.test(last);
    if (/^(?:19|20)\d\d$/.test(last) && /^(?:19|20)\d\d$/.test(second)) return true;
    return (n === 12 || n === 13) && /^0?12$/.test(attr(options[n - 1], 'value'));
  }
  if (tag !== 'input') return false;
  return DATE_PART_WORDS.test(placeholder) || DATE_PART_WORDS.test(attr(el, 'name')) || DATE_PART_WORDS.test(attr(el, 'aria-label'));
}

/**
 * The text before a date group: walks back past the group's other parts (and their own "Day"/"Month"
 * captions) and up to three levels, collecting up to three pieces of text, and stops at any control
 * that is not a date part (that belongs to another question).
 */
function dateGroupText(el: Element): string {
  const found: string[] = [];
  let node: Element | null = el;
  for (let depth = 0; node && depth < 4 && found.length < 3; depth++) {
    let sibling: Node | null = node.previousSibling;
    for (let i = 0; sibling && i < 8 && found.length < 3; i++, sibling = sibling.previousSibling) {
      if (sibling.nodeType === 1) {
        const s = sibling as Element;
        if (skipText(s) && !s.matches('select,input')) continue;
        const controls = s.matches(CONTROL_SELECTOR) ? [s] : [...s.querySelectorAll(CONTROL_SELECTOR)];
        if (controls.length) {
          if (controls.every((c) => isDatePart(c, c.localName, attr(c, 'placeholder')))) continue;
          return clip(found.join(' '), MAX_NEARBY);
        }
      } else if (sibling.nodeType !== 3) continue;
      const text = boundedText(sibling, MAX_NEARBY);
      if (hasWords(text)) found.push(text);
    }
    node = node.parentElement;
    if (!node || node.localName === 'form' || node.localName === 'body') break;
  }
  return clip(found.join(' '), MAX_NEARBY);
}

function joinTexts(a: string, b: string): string {
  if (!b || a.includes(b)) return a;
  return clip(a ? `${a} ${b}` : b, MAX_NEARBY);
}

// ---------------------------------------------------------------------------------------------
// Required, visible, selector

function isRequired(el: Element, texts: string[]): boolean {
  if ((el as HTMLInputElement).required || attr(el, 'aria-required') === 'true') return true;
  const labelish = texts.join(' ');
  if (OPTIONAL_WORDS.test(labelish)) return false;
  if (REQUIRED_WORDS.test(labelish)) return true;
  const wrapper = ancestryOf(el).wrapper;
  return !!wrapper && (wrapper.matches(REQUIRED_WRAPPER) || !!wrapper.querySelector(REQUIRED_MARK));
}

/**
 * Whether the user can see the control. Cheap checks only: `checkVisibility` (display, visibility,
 * content-visibility), aria-hidden, and, where the engine has layout, off-page or 1-pixel boxes
 * (typical honeypots). A hidden file/radio/checkbox input with a visible <label> counts as visible:
 * that is how styled upload buttons and custom radios work.
 */
export function isVisible(el: Element, type: string): boolean {
  return inBatch(() => visible(el, type));
}

function visible(el: Element, type: string): boolean {
  const check = (el as HTMLElement).checkVisibility;
  const shown =
    typeof check === 'function'
      ? check.call(el, { visibilityProperty: true })
      : (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0;
  if (!shown || hiddenByAttribute(el)) return labelVisible(el, type);
  const layout = layoutOf(el.ownerDocument);
  if (layout) {
    const box = el.getBoundingClientRect();
    const offPage = box.right + layout.scrollX <= 0 || box.bottom + layout.scrollY <= 0;
    const tiny = box.width <= 1 && box.height <= 1;
    if (offPage || tiny) return labelVisible(el, type);
  }
  return true;
}

/** Scroll offsets when the engine has real layout (happy-dom reports zero boxes), once per batch. */
function layoutOf(doc: Document): { scrollX: number; scrollY: number } | null {
  if (!batch!.layout.has(doc)) {
    const view = doc.defaultView;
    const hasLayout = !!view && doc.documentElement.getBoundingClientRect().width > 0;
    batch!.layout.set(doc, hasLayout ? { scrollX: view!.scrollX, scrollY: view!.scrollY } : null);
  }
  return batch!.layout.get(doc)!;
}

/**
 * The button a styled uploader shows in place of its hidden file input: a `button` or `role=button`
 * beside the input, within its two nearest boxes (antd-mobile, Vant, Element upload cells).
 */
function uploadButtonOf(el: Element): Element | null {
  for (let box = el.parentElement, up = 0; box && up < 2; up++, box = box.parentElement) {
    // A box with other controls is a form section, and its button submits the form.
    if (box.querySelectorAll(CONTROL_SELECTOR).length > 1) return null;
    const button = box.querySelector('button[type=button],[role=button]');
    if (button && !button.contains(el)) return button;
  }
  return null;
}

function uploadButtonText(el: Element): string {
  const button = uploadButtonOf(el);
  return button ? attr(button, 'aria-label') || boundedText(button, MAX_NEARBY) : '';
}

function labelVisible(el: Element, type: string): boolean {
  if (type === 'file') {
    const button = uploadButtonOf(el);
    if (button && visible(button, '')) return true;
  }
  if (type !== 'file' && type !== 'radio' && type !== 'checkbox') return false;
  for (const label of labelsOf(el)) {
    if (label.contains(el)) {
      if (!hiddenByAttribute(label) && (label.checkVisibility?.({ visibilityProperty: true }) ?? true)) return true;
    } else if (visible(label, '')) return true;
  }
  return false;
}

const SAFE_IDENT = /^[A-Za-z_][\w-]*$/;

/**
 * A selector that matches `el` alone in its document: `#id` when unique, else `tag[name="…"]` when
 * unique, else a child-combinator path from the nearest uniquely-id'd ancestor (or `html`).
 * Controls inside open shadow roots get `host-selector >> inner-selector` (Playwright's chaining),
 * as no plain CSS selector crosses a shadow boundary.
 */
export function uniqueSelector(el: Element): string {
  return inBatch(() => selectorOf(el));
}

function selectorOf(el: Element): string {
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
  let positions = batch!.positions.get(parent);
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
    batch!.positions.set(parent, positions);
  }
  const position = positions.get(el);
  return !position || position.count === 1 ? '' : `:nth-of-type(${position.index})`;
}
