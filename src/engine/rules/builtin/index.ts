/**
 * The ruleset that ships inside the extension. It is data like any other ruleset and must pass the same
 * checks, but it is checked where a broken file fails loudly — the unit tests (test/engine/rules/builtin.test.ts)
 * and `npm run ruleset -- validate|test` in CI — rather than at every service-worker start, which only
 * fills in defaults and compiles it (see ../checked.ts; ~25 ms saved per start).
 */
import { compileCheckedRuleset } from '../checked';
import type { CompiledRuleset } from '../compile';
import core from './core.json';

/** The bundled ruleset as plain JSON data (for export, the options page and tests). */
export const bundledRulesetJson: unknown = core;

let compiled: CompiledRuleset | undefined;

/** The bundled ruleset, compiled on first use. */
export function bundledRuleset(): CompiledRuleset {
  return (compiled ??= compileCheckedRuleset(bundledRulesetJson));
}
