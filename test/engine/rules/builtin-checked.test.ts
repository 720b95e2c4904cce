import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkedCoreText, CORE_CHECKED_JSON, CORE_JSON } from '../../../src/dev/ruleset-cli/assemble-builtin';
import { bundledCheckedJson, bundledRuleset, bundledRulesetJson } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { validateRuleset } from '../../../src/engine/rules/validate';

describe('the bundled ruleset, validated at build time', () => {
  it('core.checked.json is what validating core.json returns (run npm run ruleset:assemble after editing the parts)', () => {
    const result = validateRuleset(bundledRulesetJson);
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    // JSON keeps everything validation returns (no undefined, no class instances)…
    expect(JSON.parse(JSON.stringify(result.ruleset))).toEqual(result.ruleset);
    // …and the shipped file holds exactly that.
    expect(bundledCheckedJson).toEqual(result.ruleset);
    expect(readFileSync(CORE_CHECKED_JSON, 'utf8')).toBe(checkedCoreText(readFileSync(CORE_JSON, 'utf8')));
  });

  it('the worker compiles the same ruleset the full path does', () => {
    const result = validateRuleset(bundledRulesetJson);
    if (!result.ok) throw new Error('the bundled ruleset must validate');
    const full = compileRuleset(result.ruleset);
    const fast = bundledRuleset();
    expect(fast.source).toEqual(full.source);
    expect(fast.fieldRules.map((r) => r.id)).toEqual(full.fieldRules.map((r) => r.id));
    expect([...fast.apiRulesByApi.keys()]).toEqual([...full.apiRulesByApi.keys()]);
  });

  it('the build refuses a bundled ruleset that does not validate', () => {
    const broken = JSON.parse(readFileSync(CORE_JSON, 'utf8')) as { fieldRules: { category: string }[] };
    broken.fieldRules[0].category = 'no_such_category';
    expect(() => checkedCoreText(JSON.stringify(broken))).toThrow(/does not validate[\s\S]*fieldRules\[0\]/);
  });
});
