import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Why: our fixed layout keeps src/ (engine, UI) beside entrypoints/ at the repo root, so srcDir stays '.'
// and WXT's auto-imports are off: every module imports what it uses.
export default defineConfig({
  imports: false,
  // NTK_OUT_DIR lets parallel builds (e.g. two checkouts' e2e runs) keep apart; the audit reads the same.
  outDir: process.env.NTK_OUT_DIR || '.output',
  vite: () => ({ plugins: [preact()] }),
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
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
