/**
 * Several rulesets as one: the bundled ruleset, then the user's subscriptions and local rulesets, in
 * ascending precedence (index 0 is the lowest; a later ruleset wins). Each input must already be
 * validated (validate.ts); merging never fails, it only warns about what it had to leave out.
 *
 * Precedence, as documented in FORMAT.md:
 * - legal references, categories, page kinds, service kinds, conditions, third parties: by id, a later
 *   definition replaces an earlier one, except that its texts merge per language (a ruleset may add a
 *   translation without repeating the rest);
 * - necessity: per (service kind, category) cell, the later ruleset wins;
 * - field, API and signal rules: the union; the same id in a later ruleset replaces the earlier rule;
 * - overrides: all apply, in order (a later override wins where two disagree); the same id replaces;
 * - scoring: from the latest ruleset that has a scoring section;
 * - tests: all of them, each ruleset's own.
 */
import { compileRuleset, type CompiledRuleset } from './compile';
import type { Ruleset } from './schema';
import { OTHER_SERVICE } from './validate';

export interface MergeResult {
  ruleset: CompiledRuleset;
  warnings: string[];
}

/** Keys whose value is a LocalizedText: merged per language instead of replaced. */
const TEXT_KEYS = new Set(['name', 'title', 'why', 'whatToDo', 'reason', 'description']);

export function mergeRulesets(list: readonly Ruleset[]): MergeResult {
  if (!list.length) throw new Error('mergeRulesets needs at least one ruleset');
  const warnings: string[] = [];
  if (list.length === 1) return { ruleset: compileRuleset(list[0]), warnings };

  const merged = structuredClone(list[0]);
  for (const next of list.slice(1)) {
    merged.legal = mergeById(merged.legal, next.legal);
    merged.categories = mergeById(merged.categories, next.categories);
    merged.pageKinds = mergeById(merged.pageKinds, next.pageKinds);
    merged.serviceKinds = mergeById(merged.serviceKinds, next.serviceKinds);
    merged.conditions = mergeById(merged.conditions, next.conditions);
    merged.thirdParties = mergeById(merged.thirdParties, next.thirdParties);
    for (const [service, cells] of Object.entries(next.necessity)) {
      merged.necessity[service] = { ...merged.necessity[service], ...structuredClone(cells) };
    }
    // Field, API and signal rules share one id space, so a later rule of any kind replaces an earlier one.
    const replaced = new Set([...next.fieldRules, ...next.apiRules, ...next.signalRules, ...(next.bridgeRules ?? [])].map((r) => r.id));
    merged.fieldRules = replaceInPlace(merged.fieldRules, next.fieldRules, replaced);
    merged.apiRules = replaceInPlace(merged.apiRules, next.apiRules, replaced);
    merged.signalRules = replaceInPlace(merged.signalRules, next.signalRules, replaced);
    merged.bridgeRules = replaceInPlace(merged.bridgeRules ?? [], next.bridgeRules ?? [], replaced);
    merged.overrides = replaceInPlace(merged.overrides, next.overrides, new Set(next.overrides.map((o) => o.id)));
    if (next.scoring) merged.scoring = structuredClone(next.scoring);
    merged.tests = [...merged.tests, ...structuredClone(next.tests)];
    merged.languages = [...new Set([...merged.languages, ...next.languages])];
  }
  merged.id = list.map((r) => r.id).join('+');
  merged.version = list.map((r) => r.version).join('+');
  dropDangling(merged, warnings);
  const ruleset = compileRuleset(merged);
  // "id@version" of each part, so a report says exactly which rulesets judged it.
  ruleset.key = list.map((r) => `${r.id}@${r.version}`).join('+');
  return { ruleset, warnings };
}

function mergeById<T extends { id: string }>(earlier: T[], later: readonly T[]): T[] {
  const out = [...earlier];
  const at = new Map(out.map((item, i) => [item.id, i]));
  for (const item of later) {
    const i = at.get(item.id);
    if (i === undefined) {
      at.set(item.id, out.length);
      out.push(structuredClone(item));
    } else out[i] = mergeTexts(out[i], item);
  }
  return out;
}

