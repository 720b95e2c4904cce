// @vitest-environment happy-dom
// Inline tests put <script src> on the page: never fetched, and quietly so.
// @vitest-environment-options {"settings":{"disableJavaScriptFileLoading":true,"handleDisabledFileLoadingAsSuccess":true}}
import { describe, expect, it } from 'vitest';
import { extractFields } from '../../../src/content/extract';
import { collectPageSignals } from '../../../src/content/page-signals';
import type { PageObservations } from '../../../src/shared/model';
import { bundledRuleset, bundledRulesetJson } from '../../../src/engine/rules/builtin';

import { runInlineTests } from '../../../src/engine/rules/run-tests';
import { validateRuleset } from '../../../src/engine/rules/validate';
import { CORE_CATEGORIES } from '../../../src/shared/model';

const DEFAULT_URL = 'https://shop.example/checkout';

/** Puts the snippet into the test window's document and extracts it like the content script would. */
function extractHtml(html: string, url = DEFAULT_URL): PageObservations {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  document.title = '';
  document.body.innerHTML = html;
  const page = collectPageSignals(document);
  return { url, frames: [{ frameUrl: url, page, fields: extractFields(document), apis: [] }] };
}

describe('the bundled ruleset', () => {
  it('is valid and compiles', () => {
    const result = validateRuleset(bundledRulesetJson);
    expect(result.ok ? [] : result.errors).toEqual([]);
    const rs = bundledRuleset();
    expect(rs.key).toBe('need-to-know.core@2026.12.04.1');
    expect(rs.source.languages).toEqual(['en', 'zh-CN']);
  });

  it('defines every core category with the agreed tiers, in English and Chinese', () => {
    const rs = bundledRuleset();
    const tiers = Object.fromEntries([...rs.categories.values()].map((c) => [c.id, c.tier]));
    expect(tiers).toEqual({
      phone: 2,
      email: 2,
      birthdate: 2,
      gender: 2,
      address: 2,
      precise_location: 3,
      location_trail: 4,
      national_id: 3,
      face: 4,
      camera: 3,
      contacts: 3,
      bank_card: 4,
      approx_location: 1,
    });
    for (const id of CORE_CATEGORIES) {
      const c = rs.categories.get(id)!;
      for (const text of [c.name, c.why, c.whatToDo]) {
        expect(text.en.length).toBeGreaterThan(0);
        expect(text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(c.legal.length).toBeGreaterThan(0);
    }
    expect(rs.categories.get('camera')!.impliedBy).toEqual(['face']);
  });

  it('covers the taxonomy (design/taxonomy.md): its categories, service kinds and laws', () => {
    const rs = bundledRuleset();
    // taxonomy id → our category id ("minor" is a modifier, not a category).
    const taxonomy = {
      'loc.precise': 'precise_location',
      'loc.track': 'location_trail',
      'loc.coarse': 'approx_location',
      addr: 'address',
      phone: 'phone',
      dob: 'birthdate',
      gender: 'gender',
      natid: 'national_id',
      bio: 'face',
      media: 'camera',
      contacts: 'contacts',
      fin: 'bank_card',
    };
    for (const id of Object.values(taxonomy)) {
      const c = rs.categories.get(id)!;
      expect(c, id).toBeDefined();
      for (const text of [c.name, c.why, c.whatToDo]) expect(text['zh-CN'], id).toMatch(/[\u4e00-\u9fff]/);
    }
    expect([...rs.legal.keys()]).toEqual(expect.arrayContaining(['pipl', 'cn-necessary-pi', 'cn-frt', 'gdpr', 'cpra', 'bipa']));
    for (const ref of rs.legal.values()) expect(ref.title['zh-CN']).toBeTruthy();
    expect(rs.source.description?.['zh-CN']).toBeTruthy();
  });

  it('judges every service kind and "other" for every category', () => {
    const rs = bundledRuleset();
    const services = [...rs.serviceKinds.map((s) => s.id), 'other'];
    expect(services).toEqual([
      'shop',
      'food',
      'parcel',
      'ride',
      'local',
      'map',
      'mobility',
      'payment',
      'loan',
      'vending',
      'dating',
      'other',
    ]);
    for (const s of services) {
      for (const c of rs.categories.keys()) expect(rs.necessity.get(s)?.has(c), `${s}/${c}`).toBe(true);
    }
  });

  it('has an inline test for every detector, field, API and signal rules alike', () => {
    const rs = bundledRuleset();
    const tested = new Set(rs.tests.flatMap((t) => t.expect.map((e) => e.ruleId)));
    const rules = [...rs.source.fieldRules, ...rs.source.apiRules, ...rs.source.signalRules].map((r) => r.id);
    expect(rs.source.signalRules.length).toBeGreaterThan(0);
    expect(rules.filter((id) => !tested.has(id))).toEqual([]);
  });

  it('passes its own inline tests', () => {
    const results = runInlineTests(bundledRuleset(), extractHtml);
    expect(results.length).toBe(bundledRuleset().tests.length);
    expect(results.filter((r) => !r.pass)).toEqual([]);
  });

  it('the inline test runner reports a failing expectation', () => {
    const rs = bundledRuleset();
    const broken = {
      ...rs,
      tests: [{ name: 'wrong on purpose', html: '<input name="coupon">', apis: [], expect: [{ category: 'phone' }], expectNot: [] }],
    };
    const [result] = runInlineTests(broken, extractHtml);
    expect(result.pass).toBe(false);
    expect(result.problems[0]).toMatch(/expected phone, found nothing/);
  });
});
