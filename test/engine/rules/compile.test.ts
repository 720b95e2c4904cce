import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { asciiEquivalent, compileRuleset, DEFAULT_SCORING, necessityCell, textPattern } from '../../../src/engine/rules/compile';
import { version as BUNDLED_VERSION } from '../../../src/engine/rules/builtin/core/ruleset.json';

const rs = bundledRuleset();

describe('compileRuleset', () => {
  it('prebuilds case-insensitive unicode RegExps', () => {
    const rule = rs.fieldRules.find((r) => r.id === 'phone.label')!;
    expect(rule.text!.full.flags).toBe('iu');
    expect(rule.text!.test('MOBILE')).toBe(true);
    expect(rs.conditions.find((c) => c.id === 'face_wording')!.text.some((re) => re.test('请刷脸支付'))).toBe(true);
  });

  it('sorts field rules strongest first, keeping file order for equal weights', () => {
    const weights = rs.fieldRules.map((r) => r.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const sixes = rs.fieldRules.filter((r) => r.weight === 6).map((r) => r.id);
    const inFile = rs.source.fieldRules.filter((r) => r.weight === 6).map((r) => r.id);
    expect(sixes).toEqual(inFile);
  });

  it('builds a prefilter per text source that agrees with the rules', () => {
    const label = rs.textPrefilter.get('label')!;
    expect(label.test('收货地址')).toBe(true);
    expect(label.test('优惠码')).toBe(false);
    // phone.name also reads non-standard autocomplete values (autocomplete="phone")
    expect(rs.textPrefilter.get('autocomplete')!.test('phone')).toBe(true);
    expect(rs.textPrefilter.get('autocomplete')!.test('off')).toBe(false);
  });

  it('runs ASCII text with flags "i" only where that cannot change a match', () => {
    expect(asciiEquivalent('phone|mobile')).toBe(true);
    expect(asciiEquivalent('\\p{Lu}')).toBe(false); // Unicode property: only means that with "u"
    expect(asciiEquivalent('\u017Fms')).toBe(false); // "ſ" folds to "s" under "iu"
    const kelvin = textPattern('\u212Aelvin');
    expect(kelvin.test('kelvin')).toBe(kelvin.full.test('kelvin'));
    expect(textPattern('手机|phone').test('PHONE')).toBe(true);
    expect(textPattern('手机|phone').test('手机号')).toBe(true);
  });

  it('groups API rules by API and names the ruleset id@version', () => {
    expect(rs.apiRulesByApi.get('mediaDevices.getUserMedia')!.map((r) => r.category)).toEqual(['face', 'face', 'camera', 'camera']);
    expect(rs.apiRulesByApi.has('permissions.query')).toBe(false);
    expect(rs.key).toBe(`need-to-know.core@${BUNDLED_VERSION}`);
  });

  it('compiles signal rules strongest first, with their script kinds, hosts, widget and lazy text pattern', () => {
    const compiled = compileRuleset({
      ...rs.source,
      signalRules: [
        { id: 'w.weak', category: 'precise_location', thirdPartyKinds: [], scriptHosts: [], widget: 'map', text: 'Drop a PIN', weight: 2 },
        { id: 's.strong', category: 'face', thirdPartyKinds: ['face-sdk'], scriptHosts: ['CDN.KYC.example'], weight: 8 },
      ],
    });
    expect(compiled.signalRules.map((r) => r.id)).toEqual(['s.strong', 'w.weak']);
    expect(compiled.signalRules[0]).toMatchObject({ widget: null, text: null, scriptHosts: ['cdn.kyc.example'] });
    expect([...compiled.signalRules[0].thirdPartyKinds]).toEqual(['face-sdk']);
    const map = compiled.signalRules[1];
    expect(map.widget).toBe('map');
    expect(map.text!.full.flags).toBe('iu');
    expect(map.text!.test('please drop a pin here')).toBe(true);
    // The bundled ruleset: a face-SDK script rule and a map-picker rule, both tested inline.
    expect(rs.signalRules.map((r) => [r.id, r.category]).sort()).toEqual([
      ['script.face-sdk', 'face'],
      ['script.face-sdk-file', 'face'],
      ['script.realname-metainfo', 'face'],
      ['widget.map-picker', 'precise_location'],
    ]);
  });

  it('looks necessity up by service kind, falling back to "other"', () => {
    expect(necessityCell(rs, 'shop', 'address')).toBe('necessary');
    expect(necessityCell(rs, 'map', 'phone')).toBe('unnecessary');
    expect(necessityCell(rs, 'no-such-kind', 'phone')).toBe('conditional');
    expect(necessityCell(rs, 'vending', 'face')).toMatchObject({ level: 'conditional', condition: 'non_face_alternative' });
  });

  it('uses the default scoring when a ruleset has none', () => {
    const plain = compileRuleset({ ...rs.source, scoring: undefined });
    expect(plain.scoring).toEqual(DEFAULT_SCORING);
    expect(rs.scoring).toEqual(DEFAULT_SCORING); // the bundled numbers are the defaults
  });

  it('joins patterns with back-references out of the prefilter', () => {
    const withBackref = compileRuleset({
      ...rs.source,
      fieldRules: [{ id: 'x', category: 'phone', autocomplete: [], types: [], text: '(a)\\1', in: ['name'], weight: 1 }],
    });
    expect(withBackref.textPrefilter.has('name')).toBe(false);
  });
});
