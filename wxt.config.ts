import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { storeClean } from './src/dev/build/store-clean';

// Why: our fixed layout keeps src/ (engine, UI) beside entrypoints/ at the repo root, so srcDir stays '.'
// and WXT's auto-imports are off: every module imports what it uses.
export default defineConfig({
  imports: false,
  // One promise-based `browser` in every context, Chrome and Firefox alike (wxt/browser → the polyfill).
  modules: ['@wxt-dev/webextension-polyfill'],
  // NTK_OUT_DIR lets parallel builds (e.g. two checkouts' e2e runs) keep apart; the audit reads the same.
  outDir: process.env.NTK_OUT_DIR || '.output',
  // storeClean: no eval and no innerHTML sink in the shipped code (web-ext lint clean; see the file).
  // NTK_NO_MINIFY=1 keeps function names readable in CPU profiles (never for a release build).
  vite: () => ({
    plugins: [storeClean(), preact()],
    ...(process.env.NTK_NO_MINIFY ? { build: { minify: false } } : {}),
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: subscription updates and the daily history clean-up.
    permissions: ['storage', 'tabs', 'alarms'],
    // Asked for one host at a time, only when the user subscribes to a ruleset at that address, so the
    // worker may download it (and its updates). Never requested otherwise: no requests by default.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_extName__' },
    // The content script's on-demand parts (src/content/on-demand.ts): `import()` from a content script
    // needs them web-accessible, which also lets any page load them and so tell the extension is
    // installed. Only these three scripts are listed (no pages, no data); on Chrome `use_dynamic_url`
    // puts them behind a per-session random id, so a page cannot probe for them by our fixed id.
    web_accessible_resources: [
      {
        resources: ['inpage-notes.js', 'geo-broker.js', 'observations.js'],
        matches: ['<all_urls>'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'need-to-know@need-to-know.example',
              // 140: the first Firefox with data_collection_permissions, which addons.mozilla.org asks for.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android learnt data_collection_permissions in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
