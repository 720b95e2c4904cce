/**
 * Checks a ruleset before anything uses it: the bundled one in CI, and any imported one. A ruleset is
 * untrusted data, so this never throws and never half-applies: it returns either the whole checked
 * ruleset or every problem, each as a JSON path plus a plain-language reason an author can act on.
 * Items that need a newer format are skipped (with a warning each), not rejected: see skipNewerItems.
 */
import safeRegex from 'safe-regex2';
import { parse as parseHost } from 'tldts';
import type { z } from 'zod';
import { FORMAT_VERSION, rulesetSchema, type Ruleset } from './schema';

export interface RulesetError {
  /** JSON path of the offending value, e.g. `$.fieldRules[3].text`; `$` is the whole document. */
  path: string;
  reason: string;
}
/** Something an author should know that does not stop the ruleset from working (e.g. a skipped item). */
export type RulesetWarning = RulesetError;

export type RulesetResult =
  { ok: true; ruleset: Ruleset; warnings: RulesetWarning[] } | { ok: false; errors: RulesetError[]; warnings: RulesetWarning[] };

export interface ValidateOptions {
  /**
   * Rulesets this one is applied on top of (usually the bundled one): their categories, rules,
   * conditions, service kinds and legal references may be named without being defined here, so a
   * local ruleset can judge or silence a bundled rule.
   */
  base?: readonly Ruleset[];
}

export const MAX_RULESET_BYTES = 1024 * 1024;
/** All patterns of one ruleset together: each costs compile time at every service-worker start. */
export const MAX_PATTERNS = 3000;
/** The service kind that judges services we could not recognise; implicit in every ruleset. */
export const OTHER_SERVICE = 'other';
/** Flags every ruleset pattern is compiled with. */
export const PATTERN_FLAGS = 'iu';
/** How often a subscription may refresh: at most hourly, at least monthly. */
const EXPIRES_HOURS = { min: 1, max: 30 * 24 };

/** Lists whose items have ids and may carry `minFormatVersion`. */
const ITEM_LISTS = [
  'legal',
  'categories',
  'pageKinds',
  'serviceKinds',
  'conditions',
  'fieldRules',
  'apiRules',
  'signalRules',
  'thirdParties',
  'overrides',
  'tests',
] as const;
type ItemList = (typeof ITEM_LISTS)[number];

/** Parses and validates ruleset JSON text (a file, an import, a download). */
export function parseRuleset(text: string, options: ValidateOptions = {}): RulesetResult {
  if (typeof text !== 'string') return fail('$', 'is not text');
  // Cheap check first: every character is at least one UTF-8 byte.
  const bytes = text.length > MAX_RULESET_BYTES ? text.length : utf8Length(text);
  if (bytes > MAX_RULESET_BYTES) {
    return fail('$', `is ${(bytes / MAX_RULESET_BYTES).toFixed(2)} MiB; a ruleset may be at most 1 MiB`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail('$', `is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return validateRuleset(data, options);
}

/** Validates an already-parsed ruleset. Never throws. */
export function validateRuleset(input: unknown, options: ValidateOptions = {}): RulesetResult {
  try {
    return validateUnsafe(input, options);
  } catch (e) {
    // Only reachable with exotic inputs (proxies, getters that throw); still an answer, not a crash.
    return fail('$', `could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function validateUnsafe(input: unknown, options: ValidateOptions): RulesetResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('$', 'must be a JSON object');
  }
  const version = (input as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    // A newer format may look different everywhere: its other "errors" would only be noise.
    return fail(
      '$.formatVersion',
      `is ${version}, but this version of Need to Know reads format ${FORMAT_VERSION}; a newer Need to Know is needed for this ruleset`,
    );
  }
  const warnings: RulesetWarning[] = [];
  const { document, originalIndex } = skipNewerItems(input as Record<string, unknown>, warnings);
  const parsed = rulesetSchema.safeParse(document);
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) => issueErrors(issue, originalIndex));
    return { ok: false, errors, warnings };
  }
  const r = parsed.data;
  // Each item's path in the author's file, whatever was skipped before it.
  const paths = new Map<object, string>();
  for (const list of ITEM_LISTS) {
    const items = (r as Record<string, unknown>)[list];
    if (Array.isArray(items)) items.forEach((item: object, i) => paths.set(item, `$.${list}[${originalIndex[list]?.[i] ?? i}]`));
  }
  const pathOf = (item: object) => paths.get(item) ?? '$';
  dropWhatNeedsSkippedItems(r, pathOf, warnings);
  const errors = [...checkPatterns(r, pathOf), ...checkReferences(r, pathOf, options.base ?? []), ...checkLimits(r)];
  return errors.length ? { ok: false, errors, warnings } : { ok: true, ruleset: r, warnings };
}

