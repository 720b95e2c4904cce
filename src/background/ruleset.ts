/**
 * The ruleset the worker scores with. Today the bundled one, compiled once per worker start (a
 * stopped worker starts again with a fresh module, so it recompiles — cheap by design).
 */
import { bundledRuleset } from '../rules/builtin';
import type { CompiledRuleset } from '../rules/compile';

let active: CompiledRuleset | null = null;

export function activeRuleset(): CompiledRuleset {
  return (active ??= bundledRuleset());
}
