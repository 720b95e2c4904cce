import { describe, expect, it } from 'vitest';
import { bundledRulesetJson } from '../../../src/engine/rules/builtin';
import { MAX_RULESET_BYTES, parseRuleset, patternProblem, validateRuleset, type RulesetResult } from '../../../src/engine/rules/validate';

/** A small valid ruleset; tests break one thing at a time. */
function minimal(): Record<string, any> {
  const text = { en: 'x', 'zh-CN': '某' };
  return {
    formatVersion: 1,
    id: 'test.min',
    title: { en: 'Test' },
    version: '1.0',
    languages: ['en', 'zh-CN'],
    legal: [{ id: 'pipl', title: text, url: 'https://www.gov.cn/x.htm' }],
    categories: [
      { id: 'phone', tier: 2, name: text, why: text, whatToDo: text, legal: ['pipl'] },
      { id: 'face', tier: 4, name: text, why: text, whatToDo: text },
    ],
    serviceKinds: [{ id: 'shop', name: text, text: ['checkout'] }],
    conditions: [{ id: 'face_wording', name: text, text: ['人脸'] }],
    necessity: {
      shop: { phone: 'necessary', face: { level: 'conditional', condition: 'face_wording', note: text } },
      other: { phone: 'conditional', face: 'unnecessary' },
    },
    fieldRules: [{ id: 'phone.label', category: 'phone', text: '手机|phone', in: ['label'], weight: 6 }],
    apiRules: [{ id: 'api.face', category: 'face', api: 'mediaDevices.getUserMedia', when: { pageSignal: 'face_wording' } }],
    tests: [{ name: 't1', html: '<input>', expect: [{ category: 'phone', ruleId: 'phone.label' }], expectNot: ['face'] }],
  };
}

