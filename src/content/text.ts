/**
 * Reading the page's own text around a control, bounded: attribute strings, normalised and clipped
 * text, and a walk of a subtree that skips controls, scripts and editable regions.
 *
 * Privacy: never reads `.value` or the text of editable regions; only the page's own markup.
 */

/** Elements whose text is never ours to read (scripts) or may be the user's own text (editors, controls). */
const SKIPPED_TEXT_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'SVG']);

const ICON_CLASS = /(?:^|[\s_-])icon(?:$|[\s_-])/i;

export const MAX_TEXT = 120;
export const MAX_NEARBY = 80;

export function attr(el: Element, name: string): string {
  return el.getAttribute(name) ?? '';
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
export function hasWords(text: string): boolean {
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

export function skipText(el: Element): boolean {
  return (
    SKIPPED_TEXT_TAGS.has(el.tagName.toUpperCase()) ||
    el.getAttribute('contenteditable') != null ||
    el.getAttribute('aria-hidden') === 'true' ||
    // Icon glyphs (a tick inside a custom radio, an arrow) are decoration, not label text.
    ((el.localName === 'i' || el.localName === 'span') && ICON_CLASS.test(el.getAttribute('class') ?? ''))
  );
}

export function joinTexts(a: string, b: string): string {
  if (!b || a.includes(b)) return a;
  return clip(a ? `${a} ${b}` : b, MAX_NEARBY);
}
