import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { assembledCoreText, CORE_JSON, CORE_PARTS_DIR } from '../../../src/dev/ruleset-cli/assemble-builtin';
import { assembleRuleset, type CategoryPart, type RulesetBase } from '../../../src/engine/rules/builtin/assemble';

const base = JSON.parse(readFileSync(`${CORE_PARTS_DIR}ruleset.json`, 'utf8')) as RulesetBase & { serviceKinds: { id: string }[] };
const parts = readdirSync(CORE_PARTS_DIR)
  .filter((f) => f !== 'ruleset.json')
  .map((file) => ({ file, part: JSON.parse(readFileSync(`${CORE_PARTS_DIR}${file}`, 'utf8')) as CategoryPart }));

/** Categories no rule detects: the extension itself produces them. */
const PRODUCED_NOT_DETECTED: Record<string, string> = {
  approx_location: 'what the location broker gave a page instead of the precise position',
};

describe('the bundled ruleset, one file per category', () => {
  it('has a file named after each listed category, and no other', () => {
    expect(parts.map((p) => p.file).sort()).toEqual(base.categories.map((id) => `${id}.json`).sort());
    for (const { file, part } of parts) expect(file).toBe(`${part.category.id}.json`);
  });

  it.each(parts.map((p) => [p.part.category.id, p.part] as const))(
    '%s: a necessity cell for every service kind, rules and inline tests',
    (id, part) => {
      const kinds = [...base.serviceKinds.map((k) => k.id), 'other'];
      expect(Object.keys(part.necessity).sort()).toEqual(kinds.sort());
      const rules = [...(part.fieldRules ?? []), ...(part.apiRules ?? []), ...(part.signalRules ?? []), ...(part.bridgeRules ?? [])] as {
        category: string;
      }[];
      for (const rule of rules) expect(rule.category).toBe(id);
      if (id in PRODUCED_NOT_DETECTED) return;
      expect(rules.length, `${id} has no rules`).toBeGreaterThan(0);
      expect(part.tests?.length ?? 0, `${id} has no inline tests`).toBeGreaterThan(0);
    },
  );

  it('core.json is the assembly of the parts (run npm run ruleset:assemble after editing them)', () => {
    expect(readFileSync(CORE_JSON, 'utf8')).toBe(assembledCoreText());
  });

  it('assembly refuses a missing or unlisted category part', () => {
    const phone = parts.find((p) => p.part.category.id === 'phone')!.part;
    expect(() => assembleRuleset({ categories: ['phone', 'email'] }, [phone])).toThrow('no file for "email"');
    expect(() => assembleRuleset({ categories: [] }, [phone])).toThrow('"phone" is not in core/ruleset.json categories');
  });
});
