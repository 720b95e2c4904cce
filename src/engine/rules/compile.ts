/**
 * Turns a validated ruleset into the form the engine uses: RegExps built once, lookup maps by id.
 * Runs in the service worker at every start-up, so it does no checking (validate.ts did) and no work
 * that could wait until a page needs it.
 */
import { parse as parseUrl } from 'tldts';
import type { ApiName, LocalizedText } from '../../shared/model';
import type { ApiRule, BridgeRule, CategoryDef, FieldRule, InlineTest, NecessityCell, Ruleset, SignalRule, SiteOverride } from './schema';
import { OTHER_SERVICE, PATTERN_FLAGS } from './validate';

export type FieldSource = FieldRule['in'][number];

export interface CompiledFieldRule {
  id: string;
  category: string;
  weight: number;
  autocomplete: ReadonlySet<string>;
  types: ReadonlySet<string>;
  text: TextPattern | null;
  in: readonly FieldSource[];
  /** Bit set of `in` (bit i = FIELD_SOURCES[i]), to skip rules whose sources had no prefilter hit. */
  sourceMask: number;
  /**
   * File inputs only. A gate, not a signal: a rule with `file` matches only `<input type=file>` whose
   * accept/capture fit, and then only if its `text` (when given) also matches.
   */
  file: { accept: RegExp | null; capture: ReadonlySet<string> | null } | null;
  exclude: TextPattern | null;
}

export interface CompiledApiRule {
  id: string;
  category: string;
  api: ApiName;
  when: ApiRule['when'];
  weight: number;
}

export interface CompiledSignalRule {
  id: string;
  category: string;
  weight: number;
  /** Third-party kinds whose scripts match (e.g. "face-sdk"); empty for widget rules. */
  thirdPartyKinds: ReadonlySet<string>;
  /** Script host suffixes that match, lower-case. */
  scriptHosts: readonly string[];
  /** Script file paths that match, on any host. */
  scriptPaths: TextPattern | null;
  widget: SignalRule['widget'] | null;
  text: TextPattern | null;
}

export interface CompiledBridgeRule {
  id: string;
  category: string;
  weight: number;
  platform: BridgeRule['platform'];
  apis: ReadonlySet<string>;
  options: readonly string[];
  unlessOptions: readonly string[];
}

export interface CompiledSignal {
  id: string;
  name: Ruleset['pageKinds'][number]['name'];
  url: RegExp[];
  text: RegExp[];
  scriptHosts: string[];
  /** Matched against script file paths and the names of page-defined globals. */
  scripts: RegExp[];
}

export interface Scoring {
  tierWeights: [number, number, number, number];
  necessityFactors: { necessary: number; conditional: number; unnecessary: number };
  optionalFactor: number;
  gradeFloors: { A: number; B: number; C: number; D: number };
  tierCaps: Partial<Record<'1' | '2' | '3' | '4', 'A' | 'B' | 'C' | 'D' | 'E'>>;
}

export interface CompiledOverride {
  id: string;
  serviceKind: string | undefined;
  necessity: ReadonlyMap<string, NecessityCell>;
  silence: ReadonlySet<string>;
  reason: LocalizedText | undefined;
}

/** What the site-specific overrides say about one page, all of them applied in order (later wins). */
export interface SiteJudgement {
  /** Ids of the overrides that apply, in precedence order. */
  overrides: string[];
  serviceKind: string | undefined;
  /** category id → the cell that applies on this site, and the override that set it. */
  necessity: Map<string, { cell: NecessityCell; override: CompiledOverride }>;
  /** Rule ids and category ids whose findings are dropped on this site. */
  silence: Set<string>;
}

