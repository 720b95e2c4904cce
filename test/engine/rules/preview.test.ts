import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { diffRuleset, isStandalone, summarizeRuleset } from '../../../src/engine/rules/preview';
import { parseRuleset } from '../../../src/engine/rules/validate';
import type { Ruleset } from '../../../src/engine/rules/schema';

const core = bundledRuleset();

function ruleset(data: object): Ruleset {
  const r = parseRuleset(
    JSON.stringify({ formatVersion: 1, title: { en: 'T' }, version: '1', languages: ['en'], categories: [], necessity: {}, ...data }),
    {
      base: [core.source],
    },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.ruleset;
}

describe('summary', () => {
  it('counts what a ruleset contains and says whether it can rate pages alone', () => {
    const s = summarizeRuleset(core.source);
    expect(s.id).toBe(core.id);
    expect(s.counts.categories).toBe(core.source.categories.length);
    expect(s.counts.fieldRules).toBe(core.source.fieldRules.length);
    expect(s.counts.necessityCells).toBeGreaterThan(s.counts.categories);
    expect(s.standalone).toBe(true);
    expect(isStandalone(ruleset({ id: 'x.partial', necessity: { shop: { gender: 'necessary' } } }))).toBe(false);
  });
});

describe('diff against the active set', () => {
  it('finds nothing new in the active set itself', () => {
    const d = diffRuleset(core, core.source);
    expect([d.categoriesAdded, d.categoriesChanged, d.necessity, d.rulesAdded, d.kindsAdded]).toEqual([[], [], [], [], []]);
    expect(d.rulesReplaced.length).toBe(core.source.fieldRules.length + core.source.apiRules.length + core.source.signalRules.length);
    expect(d.scoringChanged).toBe(false);
  });

  it('lists new and redefined categories, necessity cells with before and after, rules, kinds and overrides', () => {
    const gender = core.source.categories.find((c) => c.id === 'gender')!;
    const incoming = ruleset({
      id: 'x.diff',
      categories: [
        { id: 'pet', tier: 1, name: { en: 'Pet' }, why: { en: 'w' }, whatToDo: { en: 'd' } },
        { ...gender, tier: 1 },
      ],
      necessity: { shop: { gender: 'necessary', phone: 'necessary' }, other: { pet: 'unnecessary', gender: 'unnecessary' } },
      fieldRules: [
        { id: 'pet.name', category: 'pet', autocomplete: ['x-pet'] },
        { id: core.source.fieldRules[0].id, category: core.source.fieldRules[0].category, types: ['x-nothing'] },
      ],
      overrides: [{ id: 'local.quiet', sites: ['127.0.0.1'], silence: ['gender'] }],
    });
    const d = diffRuleset(core, incoming);
    expect(d.categoriesAdded).toEqual(['pet']);
    expect(d.categoriesChanged).toEqual(['gender']);
    // phone is already necessary for shops: not a change.
    expect(d.necessity).toEqual([
      { serviceKind: 'shop', category: 'gender', from: 'unnecessary', to: 'necessary' },
      { serviceKind: 'other', category: 'pet', from: null, to: 'unnecessary' },
    ]);
    expect(d.rulesAdded).toEqual(['pet.name']);
    expect(d.rulesReplaced).toEqual([core.source.fieldRules[0].id]);
    expect(d.overrides).toEqual([{ id: 'local.quiet', sites: ['127.0.0.1'] }]);
  });
});
