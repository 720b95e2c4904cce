import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { mergeRulesets } from '../../../src/engine/rules/merge';
import type { Ruleset } from '../../../src/engine/rules/schema';
import { validateRuleset } from '../../../src/engine/rules/validate';

const core = bundledRuleset().source;

function checked(input: Record<string, unknown>, base: Ruleset[] = [core]): Ruleset {
  const result = validateRuleset(
    { formatVersion: 1, title: { en: 'T' }, version: '1', languages: ['en'], categories: [], necessity: {}, ...input },
    { base },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ruleset;
}

describe('mergeRulesets', () => {
  it('returns a single ruleset as it is', () => {
    const { ruleset, warnings } = mergeRulesets([core]);
    expect(ruleset.key).toBe(`${core.id}@${core.version}`);
    expect(ruleset.fieldRules.length).toBe(core.fieldRules.length);
    expect(warnings).toEqual([]);
  });

  it('replaces definitions by id, merging their texts per language', () => {
    const phone = core.categories.find((c) => c.id === 'phone')!;
    const next = checked({
      id: 'x.texts',
      categories: [
        {
          id: 'phone',
          tier: 3,
          name: { en: 'Phone number' },
          why: { en: 'Why, in new words.' },
          whatToDo: { en: 'Do this.', fr: 'Faites ceci.' },
        },
      ],
      necessity: { other: { phone: 'conditional' } },
    });
    const { ruleset } = mergeRulesets([core, next]);
    const merged = ruleset.categories.get('phone')!;
    expect(merged.tier).toBe(3);
    expect(merged.name).toEqual({ en: 'Phone number', 'zh-CN': phone.name['zh-CN'] });
    expect(merged.whatToDo).toMatchObject({ en: 'Do this.', fr: 'Faites ceci.', 'zh-CN': phone.whatToDo['zh-CN'] });
    // The later definition replaces the rest: its legal list is empty now.
    expect(merged.legal).toEqual([]);
    // Order is kept: phone stays where the bundled ruleset had it.
    expect([...ruleset.categories.keys()].indexOf('phone')).toBe(core.categories.findIndex((c) => c.id === 'phone'));
    expect(ruleset.key).toBe(`${core.id}@${core.version}+x.texts@1`);
  });

  it('takes necessity per (service kind, category) cell from the later ruleset', () => {
    const next = checked({ id: 'x.cells', necessity: { shop: { birthdate: 'necessary' } } });
    const { ruleset } = mergeRulesets([core, next]);
    expect(ruleset.necessity.get('shop')!.get('birthdate')).toBe('necessary');
    expect(ruleset.necessity.get('shop')!.get('phone')).toBe(core.necessity.shop.phone);
    expect(ruleset.necessity.get('food')!.get('birthdate')).toEqual(core.necessity.food.birthdate);
  });

  it('unites field and API rules; the same id in a later ruleset replaces the rule', () => {
    const next = checked({
      id: 'x.rules',
      fieldRules: [
        { id: 'phone.label', category: 'phone', text: '^call me$', in: ['label'], weight: 2 },
        { id: 'x.shoe', category: 'gender', text: 'pronouns', in: ['label'] },
      ],
      apiRules: [{ id: 'api.contacts.picker', category: 'phone', api: 'contacts.select' }],
    });
    const { ruleset } = mergeRulesets([core, next]);
    const ids = ruleset.fieldRules.map((r) => r.id);
    expect(ids.filter((id) => id === 'phone.label')).toHaveLength(1);
    expect(ruleset.fieldRules.find((r) => r.id === 'phone.label')!.text!.full.source).toBe('^call me$');
    expect(ids).toContain('x.shoe');
    expect(ruleset.fieldRules.length).toBe(core.fieldRules.length + 1);
    expect(ruleset.apiRulesByApi.get('contacts.select')!.map((r) => r.category)).toEqual(['phone']);
  });

  it('unites signal rules in the same id space; the same id in a later ruleset replaces the rule', () => {
    const next = checked({
      id: 'x.signals',
      signalRules: [
        { id: 'widget.map-picker', category: 'precise_location', widget: 'map', text: 'only this' },
        { id: 'script.kyc', category: 'national_id', scriptHosts: ['kyc.example'] },
      ],
    });
    const { ruleset } = mergeRulesets([core, next]);
    expect(ruleset.signalRules.map((r) => r.id).sort()).toEqual([
      'script.face-sdk',
      'script.face-sdk-file',
      'script.kyc',
      'script.realname-metainfo',
      'widget.map-picker',
    ]);
    expect(ruleset.signalRules.find((r) => r.id === 'widget.map-picker')!.text!.full.source).toBe('only this');
    // A field rule of a later ruleset with a signal rule's id replaces it too.
    const field = checked({ id: 'x.field', fieldRules: [{ id: 'script.face-sdk', category: 'face', text: 'selfie', in: ['label'] }] });
    const merged = mergeRulesets([core, field]).ruleset;
    expect(merged.signalRules.map((r) => r.id).sort()).toEqual(['script.face-sdk-file', 'script.realname-metainfo', 'widget.map-picker']);
    expect(merged.fieldRules.some((r) => r.id === 'script.face-sdk')).toBe(true);
  });

  it('keeps every override in order and takes scoring from the latest ruleset that has one', () => {
    const a = checked({ id: 'x.a', overrides: [{ id: 'o1', sites: ['a.example'], silence: ['gender'] }] });
    const scoring = { ...structuredClone(core.scoring!), optionalFactor: 0.25 };
    const b = checked({ id: 'x.b', scoring, overrides: [{ id: 'o2', sites: ['b.example'], silence: ['phone'] }] });
    const c = checked({ id: 'x.c', overrides: [{ id: 'o1', sites: ['c.example'], silence: ['email'] }] });
    const { ruleset } = mergeRulesets([core, a, b, c]);
    expect(ruleset.overrides.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect([...ruleset.overrides[0].silence]).toEqual(['email']);
    expect(ruleset.scoring.optionalFactor).toBe(0.25);
  });

  it('leaves out, with a warning, what needs a ruleset that is not in the list', () => {
    // Valid on top of the bundled ruleset, merged without it (the user disabled the bundled one).
    const next = checked({
      id: 'x.dangling',
      categories: [{ id: 'iris', tier: 4, name: { en: 'Iris' }, why: { en: 'w' }, whatToDo: { en: 'd' } }],
      necessity: { other: { iris: 'unnecessary' }, shop: { phone: 'necessary' } },
      fieldRules: [
        { id: 'x.phone', category: 'phone', types: ['tel'] },
        { id: 'x.iris', category: 'iris', text: 'iris' },
      ],
      signalRules: [{ id: 'x.face-script', category: 'face', thirdPartyKinds: ['face-sdk'] }],
    });
    const other = checked({ id: 'x.other', categories: [], necessity: {} }, []);
    const { ruleset, warnings } = mergeRulesets([other, next]);
    expect(ruleset.fieldRules.map((r) => r.id)).toEqual(['x.iris']);
    expect(ruleset.necessity.has('shop')).toBe(false);
    expect(ruleset.signalRules).toEqual([]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/rule "x.phone".*category "phone"/),
        expect.stringMatching(/rule "x.face-script".*category "face"/),
        expect.stringMatching(/column "shop"/),
      ]),
    );
  });

  it('does not change its inputs', () => {
    const before = JSON.stringify(core);
    mergeRulesets([core, checked({ id: 'x.cells', necessity: { shop: { birthdate: 'necessary' } } })]);
    expect(JSON.stringify(core)).toBe(before);
  });
});
