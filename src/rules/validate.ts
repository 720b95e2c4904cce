/**
 * Checks a ruleset before anything uses it: the bundled one at start-up and in CI, and any imported one.
 * A ruleset is untrusted data, so this never throws; it returns every problem as a JSON path plus a
 * plain-language reason that a ruleset author can act on.
 */
import safeRegex from 'safe-regex2';
import type { z } from 'zod';
import { FORMAT_VERSION, rulesetSchema, type Ruleset } from './schema';

export interface RulesetError {
  /** JSON path of the offending value, e.g. `$.fieldRules[3].text`; `$` is the whole document. */
  path: string;
  reason: string;
}

export type RulesetResult = { ok: true; ruleset: Ruleset } | { ok: false; errors: RulesetError[] };

export const MAX_RULESET_BYTES = 1024 * 1024;
/** The service kind that judges services we could not recognise; implicit in every ruleset. */
export const OTHER_SERVICE = 'other';
/** Flags every ruleset pattern is compiled with. */
export const PATTERN_FLAGS = 'iu';

/** Parses and validates ruleset JSON text (a file, an import, a download). */
export function parseRuleset(text: string): RulesetResult {
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
  return validateRuleset(data);
}

/** Validates an already-parsed ruleset. Never throws. */
export function validateRuleset(input: unknown): RulesetResult {
  try {
    return validateUnsafe(input);
  } catch (e) {
    // Only reachable with exotic inputs (proxies, getters that throw); still an answer, not a crash.
    return fail('$', `could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function validateUnsafe(input: unknown): RulesetResult {
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
  const parsed = rulesetSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), reason: plainReason(issue) })) };
  }
  const errors = [...checkPatterns(parsed.data), ...checkReferences(parsed.data)];
  return errors.length ? { ok: false, errors } : { ok: true, ruleset: parsed.data };
}

function fail(path: string, reason: string): RulesetResult {
  return { ok: false, errors: [{ path, reason }] };
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

function plainReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `is missing (expected ${issue.expected})`;
  if (issue.code === 'invalid_union') {
    const branches = issue.errors.map((branch) => branch.map((i) => stripPrefix(i.message)).join('; '));
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

function patternSites(r: Ruleset): PatternSite[] {
  const sites: PatternSite[] = [];
  for (const group of ['pageKinds', 'serviceKinds', 'conditions'] as const) {
    r[group].forEach((signal, i) => {
      signal.url.forEach((source, j) => sites.push({ path: `$.${group}[${i}].url[${j}]`, source }));
      signal.text.forEach((source, j) => sites.push({ path: `$.${group}[${i}].text[${j}]`, source }));
    });
  }
  r.fieldRules.forEach((rule, i) => {
    if (rule.text !== undefined) sites.push({ path: `$.fieldRules[${i}].text`, source: rule.text });
    if (rule.exclude !== undefined) sites.push({ path: `$.fieldRules[${i}].exclude`, source: rule.exclude });
    if (rule.file?.accept !== undefined) sites.push({ path: `$.fieldRules[${i}].file.accept`, source: rule.file.accept });
  });
  return sites;
}

function checkPatterns(r: Ruleset): RulesetError[] {
  const errors: RulesetError[] = [];
  for (const { path, source } of patternSites(r)) {
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
// References and duplicates.

function checkReferences(r: Ruleset): RulesetError[] {
  const errors: RulesetError[] = [];
  const err = (path: string, reason: string) => errors.push({ path, reason });

  const unique = (items: { id: string }[], where: string, kind: string): Set<string> => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) err(`$.${where}[${i}].id`, `duplicates the ${kind} id "${item.id}"`);
      seen.add(item.id);
    });
    return seen;
  };
  const legalIds = unique(r.legal, 'legal', 'legal reference');
  const categoryIds = unique(r.categories, 'categories', 'category');
  unique(r.pageKinds, 'pageKinds', 'page kind');
  const serviceIds = unique(r.serviceKinds, 'serviceKinds', 'service kind');
  const conditionIds = unique(r.conditions, 'conditions', 'condition');

  if (!r.languages.includes('en')) err('$.languages', 'must include "en": English is the fallback language');

  r.serviceKinds.forEach((kind, i) => {
    if (kind.id === OTHER_SERVICE) err(`$.serviceKinds[${i}].id`, `"${OTHER_SERVICE}" is reserved for services we do not recognise; judge it in necessity.other`);
  });

  r.categories.forEach((category, i) => {
    category.legal.forEach((ref, j) => {
      if (!legalIds.has(ref)) err(`$.categories[${i}].legal[${j}]`, `refers to the legal reference "${ref}", which is not defined in $.legal`);
    });
    category.impliedBy?.forEach((ref, j) => {
      if (!categoryIds.has(ref)) err(`$.categories[${i}].impliedBy[${j}]`, `refers to the category "${ref}", which is not defined`);
      if (ref === category.id) err(`$.categories[${i}].impliedBy[${j}]`, 'a category cannot imply itself');
    });
  });

  // Field and API rules share one id space: a finding names its rule by id alone.
  const ruleIds = new Set<string>();
  const checkRule = (rule: { id: string; category: string }, path: string) => {
    if (ruleIds.has(rule.id)) err(`${path}.id`, `duplicates the rule id "${rule.id}"`);
    ruleIds.add(rule.id);
    if (!categoryIds.has(rule.category)) err(`${path}.category`, `refers to the category "${rule.category}", which is not defined`);
  };
  r.fieldRules.forEach((rule, i) => {
    const path = `$.fieldRules[${i}]`;
    checkRule(rule, path);
    if (!rule.autocomplete.length && !rule.types.length && rule.text === undefined && !rule.file) {
      err(path, 'has nothing to match: give it autocomplete, types, text or file');
    }
  });
  r.apiRules.forEach((rule, i) => {
    const path = `$.apiRules[${i}]`;
    checkRule(rule, path);
    const signal = rule.when.pageSignal;
    if (signal !== undefined && !conditionIds.has(signal)) {
      err(`${path}.when.pageSignal`, `refers to the condition "${signal}", which is not defined in $.conditions`);
    }
  });

  for (const [service, cells] of Object.entries(r.necessity)) {
    const servicePath = `$.necessity${jsonPath([service]).slice(1)}`;
    if (service !== OTHER_SERVICE && !serviceIds.has(service)) {
      err(servicePath, `refers to the service kind "${service}", which is not defined in $.serviceKinds (or "${OTHER_SERVICE}")`);
    }
    for (const [category, cell] of Object.entries(cells)) {
      const cellPath = `${servicePath}${jsonPath([category]).slice(1)}`;
      if (!categoryIds.has(category)) err(cellPath, `refers to the category "${category}", which is not defined`);
      if (typeof cell === 'object' && !conditionIds.has(cell.condition)) {
        err(`${cellPath}.condition`, `refers to the condition "${cell.condition}", which is not defined in $.conditions`);
      }
    }
  }
  // Unknown services are judged by the "other" column, so it must say something about every category.
  const other = r.necessity[OTHER_SERVICE] ?? {};
  for (const category of categoryIds) {
    if (!(category in other)) err(`$.necessity.${OTHER_SERVICE}`, `does not judge the category "${category}"; every category needs a necessity for unknown services`);
  }

  const testNames = new Set<string>();
  r.tests.forEach((test, i) => {
    if (testNames.has(test.name)) err(`$.tests[${i}].name`, `duplicates the test name "${test.name}"`);
    testNames.add(test.name);
    test.expect.forEach((e, j) => {
      if (!categoryIds.has(e.category)) err(`$.tests[${i}].expect[${j}].category`, `refers to the category "${e.category}", which is not defined`);
      if (e.ruleId !== undefined && !ruleIds.has(e.ruleId)) err(`$.tests[${i}].expect[${j}].ruleId`, `refers to the rule "${e.ruleId}", which is not defined`);
    });
    test.expectNot.forEach((c, j) => {
      if (!categoryIds.has(c)) err(`$.tests[${i}].expectNot[${j}]`, `refers to the category "${c}", which is not defined`);
    });
  });
  return errors;
}
