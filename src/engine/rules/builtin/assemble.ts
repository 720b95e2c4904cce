/**
 * The bundled ruleset is kept as one file per category (core/<category>.json: the category, its
 * necessity cell for every service kind, its rules and their inline tests) plus core/ruleset.json
 * (metadata, page and service kinds, scoring, page-level tests, and the category order). This puts
 * them back together into one ruleset document — at build time (src/dev/ruleset-cli/assemble-builtin.ts
 * writes core.json), so the extension ships and validates a single plain ruleset like any other.
 */

export interface CategoryPart {
  category: { id: string } & Record<string, unknown>;
  /** Service kind → necessity cell for this category. */
  necessity: Record<string, unknown>;
  fieldRules?: unknown[];
  apiRules?: unknown[];
  signalRules?: unknown[];
  bridgeRules?: unknown[];
  tests?: unknown[];
}

/** core/ruleset.json: a ruleset whose `categories` lists category ids (in display order) instead of objects. */
export interface RulesetBase extends Record<string, unknown> {
  categories: string[];
  tests?: unknown[];
}

/** Keys in the order a ruleset document is written (FORMAT.md), so the assembled text reads like the guide. */
const KEY_ORDER = [
  '$schema',
  'formatVersion',
  'id',
  'title',
  'version',
  'lastModified',
  'description',
  'homepage',
  'license',
  'supportUrl',
  'expires',
  'languages',
  'legal',
  'categories',
  'pageKinds',
  'serviceKinds',
  'conditions',
  'necessity',
  'fieldRules',
  'apiRules',
  'signalRules',
  'bridgeRules',
  'scoring',
  'tests',
  'thirdParties',
];

/** Joins the parts in the base's category order; throws on a missing or unlisted part (a build error). */
export function assembleRuleset(base: RulesetBase, parts: CategoryPart[]): Record<string, unknown> {
  const byId = new Map(parts.map((p) => [p.category.id, p]));
  const unlisted = parts.filter((p) => !base.categories.includes(p.category.id)).map((p) => p.category.id);
  const missing = base.categories.filter((id) => !byId.has(id));
  if (unlisted.length || missing.length) {
    throw new Error(
      `bundled ruleset parts: ${[...missing.map((id) => `no file for "${id}"`), ...unlisted.map((id) => `"${id}" is not in core/ruleset.json categories`)].join('; ')}`,
    );
  }
  const ordered = base.categories.map((id) => byId.get(id)!);
  const necessity: Record<string, Record<string, unknown>> = {};
  for (const part of ordered) {
    for (const [serviceKind, cell] of Object.entries(part.necessity)) (necessity[serviceKind] ??= {})[part.category.id] = cell;
  }
  const assembled: Record<string, unknown> = {
    ...base,
    categories: ordered.map((p) => p.category),
    necessity,
    fieldRules: ordered.flatMap((p) => p.fieldRules ?? []),
    apiRules: ordered.flatMap((p) => p.apiRules ?? []),
    signalRules: ordered.flatMap((p) => p.signalRules ?? []),
    bridgeRules: ordered.flatMap((p) => p.bridgeRules ?? []),
    tests: [...ordered.flatMap((p) => p.tests ?? []), ...(base.tests ?? [])],
  };
  const out: Record<string, unknown> = {};
  for (const key of [...KEY_ORDER, ...Object.keys(assembled)]) if (key in assembled && !(key in out)) out[key] = assembled[key];
  return out;
}
