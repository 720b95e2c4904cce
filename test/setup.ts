import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadUiStrings } from '../src/ui/ui-strings';

// The UI pages load their language's strings before they render (entrypoints/*/main.tsx).
await loadUiStrings('en');
await loadUiStrings('zh-CN');

beforeEach(() => {
  fakeBrowser.reset();
});
