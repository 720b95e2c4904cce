/**
 * What a page is about, read once per slice: url, title, language, prominent text, third-party script
 * hosts and the maps it shows. Page text only, never what the user typed.
 */
import type { PageSignals } from '../shared/model';
import { attr, boundedText, clip } from './text';
import { findVideos, findWidgets } from './widgets';

const PROMINENT = 'h1,h2,h3,button,[role=button],legend,input[type=submit],[class*=title],[class*=Title]';
const MAX_PAGE_TEXT = 2000;

/** What the page is about: url, title, language, prominent text and third-party script hosts. */
export function collectPageSignals(doc: Document): PageSignals {
  const parts: string[] = [];
  let length = 0;
  const add = (text: string): void => {
    if (!text || length >= MAX_PAGE_TEXT || parts.includes(text)) return;
    parts.push(text);
    length += text.length + 3;
  };
  add(clip(doc.querySelector('meta[name="description"]')?.getAttribute('content') ?? '', 200));
  const prominent = doc.querySelectorAll(PROMINENT);
  for (let i = 0; i < prominent.length && i < 300 && length < MAX_PAGE_TEXT; i++) {
    const el = prominent[i];
    // Submit inputs show their `value` attribute as the button caption: that is page text, not user input.
    add(el.localName === 'input' ? clip(attr(el, 'value'), 60) : boundedText(el, 80));
  }
  const scripts = externalScripts(doc);
  return {
    url: doc.URL.slice(0, 2000),
    title: clip(doc.title, 200),
    lang: clip(attr(doc.documentElement, 'lang'), 35),
    text: parts.join(' | ').slice(0, MAX_PAGE_TEXT),
    scriptHosts: scripts.hosts,
    scripts: scripts.paths,
    widgets: [...findWidgets(doc), ...findVideos(doc)],
  };
}

const MAX_SCRIPTS = 50;

/**
 * External scripts, read in one pass: their hosts (a known service's script) and their file paths
 * without host or query (a self-hosted SDK is known by its name).
 */
function externalScripts(doc: Document): { hosts: string[]; paths: string[] } {
  const hosts = new Set<string>();
  const paths = new Set<string>();
  for (const script of doc.querySelectorAll('script[src]')) {
    try {
      const url = new URL(attr(script, 'src'), doc.baseURI);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
      if (hosts.size < MAX_SCRIPTS) hosts.add(url.hostname);
      if (paths.size < MAX_SCRIPTS) paths.add(url.pathname.slice(-120));
    } catch {
      // An unparsable src is no script.
    }
    if (hosts.size >= MAX_SCRIPTS && paths.size >= MAX_SCRIPTS) break;
  }
  return { hosts: [...hosts], paths: [...paths] };
}
