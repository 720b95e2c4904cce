import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { fileURLToPath } from 'node:url';

// Lives in test/ to keep the repo's top level to its fixed set; paths below are from the repo root.
const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    root,
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'test/engine/**', 'test/shared/**'],
          setupFiles: ['test/setup.ts'],
          environment: 'node',
        },
      },
      {
        // The browser-free engine and shared code, in plain Node: no fake browser, no fake IndexedDB.
        // A browser API reached from here fails these tests.
        resolve: { alias: { '@/': root } },
        test: {
          name: 'engine',
          include: ['test/engine/**/*.test.ts', 'test/shared/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
