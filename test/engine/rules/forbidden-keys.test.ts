import { describe, expect, it } from 'vitest';
import { parseRuleset, validateRuleset } from '@/src/engine/rules/validate';
import { forbiddenKeys } from '@/src/engine/rules/forbidden-keys';

const minimal = {
  formatVersion: 1,
  id: 'me.local',
  title: { en: 'Mine' },
  version: '1',
  languages: ['en'],
  categories: [],
  necessity: {},
};

describe('forbidden keys in a ruleset', () => {
  it('the minimal ruleset passes (so the failures below are the keys, not the rest)', () => {
    expect(parseRuleset(JSON.stringify(minimal)).ok).toBe(true);
  });

  it('rejects "__proto__" from JSON text, which JSON.parse keeps as an own key, with its path and a reason', () => {
    const text = JSON.stringify(minimal).replace('"title":{', '"title":{"__proto__":{"polluted":true},');
    const result = parseRuleset(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { path: '$.title.__proto__', reason: expect.stringContaining('"__proto__" is not allowed') },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects "constructor" and "prototype" anywhere: top level, in lists, in nested objects', () => {
    const text = JSON.stringify({
      ...minimal,
      constructor: 1,
      necessity: { other: { prototype: 'unnecessary' } },
      overrides: [{ id: 'o', sites: ['shop.example'], silence: ['x'], reason: { en: 'r', constructor: 'x' } }],
    });
    const result = parseRuleset(text);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual([
      '$.necessity.other.prototype',
      '$.constructor',
      '$.overrides[0].reason.constructor',
    ]);
  });

  it('also when validating an already-parsed document', () => {
    const parsed = JSON.parse('{"a":[{"b":{"__proto__":1}}]}');
    expect(forbiddenKeys(parsed).map((f) => f.path)).toEqual([['a', 0, 'b', '__proto__']]);
    const result = validateRuleset({ ...minimal, categories: [JSON.parse('{"__proto__":{"id":"x"}}')] });
    expect(!result.ok && result.errors[0].path).toBe('$.categories[0].__proto__');
  });

  it('allows these words as values and inside longer keys', () => {
    const r = { ...minimal, description: { en: 'constructor prototype __proto__' } };
    expect(parseRuleset(JSON.stringify(r)).ok).toBe(true);
    expect(forbiddenKeys({ constructorName: 1, my_prototype: 2 })).toEqual([]);
  });
});
