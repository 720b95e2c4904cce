/**
 * The ruleset authors' tool:
 *   npm run ruleset -- validate <file>   every error with its JSON path and reason (exit 1), warnings
 *   npm run ruleset -- test <file>       the file's inline tests against the real detection engine
 *   npm run ruleset -- stats <file>      what the ruleset contains, in numbers
 * Options: --json (machine-readable output), --base <file> (check on top of that ruleset instead of the
 * bundled one), --alone (check the file by itself). A ruleset other than the bundled one is checked on
 * top of the bundled ruleset by default, as the extension applies it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundledRulesetJson } from '../../engine/rules/builtin';
import { compileRuleset, siteJudgement } from '../../engine/rules/compile';
import { mergeRulesets } from '../../engine/rules/merge';
import { DEFAULT_TEST_URL, runInlineTests, type InlineTestResult } from '../../engine/rules/run-tests';
import type { Ruleset } from '../../engine/rules/schema';
import { rulesetStats } from '../../engine/rules/ruleset-stats';
import { happyDomPage } from './test-page';
import { parseRuleset, validateRuleset, type RulesetError } from '../../engine/rules/validate';

const USAGE = 'usage: npm run ruleset -- <validate|test|stats> <file> [--json] [--base <file> | --alone]';

type Loaded =
  | { ok: true; file: string; bytes: number; ruleset: Ruleset; base: Ruleset[]; warnings: RulesetError[] }
  | { ok: false; file: string; errors: RulesetError[]; warnings: RulesetError[] };

/** Where the CLI writes: stdout and stderr, or a test's buffers. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const CONSOLE: CliOutput = { out: (text) => console.log(text), err: (text) => console.error(text) };

/** Runs one CLI command; resolves with the exit code (0 ok, 1 invalid or failing, 2 usage). */
export async function runRulesetCli(argv: string[], io: CliOutput = CONSOLE): Promise<number> {
  const print = (json: boolean, data: unknown, lines: () => string[]) => io.out(json ? JSON.stringify(data, null, 2) : lines().join('\n'));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, alone: { type: 'boolean' }, base: { type: 'string' } },
    });
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const [command, file, ...extra] = parsed.positionals;
  const json = parsed.values.json === true;
  if (!['validate', 'test', 'stats'].includes(command) || !file || extra.length) {
    io.err(USAGE);
    return 2;
  }
  const loaded = load(file, parsed.values.base, parsed.values.alone === true);
  if (!loaded.ok) {
    print(json, { file, valid: false, errors: loaded.errors, warnings: loaded.warnings }, () => [
      `${file}: INVALID — ${plural(loaded.errors.length, 'error')}`,
      ...loaded.errors.map((e) => `  ✗ ${e.path}: ${e.reason}`),
      ...warningLines(loaded.warnings),
    ]);
    return 1;
  }
  const { ruleset: r, base, warnings } = loaded;
  const on = base.length ? ` (checked on top of ${base.map((b) => `${b.id}@${b.version}`).join(', ')})` : '';
  if (command === 'validate') {
    print(
      json,
      {
        file,
        valid: true,
        id: r.id,
        version: r.version,
        formatVersion: r.formatVersion,
        base: base.map((b) => b.id),
        errors: [],
        warnings,
      },
      () => [`${file}: valid — ${r.id} ${r.version}, format ${r.formatVersion}${on}`, ...warningLines(warnings)],
    );
    return 0;
  }
  if (command === 'stats') {
    const stats = rulesetStats(r, loaded.bytes);
    print(json, stats, () => statsLines(stats));
    return 0;
  }
  const tested = await runTests(file, r, base);
  print(json, tested.summary, tested.lines);
  return tested.summary.failed ? 1 : 0;
}

function load(file: string, baseFile: string | undefined, alone: boolean): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      ok: false,
      file,
      errors: [{ path: '$', reason: `could not be read: ${e instanceof Error ? e.message : String(e)}` }],
      warnings: [],
    };
  }
  let base: Ruleset[] = [];
  if (!alone) {
    const baseResult = baseFile === undefined ? validateRuleset(bundledRulesetJson) : parseRuleset(readFileSync(baseFile, 'utf8'));
    if (!baseResult.ok) {
      return {
        ok: false,
        file,
        errors: baseResult.errors.map((e) => ({ path: e.path, reason: `(in the base ruleset ${baseFile ?? 'bundled'}) ${e.reason}` })),
        warnings: [],
      };
    }
    base = [baseResult.ruleset];
  }
  // The bundled ruleset is not applied on top of itself.
  const own = parseRuleset(text);
  if (own.ok && base.length && base[0].id === own.ruleset.id) base = [];
  const result = base.length ? parseRuleset(text, { base }) : own;
  if (!result.ok) return { ok: false, file, errors: result.errors, warnings: result.warnings };
  return { ok: true, file, bytes: Buffer.byteLength(text), ruleset: result.ruleset, base, warnings: result.warnings };
}

