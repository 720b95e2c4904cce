import { describe, expect, it } from 'vitest';
import { bundledRuleset, bundledRulesetJson } from '../../../src/engine/rules/builtin';
import { compileCheckedRuleset, withSchemaDefaults } from '../../../src/engine/rules/checked';
import { validateRuleset } from '../../../src/engine/rules/validate';

/** The bundled ruleset plus some of everything that has defaults: overrides, test API calls, `when`. */
function withEverything(): Record<string, unknown> {
  const doc = structuredClone(bundledRulesetJson) as Record<string, any>;
  doc.overrides = [
    { id: 'o', sites: ['example.com'], silence: ['gender'] },
    { id: 'p', sites: ['example.org'], serviceKind: 'food' },
  ];
  doc.tests = [
    ...doc.tests,
    { name: 'api call', html: '', apis: [{ api: 'geolocation.getCurrentPosition' }, { api: 'mediaDevices.getUserMedia', video: true }] },
  ];
  doc.apiRules = [...doc.apiRules, { id: 'x.plain', category: 'contacts', api: 'contacts.select' }];
  return doc;
}

describe('the start-up path for checked rulesets', () => {
  it('fills in exactly the defaults zod would, for the bundled ruleset and richer ones', () => {
    for (const doc of [bundledRulesetJson, withEverything()]) {
      const result = validateRuleset(doc);
      expect(result.ok ? [] : result.errors).toEqual([]);
      if (result.ok) expect(withSchemaDefaults(doc)).toEqual(result.ruleset);
    }
  });

  it('leaves an already-validated ruleset as it is', () => {
    const result = validateRuleset(withEverything());
    if (!result.ok) throw new Error('valid');
    expect(withSchemaDefaults(result.ruleset)).toEqual(result.ruleset);
  });

  it('compiles the bundled ruleset the same way the full path does', () => {
    const result = validateRuleset(bundledRulesetJson);
    if (!result.ok) throw new Error('valid');
    const fast = compileCheckedRuleset(bundledRulesetJson);
    expect(fast.source).toEqual(result.ruleset);
    expect(bundledRuleset().source).toEqual(result.ruleset);
    expect(fast.fieldRules.map((r) => r.id)).toEqual(bundledRuleset().fieldRules.map((r) => r.id));
  });
});
