/**
 * Regenerates src/engine/rules/builtin/ruleset.schema.json from the zod schema.
 * Run after changing src/engine/rules/schema.ts:  npx tsx src/dev/ruleset-cli/write-json-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulesetJsonSchemaText } from '../../engine/rules/json-schema';

const target = fileURLToPath(new URL('../../engine/rules/builtin/ruleset.schema.json', import.meta.url));
writeFileSync(target, rulesetJsonSchemaText());
console.log(`wrote ${target}`);