function errorsOf(result: RulesetResult) {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

function expectError(input: unknown, path: string, reason: RegExp) {
  const errors = errorsOf(validateRuleset(input));
  expect(errors, JSON.stringify(errors)).toContainEqual({ path, reason: expect.stringMatching(reason) });
}

describe('validateRuleset', () => {
  it('accepts a valid ruleset and fills defaults', () => {
    const result = validateRuleset(minimal());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.ruleset.pageKinds).toEqual([]);
  });

  it('reports a bad type with its path', () => {
    const r = minimal();
    r.categories[0].tier = 'two';
    expectError(r, '$.categories[0].tier', /expected number/);
  });

  it('reports a missing field in plain words', () => {
    const r = minimal();
    delete r.categories[1].why;
    expectError(r, '$.categories[1].why', /^is missing/);
  });

  it('reports a necessity cell that is neither a level nor a condition', () => {
    const r = minimal();
    r.necessity.shop.phone = 'maybe';
    expectError(r, '$.necessity.shop.phone', /none of the allowed forms/);
  });

  it('reports an unknown category', () => {
    const r = minimal();
    r.fieldRules[0].category = 'shoe_size';
    expectError(r, '$.fieldRules[0].category', /category "shoe_size", which is not defined/);
  });

  it('reports a dangling legal reference', () => {
    const r = minimal();
    r.categories[0].legal = ['pipl', 'gdpr'];
    expectError(r, '$.categories[0].legal[1]', /legal reference "gdpr"/);
  });

  it('reports dangling impliedBy, service kinds, conditions and page signals', () => {
    const r = minimal();
    r.categories[0].impliedBy = ['camera'];
    r.necessity.vending = { phone: 'unnecessary' };
    r.necessity.shop.face.condition = 'alternative';
    r.apiRules[0].when.pageSignal = 'face_words';
    r.necessity.shop.iris = 'unnecessary';
    const errors = errorsOf(validateRuleset(r));
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '$.categories[0].impliedBy[0]',
        '$.necessity.vending',
        '$.necessity.shop.face.condition',
        '$.apiRules[0].when.pageSignal',
        '$.necessity.shop.iris',
      ]),
    );
  });

  it('requires the "other" column to judge every category, and reserves "other"', () => {
    const r = minimal();
    delete r.necessity.other.face;
    r.serviceKinds.push({ id: 'other', name: { en: 'Other' } });
    expectError(r, '$.necessity.other', /does not judge the category "face"/);
    expectError(r, '$.serviceKinds[1].id', /reserved/);
  });

  it('reports duplicate ids, also across field and API rules', () => {
    const r = minimal();
    r.categories.push({ ...r.categories[0] });
    r.apiRules[0].id = 'phone.label';
    expectError(r, '$.categories[2].id', /duplicates the category id "phone"/);
    expectError(r, '$.apiRules[0].id', /duplicates the rule id "phone.label"/);
  });

  it('reports a regex that does not compile with flags iu', () => {
    const r = minimal();
    r.fieldRules[0].text = 'phone(';
    expectError(r, '$.fieldRules[0].text', /not a valid regular expression with flags "iu"/);
    // Valid without "u", invalid with it: the flag matters.
    const r2 = minimal();
    r2.serviceKinds[0].text = ['\\-x{'];
    expectError(r2, '$.serviceKinds[0].text[0]', /not a valid regular expression/);
  });

  it('rejects patterns that can backtrack catastrophically', () => {
    for (const bad of ['(a+)+$', '(\\w*)*x', '(a|a)*b', '(x|xy)+z', '(\\d|\\w)*!']) {
      const r = minimal();
      r.fieldRules[0].exclude = bad;
      expectError(r, '$.fieldRules[0].exclude', /exponential time/);
    }
    for (const fine of ['phone|mobile', '(?:ab|cd)+', '^(tel|cell)([^a-z]|$)', '省.{0,3}市', '(^|\\| )(男|女)( \\||$)']) {
      expect(patternProblem(fine), fine).toBeNull();
    }
  });

  it('reports a rule that can match nothing, and tests that name unknown things', () => {
    const r = minimal();
    r.fieldRules.push({ id: 'empty', category: 'phone' });
    r.tests[0].expect[0].ruleId = 'phone.nope';
    r.tests[0].expectNot = ['iris'];
    r.tests.push({ ...r.tests[0] });
    expectError(r, '$.fieldRules[1]', /nothing to match/);
    expectError(r, '$.tests[0].expect[0].ruleId', /rule "phone.nope"/);
    expectError(r, '$.tests[0].expectNot[0]', /category "iris"/);
    expectError(r, '$.tests[1].name', /duplicates the test name/);
  });

  it('requires English among the languages', () => {
    const r = minimal();
    r.languages = ['zh-CN'];
    expectError(r, '$.languages', /must include "en"/);
  });

  it('rejects a newer format with a reason that says to update', () => {
    const r = minimal();
    r.formatVersion = 2;
    r.someNewSection = { anything: true };
    const errors = errorsOf(validateRuleset(r));
    expect(errors).toEqual([{ path: '$.formatVersion', reason: expect.stringMatching(/newer Need to Know is needed/) }]);
  });

  it('rejects things that are not objects', () => {
    for (const junk of [null, 42, 'text', [], true, undefined]) {
      expect(errorsOf(validateRuleset(junk))).toEqual([{ path: '$', reason: 'must be a JSON object' }]);
    }
  });

  it('never throws, even on a hostile object', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    const errors = errorsOf(validateRuleset(hostile));
    expect(errors[0].path).toBe('$');
  });

  // 150 validations of a 100 KB ruleset: seconds on a busy machine, so a generous limit (not a timing check).
  it('never throws on random mutations of the bundled ruleset', { timeout: 60_000 }, () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const junk = [null, 0, -1, 1e9, '', 'x', '(a+)+', '[', true, [], {}, [null], { en: 1 }];
    const base = JSON.stringify(bundledRulesetJson);
    let rejected = 0;
    for (let round = 0; round < 150; round++) {
      const doc = JSON.parse(base);
      for (let m = 0; m < 3; m++) {
        // Walk to a random node and replace, delete or duplicate something there.
        let node: any = doc;
        for (let depth = 0; depth < 6 && node && typeof node === 'object'; depth++) {
          const keys = Object.keys(node);
          if (!keys.length) break;
          const key = keys[Math.floor(random() * keys.length)];
          const choice = random();
          if (choice < 0.25 || typeof node[key] !== 'object' || node[key] === null) {
            if (choice < 0.12) delete node[key];
            else node[key] = junk[Math.floor(random() * junk.length)];
            break;
          }
          node = node[key];
        }
      }
      const result = validateRuleset(doc);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) {
        rejected++;
        for (const e of result.errors) expect(e.path.startsWith('$')).toBe(true);
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });
});

