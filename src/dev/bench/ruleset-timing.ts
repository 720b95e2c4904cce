/**
 * Ruleset timings, each measured in a fresh Node process so "cold" means what a just-started service
 * worker pays (first use of the parsers, regex compilation, no JIT warm-up). perf.ts runs this file
 * several times per mode and takes medians.
 *
 *   npx tsx src/dev/bench/ruleset-timing.ts startup-bundled
 *   npx tsx src/dev/bench/ruleset-timing.ts startup-stored <validated-1000-rules.json>
 *   npx tsx src/dev/bench/ruleset-timing.ts import-bundled | import-generated
 *   npx tsx src/dev/bench/ruleset-timing.ts write-stored <out.json>
 *
 * startup-*: what a worker start costs — parse the validated form (core.checked.json for the bundled
 * ruleset; the stored validated copy for a user's) and compile it. import-*: what importing or updating
 * a ruleset costs once — full validation (zod, regex safety, references) and compile.
 * Prints one JSON line: { mode, coldMs, validateMs, warmMs, rules }.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { bundledRulesetJson } from '../../engine/rules/builtin';
import { compileRuleset } from '../../engine/rules/compile';
import type { Ruleset } from '../../engine/rules/schema';
import { validateRuleset } from '../../engine/rules/validate';

const CHECKED_FILE = fileURLToPath(new URL('../../engine/rules/builtin/core.checked.json', import.meta.url));

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

/** Full validation + compile, and the validate part alone (where a slow import usually hides). */
function importOnce(input: unknown): { ms: number; validateMs: number } {
  const t = performance.now();
  const result = validateRuleset(input);
  const validated = performance.now();
  if (!result.ok) throw new Error(`benchmark ruleset is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
  compileRuleset(result.ruleset);
  return { ms: performance.now() - t, validateMs: validated - t };
}

/** Parse a validated form and compile it: the start-up path. */
function startupOnce(text: string): { ms: number; validateMs: number } {
  const t = performance.now();
  compileRuleset(JSON.parse(text) as Ruleset);
  return { ms: performance.now() - t, validateMs: 0 };
}

function measure(op: () => { ms: number; validateMs: number }) {
  const cold = op();
  const warm = [1, 2, 3].map(() => op().ms).sort((a, b) => a - b)[1];
  return { coldMs: cold.ms, validateMs: cold.validateMs, warmMs: warm };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [mode, file] = process.argv.slice(2);
  if (mode === 'write-stored') {
    const result = validateRuleset(generatedRuleset());
    if (!result.ok) throw new Error('generated ruleset is invalid');
    writeFileSync(file, JSON.stringify(result.ruleset));
    console.log(JSON.stringify({ mode, rules: result.ruleset.fieldRules.length, coldMs: 0, validateMs: 0, warmMs: 0 }));
  } else {
    let out: ReturnType<typeof measure>;
    let rules: number;
    if (mode === 'startup-bundled' || mode === 'startup-stored') {
      const text = readFileSync(mode === 'startup-bundled' ? CHECKED_FILE : file, 'utf8');
      rules = (JSON.parse(text) as { fieldRules: unknown[] }).fieldRules.length;
      out = measure(() => startupOnce(text));
    } else {
      const input = mode === 'import-generated' ? generatedRuleset() : bundledRulesetJson;
      rules = (input as { fieldRules: unknown[] }).fieldRules.length;
      out = measure(() => importOnce(input));
    }
    console.log(JSON.stringify({ mode, rules, ...out }));
  }
}
