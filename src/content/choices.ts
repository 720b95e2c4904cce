/** Radio/checkbox groups and selects: the question a group asks and the captions of its choices. */
import { ancestryOf, lookup } from './batch';
import { inputType } from './controls';
import { ariaText, followingText, labelsText, nearbyLabel } from './labels';
import { attr, boundedText, clip, hasWords, MAX_NEARBY } from './text';

const MAX_OPTIONS = 8;

/** The element holding a radio/checkbox group: a fieldset/radiogroup, or the box around same-name inputs. */
export function choiceGroup(el: HTMLInputElement): Element | null {
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
export function enclosingGroupQuestion(el: Element): string {
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
export function groupQuestion(group: Element): string {
  if (group.localName === 'fieldset') {
    const legend = group.querySelector('legend');
    if (legend) return boundedText(legend, MAX_NEARBY);
  }
  const aria = ariaText(group);
  if (hasWords(aria)) return clip(aria, MAX_NEARBY);
  return nearbyLabel(group);
}

export function groupOptions(el: Element, group: Element, ariaGroup: boolean): string {
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
export function selectOptions(el: HTMLSelectElement): string {
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
