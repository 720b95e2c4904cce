/**
 * "This is wrong": a user's corrections of findings, as ruleset data. Each correction becomes a site
 * override (FORMAT.md, "Site overrides") with an inline test, so the same thing serves three purposes:
 * the local override that applies at once (merged on top of the user's rulesets), the snippet a user can
 * share with a ruleset's maintainers, and the corrections file others import like any ruleset.
 *
 * Nothing here holds a value the user typed: a correction names a site, a category, a rule, and the
 * question that was asked (the element's attributes and label, as the finding's evidence shows them).
 */
import type { ApiObservation, FindingElement, FindingSource } from '../../shared/model';
import type { RulesetInput } from './schema';

/** Not asked here (the detector misfired), wrong kind of data (asked, but not this), this service needs it. */
export const CORRECTION_KINDS = ['not-asked', 'wrong-kind', 'needed'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export interface Correction {
  /** The settings key of the site: registrable domain, or the host for IPs and "localhost". */
  site: string;
  category: string;
  ruleId: string;
  kind: CorrectionKind;
  source: FindingSource;
  /** When the user made it (ms since the epoch). */
  at: number;
  /** What the inline test shows the engine: the asking element, or the request the page made. */
  example: CorrectionExample;
}

export interface CorrectionExample {
  /** HTML of the asking element: its attributes and label, never its value. */
  html: string;
  /** A network.send observation (category, receiving host, via, encoding) for data sent before submit. */
  apis: Extract<ApiObservation, { api: 'network.send' }>[];
}

export const CORRECTIONS_RULESET_ID = 'local.corrections';
/** Per site and in all: corrections are a handful; a bound keeps storage and the merge small. */
export const MAX_CORRECTIONS_PER_SITE = 50;
export const MAX_CORRECTIONS = 500;

const REASONS: Record<CorrectionKind, { en: string; 'zh-CN': string }> = {
  'not-asked': { en: 'A user reported that this page does not ask for this.', 'zh-CN': '有用户报告：此页面并未索取这项信息。' },
  'wrong-kind': {
    en: 'A user reported that this page asks for a different kind of data.',
    'zh-CN': '有用户报告：此页面索取的是另一类信息。',
  },
  needed: { en: 'A user reported that this service needs this data.', 'zh-CN': '有用户报告：此服务确实需要这项信息。' },
};

const ATTR = /^[\w:.\- ]{0,80}$/;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * The HTML of an asking element, rebuilt from a finding: its tag, attributes and label text (the question
 * from the evidence, `"Phone" (input name="tel")`). Unknown tags and odd attribute values are left out.
 */
export function exampleHtml(element: FindingElement | null, evidence: string): string {
  if (!element || !['input', 'select', 'textarea'].includes(element.tag)) return '';
  const attrs: string[] = [];
  for (const [name, value] of [
    ['type', element.type],
    ['name', element.name],
    ['id', element.id],
    ['autocomplete', element.autocomplete],
  ] as const) {
    if (value && ATTR.test(value)) attrs.push(` ${name}="${escapeHtml(value)}"`);
  }
  const control = element.tag === 'input' ? `<input${attrs.join('')}>` : `<${element.tag}${attrs.join('')}></${element.tag}>`;
  const question = /^"(.{1,200})" \(/u.exec(evidence)?.[1];
  return question ? `<label>${escapeHtml(question)} ${control}</label>` : control;
}

/** Lower-case id-safe form of a site, for override ids ("127.0.0.1" → "127-0-0-1"). */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** The override that makes a correction: silence the rule, or judge the category necessary on the site. */
type OverrideInput = NonNullable<RulesetInput['overrides']>[number];
type TestInput = NonNullable<RulesetInput['tests']>[number];

export function correctionOverride(c: Correction): OverrideInput {
  const id = `fix.${slug(c.site)}.${slug(c.ruleId)}.${c.kind}`.slice(0, 64);
  // A data transfer or a loaded script cannot be "needed" in the matrix (they are judged as sent early,
  // or as a service's script): saying so silences them, like a misfire.
  if (c.kind === 'needed' && c.source !== 'network' && c.source !== 'script')
    return { id, sites: [c.site], reason: REASONS[c.kind], necessity: { [c.category]: 'necessary' } };
  return { id, sites: [c.site], reason: REASONS[c.kind], silence: [c.ruleId] };
}

/** The inline test that proves the override: the finding is gone, or judged necessary. */
export function correctionTest(c: Correction): TestInput {
  const base = {
    name: `${c.site}: ${c.ruleId} (${c.kind})`.slice(0, 200),
    url: `https://${c.site}/`,
    html: c.example.html,
    ...(c.example.apis.length ? { apis: c.example.apis } : {}),
  };
  const override = correctionOverride(c);
  return override.necessity
    ? { ...base, expect: [{ category: c.category, ruleId: c.ruleId, necessity: 'necessary' as const }] }
    : { ...base, expectNot: [c.category] };
}

/** Corrections as one ruleset (to merge on top of the user's, or to export): later corrections win. */
export function correctionsRuleset(corrections: readonly Correction[], version = '1'): RulesetInput {
  const overrides = new Map<string, OverrideInput>();
  const tests = new Map<string, TestInput>();
  for (const c of corrections.slice(-MAX_CORRECTIONS)) {
    const o = correctionOverride(c);
    overrides.delete(o.id);
    overrides.set(o.id, o);
    const t = correctionTest(c);
    tests.delete(t.name);
    // A test needs something to score: a correction without an element or a request has none.
    if (t.html || t.apis) tests.set(t.name, t);
  }
  return {
    formatVersion: 1,
    id: CORRECTIONS_RULESET_ID,
    title: { en: 'My corrections', 'zh-CN': '我的更正' },
    description: {
      en: 'Findings users marked as wrong, as site overrides. Import this file to apply them.',
      'zh-CN': '用户标记为有误的发现，以网站例外规则的形式保存。导入此文件即可应用。',
    },
    version,
    languages: ['en', 'zh-CN'],
    categories: [],
    necessity: {},
    overrides: [...overrides.values()],
    tests: [...tests.values()],
  };
}

/** The text to share for one correction: the override and its test, ready to paste into a ruleset. */
export function correctionSnippet(c: Correction): string {
  return JSON.stringify({ overrides: [correctionOverride(c)], tests: [correctionTest(c)] }, null, 2);
}

/**
 * A prefilled report for a ruleset's `supportUrl`: GitHub and GitLab issue trackers get a new-issue URL
 * with title and body; any other address is returned as it is (the user pastes the text). Built only
 * when the user asks, opened only when they click: the extension itself sends nothing.
 */
export function reportUrl(supportUrl: string, title: string, body: string): string {
  let url: URL;
  try {
    url = new URL(supportUrl);
  } catch {
    return supportUrl;
  }
  const github = /^\/[^/]+\/[^/]+\/issues\/?$/.test(url.pathname) && url.hostname === 'github.com';
  const gitlab = /\/-\/issues\/?$/.test(url.pathname);
  if (!github && !gitlab) return supportUrl;
  const next = new URL(url.pathname.replace(/\/?$/, '/new'), url.origin);
  // Long snippets make URLs browsers refuse: the body is cut (the full text is shown to copy).
  const cut = body.length > 6000 ? body.slice(0, 6000) + '\n…' : body;
  if (github) {
    next.searchParams.set('title', title);
    next.searchParams.set('body', cut);
  } else {
    next.searchParams.set('issue[title]', title);
    next.searchParams.set('issue[description]', cut);
  }
  return next.href;
}
