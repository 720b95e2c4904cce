/**
 * Ruleset references and duplicates: every id a ruleset names (categories, service kinds, conditions,
 * legal references, rules) exists in it or in the rulesets it is applied on top of; ids are unique;
 * site patterns name one site.
 */
import { parse as parseHost } from 'tldts';
import type { Ruleset } from './schema';
import { checkBridgeRules } from './bridge-rules';
import { jsonPath, OTHER_SERVICE, type RulesetError } from './validation-basics';

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
    rules: new Set(
      base.flatMap((b) => [...ids(b.fieldRules), ...ids(b.apiRules), ...ids(b.signalRules ?? []), ...ids(b.bridgeRules ?? [])]),
    ),
  };
}

export function checkReferences(r: Ruleset, pathOf: (item: object) => string, base: readonly Ruleset[]): RulesetError[] {
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
  checkBridgeRules(r.bridgeRules, pathOf, checkRule, err);
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
