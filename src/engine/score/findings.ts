/**
 * The findings of one frame, one producer per kind of evidence: form fields, API calls, data sent
 * away before submit, known services' scripts, and map pickers. Each finding says which element or
 * call, which rule, how sensitive the data is and whether this kind of service needs it.
 */
import type { FieldMatch } from '../classify';
import { siteOfHost, siteOfUrl } from '../../shared/site';
import type { ApiObservation, FieldDescriptor, Finding, FrameObservations, PageWidget } from '../../shared/model';
import type { CompiledApiRule, CompiledRuleset, CompiledSignalRule, SiteJudgement } from '../rules/compile';
import type { PageClassification } from './page-kind';
import { hostMatches, recipientFor, thirdPartyForHost } from './recipients';
import { apiEvidence, fieldEvidence, MAX_QUESTION, networkEvidence, short } from './evidence';
import { judgeNecessity } from './necessity';
import { localized } from '../../shared/strings';

export function fieldFindings(
  frame: FrameObservations,
  matches: Map<FieldDescriptor, FieldMatch | null>,
  page: PageClassification,
  rs: CompiledRuleset,
): Finding[] {
  const out: Finding[] = [];
  // A radio group is one question however many buttons it has.
  const radioGroups = new Set<string>();
  for (const f of frame.fields) {
    const match = matches.get(f) ?? null;
    if (!match) continue;
    if (f.type === 'radio' && f.name) {
      if (radioGroups.has(f.name)) continue;
      radioGroups.add(f.name);
    }
    out.push(
      finding(rs, page, {
        category: match.category,
        source: 'field',
        required: f.required,
        ruleId: match.ruleId,
        evidence: fieldEvidence(f),
        api: null,
        frameUrl: frame.frameUrl,
        element: { tag: f.tag, type: f.type, id: f.id, name: f.name, autocomplete: f.autocomplete, selector: f.selector },
      }),
    );
  }
  return out;
}

export function apiFindings(frame: FrameObservations, page: PageClassification, rs: CompiledRuleset): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const call of frame.apis) {
    if (call.api === 'network.send' || call.api === 'bridge.request') continue; // networkFindings, bridgeFindings
    const evidence = apiEvidence(call);
    if (seen.has(evidence)) continue;
    seen.add(evidence);
    for (const rule of classifyApiCall(call, rs, page.conditions)) {
      // A call judged by what the page shows says what that was: why a camera request is a face scan.
      const shown = rule.when.pageSignal && page.conditionEvidence[rule.when.pageSignal];
      out.push(
        finding(rs, page, {
          category: rule.category,
          source: 'api',
          required: null,
          ruleId: rule.id,
          evidence: shown ? `${evidence} + ${shown}` : evidence,
          api: call.api,
          frameUrl: frame.frameUrl,
          element: null,
        }),
      );
    }
  }
  return out;
}

/**
 * Data the page world saw leave for another site before submit (`network.send`, receiver already
 * reduced to a site and checked to be another site by the background). Never necessary, whatever the
 * service; the ruleset's `network.send` rule for the category names it, and a ruleset without one
 * does not report it. One finding per category and receiving site.
 */
export function networkFindings(frame: FrameObservations, pageUrl: string, page: PageClassification, rs: CompiledRuleset): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const call of frame.apis) {
    if (call.api !== 'network.send' || seen.has(`${call.category} ${call.receiver}`)) continue;
    const rule = (rs.apiRulesByApi.get('network.send') ?? [])
      .filter((r) => r.category === call.category)
      .reduce<CompiledApiRule | null>((best, r) => (!best || r.weight > best.weight ? r : best), null);
    if (!rule) continue;
    seen.add(`${call.category} ${call.receiver}`);
    const f = finding(rs, page, {
      category: call.category,
      source: 'network',
      required: null,
      ruleId: rule.id,
      evidence: networkEvidence(call),
      api: call.api,
      frameUrl: frame.frameUrl,
      element: null,
    });
    const s = rs.scoring;
    f.necessity = 'unnecessary';
    f.necessityNote = localized('judgement.sentEarly');
    f.sent = { receiver: call.receiver, via: call.via, encoding: call.encoding };
    f.penalty = round((s.tierWeights[f.tier - 1] ?? 0) * s.necessityFactors.unnecessary);
    const recipient = recipientFor(`https://${call.receiver}/`, siteOfUrl(pageUrl), 'network', rs);
    if (recipient) f.recipients = [recipient];
    out.push(f);
  }
  return out;
}

