/**
 * Fuzzed rulesets: more than 10,000 generated and mutated rulesets (seeded, so every run is the same)
 * through the validator and, when accepted, the compiler and the scoring engine. Each one must be
 * either accepted or rejected with a JSON path and a reason; nothing may throw; catastrophic regexes
 * must be rejected. A regex that slipped through and backtracks would hang the scoring step on the
 * adversarial labels below, and the test would time out.
 */
import { describe, expect, it } from 'vitest';
import { bundledRulesetJson } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { parseRuleset, validateRuleset, type RulesetResult } from '../../../src/engine/rules/validate';
import { scorePage } from '../../../src/engine/score/score';
import type { FieldDescriptor, PageObservations } from '../../../src/shared/model';

/** mulberry32: a tiny deterministic PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

/** Patterns that backtrack catastrophically (or exponentially) on some input. */
const CATASTROPHIC = [
  '(a+)+$',
  '(a*)*b',
  '([a-z]+)*!',
  '(a|a)*$',
  '(a|ab)+c',
  '(\\w|\\d)*!',
  '(.*a){12}',
  '(x+x+)+y',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(\\s*,\\s*)*$',
  '(?:a+)+$',
  '((ab)*)+c',
];
const SAFE = ['phone', '手机|电话', '\\bdob\\b', 'birth(day|date)', '^tel', 'e-?mail', '身份证', '[0-9]{11}', 'gender|性别', 'addr(ess)?'];
/** Labels that make a catastrophic pattern hang if one ever got compiled. */
const ADVERSARIAL = ['a'.repeat(40) + '!', 'x'.repeat(40), 'ab'.repeat(30), '1'.repeat(40) + '!', ' ,'.repeat(30) + 'z'];

const text = { en: 'x', 'zh-CN': '某' };
function minimal(): Record<string, any> {
  return {
    formatVersion: 1,
    id: 'fuzz.min',
    title: { en: 'Fuzz' },
    version: '1.0',
    languages: ['en', 'zh-CN'],
    legal: [{ id: 'pipl', title: text, url: 'https://www.gov.cn/x.htm' }],
    categories: [
      { id: 'phone', tier: 2, name: text, why: text, whatToDo: text, legal: ['pipl'] },
      { id: 'face', tier: 4, name: text, why: text, whatToDo: text },
    ],
    pageKinds: [{ id: 'checkout', name: text, text: ['pay|checkout'] }],
    serviceKinds: [{ id: 'shop', name: text, text: ['checkout'] }],
    conditions: [{ id: 'face_wording', name: text, text: ['人脸'] }],
    necessity: {
      shop: { phone: 'necessary', face: { level: 'conditional', condition: 'face_wording', note: text } },
      other: { phone: 'conditional', face: 'unnecessary' },
    },
    fieldRules: [{ id: 'phone.label', category: 'phone', text: '手机|phone', in: ['label'], weight: 6 }],
    apiRules: [{ id: 'api.face', category: 'face', api: 'mediaDevices.getUserMedia', when: { pageSignal: 'face_wording' } }],
  };
}

function field(i: number, label: string, extra: Partial<FieldDescriptor> = {}): FieldDescriptor {
  return {
    key: `f${i}`,
    tag: 'input',
    type: 'text',
    id: `i${i}`,
    name: label.slice(0, 40),
    autocomplete: '',
    placeholder: label,
    ariaLabel: label,
    labelText: label,
    nearbyText: label,
    optionsText: label,
    inputMode: '',
    maxLength: null,
    accept: 'image/*',
    capture: 'user',
    required: i % 2 === 0,
    visible: true,
    selector: `#i${i}`,
    ...extra,
  };
}

const OBSERVATIONS: PageObservations = {
  url: 'https://shop.example/checkout/' + 'a'.repeat(40) + '!',
  frames: [
    {
      frameUrl: 'https://shop.example/checkout',
      page: {
        url: 'https://shop.example/checkout',
        title: 'Checkout ' + ADVERSARIAL[0],
        lang: 'en',
        text: ADVERSARIAL.join(' '),
        scriptHosts: ['cdn.example'],
      },
      fields: [
        field(0, 'Mobile phone', { type: 'tel', autocomplete: 'tel' }),
        field(1, '出生日期', { type: 'date', autocomplete: 'bday' }),
        field(2, 'Photo', { type: 'file' }),
        ...ADVERSARIAL.map((label, i) => field(3 + i, label)),
      ],
      apis: [
        { api: 'geolocation.getCurrentPosition', highAccuracy: true },
        { api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: true },
        { api: 'contacts.select', properties: ['tel'], multiple: true },
        { api: 'permissions.query', name: 'geolocation' },
      ],
    },
  ],
};

const GRADES = new Set(['A', 'B', 'C', 'D', 'E', 'not-rated']);
const tally = { accepted: 0, rejected: 0 };

