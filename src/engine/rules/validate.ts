/**
 * Checks a ruleset before anything uses it: the bundled one in CI, and any imported one. A ruleset is
 * untrusted data, so this never throws and never half-applies: it returns either the whole checked
 * ruleset or every problem, each as a JSON path plus a plain-language reason an author can act on.
 * Items that need a newer format are skipped (with a warning each), not rejected: see skipNewerItems.
 */
import type { z } from 'zod';
import { FORMAT_VERSION, rulesetSchema, type Ruleset } from './schema';
import {
  jsonPath,
  MAX_RULESET_BYTES,
  type RulesetError,
  type RulesetResult,
  type RulesetWarning,
  type ValidateOptions,
} from './validation-basics';
import { checkPatterns } from './validate-patterns';
import { checkReferences } from './validate-references';
import { forbiddenKeys } from './forbidden-keys';

// The basics are part of this module's interface: importers of validation need not know the split.
export * from './validation-basics';
export { patternProblem } from './validate-patterns';
export { sitePatternProblem } from './validate-references';

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
  'bridgeRules',
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
  // Before anything reads the document: a "__proto__" key must be an error, never silently dropped.
  const forbidden = forbiddenKeys(input);
  if (forbidden.length) return { ok: false, errors: forbidden.map((f) => ({ path: jsonPath(f.path), reason: f.reason })), warnings: [] };
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
  r.bridgeRules = keep(r.bridgeRules, (rule) => skipped(rule.category));
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
// Limits.

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