/**
 * Known services' scripts that ask for data once they run (a face-verification SDK): one finding per
 * category and service, by the strongest signal rule that matches. The page's own site does not count
 * (the vendor's own pages load its scripts). Not capping: a loaded script has not asked yet, so it
 * counts in the score but does not cap the grade the way a required field or an API call does.
 */
export function scriptFindings(frame: FrameObservations, pageUrl: string, page: PageClassification, rs: CompiledRuleset): Finding[] {
  const rules = rs.signalRules.filter((r) => r.thirdPartyKinds.size || r.scriptHosts.length);
  // (Rules that watch only script paths are scriptPathFindings'.)
  if (!rules.length || !frame.page.scriptHosts.length) return [];
  const pageSite = siteOfUrl(pageUrl);
  const parties = rs.source.thirdParties ?? [];
  const pageText = `${frame.page.title} | ${frame.page.text}`;
  const candidates = frame.page.scriptHosts
    .map((host) => ({ host, site: siteOfHost(host), party: thirdPartyForHost(host, parties) }))
    .filter((h) => h.site !== pageSite);
  // category + service → the finding, whose evidence lists the service's hosts seen.
  const found = new Map<string, { finding: Finding; hosts: string[]; name: string }>();
  // Rules are strongest first: per category and service, the first rule that matches decides.
  for (const rule of rules) {
    if (rule.text && !rule.text.test(pageText)) continue;
    for (const { host, site, party } of candidates) {
      const matches = (party && rule.thirdPartyKinds.has(party.kind)) || rule.scriptHosts.some((suffix) => hostMatches(host, suffix));
      if (!matches) continue;
      const key = `${rule.category} ${party?.id ?? site}`;
      const entry = found.get(key);
      if (entry) {
        if (entry.finding.ruleId === rule.id && !entry.hosts.includes(host)) entry.hosts.push(host);
        continue;
      }
      const f = finding(rs, page, {
        category: rule.category,
        source: 'script',
        required: null,
        ruleId: rule.id,
        evidence: '',
        api: null,
        frameUrl: frame.frameUrl,
        element: null,
      });
      // Another site's script (candidates exclude the page's own): a third party or another site.
      const recipient = recipientFor(`https://${host}/`, pageSite, 'script', rs);
      if (recipient) f.recipients = [recipient];
      found.set(key, { finding: f, hosts: [host], name: party?.name.en ?? site });
    }
  }
  return [...found.values()].map(({ finding: f, hosts, name }) => {
    const shown = hosts.slice(0, 3).join(', ') + (hosts.length > 3 ? ', …' : '');
    f.evidence = `<script src> ${name} (${shown})`;
    return f;
  });
}

/**
 * Scripts known by their file name on any host, the page's own included (a self-hosted face SDK):
 * one finding per category, by the strongest signal rule whose `scriptPaths` (and `text`, if any)
 * match. Not capping, like other script findings.
 */
export function scriptPathFindings(frame: FrameObservations, page: PageClassification, rs: CompiledRuleset): Finding[] {
  const paths = frame.page.scripts ?? [];
  if (!paths.length) return [];
  const pageText = `${frame.page.title} | ${frame.page.text}`;
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rs.signalRules) {
    if (!rule.scriptPaths || seen.has(rule.category) || (rule.text && !rule.text.test(pageText))) continue;
    const path = paths.find((p) => rule.scriptPaths!.test(p));
    if (!path) continue;
    seen.add(rule.category);
    out.push(
      finding(rs, page, {
        category: rule.category,
        source: 'script',
        required: null,
        ruleId: rule.id,
        evidence: `<script src> ${short(path.split('/').filter(Boolean).slice(-2).join('/'), MAX_QUESTION)}`,
        api: null,
        frameUrl: frame.frameUrl,
        element: null,
      }),
    );
  }
  return out;
}

