/**
 * Scores what a page asks for: every form control, API call, known service's script and map picker
 * that carries personal data becomes a Finding (which element, call or script, which rule, how
 * sensitive, whether this kind of service needs it),
 * and the page gets a grade from A to E, or "not-rated" when it asks for nothing we know.
 *
 * Pure: no browser APIs, no storage, no clock except the `now` it is given.
 */
import { classifyField, type FieldMatch } from '../classify';
import { siteOfHost } from '../../shared/site';
import type {
  ApiObservation,
  FieldDescriptor,
  Finding,
  FrameObservations,
  Grade,
  LocalizedText,
  Necessity,
  NetworkEncoding,
  NetworkVia,
  PageObservations,
  PageReport,
  PageWidget,
} from '../../shared/model';
import type { CompiledApiRule, CompiledRuleset, CompiledSignalRule, SiteJudgement } from '../rules/compile';
import { necessityCell, siteJudgement } from '../rules/compile';
import { serviceKindName } from '../rules/texts';
import { classifyPage, type PageClassification } from './page-kind';
import { attachRecipients, hostMatches, recipientFor, siteOfUrl, thirdPartiesOnPage, thirdPartyForHost } from './recipients';

const GRADE_ORDER: Grade[] = ['A', 'B', 'C', 'D', 'E'];
const NECESSITY_ORDER: Necessity[] = ['necessary', 'conditional', 'unnecessary'];
const MAX_QUESTION = 60;

/** `classify` lets a caller that scores the same fields again (the worker, per report slice) reuse earlier matches. */
export function scorePage(
  obs: PageObservations,
  rs: CompiledRuleset,
  now = Date.now(),
  classify: (f: FieldDescriptor, rs: CompiledRuleset) => FieldMatch | null = classifyField,
): PageReport {
  const matches = new Map<FieldDescriptor, FieldMatch | null>();
  for (const frame of obs.frames) for (const f of frame.fields) matches.set(f, classify(f, rs));
  // A ruleset's site-specific overrides may set the service kind, judge a category or silence rules.
  const site = siteJudgement(rs, obs.url);
  const classified = classifyPage(obs.frames, rs, matches);
  const page = { ...classified, serviceKind: site.serviceKind ?? classified.serviceKind, site };

  const findings: Finding[] = [];
  obs.frames.forEach((frame) => {
    findings.push(...fieldFindings(frame, matches, page, rs));
    findings.push(...apiFindings(frame, page, rs));
    findings.push(...networkFindings(frame, obs.url, page, rs));
    findings.push(...scriptFindings(frame, obs.url, page, rs));
    findings.push(...scriptPathFindings(frame, page, rs));
    findings.push(...widgetFindings(frame, page, rs));
  });
  dropSilenced(findings, site);
  countEachCategoryOnce(findings);
  attachRecipients(findings, obs, rs);
  const order = new Map(findings.map((f, i) => [f, i]));
  findings.sort(
    (a, b) =>
      b.penalty - a.penalty ||
      b.tier - a.tier ||
      NECESSITY_ORDER.indexOf(b.necessity) - NECESSITY_ORDER.indexOf(a.necessity) ||
      order.get(a)! - order.get(b)!,
  );

  const { score, grade } = gradeFindings(findings, rs);
  return {
    url: obs.url,
    grade,
    score,
    pageKind: page.pageKind,
    serviceKind: page.serviceKind,
    findings,
    thirdParties: thirdPartiesOnPage(obs.frames, obs.url, rs),
    ruleset: rs.key,
    updatedAt: now,
  };
}

// ---------------------------------------------------------------------------------------------------
// Findings