export interface CompiledRuleset {
  /** The validated source, for texts and the options page. */
  source: Ruleset;
  id: string;
  version: string;
  /** "id@version", as reports name their ruleset. */
  key: string;
  categories: ReadonlyMap<string, CategoryDef>;
  legal: ReadonlyMap<string, Ruleset['legal'][number]>;
  /** Strongest first (stable for equal weights), so the first rule that matches a control wins. */
  fieldRules: readonly CompiledFieldRule[];
  /**
   * Per text source, all rule texts for that source as one alternation: when it does not match, no
   * rule can match through that source, which saves most regex runs on fields we know nothing about.
   * Missing for a source when some pattern there cannot be combined (back-references).
   */
  textPrefilter: ReadonlyMap<FieldSource, TextPattern>;
  /** Every autocomplete token and input type some rule looks for: most controls match none. */
  anyAutocomplete: ReadonlySet<string>;
  anyType: ReadonlySet<string>;
  apiRulesByApi: ReadonlyMap<ApiName, readonly CompiledApiRule[]>;
  /** Script and widget rules, strongest first (stable for equal weights). */
  signalRules: readonly CompiledSignalRule[];
  /** Super-app bridge and app-login rules, strongest first (stable for equal weights). */
  bridgeRules: readonly CompiledBridgeRule[];
  pageKinds: readonly CompiledSignal[];
  serviceKinds: readonly CompiledSignal[];
  conditions: readonly CompiledSignal[];
  /** service kind id → category id → cell; "other" included when the ruleset has it. */
  necessity: ReadonlyMap<string, ReadonlyMap<string, NecessityCell>>;
  scoring: Scoring;
  /** Site-specific overrides in precedence order (later wins). */
  overrides: readonly CompiledOverride[];
  /**
   * Site pattern host → the overrides naming it (indices into `overrides`), so a page looks up only the
   * suffixes of its own host instead of testing every pattern.
   */
  overridesByHost: ReadonlyMap<string, readonly { index: number; subdomainsOnly: boolean }[]>;
  tests: readonly InlineTest[];
}

/** Used when a ruleset brings no `scoring` section: the same numbers as the bundled ruleset. */
export const DEFAULT_SCORING: Scoring = {
  tierWeights: [3, 12, 20, 40],
  necessityFactors: { necessary: 0, conditional: 0.4, unnecessary: 1 },
  optionalFactor: 0.5,
  gradeFloors: { A: 90, B: 80, C: 60, D: 40 },
  tierCaps: { '3': 'C', '4': 'D' },
};

const regex = (source: string) => new RegExp(source, PATTERN_FLAGS);

export function compileRuleset(r: Ruleset): CompiledRuleset {
  // Rules often share a pattern (the same "verification code" exclusion on every phone rule): each
  // distinct source is parsed once.
  textPatterns.clear();
  const apiRulesByApi = new Map<ApiName, CompiledApiRule[]>();
  for (const rule of r.apiRules) {
    const list = apiRulesByApi.get(rule.api) ?? [];
    list.push({ id: rule.id, category: rule.category, api: rule.api, when: rule.when, weight: rule.weight });
    apiRulesByApi.set(rule.api, list);
  }
  const fieldRules = r.fieldRules.map(compileFieldRule).sort((a, b) => b.weight - a.weight);
  const necessity = new Map<string, Map<string, NecessityCell>>();
  for (const [service, cells] of Object.entries(r.necessity)) necessity.set(service, new Map(Object.entries(cells)));

  textPatterns.clear();
  return {
    source: r,
    id: r.id,
    version: r.version,
    key: `${r.id}@${r.version}`,
    categories: new Map(r.categories.map((c) => [c.id, c])),
    legal: new Map(r.legal.map((l) => [l.id, l])),
    fieldRules,
    textPrefilter: buildPrefilters(r.fieldRules),
    anyAutocomplete: new Set(fieldRules.flatMap((rule) => [...rule.autocomplete])),
    anyType: new Set(fieldRules.flatMap((rule) => [...rule.types])),
    apiRulesByApi,
    // A ruleset object made before the section existed has none.
    signalRules: (r.signalRules ?? []).map(compileSignalRule).sort((a, b) => b.weight - a.weight),
    bridgeRules: (r.bridgeRules ?? []).map((rule) => ({ ...rule, apis: new Set(rule.apis) })).sort((a, b) => b.weight - a.weight),
    pageKinds: r.pageKinds.map(compileSignal),
    serviceKinds: r.serviceKinds.map(compileSignal),
    conditions: r.conditions.map(compileSignal),
    necessity,
    scoring: r.scoring ?? DEFAULT_SCORING,
    ...compileOverrides(r.overrides),
    tests: r.tests,
  };
}

