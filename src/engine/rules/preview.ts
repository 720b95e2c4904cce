/**
 * "What it contains and what it changes": the options page shows this before a ruleset is applied,
 * so a user can see that a list from the internet does what its title says. Pure: a validated
 * ruleset in, plain data out (the UI words it).
 */
import type { LocalizedText, Necessity } from '../../shared/model';
import type { CompiledRuleset } from './compile';
import { necessityCell } from './compile';
import type { NecessityCell, Ruleset } from './schema';
import { OTHER_SERVICE } from './validate';

export interface RulesetSummary {
  id: string;
  title: LocalizedText;
  version: string;
  formatVersion: number;
  homepage?: string;
  license?: string;
  supportUrl?: string;
  expires?: string;
  languages: string[];
  counts: {
    categories: number;
    fieldRules: number;
    apiRules: number;
    signalRules: number;
    pageKinds: number;
    serviceKinds: number;
    conditions: number;
    necessityCells: number;
    overrides: number;
    legal: number;
    tests: number;
  };
  /** Whether it can rate pages on its own (then the bundled ruleset may be switched off). */
  standalone: boolean;
}

export interface NecessityChange {
  serviceKind: string;
  category: string;
  /** The level the active rulesets give today (through the "other" column if needed); null when none. */
  from: Necessity | null;
  to: Necessity;
}

export interface RulesetChanges {
  categoriesAdded: string[];
  /** Same id, different definition (names, texts, tier, legal references). */
  categoriesChanged: string[];
  necessity: NecessityChange[];
  rulesAdded: string[];
  /** Same rule id as an active rule: this one replaces it. */
  rulesReplaced: string[];
  /** Service kinds, page kinds and conditions it adds or redefines, by id. */
  kindsAdded: string[];
  kindsReplaced: string[];
  overrides: { id: string; sites: string[] }[];
  /** It brings its own scoring numbers, which replace the active ones. */
  scoringChanged: boolean;
}

/** Site overrides are read loosely: the format may add fields, the preview needs only id and sites. */
type OverrideLike = { id?: unknown; sites?: unknown };
function overridesOf(r: Ruleset): { id: string; sites: string[] }[] {
  const list = (r as { overrides?: OverrideLike[] }).overrides;
  if (!Array.isArray(list)) return [];
  return list.map((o, i) => ({
    id: typeof o.id === 'string' ? o.id : `#${i + 1}`,
    sites: Array.isArray(o.sites) ? o.sites.filter((s): s is string => typeof s === 'string') : [],
  }));
}

function levelOf(cell: NecessityCell | undefined): Necessity | null {
  if (cell === undefined) return null;
  return typeof cell === 'string' ? cell : cell.level;
}

/**
 * Whether a ruleset can rate pages by itself: it defines categories, has detectors for them and
 * judges every one of its categories for unknown services (the "other" column).
 */
export function isStandalone(r: Ruleset): boolean {
  const other = r.necessity[OTHER_SERVICE] ?? {};
  return (
    r.categories.length > 0 &&
    r.fieldRules.length + r.apiRules.length + (r.signalRules?.length ?? 0) > 0 &&
    r.categories.every((c) => c.id in other)
  );
}

export function summarizeRuleset(r: Ruleset): RulesetSummary {
  return {
    id: r.id,
    title: r.title,
    version: r.version,
    formatVersion: r.formatVersion,
    homepage: r.homepage,
    license: r.license,
    supportUrl: r.supportUrl,
    expires: r.expires,
    languages: r.languages,
    counts: {
      categories: r.categories.length,
      fieldRules: r.fieldRules.length,
      apiRules: r.apiRules.length,
      signalRules: r.signalRules?.length ?? 0,
      pageKinds: r.pageKinds.length,
      serviceKinds: r.serviceKinds.length,
      conditions: r.conditions.length,
      necessityCells: Object.values(r.necessity).reduce((n, cells) => n + Object.keys(cells).length, 0),
      overrides: overridesOf(r).length,
      legal: r.legal.length,
      tests: r.tests.length,
    },
    standalone: isStandalone(r),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What applying `incoming` on top of the `active` set would change (by id, as merging does). */
export function diffRuleset(active: CompiledRuleset, incoming: Ruleset): RulesetChanges {
  const categoriesAdded: string[] = [];
  const categoriesChanged: string[] = [];
  for (const c of incoming.categories) {
    const old = active.categories.get(c.id);
    if (!old) categoriesAdded.push(c.id);
    else if (!same(old, c)) categoriesChanged.push(c.id);
  }

  const necessity: NecessityChange[] = [];
  for (const [serviceKind, cells] of Object.entries(incoming.necessity)) {
    for (const [category, cell] of Object.entries(cells)) {
      const current = necessityCell(active, serviceKind, category);
      if (current !== undefined && same(current, cell)) continue;
      const to = levelOf(cell)!;
      necessity.push({ serviceKind, category, from: levelOf(current), to });
    }
  }

  const activeRuleIds = new Set(
    [...active.fieldRules, ...[...active.apiRulesByApi.values()].flat(), ...(active.signalRules ?? [])].map((r) => r.id),
  );
  const rulesAdded: string[] = [];
  const rulesReplaced: string[] = [];
  for (const rule of [...incoming.fieldRules, ...incoming.apiRules, ...(incoming.signalRules ?? [])])
    (activeRuleIds.has(rule.id) ? rulesReplaced : rulesAdded).push(rule.id);

  const activeKinds = new Set([...active.serviceKinds, ...active.pageKinds, ...active.conditions].map((k) => k.id));
  const kindsAdded: string[] = [];
  const kindsReplaced: string[] = [];
  for (const kind of [...incoming.serviceKinds, ...incoming.pageKinds, ...incoming.conditions])
    (activeKinds.has(kind.id) ? kindsReplaced : kindsAdded).push(kind.id);

  return {
    categoriesAdded,
    categoriesChanged,
    necessity,
    rulesAdded,
    rulesReplaced,
    kindsAdded,
    kindsReplaced,
    overrides: overridesOf(incoming),
    scoringChanged: incoming.scoring !== undefined && !same(incoming.scoring, active.scoring),
  };
}
