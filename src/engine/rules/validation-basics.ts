/**
 * What every ruleset validation step shares: problems as a JSON path plus a plain reason, the limits,
 * and the few ids every ruleset has implicitly.
 */
import type { Ruleset } from './schema';

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

/** The JSON path of a value, as authors read it: `$.fieldRules[3].text`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