function fail(path: string, reason: string): RulesetResult {
  return { ok: false, errors: [{ path, reason }], warnings: [] };
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Forward compatibility: items that need a newer format are taken out before the schema sees them (their
// shape may be one this version does not know), then everything that refers to them goes too.

function skipNewerItems(
  input: Record<string, unknown>,
  warnings: RulesetWarning[],
): { document: Record<string, unknown>; originalIndex: Partial<Record<ItemList, number[]>> } {
  const document: Record<string, unknown> = { ...input };
  const originalIndex: Partial<Record<ItemList, number[]>> = {};
  for (const list of ITEM_LISTS) {
    const items = input[list];
    if (!Array.isArray(items)) continue;
    const kept: unknown[] = [];
    const index: number[] = [];
    items.forEach((item, i) => {
      const needs = typeof item === 'object' && item !== null ? (item as { minFormatVersion?: unknown }).minFormatVersion : undefined;
      if (typeof needs === 'number' && Number.isInteger(needs) && needs > FORMAT_VERSION) {
        const idText = typeof (item as { id?: unknown }).id === 'string' ? ` "${(item as { id: string }).id}"` : '';
        warnings.push({
          path: `$.${list}[${i}]`,
          reason: `skipped${idText}: needs format ${needs}; this version of Need to Know reads format ${FORMAT_VERSION}`,
        });
        return;
      }
      kept.push(item);
      index.push(i);
    });
    document[list] = kept;
    originalIndex[list] = index;
  }
  // Necessity columns and cells may name what was skipped: they go in dropWhatNeedsSkippedItems.
  return { document, originalIndex };
}

/**
 * What refers to a skipped item cannot work either, so it is skipped with it (a warning each) instead
 * of failing as a dangling reference. Without skipped items this changes nothing.
 */
function dropWhatNeedsSkippedItems(r: Ruleset, pathOf: (item: object) => string, warnings: RulesetWarning[]): void {
  const skippedIds = new Set<string>();
  for (const w of warnings) {
    const m = /^skipped "([^"]+)"/.exec(w.reason);
    if (m) skippedIds.add(m[1]);
  }
  if (!skippedIds.size) return;
  const warn = (path: string, what: string) => warnings.push({ path, reason: `skipped: ${what}, which needs a newer format` });
  const keep = <T extends object>(items: T[], needs: (item: T) => string | undefined): T[] =>
    items.filter((item) => {
      const missing = needs(item);
      if (missing === undefined) return true;
      skippedIds.add((item as { id?: string }).id ?? '');
      warn(pathOf(item), `it refers to "${missing}"`);
      return false;
    });
  const skipped = (id: string | undefined) => (id !== undefined && skippedIds.has(id) ? id : undefined);

  r.fieldRules = keep(r.fieldRules, (rule) => skipped(rule.category));
  r.apiRules = keep(r.apiRules, (rule) => skipped(rule.category) ?? skipped(rule.when.pageSignal));
  r.signalRules = keep(r.signalRules, (rule) => skipped(rule.category));
  r.overrides = keep(r.overrides, (o) => skipped(o.serviceKind));
  r.tests = keep(
    r.tests,
    (t) =>
      skipped(t.serviceKind) ??
      t.expect.map((e) => skipped(e.category) ?? skipped(e.ruleId)).find(Boolean) ??
      t.expectNot.map(skipped).find(Boolean),
  );
  for (const c of r.categories) {
    c.legal = c.legal.filter((ref) => !skippedIds.has(ref));
    if (c.impliedBy) c.impliedBy = c.impliedBy.filter((ref) => !skippedIds.has(ref));
  }
  const dropCells = (cells: Record<string, Ruleset['necessity'][string][string]>, path: string) => {
    for (const [category, cell] of Object.entries(cells)) {
      const missing = skipped(category) ?? (typeof cell === 'object' ? skipped(cell.condition) : undefined);
      if (missing === undefined) continue;
      delete cells[category];
      warn(`${path}${jsonPath([category]).slice(1)}`, `it refers to "${missing}"`);
    }
  };
  for (const [service, cells] of Object.entries(r.necessity)) {
    const path = `$.necessity${jsonPath([service]).slice(1)}`;
    if (skippedIds.has(service)) {
      delete r.necessity[service];
      warn(path, `it judges the service kind "${service}"`);
    } else dropCells(cells, path);
  }
  for (const o of r.overrides) {
    if (o.necessity) dropCells(o.necessity, `${pathOf(o)}.necessity`);
    o.silence = o.silence.filter((ref) => !skippedIds.has(ref));
  }
}