function compileOverrides(overrides: readonly SiteOverride[]): Pick<CompiledRuleset, 'overrides' | 'overridesByHost'> {
  const byHost = new Map<string, { index: number; subdomainsOnly: boolean }[]>();
  const compiled = overrides.map((o, index): CompiledOverride => {
    for (const site of o.sites) {
      const subdomainsOnly = site.startsWith('*.');
      const host = subdomainsOnly ? site.slice(2) : site;
      byHost.set(host, [...(byHost.get(host) ?? []), { index, subdomainsOnly }]);
    }
    return {
      id: o.id,
      serviceKind: o.serviceKind,
      necessity: new Map(Object.entries(o.necessity ?? {})),
      silence: new Set(o.silence),
      reason: o.reason,
    };
  });
  return { overrides: compiled, overridesByHost: byHost };
}

/**
 * The overrides that apply to a page URL: a pattern "example.com" covers that host and its subdomains,
 * "*.example.com" only the subdomains. All apply, in ruleset order; on conflict the later one wins.
 */
export function siteJudgement(rs: CompiledRuleset, url: string): SiteJudgement {
  const judgement: SiteJudgement = { overrides: [], serviceKind: undefined, necessity: new Map(), silence: new Set() };
  if (!rs.overrides.length) return judgement;
  const host = parseUrl(url).hostname?.toLowerCase().replace(/\.$/, '');
  if (!host) return judgement;
  const indices = new Set<number>();
  let suffix = host;
  for (;;) {
    for (const entry of rs.overridesByHost.get(suffix) ?? []) {
      if (!entry.subdomainsOnly || suffix !== host) indices.add(entry.index);
    }
    const dot = suffix.indexOf('.');
    if (dot < 0) break;
    suffix = suffix.slice(dot + 1);
  }
  for (const index of [...indices].sort((a, b) => a - b)) {
    const o = rs.overrides[index];
    judgement.overrides.push(o.id);
    if (o.serviceKind !== undefined) judgement.serviceKind = o.serviceKind;
    for (const [category, cell] of o.necessity) judgement.necessity.set(category, { cell, override: o });
    for (const id of o.silence) judgement.silence.add(id);
  }
  return judgement;
}

function compileSignalRule(rule: SignalRule): CompiledSignalRule {
  return {
    id: rule.id,
    category: rule.category,
    weight: rule.weight,
    thirdPartyKinds: new Set(rule.thirdPartyKinds),
    scriptHosts: rule.scriptHosts.map((h) => h.toLowerCase()),
    scriptPaths: rule.scriptPaths === undefined ? null : textPattern(rule.scriptPaths),
    widget: rule.widget ?? null,
    text: rule.text === undefined ? null : textPattern(rule.text),
  };
}

function compileFieldRule(rule: FieldRule): CompiledFieldRule {
  return {
    id: rule.id,
    category: rule.category,
    weight: rule.weight,
    autocomplete: new Set(rule.autocomplete.map((t) => t.toLowerCase())),
    types: new Set(rule.types.map((t) => t.toLowerCase())),
    text: rule.text === undefined ? null : sharedTextPattern(rule.text),
    in: rule.in,
    sourceMask: rule.text === undefined ? 0 : rule.in.reduce((mask, source) => mask | sourceBit(source), 0),
    file: rule.file
      ? {
          accept: rule.file.accept === undefined ? null : regex(rule.file.accept),
          capture: rule.file.capture ? new Set(rule.file.capture) : null,
        }
      : null,
    exclude: rule.exclude === undefined ? null : sharedTextPattern(rule.exclude),
  };
}

export const FIELD_SOURCES: readonly FieldSource[] = [
  'autocomplete',
  'type',
  'name',
  'id',
  'label',
  'aria',
  'placeholder',
  'nearby',
  'options',
];

export function sourceBit(source: FieldSource): number {
  return 1 << FIELD_SOURCES.indexOf(source);
}

