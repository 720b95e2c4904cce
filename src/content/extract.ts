/**
 * Describes the form controls of a document: what each one *asks* (attributes, label text, nearby
 * text), never what the user answered. DOM only, no extension APIs, so happy-dom tests run it.
 *
 * Privacy: nothing here reads `.value`, `.checked`, `selectedIndex`, a textarea's text or the text of
 * editable regions; text is only taken from the page's own markup around a control.
 * Cost: everything is bounded (text walks stop after a few nodes/characters, selectors look at
 * siblings and ancestors only), because this runs on every page and must stay in microseconds.
 *
 * The parts: controls.ts (what counts, keys), batch.ts (shared lookups), text.ts, labels.ts,
 * choices.ts, date-parts.ts, forms.ts, visibility.ts, selectors.ts.
 */
import type { FieldDescriptor } from '../shared/model';
import { inBatch } from './batch';
import { choiceGroup, enclosingGroupQuestion, groupOptions, groupQuestion, selectOptions } from './choices';
import { CONTROL_SELECTOR, fieldKey, inputType, isDescribable } from './controls';
import { dateGroupText, isDatePart } from './date-parts';
import { formActionOf, inSearchForm, isRequired } from './forms';
import { ariaText, followingText, labelsText, nearbyLabel } from './labels';
import { selectorOf } from './selectors';
import { attr, clip, hasWords, joinTexts, MAX_TEXT } from './text';
import { uploadButtonText } from './uploads';
import { visible } from './visibility';

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
    selector: selectorOf(el),
    formAction,
    searchForm: inSearchForm(el, formAction),
  };
}
