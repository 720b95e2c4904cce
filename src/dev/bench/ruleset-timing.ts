/**
 * Ruleset load + compile time, measured in a fresh Node process (the worker's code path: validate
 * with zod, then compile) so "cold" means what a just-started service worker pays: first use of zod's
 * parsers, regex compilation, no JIT warm-up. perf.ts runs this file several times and takes medians.
 *
 *   npx tsx src/dev/bench/ruleset-timing.ts [bundled-first|generated-first]
 * Prints one JSON line: cold times of the first ruleset handled, warm times of the second, and the
 * validate share of each.
 */
import { performance } from 'node:perf_hooks';
import { bundledRulesetJson } from '../../engine/rules/builtin';
import { compileRuleset } from '../../engine/rules/compile';
import { validateRuleset } from '../../engine/rules/validate';

/** The bundled ruleset grown to 1,000 field rules with variants of its own rules (realistic patterns). */
export function generatedRuleset(rules = 1000): unknown {
  const base = structuredClone(bundledRulesetJson) as { id: string; fieldRules: { id: string; text?: string }[] };
  const seeds = base.fieldRules;
  // Keep the real rules (its inline tests refer to them) and add variants up to `rules`.
  const out: unknown[] = [...seeds];
  for (let i = 0; out.length < rules; i++) {
    const seed = seeds[i % seeds.length];
    out.push({
      ...structuredClone(seed),
      id: `gen.${i}.${seed.id}`.slice(0, 64),
      ...(seed.text && seed.text.length < 980 ? { text: `${seed.text}|gen${i}x` } : {}),
    });
  }
  return { ...base, id: 'bench.generated', fieldRules: out };
}

/** Validate + compile, and the validate part alone (where a slow start usually hides). */
function time(input: unknown): { ms: number; validateMs: number } {
  const t = performance.now();
  const result = validateRuleset(input);
  const validated = performance.now();
  if (!result.ok) throw new Error(`benchmark ruleset is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
  compileRuleset(result.ruleset);
  return { ms: performance.now() - t, validateMs: validated - t };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const order = process.argv[2] === 'generated-first' ? 'generated-first' : 'bundled-first';
  const generated = generatedRuleset();
  let bundled: { ms: number; validateMs: number };
  let gen: { ms: number; validateMs: number };
  if (order === 'bundled-first') {
    bundled = time(bundledRulesetJson);
    gen = time(generated);
  } else {
    gen = time(generated);
    bundled = time(bundledRulesetJson);
  }
  const warm = [1, 2, 3].map(() => time(bundledRulesetJson).ms).sort((a, b) => a - b)[1];
  const generatedRules = (generated as { fieldRules: unknown[] }).fieldRules.length;
  console.log(
    JSON.stringify({
      order,
      bundledMs: bundled.ms,
      bundledValidateMs: bundled.validateMs,
      generatedMs: gen.ms,
      generatedValidateMs: gen.validateMs,
      bundledWarmMs: warm,
      generatedRules,
    }),
  );
}