function buildPrefilters(rules: readonly FieldRule[]): Map<FieldSource, TextPattern> {
  const prefilters = new Map<FieldSource, TextPattern>();
  for (const source of FIELD_SOURCES) {
    const texts = rules.filter((r) => r.text !== undefined && r.in.includes(source)).map((r) => r.text as string);
    // Back-references and named groups would change meaning once patterns are joined.
    if (!texts.length || texts.some((t) => /\\[1-9k]|\(\?<[^=!]/.test(t))) continue;
    prefilters.set(source, textPattern(texts.map((t) => `(?:${t})`).join('|')));
  }
  return prefilters;
}

/** A ruleset pattern, matched with flags "iu", but run with the much cheaper "i" on ASCII text when equivalent. */
export interface TextPattern {
  /** The pattern with the ruleset's flags "iu": the meaning every match has. */
  full: RegExp;
  test(text: string): boolean;
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, NUL included, on purpose
const ASCII_TEXT = /^[\x00-\x7F]*$/;

/** Patterns built during one compileRuleset call, by source (TextPattern is stateless: safe to share). */
const textPatterns = new Map<string, TextPattern>();

function sharedTextPattern(source: string): TextPattern {
  let pattern = textPatterns.get(source);
  if (!pattern) textPatterns.set(source, (pattern = textPattern(source)));
  return pattern;
}

/**
 * Why two RegExps: V8 compiles and runs case-insensitive Unicode ("iu") alternations up to ~10× slower
 * on ASCII text than plain "i", and most labels, names and ids are ASCII. On ASCII text both flag sets
 * match alike unless the pattern uses what asciiEquivalent rules out, so the result never changes.
 *
 * Both are built on first use, not at compile time: most rules never run in a session (the prefilter
 * rules them out), and parsing every pattern of a large ruleset would slow each service-worker start.
 * The source was validated, so building cannot fail later.
 */
export function textPattern(source: string): TextPattern {
  let full: RegExp | undefined;
  let ascii: RegExp | null | undefined;
  const fullRegex = () => (full ??= regex(source));
  const asciiRegex = () => (ascii === undefined ? (ascii = asciiRegexFor(source)) : ascii);
  return {
    get full() {
      return fullRegex();
    },
    test: (text) => ((ASCII_TEXT.test(text) && asciiRegex()) || fullRegex()).test(text),
  };
}

/**
 * Whether a pattern matches ASCII text the same with flags "i" as with "iu". It does unless the
 * pattern uses Unicode-only syntax (\p{…}, \u{…}), characters outside the BMP, or characters whose
 * Unicode case folding reaches ASCII (ſ, the Kelvin sign, dotted/dotless i), literally or by escape.
 */
export function asciiEquivalent(pattern: string): boolean {
  return asciiRegexFor(pattern) !== null;
}

/** The pattern with flags "i" when that is equivalent on ASCII text (see asciiEquivalent), else null. */
function asciiRegexFor(pattern: string): RegExp | null {
  // \p{…} and \u escapes (which can spell ſ or K), the folding characters themselves, astral
  // characters, and ranges reaching beyond ASCII (which could contain them).
  // eslint-disable-next-line no-control-regex -- "beyond ASCII" is written as the complement of \x00-\x7F
  if (/\\[pPu]|[\u017F\u212A\u0130\u0131\u212B]|[\uD800-\uDFFF]|[^\x00-\x7F]-|-[^\x00-\x7F]/.test(pattern)) return null;
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return null;
  }
}

function compileSignal(signal: Ruleset['pageKinds'][number]): CompiledSignal {
  return {
    id: signal.id,
    name: signal.name,
    url: signal.url.map(regex),
    text: signal.text.map(regex),
    scriptHosts: signal.scriptHosts.map((h) => h.toLowerCase()),
    scripts: signal.scripts.map(regex),
  };
}

/** The necessity cell for a category in a service kind, falling back to the "other" column. */
export function necessityCell(rs: CompiledRuleset, serviceKind: string, category: string): NecessityCell | undefined {
  return rs.necessity.get(serviceKind)?.get(category) ?? rs.necessity.get(OTHER_SERVICE)?.get(category);
}
