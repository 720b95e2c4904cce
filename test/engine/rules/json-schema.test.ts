import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rulesetJsonSchema, rulesetJsonSchemaText } from '../../../src/engine/rules/json-schema';

describe('the published JSON Schema', () => {
  it('is the committed file (regenerate with: npx tsx src/dev/ruleset-cli/write-json-schema.ts)', () => {
    const committed = readFileSync(new URL('../../../src/engine/rules/builtin/ruleset.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(rulesetJsonSchemaText());
  });

  it('describes the author-facing shape: defaults are optional, required keys required', () => {
    const schema = rulesetJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(
      expect.arrayContaining(['formatVersion', 'id', 'title', 'version', 'languages', 'categories', 'necessity']),
    );
    expect(schema.required).not.toContain('fieldRules');
    expect(Object.keys(schema.properties)).toContain('$schema');
  });

  it('is strict where the format is: unknown keys are errors in editors too', () => {
    const schema = rulesetJsonSchema() as Record<string, any>;
    expect(schema.additionalProperties).toBe(false);
    const items = (name: string) => schema.properties[name].items;
    for (const name of ['legal', 'categories', 'pageKinds', 'fieldRules', 'apiRules', 'overrides', 'tests']) {
      expect(items(name).additionalProperties, name).toBe(false);
      expect(Object.keys(items(name).properties), name).toContain('$comment');
    }
    expect(Object.keys(items('fieldRules').properties)).toContain('minFormatVersion');
    // Texts stay open to any language tag.
    expect(schema.properties.title.additionalProperties).toMatchObject({ type: 'string' });
  });

  it('is what the bundled ruleset points at', () => {
    const core = JSON.parse(readFileSync(new URL('../../../src/engine/rules/builtin/core.json', import.meta.url), 'utf8'));
    expect(core.$schema).toBe('./ruleset.schema.json');
  });
});