async function runTests(file: string, r: Ruleset, base: Ruleset[]) {
  const { ruleset: merged, warnings: mergeWarnings } = mergeRulesets([...base, r]);
  // Only this file's own tests, but scored by everything the extension would apply with it.
  const engine = { ...merged, tests: r.tests };
  const page = happyDomPage();
  let results: InlineTestResult[];
  try {
    results = runInlineTests(engine, page.extract);
  } finally {
    await page.close();
  }
  const own = compileRuleset(r);
  const rules = [...r.fieldRules, ...r.apiRules, ...r.signalRules, ...r.bridgeRules].map((rule) => {
    const tests = r.tests.flatMap((t, i) => (t.expect.some((e) => e.ruleId === rule.id) ? [results[i]] : []));
    return { id: rule.id, tests: tests.length, failed: tests.filter((t) => !t.pass).map((t) => t.name) };
  });
  const overrides = r.overrides.map((o) => {
    const tests = r.tests.flatMap((t, i) => (siteJudgement(own, t.url ?? DEFAULT_TEST_URL).overrides.includes(o.id) ? [results[i]] : []));
    return { id: o.id, tests: tests.length, failed: tests.filter((t) => !t.pass).map((t) => t.name) };
  });
  const failed = results.filter((t) => !t.pass);
  const summary = {
    file,
    id: r.id,
    version: r.version,
    base: base.map((b) => b.id),
    passed: results.length - failed.length,
    failed: failed.length,
    tests: results,
    rules,
    overrides,
    untested: [...rules, ...overrides].filter((x) => x.tests === 0).map((x) => x.id),
    warnings: mergeWarnings,
  };
  const lines = () => [
    `${file}: ${r.id} ${r.version} — ${plural(results.length, 'test')}, ${summary.passed} passed, ${failed.length} failed`,
    ...results.flatMap((t) => [`  ${t.pass ? '✓' : '✗'} ${t.name}`, ...t.problems.map((p) => `      ${p}`)]),
    `rules: ${rules.length - rules.filter((x) => !x.tests).length} of ${rules.length} have tests; ${rules.filter((x) => x.failed.length).length} failing`,
    ...rules.filter((x) => x.failed.length).map((x) => `  ✗ ${x.id}: failing ${x.failed.join('; ')}`),
    ...(overrides.length
      ? [`overrides: ${overrides.length - overrides.filter((x) => !x.tests).length} of ${overrides.length} have tests`]
      : []),
    ...(summary.untested.length ? [`without a test: ${summary.untested.join(', ')}`] : []),
    ...mergeWarnings.map((w) => `  ! ${w}`),
  ];
  return { summary, lines };
}

function statsLines(s: ReturnType<typeof rulesetStats>): string[] {
  const pad = (text: string | number, n: number) => String(text).padEnd(n);
  return [
    `${s.id} ${s.version} — format ${s.formatVersion}, ${(s.bytes / 1024).toFixed(1)} KiB, ${s.regexes} regexes`,
    `sections: ${Object.entries(s.sections)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `languages: ${Object.entries(s.languages)
      .map(([lang, c]) => `${lang} ${c.texts}/${c.of} texts`)
      .join(', ')}`,
    `${pad('category', 20)}${pad('tier', 6)}${pad('field rules', 13)}${pad('API rules', 11)}${pad('signal rules', 14)}${pad('tests', 7)}judged by`,
    ...Object.entries(s.categories).map(
      ([id, c]) =>
        `${pad(id, 20)}${pad(c.tier, 6)}${pad(c.fieldRules, 13)}${pad(c.apiRules, 11)}${pad(c.signalRules, 14)}${pad(c.tests, 7)}${c.judgedBy} service kinds`,
    ),
    ...(s.untestedRules.length ? [`rules without a test: ${s.untestedRules.join(', ')}`] : ['every rule has a test']),
  ];
}

function warningLines(warnings: RulesetError[]): string[] {
  return warnings.length ? [`${plural(warnings.length, 'warning')}:`, ...warnings.map((w) => `  ! ${w.path}: ${w.reason}`)] : [];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runRulesetCli(process.argv.slice(2));
}
