/**
 * The published JSON Schema of the ruleset format, generated from the zod schema so the two cannot
 * drift apart (test/engine/rules/json-schema.test.ts checks the committed copy). Editors use it through the
 * `$schema` key of a ruleset file.
 */
import { z } from 'zod';
import { rulesetSchema } from './schema';

export function rulesetJsonSchema(): Record<string, unknown> {
  // "input": the shape an author writes, where fields with defaults may be left out.
  return z.toJSONSchema(rulesetSchema, { io: 'input' }) as Record<string, unknown>;
}

/** The schema as the committed file holds it: two-space indented, with a final newline. */
export function rulesetJsonSchemaText(): string {
  return JSON.stringify(rulesetJsonSchema(), null, 2) + '\n';
}