// ---------------------------------------------------------------------------------------------------
// Schema issues in plain words, at the author's paths.

function issueErrors(issue: z.core.$ZodIssue, originalIndex: Partial<Record<ItemList, number[]>>): RulesetError[] {
  const path = [...issue.path];
  const list = path[0] as ItemList;
  if (typeof path[1] === 'number' && originalIndex[list]) path[1] = originalIndex[list]![path[1]] ?? path[1];
  if (issue.code === 'unrecognized_keys') {
    // One error per key, at the key itself: that is where the typo is.
    return issue.keys.map((key) => ({
      path: jsonPath([...path, key]),
      reason: 'is not a known key here (a typo?); use "$comment" for notes',
    }));
  }
  return [{ path: jsonPath(path), reason: plainReason(issue) }];
}

function plainReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `is missing (expected ${issue.expected})`;
  if (issue.code === 'invalid_union') {
    const branches = issue.errors.map((branch) =>
      branch
        .map((i) => (i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : stripPrefix(i.message)))
        .join('; '),
    );
    return `matches none of the allowed forms (${branches.join(' | ')})`;
  }
  return stripPrefix(issue.message);
}

function stripPrefix(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
}
// ---------------------------------------------------------------------------------------------------
// Patterns: each must compile with flags "iu" and must not backtrack catastrophically.

type PatternSite = { path: string; source: string };

function patternSites(r: Ruleset, pathOf: (item: object) => string): PatternSite[] {
  const sites: PatternSite[] = [];
  for (const group of ['pageKinds', 'serviceKinds', 'conditions'] as const) {
    for (const signal of r[group]) {
      signal.url.forEach((source, j) => sites.push({ path: `${pathOf(signal)}.url[${j}]`, source }));
      signal.text.forEach((source, j) => sites.push({ path: `${pathOf(signal)}.text[${j}]`, source }));
      signal.scripts.forEach((source, j) => sites.push({ path: `${pathOf(signal)}.scripts[${j}]`, source }));
    }
  }
  for (const rule of r.fieldRules) {
    if (rule.text !== undefined) sites.push({ path: `${pathOf(rule)}.text`, source: rule.text });
    if (rule.exclude !== undefined) sites.push({ path: `${pathOf(rule)}.exclude`, source: rule.exclude });
    if (rule.file?.accept !== undefined) sites.push({ path: `${pathOf(rule)}.file.accept`, source: rule.file.accept });
  }
  for (const rule of r.signalRules) {
    if (rule.text !== undefined) sites.push({ path: `${pathOf(rule)}.text`, source: rule.text });
    if (rule.scriptPaths !== undefined) sites.push({ path: `${pathOf(rule)}.scriptPaths`, source: rule.scriptPaths });
  }
  return sites;
}

function checkPatterns(r: Ruleset, pathOf: (item: object) => string): RulesetError[] {
  const sites = patternSites(r, pathOf);
  if (sites.length > MAX_PATTERNS)
    return [{ path: '$', reason: `has ${sites.length} patterns; a ruleset may have at most ${MAX_PATTERNS}` }];
  const errors: RulesetError[] = [];
  for (const { path, source } of sites) {
    const reason = patternProblem(source);
    if (reason) errors.push({ path, reason });
  }
  return errors;
}