/** The later item, with each of its texts completed by the earlier item's other languages. */
function mergeTexts<T extends object>(earlier: T, later: T): T {
  const out = structuredClone(later) as Record<string, unknown>;
  for (const [key, value] of Object.entries(earlier)) {
    if (TEXT_KEYS.has(key) && isText(value) && isText(out[key])) out[key] = { ...value, ...(out[key] as object) };
  }
  return out as T;
}

function isText(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { en?: unknown }).en === 'string';
}

/** Earlier items keep their place unless replaced (then the later one takes it); new ones go last. */
function replaceInPlace<T extends { id: string }>(earlier: T[], later: readonly T[], replacedIds: ReadonlySet<string>): T[] {
  const byId = new Map(later.map((item) => [item.id, item]));
  const placed = new Set<string>();
  const out: T[] = [];
  for (const item of earlier) {
    if (!replacedIds.has(item.id)) out.push(item);
    else if (byId.has(item.id) && !placed.has(item.id)) {
      out.push(structuredClone(byId.get(item.id)!));
      placed.add(item.id);
    }
  }
  for (const item of later) if (!placed.has(item.id)) out.push(structuredClone(item));
  return out;
}

/**
 * Each ruleset was valid on top of the rulesets it was checked against; when one of those is disabled,
 * references into it dangle. What needs a missing piece is left out, with a warning, instead of failing
 * the whole merge.
 */
function dropDangling(r: Ruleset, warnings: string[]): void {
  const categories = new Set(r.categories.map((c) => c.id));
  const conditions = new Set(r.conditions.map((c) => c.id));
  const services = new Set([...r.serviceKinds.map((s) => s.id), OTHER_SERVICE]);
  const legal = new Set(r.legal.map((l) => l.id));
  const drop = (what: string, why: string) => warnings.push(`left out ${what}: ${why}`);

  r.fieldRules = r.fieldRules.filter(
    (rule) => categories.has(rule.category) || (drop(`rule "${rule.id}"`, `no ruleset defines the category "${rule.category}"`), false),
  );
  r.apiRules = r.apiRules.filter((rule) => {
    if (!categories.has(rule.category)) return (drop(`rule "${rule.id}"`, `no ruleset defines the category "${rule.category}"`), false);
    if (rule.when.pageSignal !== undefined && !conditions.has(rule.when.pageSignal))
      return (drop(`rule "${rule.id}"`, `no ruleset defines the condition "${rule.when.pageSignal}"`), false);
    return true;
  });
  r.signalRules = r.signalRules.filter(
    (rule) => categories.has(rule.category) || (drop(`rule "${rule.id}"`, `no ruleset defines the category "${rule.category}"`), false),
  );
  r.bridgeRules = (r.bridgeRules ?? []).filter(
    (rule) => categories.has(rule.category) || (drop(`rule "${rule.id}"`, `no ruleset defines the category "${rule.category}"`), false),
  );
  for (const c of r.categories) {
    c.legal = c.legal.filter((id) => legal.has(id));
    if (c.impliedBy) c.impliedBy = c.impliedBy.filter((id) => categories.has(id));
  }
  const rules = new Set([...r.fieldRules, ...r.apiRules, ...r.signalRules, ...r.bridgeRules].map((rule) => rule.id));
  const keepCells = (cells: Record<string, Ruleset['necessity'][string][string]>, where: string) => {
    for (const [category, cell] of Object.entries(cells)) {
      if (!categories.has(category)) {
        delete cells[category];
        drop(`${where} → ${category}`, 'no ruleset defines that category');
      } else if (typeof cell === 'object' && !conditions.has(cell.condition)) {
        delete cells[category];
        drop(`${where} → ${category}`, `no ruleset defines the condition "${cell.condition}"`);
      }
    }
  };
  for (const [service, cells] of Object.entries(r.necessity)) {
    if (!services.has(service)) {
      delete r.necessity[service];
      drop(`the necessity column "${service}"`, 'no ruleset defines that service kind');
    } else keepCells(cells, `necessity "${service}"`);
  }
  r.overrides = r.overrides.filter((o) => {
    if (o.serviceKind !== undefined && !services.has(o.serviceKind))
      return (drop(`override "${o.id}"`, `no ruleset defines the service kind "${o.serviceKind}"`), false);
    if (o.necessity) keepCells(o.necessity, `override "${o.id}"`);
    // Silencing something that is not there silences nothing: no warning needed.
    o.silence = o.silence.filter((id) => rules.has(id) || categories.has(id));
    return true;
  });
}