describe('strictness, limits and site patterns', () => {
  it('reports an unknown key at its own path, anywhere in the document', () => {
    const r = minimal();
    r.categories[0].nmae = { en: 'typo' };
    r.fieldRules[0].wieght = 3;
    r.colour = 'blue';
    const errors = errorsOf(validateRuleset(r));
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: '$.categories[0].nmae', reason: expect.stringMatching(/not a known key/) },
        { path: '$.fieldRules[0].wieght', reason: expect.stringMatching(/not a known key/) },
        { path: '$.colour', reason: expect.stringMatching(/not a known key/) },
      ]),
    );
  });

  it('allows a "$comment" in any object', () => {
    const r = minimal();
    r.$comment = 'top';
    r.categories[0].$comment = 'why tier 2';
    r.apiRules[0].when.$comment = 'only with face wording';
    expect(validateRuleset(r).ok).toBe(true);
  });

  it.each(['(a+)+$', '(a|aa)*b', '(\\w+\\s?)*$', '([a-z]*)*x', '(.*a){30}'])('rejects the ReDoS pattern %s with a reason', (bad) => {
    const r = minimal();
    r.fieldRules[0].text = bad;
    expectError(r, '$.fieldRules[0].text', /exponential time/);
    const s = minimal();
    s.conditions[0].url = ['ok', bad];
    expectError(s, '$.conditions[0].url[1]', /exponential time/);
  });

  it('checks metadata: language tags, expires range, URLs, lastModified', () => {
    const r = minimal();
    r.languages = ['en', 'Chinese'];
    r.expires = '0 days';
    r.homepage = 'javascript:alert(1)';
    r.lastModified = 'yesterday';
    const errors = errorsOf(validateRuleset(r)).map((e) => e.path);
    expect(errors).toEqual(expect.arrayContaining(['$.languages[1]', '$.homepage', '$.lastModified']));
    const s = minimal();
    s.expires = '45 days';
    expectError(s, '$.expires', /between 1 hour and 30 days/);
    const ok = minimal();
    Object.assign(ok, {
      expires: '4 days',
      lastModified: '2026-11-26',
      license: 'CC-BY-SA-4.0',
      homepage: 'https://example.org/rules',
      supportUrl: 'https://example.org/issues',
    });
    expect(validateRuleset(ok).ok).toBe(true);
  });

  it('caps list sizes and string lengths with the path', () => {
    const r = minimal();
    r.fieldRules[0].text = 'a'.repeat(2001);
    r.tests[0].expectNot = Array.from({ length: 51 }, () => 'face');
    const paths = errorsOf(validateRuleset(r)).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['$.fieldRules[0].text', '$.tests[0].expectNot']));
  });

  it('checks overrides: what they name must exist, and they must change something', () => {
    const r = minimal();
    r.overrides = [
      { id: 'wine-shop', sites: ['wine.example.com'], necessity: { birthdate: 'conditional' } },
      { id: 'empty', sites: ['example.org'] },
      {
        id: 'bad-refs',
        sites: ['example.net'],
        serviceKind: 'casino',
        silence: ['phone.lable'],
        necessity: { face: { level: 'conditional', condition: 'nope', note: { en: 'x' } } },
      },
    ];
    const errors = errorsOf(validateRuleset(r));
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: '$.overrides[0].necessity.birthdate', reason: expect.stringMatching(/category "birthdate", which is not defined/) },
        { path: '$.overrides[1]', reason: expect.stringMatching(/changes nothing/) },
        { path: '$.overrides[2].serviceKind', reason: expect.stringMatching(/service kind "casino"/) },
        { path: '$.overrides[2].silence[0]', reason: expect.stringMatching(/neither a rule id nor a category id/) },
        { path: '$.overrides[2].necessity.face.condition', reason: expect.stringMatching(/condition "nope"/) },
      ]),
    );
  });

  it('rejects site patterns that are not one site', () => {
    for (const [site, reason] of [
      ['https://example.com', /lower-case host name/],
      ['Example.com', /lower-case host name/],
      ['com', /public suffix/],
      ['*.co.uk', /public suffix/],
      ['*.127.0.0.1', /IP address/],
    ] as const) {
      const r = minimal();
      r.overrides = [{ id: 'o', sites: [site], silence: ['phone'] }];
      expectError(r, '$.overrides[0].sites[0]', reason);
    }
    const ok = minimal();
    ok.overrides = [
      { id: 'o', sites: ['example.com', '*.example.cn', 'localhost', '127.0.0.1', 'shop.example'], silence: ['phone.label'] },
    ];
    expect(validateRuleset(ok).ok).toBe(true);
  });

  it('lets a ruleset name what its base defines, but only then', () => {
    const local = {
      formatVersion: 1,
      id: 'me.local',
      title: { en: 'Mine' },
      version: '1',
      languages: ['en'],
      categories: [],
      necessity: { shop: { phone: 'unnecessary' } },
      overrides: [{ id: 'quiet', sites: ['example.com'], silence: ['phone.label'], necessity: { face: 'unnecessary' } }],
      tests: [{ name: 'uses base', html: '<label>Phone<input></label>', expect: [{ category: 'phone', ruleId: 'phone.label' }] }],
    };
    const alone = errorsOf(validateRuleset(local)).map((e) => e.path);
    expect(alone).toEqual(expect.arrayContaining(['$.necessity.shop', '$.overrides[0].silence[0]', '$.tests[0].expect[0].ruleId']));
    const base = validateRuleset(minimal());
    if (!base.ok) throw new Error('minimal is valid');
    expect(validateRuleset(local, { base: [base.ruleset] })).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('signal rules (scripts and widgets)', () => {
  const withSignals = (...rules: Record<string, unknown>[]): Record<string, any> => ({ ...minimal(), signalRules: rules });

  it('accepts script and widget rules and fills their defaults', () => {
    const result = validateRuleset(
      withSignals(
        { id: 'script.face', category: 'face', thirdPartyKinds: ['face-sdk'], weight: 6 },
        { id: 'script.kyc', category: 'face', scriptHosts: ['cdn.kyc.example'], text: '刷脸|face scan' },
        { id: 'widget.map', category: 'phone', widget: 'map', text: 'drag the pin|拖动图钉', minFormatVersion: 1 },
      ),
    );
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.ruleset.signalRules[0]).toEqual({
      id: 'script.face',
      category: 'face',
      thirdPartyKinds: ['face-sdk'],
      scriptHosts: [],
      weight: 6,
    });
    expect(result.ruleset.signalRules[1]).toMatchObject({ thirdPartyKinds: [], weight: 1 });
    expect(validateRuleset(minimal())).toMatchObject({ ok: true, ruleset: { signalRules: [] } });
  });

  it('reports each problem at its path with a reason', () => {
    expectError(withSignals({ id: 'x.none', category: 'face' }), '$.signalRules[0]', /has nothing to watch/);
    expectError(
      withSignals({ id: 'x.both', category: 'face', thirdPartyKinds: ['face-sdk'], widget: 'map' }),
      '$.signalRules[0].widget',
      /not both/,
    );
    expectError(
      withSignals({ id: 'x.cat', category: 'iris', widget: 'map' }),
      '$.signalRules[0].category',
      /category "iris", which is not defined/,
    );
    expectError(
      withSignals({ id: 'x.kind', category: 'face', thirdPartyKinds: ['face-scanner'] }),
      '$.signalRules[0].thirdPartyKinds[0]',
      /expected one of/,
    );
    expectError(withSignals({ id: 'x.widget', category: 'face', widget: 'camera' }), '$.signalRules[0].widget', /expected "map"/);
    expectError(
      withSignals({ id: 'x.host', category: 'face', scriptHosts: ['https://kyc.example/sdk.js'] }),
      '$.signalRules[0].scriptHosts[0]',
      /lower-case host name/,
    );
    expectError(
      withSignals({ id: 'x.suffix', category: 'face', scriptHosts: ['co.uk'] }),
      '$.signalRules[0].scriptHosts[0]',
      /public suffix/,
    );
    expectError(withSignals({ id: 'x.typo', category: 'face', widget: 'map', txet: 'pin' }), '$.signalRules[0].txet', /not a known key/);
    expectError(
      withSignals({ id: 'x.regex', category: 'face', widget: 'map', text: '(pin' }),
      '$.signalRules[0].text',
      /not a valid regular expression/,
    );
    expectError(withSignals({ id: 'x.redos', category: 'face', widget: 'map', text: '(a+)+$' }), '$.signalRules[0].text', /exponential/);
    // Field, API and signal rules share one id space.
    expectError(
      withSignals({ id: 'phone.label', category: 'face', widget: 'map' }),
      '$.signalRules[0].id',
      /duplicates the rule id "phone.label"/,
    );
  });

  it('lets tests and overrides name signal rules, also of a base ruleset', () => {
    const r = withSignals({ id: 'widget.map', category: 'face', widget: 'map' });
    r.tests.push({ name: 'map', html: '<div class="leaflet-container"></div>', expect: [{ category: 'face', ruleId: 'widget.map' }] });
    expect(validateRuleset(r)).toMatchObject({ ok: true });
    const base = validateRuleset(r);
    if (!base.ok) return;
    const local = {
      formatVersion: 1,
      id: 'x.local',
      title: { en: 'L' },
      version: '1',
      languages: ['en'],
      categories: [],
      necessity: {},
      overrides: [{ id: 'q', sites: ['shop.example'], silence: ['widget.map'] }],
    };
    expect(validateRuleset(local, { base: [base.ruleset] })).toMatchObject({ ok: true });
    expect(validateRuleset(local)).toMatchObject({ ok: false });
  });

  it('skips a signal rule that needs a newer format, and one whose category was skipped', () => {
    const r = withSignals(
      { id: 'widget.future', category: 'face', widget: 'hologram', minFormatVersion: 2 },
      { id: 'widget.iris', category: 'iris', widget: 'map' },
    );
    r.categories.push({ id: 'iris', tier: 4, name: { en: 'Iris' }, minFormatVersion: 2 });
    const result = validateRuleset(r);
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.ruleset.signalRules).toEqual([]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        { path: '$.signalRules[0]', reason: expect.stringMatching(/^skipped "widget.future": needs format 2/) },
        { path: '$.signalRules[1]', reason: expect.stringMatching(/refers to "iris"/) },
      ]),
    );
  });
});