/** The contract every input must meet, whatever it is. */
function check(result: RulesetResult, what: string): void {
  if (result.ok) {
    tally.accepted++;
    const compiled = compileRuleset(result.ruleset);
    const report = scorePage(OBSERVATIONS, compiled, 1);
    if (!GRADES.has(report.grade)) throw new Error(`${what}: grade ${report.grade}`);
    return;
  }
  tally.rejected++;
  if (!Array.isArray(result.errors) || result.errors.length === 0) throw new Error(`${what}: rejected without errors`);
  for (const e of result.errors) {
    if (typeof e.path !== 'string' || !e.path.startsWith('$')) throw new Error(`${what}: bad path ${JSON.stringify(e)}`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new Error(`${what}: no reason ${JSON.stringify(e)}`);
  }
}

// ------------------------------------------------------------------------------------------------
// Mutations of a JSON tree.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container and key in the tree, so a mutation can pick any spot. */
function spots(root: Json): { parent: Json[] | Record<string, Json>; key: string | number }[] {
  const out: { parent: Json[] | Record<string, Json>; key: string | number }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach((v, i) => (out.push({ parent: node, key: i }), walk(v)));
    else if (node && typeof node === 'object')
      for (const k of Object.keys(node)) {
        out.push({ parent: node, key: k });
        walk(node[k]);
      }
  };
  walk(root);
  return out;
}

