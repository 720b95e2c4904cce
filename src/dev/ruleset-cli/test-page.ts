/**
 * Inline tests outside a browser: an HTML snippet in a happy-dom window, read by the content script's
 * own extraction code (src/content/extract.ts), so the CLI tests what the extension would see.
 * Node-only (the ruleset CLI); the extension never imports this.
 */
import { Window } from 'happy-dom';
import { extractFields } from '../../content/extract';
import { collectPageSignals } from '../../content/page-signals';
import type { PageObservations } from '../../shared/model';
import type { ExtractPage } from '../../engine/rules/run-tests';

export function happyDomPage(): { extract: ExtractPage; close(): Promise<void> } {
  const window = new Window({
    url: 'https://shop.example/',
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
  // extract.ts tests `instanceof Element`, a global in a browser.
  const g = globalThis as Record<string, unknown>;
  g.Element ??= window.Element;
  const document = window.document;
  const extract: ExtractPage = (html, url) => {
    window.happyDOM.setURL(url);
    document.title = '';
    document.head.innerHTML = '';
    document.body.innerHTML = html;
    const page = collectPageSignals(document as unknown as Document);
    const fields = extractFields(document as unknown as Document);
    const obs: PageObservations = { url, frames: [{ frameUrl: url, page, fields, apis: [] }] };
    return obs;
  };
  return { extract, close: () => window.happyDOM.close() };
}
