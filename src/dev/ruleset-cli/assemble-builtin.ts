/**
 * Writes src/engine/rules/builtin/core.json from its parts in core/ (see ../../engine/rules/builtin/assemble.ts),
 * and beside it core.checked.json: the same ruleset as full validation returns it (defaults filled,
 * normalised). The worker compiles core.checked.json at start-up and never validates the bundled ruleset;
 * a bundled ruleset that does not validate fails here, so it never builds. test/engine/rules/builtin-checked.test.ts
 * proves the checked file is what validating core.json gives.
 * Runs after `npm ci` and before every build; both files are generated, never edited (and not committed).
 *   tsx src/dev/ruleset-cli/assemble-builtin.ts [--check]   (--check: exit 1 if either file is stale)
 */
import { readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleRuleset, type CategoryPart, type RulesetBase } from '../../engine/rules/builtin/assemble';
import { validateRuleset } from '../../engine/rules/validate';

const BUILTIN_DIR = fileURLToPath(new URL('../../engine/rules/builtin/', import.meta.url));
export const CORE_PARTS_DIR = `${BUILTIN_DIR}core/`;
export const CORE_JSON = `${BUILTIN_DIR}core.json`;
export const CORE_CHECKED_JSON = `${BUILTIN_DIR}core.checked.json`;

/** The assembled bundled ruleset as the text core.json must hold. */
export function assembledCoreText(): string {
  const read = (file: string): unknown => JSON.parse(readFileSync(`${CORE_PARTS_DIR}${file}`, 'utf8'));
  const base = read('ruleset.json') as RulesetBase;
  const parts = readdirSync(CORE_PARTS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'ruleset.json')
    .map((f) => read(f) as CategoryPart);
  const assembled = assembleRuleset(base, parts);
  assembled.$schema = './ruleset.schema.json';
  return `${JSON.stringify(assembled, null, 2)}\n`;
}

/** The validated form of an assembled core.json text, as core.checked.json must hold it; throws when it does not validate. */
export function checkedCoreText(coreText: string): string {
  const result = validateRuleset(JSON.parse(coreText));
  if (!result.ok) {
    const errors = result.errors.slice(0, 10).map((e) => `  ${e.path}: ${e.reason}`);
    throw new Error(`the bundled ruleset does not validate:\n${errors.join('\n')}`);
  }
  // Compact: the worker parses it at every start.
  return `${JSON.stringify(result.ruleset)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = assembledCoreText();
  let checked: string;
  try {
    checked = checkedCoreText(text);
  } catch (error) {
    rmSync(CORE_CHECKED_JSON, { force: true });
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  for (const [file, want] of [
    [CORE_JSON, text],
    [CORE_CHECKED_JSON, checked],
  ] as const) {
    if (read(file) === want) continue;
    if (process.argv.includes('--check')) {
      console.error(`${file.slice(BUILTIN_DIR.length)} is stale: run npm run ruleset:assemble`);
      process.exit(1);
    }
    writeFileSync(file, want);
    console.error(`ruleset: wrote ${file.slice(process.cwd().length + 1)}`);
  }
}
