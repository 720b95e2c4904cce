/**
 * The ruleset that ships inside the extension. It is data like any other ruleset and must pass the same
 * checks, but it is checked at build time — `npm run ruleset:assemble` validates core.json and writes the
 * validated form to core.checked.json (a bundled ruleset that fails does not build), and the unit tests
 * prove that file is exactly what validating core.json returns — so a service-worker start only parses
 * and compiles it: no zod, no regex safety checks.
 */
import { compileRuleset, type CompiledRuleset } from '../compile';
import type { Ruleset } from '../schema';
import checked from './core.checked.json';
import core from './core.json';

/** The bundled ruleset as written (for export, the options page and tests). */
export const bundledRulesetJson: unknown = core;

/** The bundled ruleset as validation returns it (generated at build time). */
export const bundledCheckedJson: unknown = checked;

let compiled: CompiledRuleset | undefined;

/** The bundled ruleset, compiled on first use. */
export function bundledRuleset(): CompiledRuleset {
  return (compiled ??= compileRuleset(bundledCheckedJson as Ruleset));
}
