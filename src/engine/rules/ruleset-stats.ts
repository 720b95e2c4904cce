/**
 * What a ruleset contains, in numbers (for `npm run ruleset -- stats` and the format guide): counts per
 * section and category, regexes, language coverage of every text, size.
 */
import type { Ruleset } from './schema';

export interface RulesetStats {
  id: string;
  version: string;
  formatVersion: number;
  bytes: number;
  sections: Record<string, number>;
  /** Per category: field rules, API rules, signal rules, tests that expect it, service kinds that judge it. */
  categories: Record<string, { tier: number; fieldRules: number; apiRules: number; signalRules: number; tests: number; judgedBy: number }>;
  regexes: number;
  /** Per declared language: how many of the ruleset's texts exist in it, out of how many. */
  languages: Record<string, { texts: number; of: number }>;
  /** Rules (field, API and signal) that no inline test expects by id. */
  untestedRules: string[];
}

export function rulesetStats(r: Ruleset, bytes: number): RulesetStats {
  const categories: RulesetStats['categories'] = {};
  for (const c of r.categories) categories[c.id] = { tier: c.tier, fieldRules: 0, apiRules: 0, signalRules: 0, tests: 0, judgedBy: 0 };
  const count = (id: string, key: 'fieldRules' | 'apiRules' | 'signalRules' | 'tests' | 'judgedBy') => {
    const entry = categories[id];
    if (entry) entry[key] += 1;
  };
  for (const rule of r.fieldRules) count(rule.category, 'fieldRules');
  for (const rule of r.apiRules) count(rule.category, 'apiRules');
  for (const rule of r.signalRules) count(rule.category, 'signalRules');
  for (const test of r.tests) for (const category of new Set(test.expect.map((e) => e.category))) count(category, 'tests');
  for (const cells of Object.values(r.necessity)) for (const category of Object.keys(cells)) count(category, 'judgedBy');

  let regexes = 0;
  for (const signal of [...r.pageKinds, ...r.serviceKinds, ...r.conditions]) regexes += signal.url.length + signal.text.length;
  for (const rule of r.fieldRules)
    regexes += Number(rule.text !== undefined) + Number(rule.exclude !== undefined) + Number(rule.file?.accept !== undefined);
  for (const rule of r.signalRules) regexes += Number(rule.text !== undefined);

  const texts = localizedTexts(r);
  const languages: RulesetStats['languages'] = {};
  for (const lang of r.languages) languages[lang] = { texts: texts.filter((t) => typeof t[lang] === 'string').length, of: texts.length };

  const tested = new Set(r.tests.flatMap((t) => t.expect.map((e) => e.ruleId)));
  return {
    id: r.id,
    version: r.version,
    formatVersion: r.formatVersion,
    bytes,
    sections: {
      legal: r.legal.length,
      categories: r.categories.length,
      pageKinds: r.pageKinds.length,
      serviceKinds: r.serviceKinds.length,
      conditions: r.conditions.length,
      necessityColumns: Object.keys(r.necessity).length,
      necessityCells: Object.values(r.necessity).reduce((sum, cells) => sum + Object.keys(cells).length, 0),
      fieldRules: r.fieldRules.length,
      apiRules: r.apiRules.length,
      signalRules: r.signalRules.length,
      thirdParties: r.thirdParties.length,
      overrides: r.overrides.length,
      tests: r.tests.length,
    },
    categories,
    regexes,
    languages,
    untestedRules: [...r.fieldRules, ...r.apiRules, ...r.signalRules, ...(r.bridgeRules ?? [])]
      .map((rule) => rule.id)
      .filter((id) => !tested.has(id)),
  };
}

/** Every LocalizedText in the ruleset: titles, names, explanations, notes, reasons. */
function localizedTexts(r: Ruleset): Record<string, string>[] {
  const out: Record<string, string>[] = [r.title];
  if (r.description) out.push(r.description);
  for (const l of r.legal) out.push(l.title);
  for (const c of r.categories) out.push(c.name, c.why, c.whatToDo);
  for (const s of [...r.pageKinds, ...r.serviceKinds, ...r.conditions]) out.push(s.name);
  for (const p of r.thirdParties) {
    out.push(p.name);
    if (p.why) out.push(p.why);
  }
  const cells = [...Object.values(r.necessity), ...r.overrides.map((o) => o.necessity ?? {})].flatMap((c) => Object.values(c));
  for (const cell of cells) if (typeof cell === 'object') out.push(cell.note);
  for (const o of r.overrides) if (o.reason) out.push(o.reason);
  return out as Record<string, string>[];
}
