/** Day / month / year controls: telling a date part apart, and finding the question before the group. */
import { CONTROL_SELECTOR } from './controls';
import { attr, boundedText, clip, hasWords, MAX_NEARBY, skipText } from './text';

/** Captions of date parts ("DD", "Month", "Jahr", "年"), in the languages the ruleset covers. */
const DATE_PART_WORDS =
  /^(?:d|dd|tt|jj|gg|mm|yy|yyyy|jjjj|aaaa|rrrr|day|month|year|día|dia|mes|año|ano|jour|mois|année|annee|tag|monat|jahr|giorno|mese|anno|gün|gun|ay|yıl|yil|день|месяц|год|dzień|dzien|miesiąc|miesiac|rok|den|měsíc|mesic|日|月|年|일|월|년)\W*$/i;

/** Whether a control is one part of a day/month/year group (a select of days, months or years, or a short input). */
export function isDatePart(el: Element, tag: string, placeholder: string): boolean {
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
export function dateGroupText(el: Element): string {
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