function fieldFindings(
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

function apiFindings(frame: FrameObservations, page: PageClassification, rs: CompiledRuleset): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const call of frame.apis) {
    if (call.api === 'network.send') continue; // networkFindings
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

// Evidence in code-like notation, like API calls' (readable in any UI language); the localized
// necessity note and "Who gets it" say in words that it left before submit.
const VIA_LABELS: Record<NetworkVia, string> = {
  fetch: 'fetch()',
  xhr: 'XMLHttpRequest',
  beacon: 'navigator.sendBeacon()',
  image: '<img src>',
  script: '<script src>',
  websocket: 'WebSocket.send()',
};
const ENCODING_LABELS: Record<NetworkEncoding, string> = {
  raw: 'plain',
  urlencoded: 'URL-encoded',
  base64: 'base64',
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
};
const SENT_EARLY_NOTE: LocalizedText = {
  en: 'Sent to another site before you submitted anything: no service needs that.',
  'zh-CN': '在你提交之前就被发送给了其他网站：任何服务都不需要这样做。',
};

/**
 * Data the page world saw leave for another site before submit (`network.send`, receiver already
 * reduced to a site and checked to be another site by the background). Never necessary, whatever the
 * service; the ruleset's `network.send` rule for the category names it, and a ruleset without one
 * does not report it. One finding per category and receiving site.
 */
function networkFindings(frame: FrameObservations, pageUrl: string, page: PageClassification, rs: CompiledRuleset): Finding[] {
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
      evidence: `${VIA_LABELS[call.via] ?? call.via} → ${call.receiver} (${ENCODING_LABELS[call.encoding] ?? call.encoding})`,
      api: call.api,
      frameUrl: frame.frameUrl,
      element: null,
    });
    const s = rs.scoring;
    f.necessity = 'unnecessary';
    f.necessityNote = SENT_EARLY_NOTE;
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
function scriptFindings(frame: FrameObservations, pageUrl: string, page: PageClassification, rs: CompiledRuleset): Finding[] {
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
function scriptPathFindings(frame: FrameObservations, page: PageClassification, rs: CompiledRuleset): Finding[] {
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
function widgetFindings(frame: FrameObservations, page: PageClassification, rs: CompiledRuleset): Finding[] {
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

type FindingBase = Omit<Finding, 'tier' | 'penalty' | 'necessity' | 'necessityNote'>;

/** Findings of a rule or category that an override silences on this site are not shown at all. */
function dropSilenced(findings: Finding[], site: SiteJudgement): void {
  if (!site.silence.size) return;
  const kept = findings.filter((f) => !site.silence.has(f.ruleId) && !site.silence.has(f.category));
  findings.splice(0, findings.length, ...kept);
}

function finding(rs: CompiledRuleset, page: PageClassification & { site?: SiteJudgement }, base: FindingBase): Finding {
  const tier = rs.categories.get(base.category)?.tier ?? 1;
  const { necessity, note } = judgeNecessity(rs, page, base.category);
  const s = rs.scoring;
  const weight = s.tierWeights[tier - 1] ?? 0;
  const factor = s.necessityFactors[necessity];
  const optional = base.required === false ? s.optionalFactor : 1;
  return { ...base, necessity, tier, penalty: round(weight * factor * optional), necessityNote: note };
}

/** A category counts once per page, with its worst finding; the others still show but take nothing off. */
function countEachCategoryOnce(findings: Finding[]): void {
  const worst = new Map<string, Finding>();
  for (const f of findings) {
    const current = worst.get(f.category);
    if (!current || f.penalty > current.penalty) worst.set(f.category, f);
  }
  for (const f of findings) if (worst.get(f.category) !== f) f.penalty = 0;
}

function gradeFindings(findings: Finding[], rs: CompiledRuleset): { score: number | null; grade: Grade } {
  if (!findings.length) return { score: null, grade: 'not-rated' };
  const s = rs.scoring;
  const total = findings.reduce((sum, f) => sum + f.penalty, 0);
  const score = Math.max(0, Math.round(100 - total));
  let grade: Grade =
    score >= s.gradeFloors.A ? 'A' : score >= s.gradeFloors.B ? 'B' : score >= s.gradeFloors.C ? 'C' : score >= s.gradeFloors.D ? 'D' : 'E';
  // An unnecessary request of a sensitive tier caps the grade, however good the rest is, when the user
  // cannot simply leave it out (a required field, or an API call that already happened). A loaded
  // script or a map picker has not taken anything yet: it counts in the score only.
  for (const f of findings) {
    if (f.necessity !== 'unnecessary' || !(f.required === true || f.source === 'api' || f.source === 'network')) continue;
    const cap = s.tierCaps[String(f.tier) as '1' | '2' | '3' | '4'];
    if (cap && GRADE_ORDER.indexOf(cap) > GRADE_ORDER.indexOf(grade)) grade = cap;
  }
  return { score, grade };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------------------------------------------
// Necessity and its explanation

const TEMPLATES = {
  necessary: { en: 'Needed for this kind of service ({service}).', 'zh-CN': '此类服务（{service}）需要这项信息。' },
  conditional: {
    en: 'Needed only in some cases for this kind of service ({service}).',
    'zh-CN': '此类服务（{service}）仅在部分情况下需要这项信息。',
  },
  unnecessary: {
    en: 'Not needed for this kind of service ({service}); you can refuse it.',
    'zh-CN': '此类服务（{service}）不需要这项信息，你可以拒绝提供。',
  },
  conditionMet: { en: 'Conditional: this page shows "{condition}". {note}', 'zh-CN': '有条件：页面上出现了“{condition}”。{note}' },
  conditionUnmet: {
    en: 'Counted as unnecessary: this page shows no sign of "{condition}". {note}',
    'zh-CN': '按非必要计：页面上没有“{condition}”的迹象。{note}',
  },
  unjudged: {
    en: 'This ruleset does not judge this data for this kind of service.',
    'zh-CN': '当前规则集没有对此类服务的这项信息作出判断。',
  },
  site: {
    en: 'A rule for this site ({override}) judges this data as {level} here. {reason}',
    'zh-CN': '针对本网站的规则（{override}）将这项信息判定为“{level}”。{reason}',
  },
} satisfies Record<string, LocalizedText>;

const LEVEL_NAMES: Record<Necessity, LocalizedText> = {
  necessary: { en: 'needed', 'zh-CN': '需要' },
  conditional: { en: 'needed only in some cases', 'zh-CN': '仅部分情况下需要' },
  unnecessary: { en: 'not needed', 'zh-CN': '不需要' },
};

export function judgeNecessity(
  rs: CompiledRuleset,
  page: Pick<PageClassification, 'serviceKind' | 'conditions'> & { site?: SiteJudgement },
  category: string,
): { necessity: Necessity; note: LocalizedText } {
  const bySite = page.site?.necessity.get(category);
  const cell = bySite?.cell ?? necessityCell(rs, page.serviceKind, category);
  const service = serviceKindName(rs, page.serviceKind);
  if (cell === undefined) return { necessity: 'conditional', note: fill(TEMPLATES.unjudged, {}) };
  if (bySite && typeof cell === 'string') {
    // Said of this site, not of its kind of service: the note names the override and its reason.
    return {
      necessity: cell,
      note: fill(TEMPLATES.site, {
        override: { en: bySite.override.id },
        level: LEVEL_NAMES[cell],
        reason: bySite.override.reason ?? { en: '' },
      }),
    };
  }
  if (typeof cell === 'string') return { necessity: cell, note: fill(TEMPLATES[cell], { service }) };
  const condition = rs.conditions.find((c) => c.id === cell.condition)?.name ?? { en: cell.condition };
  const met = page.conditions.includes(cell.condition);
  return {
    necessity: met ? 'conditional' : 'unnecessary',
    note: fill(met ? TEMPLATES.conditionMet : TEMPLATES.conditionUnmet, { condition, note: cell.note }),
  };
}

/** Fills a template in every language the template has; values fall back to English. */
function fill(template: LocalizedText, values: Record<string, LocalizedText>): LocalizedText {
  const out: LocalizedText = { en: '' };
  for (const [lang, text] of Object.entries(template)) {
    if (text === undefined) continue;
    out[lang] = text.replace(/\{(\w+)\}/g, (_, key: string) => values[key]?.[lang] ?? values[key]?.en ?? '').trim();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Evidence: what the user can look for on the page. Attributes and label text only, never a value.

export function fieldEvidence(f: FieldDescriptor): string {
  // For radios the button's own label ("Female") says less than the group's question ("Gender").
  const question =
    f.type === 'radio' ? f.nearbyText || f.labelText || f.ariaLabel : f.labelText || f.ariaLabel || f.nearbyText || f.placeholder;
  const attrs: string[] = [f.tag];
  if (f.type === 'file' || f.type === 'radio') attrs.push(`type="${f.type}"`);
  if (f.type === 'file' && f.capture) attrs.push(`capture="${f.capture}"`);
  if (f.name) attrs.push(`name="${short(f.name, 40)}"`);
  else if (f.id) attrs.push(`id="${short(f.id, 40)}"`);
  else if (f.autocomplete) attrs.push(`autocomplete="${short(f.autocomplete, 40)}"`);
  const element = attrs.join(' ');
  // Required markers ("*", "：") are decoration, not part of the question.
  const text = question
    .replace(/\s+/g, ' ')
    .replace(/[\s*＊:：]+$/u, '')
    .trim();
  return text ? `"${short(text, MAX_QUESTION)}" (${element})` : element;
}

function short(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function apiEvidence(call: ApiObservation): string {
  switch (call.api) {
    case 'geolocation.getCurrentPosition':
    case 'geolocation.watchPosition':
      return `navigator.${call.api}({enableHighAccuracy: ${call.highAccuracy === true}})`;
    case 'mediaDevices.getUserMedia': {
      const parts: string[] = [];
      if (call.video) parts.push(call.facingUser ? 'video: {facingMode: "user"}' : 'video: true');
      if (call.audio) parts.push('audio: true');
      return `navigator.mediaDevices.getUserMedia({${parts.join(', ')}})`;
    }
    case 'contacts.select': {
      const props = (Array.isArray(call.properties) ? call.properties : []).slice(0, 5).map((p) => JSON.stringify(short(String(p), 20)));
      return `navigator.contacts.select([${props.join(', ')}], {multiple: ${call.multiple === true}})`;
    }
    case 'permissions.query':
      return `navigator.permissions.query({name: ${JSON.stringify(short(String(call.name), 40))}})`;
    default:
      return 'unknown API call';
  }
}
