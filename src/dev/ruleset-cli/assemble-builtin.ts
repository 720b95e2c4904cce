/**
 * Writes src/engine/rules/builtin/core.json from its parts in core/ (see ../../engine/rules/builtin/assemble.ts).
 * Runs after `npm ci` and before every build; core.json is generated, never edited (and not committed).
 *   tsx src/dev/ruleset-cli/assemble-builtin.ts [--check]   (--check: exit 1 if core.json is stale)
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleRuleset, type CategoryPart, type RulesetBase } from '../../engine/rules/builtin/assemble';

const BUILTIN_DIR = fileURLToPath(new URL('../../engine/rules/builtin/', import.meta.url));
export const CORE_PARTS_DIR = `${BUILTIN_DIR}core/`;
export const CORE_JSON = `${BUILTIN_DIR}core.json`;

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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = assembledCoreText();
  const current = existsSync(CORE_JSON) ? readFileSync(CORE_JSON, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error('core.json is stale: run npm run ruleset:assemble');
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(CORE_JSON, text);
    console.error(`ruleset: wrote ${CORE_JSON.slice(process.cwd().length + 1)}`);
  }
}
