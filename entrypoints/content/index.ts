import { defineContentScript } from '#imports';
import { sendMessage } from '@/src/messaging/sender';
import { startScanner } from '@/src/content/scanner';
import { createReportSender } from '../../src/content/send';
import { newDocId } from '../../src/content/doc-id';
import { createSensitiveFieldRelay } from '@/src/content/sensitive-fields';
import { createOnDemandNotes, listenForApiObservationsOnDemand, startOnDemandGeoBroker } from '@/src/content/on-demand';
import { getSettings, isWatched, onSettingsChanged } from '@/src/store/settings';

// Isolated world, every frame: describes the page's form controls and forwards the page-world
// hooks' observations. It never classifies (the ruleset lives in the background) and never reads values.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  // about:blank / srcdoc / blob: frames too, so the geolocation broker answers there (see page-hooks).
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  // Stops WXT posting a "content script started" message into every page.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const docId = newDocId();
    // Paused, or a site the user ignores: no scanning, no reports (the background refuses them too).
    // The site is the tab's: Chrome names the top origin to subframes; elsewhere the frame's own URL.
    const pageUrl = location.ancestorOrigins?.length ? location.ancestorOrigins[location.ancestorOrigins.length - 1] : location.href;
    const watched = getSettings().then(
      (s) => isWatched(s, pageUrl),
      () => true,
    );
    const sensitive = createSensitiveFieldRelay(window);
    // Notes beside fields the service does not need, and a banner for location/camera/contacts requests;
    // loaded only when a verdict carries one (so is the geolocation broker: see on-demand.ts).
    const notes = createOnDemandNotes(document, () => void sendMessage('hideNotesOnSite', {}).catch(() => undefined));
    const send = createReportSender(
      (report) => {
        sensitive.sent(report);
        notes.sent(report);
        return watched
          .then((ok) => (ok ? sendMessage('reportFrame', report) : undefined))
          .then((reply) => (sensitive.verdicts(reply), notes.show(reply), reply));
      },
      (fn, ms) => ctx.setTimeout(fn, ms),
    );
    startOnDemandGeoBroker({
      win: window,
      geolocation: navigator.geolocation,
      policy: () => sendMessage('locationPolicy', {}),
      given: (g) => void sendMessage('locationGiven', { ...g, docId }).catch(() => undefined),
      signal: ctx.signal,
    });
    const scanner = startScanner({
      doc: document,
      docId,
      report: send,
      reportEmptyFirst: window.top === window,
    });
    // Listen from document_start: the page may ask for location before the DOM is parsed.
    listenForApiObservationsOnDemand(window, scanner.addApi, ctx.signal);
    ctx.onInvalidated(scanner.stop);
    void watched.then((ok) => ok || scanner.stop());
    // Pausing takes effect at once; resuming, from the next page load.
    const unwatch = onSettingsChanged((s) => isWatched(s, pageUrl) || scanner.stop());
    ctx.onInvalidated(unwatch);
  },
});
