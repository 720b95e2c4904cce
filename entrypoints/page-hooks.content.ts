import { defineContentScript } from '#imports';
import { createChannelEmitter, installPageHooks } from '@/src/detect/page/hooks';

// Page world (MAIN): no extension APIs here, only hooks that report over the channel to the content
// script. document_start so the hooks and captured built-ins are in place before any page script.
// MAIN-world content scripts need Chrome ≥ 111 / Firefox ≥ 128 (our strict_min_version).
export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    installPageHooks(window, createChannelEmitter(window));
  },
});