function randomValue(r: Rng, depth = 0): Json {
  switch (r.int(depth > 2 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return r.next() < 0.5;
    case 2:
      return r.pick([0, -1, 1.5, 1e308, -1e308, 5, 11, 2 ** 53, Number.MAX_SAFE_INTEGER]);
    case 3:
      return r.pick(CATASTROPHIC);
    case 4:
      return r.pick(SAFE);
    case 5:
      return r.pick([
        '',
        ' ',
        'x'.repeat(r.int(3000)),
        '__proto__',
        'constructor',
        '\u0000',
        '\ud800',
        '[',
        '(',
        '\\',
        'other',
        'phone',
        'necessary',
        'conditional',
      ]);
    case 6:
      return r.pick(['https://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'en', 'zh-CN', '1.0', '99 days']);
    case 7:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 8:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [
          r.pick(['id', 'en', 'text', 'level', '__proto__', 'x', 'condition']),
          randomValue(r, depth + 1),
        ]),
      );
    default:
      return { en: r.pick(SAFE) };
  }
}

function mutate(root: Json, r: Rng, times: number): Json {
  for (let n = 0; n < times; n++) {
    const all = spots(root);
    if (!all.length) return randomValue(r);
    const { parent, key } = r.pick(all);
    const p = parent as Record<string | number, Json>;
    switch (r.int(7)) {
      case 0: // delete
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete p[key];
        break;
      case 1: // replace with anything
        p[key] = randomValue(r);
        break;
      case 2: // duplicate an item (duplicate ids)
        if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
        else p[key + '_'] = structuredClone(p[key]);
        break;
      case 3: // a catastrophic pattern wherever a string was
        if (typeof p[key] === 'string') p[key] = r.pick(CATASTROPHIC);
        else p[key] = [r.pick(CATASTROPHIC)];
        break;
      case 4: // rename a key (an author's typo)
        if (!Array.isArray(parent)) {
          const v = p[key];
          delete p[key];
          p[String(key).slice(1) || 'x'] = v;
        }
        break;
      case 5: // blow up a list
        if (Array.isArray(p[key])) {
          const list = p[key] as Json[];
          const item = list[0] ?? randomValue(r);
          for (let i = 0; i < r.pick([10, 60, 600, 2500]); i++) list.push(structuredClone(item));
        } else p[key] = r.pick([0, '', [], {}]);
        break;
      default: // swap two values of the same parent
        if (Array.isArray(parent) && parent.length > 1) {
          const j = r.int(parent.length);
          [parent[key as number], parent[j]] = [parent[j], parent[key as number]];
        } else p[key] = String(p[key]);
    }
  }
  return root;
}

/** A ruleset generated from scratch: valid in shape most of the time, with random sizes and patterns. */
function generated(r: Rng): Json {
  const rs = minimal();
  const cats = Array.from({ length: 1 + r.int(15) }, (_, i) => ({
    id: `c${i}`,
    tier: 1 + r.int(4),
    name: text,
    why: text,
    whatToDo: text,
  }));
  rs.categories = cats;
  const pattern = () => (r.next() < 0.1 ? r.pick(CATASTROPHIC) : r.pick(SAFE) + (r.next() < 0.3 ? `|${r.pick(SAFE)}` : ''));
  rs.fieldRules = Array.from({ length: r.int(60) }, (_, i) => ({
    id: `r${i}`,
    category: r.next() < 0.98 ? r.pick(cats).id : 'missing',
    text: pattern(),
    ...(r.next() < 0.3 ? { exclude: pattern() } : {}),
    ...(r.next() < 0.3 ? { autocomplete: ['tel', 'bday'] } : {}),
    in: ['label', 'name', 'placeholder', 'nearby', 'options', 'aria'].slice(0, 1 + r.int(6)),
    weight: r.int(11),
  }));
  rs.apiRules = Array.from({ length: r.int(6) }, (_, i) => ({
    id: `a${i}`,
    category: r.pick(cats).id,
    api: r.pick([
      'geolocation.getCurrentPosition',
      'geolocation.watchPosition',
      'mediaDevices.getUserMedia',
      'contacts.select',
      'permissions.query',
    ]),
    when: r.next() < 0.5 ? { highAccuracy: true } : {},
  }));
  const column = () => Object.fromEntries(cats.map((c) => [c.id, r.pick(['necessary', 'conditional', 'unnecessary'])]));
  rs.necessity = { shop: column(), other: r.next() < 0.95 ? column() : {} };
  rs.pageKinds = [{ id: 'checkout', name: text, text: [pattern()], url: [pattern()] }];
  return rs as Json;
}

describe('fuzzed rulesets', () => {
  it('every catastrophic pattern is rejected at its own path, wherever it is put', () => {
    const sites: [string, (rs: Record<string, any>, p: string) => void][] = [
      ['$.fieldRules[0].text', (rs, p) => (rs.fieldRules[0].text = p)],
      ['$.fieldRules[0].exclude', (rs, p) => (rs.fieldRules[0].exclude = p)],
      ['$.pageKinds[0].text[0]', (rs, p) => (rs.pageKinds[0].text = [p])],
      ['$.serviceKinds[0].url[0]', (rs, p) => (rs.serviceKinds[0].url = [p])],
      ['$.conditions[0].text[0]', (rs, p) => (rs.conditions[0].text = [p])],
    ];
    for (const bad of CATASTROPHIC) {
      for (const [path, put] of sites) {
        const rs = minimal();
        put(rs, bad);
        const result = validateRuleset(rs);
        expect(result.ok, `${bad} at ${path}`).toBe(false);
        if (!result.ok)
          expect(
            result.errors.map((e) => e.path),
            bad,
          ).toContain(path);
      }
    }
    expect(validateRuleset(minimal()).ok).toBe(true); // the seed itself is fine
  });

  it('10,000+ generated and mutated rulesets: each accepted or rejected with path and reason, none throws', () => {
    const r = rng(0x5eed);
    const minimalText = JSON.stringify(minimal());
    const bundledText = JSON.stringify(bundledRulesetJson);
    let cases = 0;
    const run = (what: string, fn: () => RulesetResult) => {
      cases++;
      check(fn(), what);
    };
    for (let i = 0; i < 4_000; i++) {
      const tree = mutate(JSON.parse(minimalText), r, 1 + r.int(4));
      run(`minimal mutation #${i}`, () => validateRuleset(tree));
    }
    for (let i = 0; i < 3_000; i++) {
      const tree = generated(r);
      run(`generated #${i}`, () => validateRuleset(r.next() < 0.5 ? tree : mutate(tree, r, 1)));
    }
    // Text-level damage goes through parseRuleset (JSON errors, truncation, odd bytes).
    for (let i = 0; i < 2_500; i++) {
      const chars = [...minimalText];
      const at = r.int(chars.length);
      switch (r.int(4)) {
        case 0:
          chars.length = at;
          break;
        case 1:
          chars[at] = r.pick(['"', '{', ']', ',', '\\', '\u0000', 'é', '\ud83d']);
          break;
        case 2:
          chars.splice(at, 0, r.pick(['"(a+)+$"', '[]', 'null', '1e999', ',,']));
          break;
        default:
          chars.splice(at, r.int(20));
      }
      run(`text mutation #${i}`, () => parseRuleset(chars.join('')));
    }
    // The bundled ruleset: realistic size, fewer runs (each is ~80 KB).
    for (let i = 0; i < 600; i++) {
      const tree = mutate(JSON.parse(bundledText), r, 1 + r.int(3));
      run(`bundled mutation #${i}`, () => validateRuleset(tree));
    }
    // Inputs that are not rulesets at all, and one that is too big.
    for (const odd of [null, 0, 'x', [], [minimal()], { formatVersion: 2 }, { formatVersion: 1e9 }, Object.create(null)]) {
      run(`odd ${JSON.stringify(odd)}`, () => validateRuleset(odd));
    }
    run('oversized', () => parseRuleset(' '.repeat(1024 * 1024 + 1)));
    expect(cases).toBeGreaterThanOrEqual(10_000);
    // Both outcomes occurred in quantity, so the run exercised the engine as well as the validator.
    expect(tally.accepted).toBeGreaterThan(500);
    expect(tally.rejected).toBeGreaterThan(5_000);
  }, 300_000);
});
