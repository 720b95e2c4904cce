/**
 * Regenerates src/rules/builtin/ruleset.schema.json from the zod schema.
 * Run after changing src/rules/schema.ts:  npx tsx src/rules/write-json-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulesetJsonSchemaText } from './json-schema';

const target = fileURLToPath(new URL('./builtin/ruleset.schema.json', import.meta.url));
writeFileSync(target, rulesetJsonSchemaText());
console.log(`wrote ${target}`);
