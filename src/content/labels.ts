/** The text that asks a control's question: its <label>s, ARIA names, and the text just around it. */
import { ancestryOf, lookup } from './batch';
import { CONTROL_SELECTOR, inputType } from './controls';
import { attr, boundedText, clip, hasWords, MAX_NEARBY, MAX_TEXT, skipText } from './text';

/** The element inside a component-library field wrapper that carries the label. */
const WRAPPER_LABEL =
  '.van-field__label,.van-cell__title,.adm-form-item-label,.adm-list-item-content-prefix,.ant-form-item-label,.el-form-item__label';

/** The <label>s of a control: those pointing at its id, and a wrapping label aimed at nothing else. */
export function labelsOf(el: Element): Element[] {
  const labels = el.id ? [...lookup(el, 'for', el.id)] : [];
  const wrapping = ancestryOf(el).label;
  if (wrapping && !labels.includes(wrapping) && (!wrapping.hasAttribute('for') || attr(wrapping, 'for') === el.id)) {
    labels.push(wrapping);
  }
  return labels;
}

export function labelsText(el: Element): string {
  let text = '';
  for (const label of labelsOf(el)) text += ' ' + boundedText(label);
  return clip(text, MAX_TEXT);
}

export function ariaText(el: Element): string {
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
export function nearbyLabel(el: Element): string {
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
export function followingText(el: Element): string {
  let sibling = el.nextSibling;
  for (let i = 0; sibling && i < 3; i++, sibling = sibling.nextSibling) {
    if (sibling.nodeType === 1 && (sibling as Element).matches(CONTROL_SELECTOR)) return '';
    if (sibling.nodeType !== 1 && sibling.nodeType !== 3) continue;
    const text = boundedText(sibling, MAX_NEARBY);
    if (hasWords(text)) return text;
  }
  return '';
}
