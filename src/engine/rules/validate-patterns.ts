/**
 * Ruleset patterns: each must compile with flags "iu" and must not backtrack catastrophically
 * (safe-regex2's star-height check plus our own check for overlapping alternatives under a repeat),
 * because an imported ruleset is untrusted and its patterns run on every page.
 */
import safeRegex from 'safe-regex2';
import type { Ruleset } from './schema';
import { MAX_PATTERNS, PATTERN_FLAGS, type RulesetError } from './validation-basics';

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

export function checkPatterns(r: Ruleset, pathOf: (item: object) => string): RulesetError[] {
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