/** Why a pattern is not acceptable, or null when it is fine. Exported for the options page's editor. */
export function patternProblem(source: string): string | null {
  try {
    new RegExp(source, PATTERN_FLAGS);
  } catch (e) {
    return `is not a valid regular expression with flags "${PATTERN_FLAGS}": ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!safeRegex(source)) {
    return 'could take exponential time: it nests quantifiers (like "(a+)+"), has more than 25 quantifiers, or uses syntax the safety check cannot read';
  }
  const overlap = overlappingRepeat(source);
  if (overlap) return `could take exponential time: the repeated group "${overlap}" has alternatives that can match the same text`;
  return null;
}

/**
 * Our own cheap check for what star height misses: a repeated group whose alternatives can start the
 * same way, like "(a|a)*", "(a|ab)+" or "(\w|\d)*". Over-cautious on purpose: such a group is easy to
 * rewrite, and a ruleset from the internet must not be able to freeze the service worker.
 */
function overlappingRepeat(source: string): string | null {
  type Group = { start: number; alternatives: string[]; atAlternativeStart: boolean };
  const stack: Group[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      const atom = source.slice(i, i + 2);
      noteAtom(stack, atom);
      i += 2;
      continue;
    }
    if (ch === '[') {
      const end = classEnd(source, i);
      noteAtom(stack, source.slice(i, end));
      i = end;
      continue;
    }
    if (ch === '(') {
      // A nested group starts its parent's alternative with something we do not compare: unique marker.
      noteAtom(stack, `(#${i}`);
      let skip = 1;
      if (source.startsWith('(?:', i) || source.startsWith('(?=', i) || source.startsWith('(?!', i)) skip = 3;
      else if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) skip = 4;
      else if (source.startsWith('(?<', i)) skip = source.indexOf('>', i) - i + 1;
      stack.push({ start: i, alternatives: [''], atAlternativeStart: true });
      i += Math.max(skip, 1);
      continue;
    }
    if (ch === '|') {
      const top = stack[stack.length - 1];
      if (top) {
        top.alternatives.push('');
        top.atAlternativeStart = true;
      }
      i += 1;
      continue;
    }
    if (ch === ')') {
      const group = stack.pop();
      i += 1;
      if (group && isUnboundedRepeat(source, i) && alternativesOverlap(group.alternatives)) {
        return source.slice(group.start, i + 1);
      }
      continue;
    }
    noteAtom(stack, ch);
    i += 1;
  }
  return null;
}

function noteAtom(stack: { alternatives: string[]; atAlternativeStart: boolean }[], atom: string): void {
  const top = stack[stack.length - 1];
  if (!top || !top.atAlternativeStart) return;
  if ('*+?{'.includes(atom[0]) && atom.length === 1) return;
  top.alternatives[top.alternatives.length - 1] = atom;
  top.atAlternativeStart = false;
}

function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i += 1;
  if (source[i] === ']') i += 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, source.length);
}

