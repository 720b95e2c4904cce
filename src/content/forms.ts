/** What a control's form says about it: where it submits, whether it is a search form, whether it is required. */
import { ancestryOf, batchIfAny } from './batch';
import { inputType } from './controls';
import { attr, clip } from './text';

/**
 * A search form: one that submits to a "search" path or is a search landmark, and has only the few
 * controls a search needs. The size check matters: a header search form left unclosed in the markup
 * swallows every control after it (browsers ignore a nested <form> tag), sign-up forms included.
 */
export function inSearchForm(el: Element, formAction: string): boolean {
  const form = (el as HTMLInputElement).form ?? el.closest('[role=search],search');
  if (!form) return false;
  const cache = batchIfAny()?.searchForms;
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
export function formActionOf(el: Element): string {
  const form = (el as HTMLInputElement).form;
  if (!form) return '';
  const cache = batchIfAny()?.formActions;
  let action = cache?.get(form);
  if (action === undefined) {
    action = resolvedAction(form, el.ownerDocument);
    cache?.set(form, action);
  }
  return action;
}

function resolvedAction(form: HTMLFormElement, doc: Document): string {
  const action = form.getAttribute('action');
  // A form without an action posts to the page itself; so does a javascript: action handled by script.
  if (!action || /^\s*javascript:/i.test(action)) return '';
  // Resolved from the attribute, not `form.action`: a control named "action" shadows that property
  // (DOM clobbering), which real pages do by accident and hostile ones on purpose.
  try {
    return clip(new URL(action.trim(), doc.baseURI).href, 2048);
  } catch {
    return '';
  }
}

/** Classes component libraries use to draw a required asterisk with CSS (so it is not in the text). */
const REQUIRED_MARK = '.van-field__label--required,.ant-form-item-required,.adm-form-item-required-asterisk';
const REQUIRED_WRAPPER = '.is-required,.adm-form-item-required,.van-field--required';
const OPTIONAL_WORDS = /\boptional\b|选填|可选|非必填|可不填/i;
const REQUIRED_WORDS = /\*|＊|必填|\brequired\b/i;

export function isRequired(el: Element, texts: string[]): boolean {
  if ((el as HTMLInputElement).required || attr(el, 'aria-required') === 'true') return true;
  const labelish = texts.join(' ');
  if (OPTIONAL_WORDS.test(labelish)) return false;
  if (REQUIRED_WORDS.test(labelish)) return true;
  const wrapper = ancestryOf(el).wrapper;
  return !!wrapper && (wrapper.matches(REQUIRED_WRAPPER) || !!wrapper.querySelector(REQUIRED_MARK));
}
