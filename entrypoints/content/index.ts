import { defineContentScript } from '#imports';
import { sendMessage } from '@/src/messaging/messenger';
import { listenForApiObservations } from '@/src/detect/page/channel';
import { startScanner } from '@/src/detect/scanner';
import { createReportSender } from './send';
import { newDocId } from './doc-id';

// Isolated world, every frame: describes the page's form controls and forwards the page-world
// hooks' observations. It never classifies (the ruleset lives in the background) and never reads values.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  // Stops WXT posting a "content script started" message into every page.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const send = createReportSender((report) => sendMessage('reportFrame', report), (fn, ms) => ctx.setTimeout(fn, ms));
    const scanner = startScanner({
      doc: document,
      docId: newDocId(),
      report: send,
      reportEmptyFirst: window.top === window,
    });
    // Listen from document_start: the page may ask for location before the DOM is parsed.
    listenForApiObservations(window, scanner.addApi, ctx.signal);
    ctx.onInvalidated(scanner.stop);
  },
});
