/**
 * The ruleset that ships inside the extension. Validated with the same checks as any imported ruleset
 * (a broken bundled file must fail loudly in CI, not half-work in users' browsers), then compiled once.
 */
import { compileRuleset, type CompiledRuleset } from '../compile';
import { validateRuleset } from '../validate';
import core from './core.json';

/** The bundled ruleset as plain JSON data (for export, the options page and tests). */
export const bundledRulesetJson: unknown = core;

let compiled: CompiledRuleset | undefined;

/** The bundled ruleset, validated and compiled on first use. Throws with every problem if invalid. */
export function bundledRuleset(): CompiledRuleset {
  if (!compiled) {
    const result = validateRuleset(bundledRulesetJson);
    if (!result.ok) {
      const list = result.errors.map((e) => `${e.path}: ${e.reason}`).join('\n');
      throw new Error(`The bundled ruleset is invalid:\n${list}`);
    }
    compiled = compileRuleset(result.ruleset);
  }
  return compiled;
}