/** A map library's name as evidence shows it; an ARIA map of unknown make is just "map". */
function widgetEvidence(w: PageWidget, words: string | null): string {
  const what = w.library === 'map' ? 'map' : `map (${w.library})`;
  // Only the words that made it a request: the text around a map may show a looked-up address.
  return words ? `${what} "${short(words.replace(/\s+/g, ' ').trim(), MAX_QUESTION)}"` : what;
}

/**
 * Widgets that ask for data (a map where you drag a pin to your door): one finding per category and
 * map library in a frame, by the strongest signal rule whose `text` matches the map's label and the
 * text around it. A map without such words (a store map) is no finding. Like scripts, not capping:
 * the user may leave the pin alone.
 */
export function widgetFindings(frame: FrameObservations, page: PageClassification, rs: CompiledRuleset): Finding[] {
  const rules = rs.signalRules.filter((r) => r.widget !== null);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const w of rules.length ? (frame.page.widgets ?? []) : []) {
    for (const rule of rules) {
      const key = `${rule.category} ${w.library}`;
      if (rule.widget !== w.kind || seen.has(key)) continue;
      const words = rule.text ? matchedWords(rule, w.text) : null;
      if (rule.text && words === null) continue;
      seen.add(key);
      out.push(
        finding(rs, page, {
          category: rule.category,
          source: 'widget',
          required: null,
          ruleId: rule.id,
          evidence: widgetEvidence(w, words),
          api: null,
          frameUrl: frame.frameUrl,
          element: { tag: 'div', type: '', id: '', name: '', autocomplete: '', selector: w.selector },
        }),
      );
    }
  }
  return out;
}

function matchedWords(rule: CompiledSignalRule, text: string): string | null {
  const m = rule.text!.full.exec(text);
  return m ? m[0] : null;
}

/**
 * The rules an API call matches: the strongest per category, minus categories that another matched
 * category implies (a face scan is also a camera use; it is reported once, as the face scan).
 */
export function classifyApiCall(call: ApiObservation, rs: CompiledRuleset, conditions: readonly string[]): CompiledApiRule[] {
  const byCategory = new Map<string, CompiledApiRule>();
  for (const rule of rs.apiRulesByApi.get(call.api) ?? []) {
    if (!apiRuleHolds(rule, call, conditions)) continue;
    const current = byCategory.get(rule.category);
    if (!current || rule.weight > current.weight) byCategory.set(rule.category, rule);
  }
  return [...byCategory.values()].filter(
    (rule) => !(rs.categories.get(rule.category)?.impliedBy ?? []).some((other) => byCategory.has(other)),
  );
}

function apiRuleHolds(rule: CompiledApiRule, call: ApiObservation, conditions: readonly string[]): boolean {
  const when = rule.when;
  const has = (key: string) => key in call;
  const value = (key: string) => (call as unknown as Record<string, unknown>)[key];
  for (const key of ['highAccuracy', 'video', 'facingUser'] as const) {
    if (when[key] !== undefined && (!has(key) || value(key) !== when[key])) return false;
  }
  if (when.permission !== undefined && (call.api !== 'permissions.query' || call.name !== when.permission)) return false;
  if (when.pageSignal !== undefined && !conditions.includes(when.pageSignal)) return false;
  return true;
}

export type FindingBase = Omit<Finding, 'tier' | 'penalty' | 'necessity' | 'necessityNote'>;

/** Findings of a rule or category that an override silences on this site are not shown at all. */
export function dropSilenced(findings: Finding[], site: SiteJudgement): void {
  if (!site.silence.size) return;
  const kept = findings.filter((f) => !site.silence.has(f.ruleId) && !site.silence.has(f.category));
  findings.splice(0, findings.length, ...kept);
}

export function finding(rs: CompiledRuleset, page: PageClassification & { site?: SiteJudgement }, base: FindingBase): Finding {
  const tier = rs.categories.get(base.category)?.tier ?? 1;
  const { necessity, note } = judgeNecessity(rs, page, base.category);
  const s = rs.scoring;
  const weight = s.tierWeights[tier - 1] ?? 0;
  const factor = s.necessityFactors[necessity];
  // An optional field, and a bridge request the page only declares, count as much as an optional field.
  const optional = base.required === false || base.bridge?.declared ? s.optionalFactor : 1;
  return { ...base, necessity, tier, penalty: round(weight * factor * optional), necessityNote: note };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
