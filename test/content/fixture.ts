import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Loads test/fixtures/<name> into the current (happy-dom) document. Scripts are not run. */
export function loadFixture(name: string): Document {
  const html = readFileSync(resolve(__dirname, '../fixtures', name), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  // happy-dom would try to fetch external scripts; an inert type keeps the tag (and its src) in place.
  for (const script of parsed.querySelectorAll('script')) script.setAttribute('type', 'text/x-inert');
  document.documentElement.setAttribute('lang', parsed.documentElement.getAttribute('lang') ?? '');
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
  return document;
}