function isUnboundedRepeat(source: string, at: number): boolean {
  const ch = source[at];
  if (ch === '*' || ch === '+') return true;
  if (ch !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
  return !!m && !!m[2] && (m[3] === '' || Number(m[3]) > 1);
}

const WILDCARDS = new Set(['.', '\\w', '\\W', '\\S', '\\D', '\\s', '\\d']);

function alternativesOverlap(firstAtoms: string[]): boolean {
  if (firstAtoms.length < 2) return false;
  const seen = new Set<string>();
  for (const atom of firstAtoms) {
    if (atom === '' || WILDCARDS.has(atom) || atom.startsWith('[^') || seen.has(atom.toLowerCase())) return true;
    seen.add(atom.toLowerCase());
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// References, duplicates and limits.

/** Ids a ruleset may name: its own plus those of the rulesets it is applied on top of. */
interface KnownIds {
  legal: Set<string>;
  categories: Set<string>;
  serviceKinds: Set<string>;
  conditions: Set<string>;
  rules: Set<string>;
}

function baseIds(base: readonly Ruleset[]): KnownIds {
  const ids = (items: { id: string }[]) => items.map((item) => item.id);
  return {
    legal: new Set(base.flatMap((b) => ids(b.legal))),
    categories: new Set(base.flatMap((b) => ids(b.categories))),
    serviceKinds: new Set(base.flatMap((b) => ids(b.serviceKinds))),
    conditions: new Set(base.flatMap((b) => ids(b.conditions))),
    rules: new Set(base.flatMap((b) => [...ids(b.fieldRules), ...ids(b.apiRules), ...ids(b.signalRules ?? [])])),
  };
}

function checkReferences(r: Ruleset, pathOf: (item: object) => string, base: readonly Ruleset[]): RulesetError[] {
  const errors: RulesetError[] = [];
  const err = (path: string, reason: string) => errors.push({ path, reason });
  const known = baseIds(base);
  const fromBase = base.length ? ' (here or in the rulesets it builds on)' : '';

  const unique = (items: { id: string }[], kind: string): Set<string> => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.id)) err(`${pathOf(item)}.id`, `duplicates the ${kind} id "${item.id}"`);
      seen.add(item.id);
    }
    return seen;
  };
  const own = {
    legal: unique(r.legal, 'legal reference'),
    categories: unique(r.categories, 'category'),
    serviceKinds: unique(r.serviceKinds, 'service kind'),
    conditions: unique(r.conditions, 'condition'),
  };
  unique(r.pageKinds, 'page kind');
  unique(r.overrides, 'override');
  for (const key of ['legal', 'categories', 'serviceKinds', 'conditions'] as const) for (const id of own[key]) known[key].add(id);
  const isCategory = (id: string) => known.categories.has(id);
  const isService = (id: string) => id === OTHER_SERVICE || known.serviceKinds.has(id);
  const isCondition = (id: string) => known.conditions.has(id);

  unique(r.thirdParties, 'third party');
  // A host names one party: listed twice, which one receives the data would depend on list order.
  const hostOwner = new Map<string, string>();
  for (const party of r.thirdParties) {
    party.hosts.forEach((host, j) => {
      const owner = hostOwner.get(host);
      if (owner !== undefined) err(`${pathOf(party)}.hosts[${j}]`, `is already listed for the third party "${owner}"`);
      else hostOwner.set(host, party.id);
    });
  }

  if (!r.languages.includes('en')) err('$.languages', 'must include "en": English is the fallback language');

  for (const kind of r.serviceKinds) {
    if (kind.id === OTHER_SERVICE)
      err(`${pathOf(kind)}.id`, `"${OTHER_SERVICE}" is reserved for services we do not recognise; judge it in necessity.other`);
  }

  for (const category of r.categories) {
    category.legal.forEach((ref, j) => {
      if (!known.legal.has(ref))
        err(`${pathOf(category)}.legal[${j}]`, `refers to the legal reference "${ref}", which is not defined in $.legal${fromBase}`);
    });
    category.impliedBy?.forEach((ref, j) => {
      if (!isCategory(ref)) err(`${pathOf(category)}.impliedBy[${j}]`, `refers to the category "${ref}", which is not defined${fromBase}`);
      if (ref === category.id) err(`${pathOf(category)}.impliedBy[${j}]`, 'a category cannot imply itself');
    });
  }

  // Field, API and signal rules share one id space: a finding names its rule by id alone.
  const ruleIds = new Set<string>();
  const checkRule = (rule: { id: string; category: string }) => {
    if (ruleIds.has(rule.id)) err(`${pathOf(rule)}.id`, `duplicates the rule id "${rule.id}"`);
    ruleIds.add(rule.id);
    if (!isCategory(rule.category))
      err(`${pathOf(rule)}.category`, `refers to the category "${rule.category}", which is not defined${fromBase}`);
  };
  for (const rule of r.fieldRules) {
    checkRule(rule);
    if (!rule.autocomplete.length && !rule.types.length && rule.text === undefined && !rule.file) {
      err(pathOf(rule), 'has nothing to match: give it autocomplete, types, text or file');
    }
  }
  for (const rule of r.apiRules) {
    checkRule(rule);
    const signal = rule.when.pageSignal;
    if (signal !== undefined && !isCondition(signal)) {
      err(`${pathOf(rule)}.when.pageSignal`, `refers to the condition "${signal}", which is not defined in $.conditions${fromBase}`);
    }
  }
  for (const rule of r.signalRules) {
    checkRule(rule);
    const watchesScripts = rule.thirdPartyKinds.length > 0 || rule.scriptHosts.length > 0 || rule.scriptPaths !== undefined;
    if (!watchesScripts && rule.widget === undefined)
      err(pathOf(rule), 'has nothing to watch: give it thirdPartyKinds, scriptHosts, scriptPaths or widget');
    if (watchesScripts && rule.widget !== undefined) {
      err(
        `${pathOf(rule)}.widget`,
        'a rule watches scripts (thirdPartyKinds, scriptHosts, scriptPaths) or a widget, not both: make two rules',
      );
    }
    rule.scriptHosts.forEach((host, j) => {
      // "co.uk" would make every British site's scripts a finding.
      if (!parseHost(host).domain)
        err(
          `${pathOf(rule)}.scriptHosts[${j}]`,
          `is a public suffix ("${host}"): it would match every site under it; name a host such as "cdn.example.${host}"`,
        );
    });
  }
  for (const id of ruleIds) known.rules.add(id);

  const checkCells = (cells: Record<string, Ruleset['necessity'][string][string]>, path: string) => {
    for (const [category, cell] of Object.entries(cells)) {
      const cellPath = `${path}${jsonPath([category]).slice(1)}`;
      if (!isCategory(category)) err(cellPath, `refers to the category "${category}", which is not defined${fromBase}`);
      if (typeof cell === 'object' && !isCondition(cell.condition)) {
        err(`${cellPath}.condition`, `refers to the condition "${cell.condition}", which is not defined in $.conditions${fromBase}`);
      }
    }
  };
  for (const [service, cells] of Object.entries(r.necessity)) {
    const servicePath = `$.necessity${jsonPath([service]).slice(1)}`;
    if (!isService(service))
      err(
        servicePath,
        `refers to the service kind "${service}", which is not defined in $.serviceKinds (or "${OTHER_SERVICE}")${fromBase}`,
      );
    checkCells(cells, servicePath);
  }
  // Unknown services are judged by the "other" column, so it must say something about every category.
  const other = r.necessity[OTHER_SERVICE] ?? {};
  for (const category of own.categories) {
    if (!(category in other))
      err(
        `$.necessity.${OTHER_SERVICE}`,
        `does not judge the category "${category}"; every category needs a necessity for unknown services`,
      );
  }

  for (const o of r.overrides) {
    const path = pathOf(o);
    if (o.serviceKind === undefined && !o.silence.length && !Object.keys(o.necessity ?? {}).length) {
      err(path, 'changes nothing: give it serviceKind, necessity or silence');
    }
    if (o.serviceKind !== undefined && !isService(o.serviceKind)) {
      err(
        `${path}.serviceKind`,
        `refers to the service kind "${o.serviceKind}", which is not defined in $.serviceKinds (or "${OTHER_SERVICE}")${fromBase}`,
      );
    }
    if (o.necessity) checkCells(o.necessity, `${path}.necessity`);
    o.silence.forEach((ref, j) => {
      if (!known.rules.has(ref) && !isCategory(ref))
        err(`${path}.silence[${j}]`, `refers to "${ref}", which is neither a rule id nor a category id${fromBase}`);
    });
    o.sites.forEach((site, j) => {
      const problem = sitePatternProblem(site);
      if (problem) err(`${path}.sites[${j}]`, problem);
    });
  }

  const testNames = new Set<string>();
  for (const test of r.tests) {
    const path = pathOf(test);
    if (testNames.has(test.name)) err(`${path}.name`, `duplicates the test name "${test.name}"`);
    testNames.add(test.name);
    test.expect.forEach((e, j) => {
      if (!isCategory(e.category))
        err(`${path}.expect[${j}].category`, `refers to the category "${e.category}", which is not defined${fromBase}`);
      if (e.ruleId !== undefined && !known.rules.has(e.ruleId))
        err(`${path}.expect[${j}].ruleId`, `refers to the rule "${e.ruleId}", which is not defined${fromBase}`);
    });
    test.expectNot.forEach((c, j) => {
      if (!isCategory(c)) err(`${path}.expectNot[${j}]`, `refers to the category "${c}", which is not defined${fromBase}`);
    });
    if (test.serviceKind !== undefined && !isService(test.serviceKind)) {
      err(`${path}.serviceKind`, `refers to the service kind "${test.serviceKind}", which is not defined${fromBase}`);
    }
    if (test.url !== undefined && !URL.canParse(test.url))
      err(`${path}.url`, 'is not an absolute URL such as "https://shop.example/checkout"');
  }
  return errors;
}

/**
 * Why a site pattern cannot be used, or null. A pattern must name one site: "com" or "*.co.uk" would
 * change how every site under a public suffix is judged.
 */
export function sitePatternProblem(pattern: string): string | null {
  const host = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  if (host === 'localhost') return null;
  const parsed = parseHost(host);
  if (parsed.isIp) return pattern === host ? null : 'cannot put "*." in front of an IP address';
  if (!parsed.domain) return `is a public suffix ("${host}"): it would match every site under it; name a site such as "example.${host}"`;
  return null;
}

function checkLimits(r: Ruleset): RulesetError[] {
  const errors: RulesetError[] = [];
  if (r.expires !== undefined) {
    const [count, unit] = r.expires.split(' ');
    const hours = Number(count) * (unit.startsWith('day') ? 24 : 1);
    if (hours < EXPIRES_HOURS.min || hours > EXPIRES_HOURS.max)
      errors.push({ path: '$.expires', reason: 'must be between 1 hour and 30 days' });
  }
  const sites = r.overrides.reduce((sum, o) => sum + o.sites.length, 0);
  if (sites > 5000) errors.push({ path: '$.overrides', reason: `list ${sites} sites in all; a ruleset may list at most 5000` });
  return errors;
}
