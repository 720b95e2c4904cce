import { defineContentScript } from '#imports';
import { createChannelEmitter, installPageHooks } from '@/src/page-world/hooks';
import { installGeolocationBridge } from '@/src/page-world/geolocation';
import { installNetworkWatch } from '@/src/page-world/network';
import { listenForSensitiveFields } from '@/src/page-world/secrets';
import { installBridgeWatch } from '@/src/page-world/bridge';

// Page world (MAIN): no extension APIs here, only hooks that report over the channel to the content
// script. document_start so the hooks and captured built-ins are in place before any page script.
// MAIN-world content scripts need Chrome ≥ 111 / Firefox ≥ 128 (our strict_min_version).
export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  // Also in about:blank / srcdoc / blob: frames of matching pages: a fresh same-origin iframe's own
  // navigator.geolocation or fetch would otherwise be a way around the hooks.
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main() {
    const emit = createChannelEmitter(window);
    // The last precise position the page got: looked for in requests to other sites.
    let position: { latitude: number; longitude: number } | null = null;
    const bridged = installGeolocationBridge(window, emit, (p) => (position = { latitude: p.latitude, longitude: p.longitude }));
    installPageHooks(window, emit, { geolocation: !bridged });
    installNetworkWatch(window, { secrets: listenForSensitiveFields(window), position: () => position, emit });
    installBridgeWatch(window, emit);
  },
});
