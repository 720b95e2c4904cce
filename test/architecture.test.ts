/**
 * The layout, enforced: each room of src/ may import only the rooms below it (src/ARCHITECTURE.md), no
 * module imports itself round a cycle, the engine touches no browser API package, and nothing shipped
 * imports the dev tools. Read by dependency-cruiser over the real import graph (type-only imports are
 * erased at build time, so they do not count: a UI file may name an engine type without shipping it).
 */
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each room and the rooms it may import (besides itself). Order = bottom to top. */
export const ALLOWED_IMPORTS = {
  shared: [],
  engine: ['shared'],
  'page-world': ['shared'],
  messaging: ['shared', 'engine', 'page-world'],
  store: ['shared', 'engine'],
  content: ['shared', 'engine', 'page-world', 'messaging', 'store'],
  background: ['shared', 'engine', 'page-world', 'messaging', 'store'],
  ui: ['shared', 'messaging', 'store'],
  dev: ['shared', 'engine', 'page-world', 'messaging', 'store', 'content', 'background', 'ui'],
} as const satisfies Record<string, readonly string[]>;

const ROOMS = Object.keys(ALLOWED_IMPORTS);
const BROWSER_PACKAGES = '(^|node_modules/)(idb|wxt|#imports|webextension-polyfill|@wxt-dev|@webext-core)($|/)';

export const RULES: IForbiddenRuleType[] = [
  { name: 'no-cycle', severity: 'error', from: {}, to: { circular: true } },
  ...Object.entries(ALLOWED_IMPORTS).map(([room, allowed]): IForbiddenRuleType => ({
    name: `${room}-imports-only-${allowed.join('+') || 'nothing'}`,
    severity: 'error',
    from: { path: `^src/${room}/` },
    to: { path: `^src/(?!(${[room, ...allowed].join('|')})/)` },
  })),
  { name: 'engine-no-browser-api', severity: 'error', from: { path: '^src/(engine|shared)/' }, to: { path: BROWSER_PACKAGES } },
  { name: 'shipped-code-no-dev-tools', severity: 'error', from: { path: '^entrypoints/' }, to: { path: '^src/dev/' } },
  { name: 'only-known-rooms', severity: 'error', from: {}, to: { path: `^src/(?!(${ROOMS.join('|')})/)` } },
];

async function violationsIn(baseDir: string, paths: string[]): Promise<string[]> {
  const { output } = await cruise(paths, {
    baseDir,
    ruleSet: { forbidden: RULES },
    validate: true,
    tsPreCompilationDeps: false,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.output|\\.wxt)/' },
  });
  const result = output as ICruiseResult;
  return result.summary.violations.map(
    (v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
  );
}

describe('architecture', () => {
  it('src/ has exactly the rooms the rules know', async () => {
    const { readdirSync } = await import('node:fs');
    const dirs = readdirSync(new URL('../src', import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(dirs.sort()).toEqual([...ROOMS].sort());
  });

  it('the shipped code and the dev tools keep every rule', async () => {
    expect(await violationsIn(ROOT, ['src', 'entrypoints'])).toEqual([]);
  }, 60_000);

  it('the same rules catch an upward import, a cycle and a browser package in the engine', async () => {
    const bad = await violationsIn(`${ROOT}test/fixtures/architecture-bad`, ['src']);
    expect(bad.some((v) => v.startsWith('engine-imports-only-shared: src/engine/score.ts → src/background/badge.ts'))).toBe(true);
    expect(bad.some((v) => v.startsWith('no-cycle:') && v.includes('src/background/tabs.ts'))).toBe(true);
    expect(bad.some((v) => v.startsWith('engine-no-browser-api'))).toBe(false); // idb sits in background there
    expect(bad).toHaveLength(2);
  }, 60_000);
});