describe('forward compatibility', () => {
  it('skips items that need a newer format, with a warning naming each path, and keeps the rest', () => {
    const r = minimal();
    r.categories.push({ id: 'iris', tier: 4, name: { en: 'Iris' }, minFormatVersion: 2, newIdea: true });
    r.fieldRules.push({ id: 'iris.label', category: 'iris', text: 'iris', minFormatVersion: 2, shape: 'future' });
    r.fieldRules.push({ id: 'iris.fallback', category: 'iris', text: 'eye scan' });
    r.necessity.shop.iris = 'unnecessary';
    r.necessity.other.iris = 'unnecessary';
    r.tests.push({ name: 'iris test', html: '<input name="iris">', expect: [{ category: 'iris' }] });
    r.overrides = [{ id: 'future-override', sites: ['example.com'], minFormatVersion: 3, vibes: 'x' }];
    const result = validateRuleset(r);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ruleset.categories.map((c) => c.id)).toEqual(['phone', 'face']);
    expect(result.ruleset.fieldRules.map((f) => f.id)).toEqual(['phone.label']);
    expect(result.ruleset.necessity.shop).not.toHaveProperty('iris');
    expect(result.ruleset.tests.map((t) => t.name)).toEqual(['t1']);
    expect(result.ruleset.overrides).toEqual([]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        { path: '$.categories[2]', reason: expect.stringMatching(/^skipped "iris": needs format 2/) },
        { path: '$.fieldRules[1]', reason: expect.stringMatching(/^skipped "iris.label": needs format 2/) },
        { path: '$.fieldRules[2]', reason: expect.stringMatching(/refers to "iris"/) },
        { path: '$.necessity.shop.iris', reason: expect.stringMatching(/^skipped/) },
        { path: '$.tests[1]', reason: expect.stringMatching(/^skipped/) },
        { path: '$.overrides[0]', reason: expect.stringMatching(/needs format 3/) },
      ]),
    );
  });

  it("reports errors at the author's paths even after skipped items", () => {
    const r = minimal();
    r.fieldRules.unshift({ id: 'future', category: 'phone', minFormatVersion: 2 });
    r.fieldRules[1].text = '(a+)+';
    r.fieldRules[1].wieght = 1;
    const errors = errorsOf(validateRuleset(r));
    expect(errors.map((e) => e.path)).toEqual(['$.fieldRules[1].wieght']);
    delete r.fieldRules[1].wieght;
    expectError(r, '$.fieldRules[1].text', /exponential/);
  });

  it('accepts items that need this format or an older one', () => {
    const r = minimal();
    r.fieldRules[0].minFormatVersion = 1;
    expect(validateRuleset(r)).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('parseRuleset', () => {
  it('parses valid JSON text', () => {
    expect(parseRuleset(JSON.stringify(minimal())).ok).toBe(true);
  });

  it('reports text that is not JSON at "$"', () => {
    expect(errorsOf(parseRuleset('{"formatVersion": 1,'))).toEqual([{ path: '$', reason: expect.stringMatching(/^is not valid JSON/) }]);
  });

  it('rejects a ruleset larger than 1 MiB before parsing it', () => {
    const big = JSON.stringify({ ...minimal(), padding: 'x'.repeat(MAX_RULESET_BYTES) });
    expect(errorsOf(parseRuleset(big))).toEqual([{ path: '$', reason: expect.stringMatching(/at most 1 MiB/) }]);
    // Counted in UTF-8 bytes: 400k Chinese characters are 1.2 MB.
    const wide = JSON.stringify({ ...minimal(), padding: '字'.repeat(400_000) });
    expect(errorsOf(parseRuleset(wide))[0].reason).toMatch(/1 MiB/);
  });

  it('rejects input that is not text', () => {
    expect(errorsOf(parseRuleset(42 as unknown as string))).toEqual([{ path: '$', reason: 'is not text' }]);
  });
});
