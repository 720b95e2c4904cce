/**
 * "This is wrong" in the worker: a finding of a tab's report, corrected by the user, is stored under its
 * site in settings (storage.local, so it survives worker restarts and is listed in Options → Sites) and
 * applied as a site override: the corrections ruleset is merged on top of the user's rulesets
 * (active-ruleset.ts), and open tabs are rescored at once.
 *
 * What to share is built here and handed to the popup; nothing is sent anywhere. Corrections hold no
 * values: a rule, a category, and the question the page asked (its element and label).
 */
import type { Finding, PageReport } from '../shared/model';
import type { CorrectResult } from '../messaging/protocol';
import type { Ruleset } from '../engine/rules/schema';
import {
  CORRECTIONS_RULESET_ID,
  MAX_CORRECTIONS_PER_SITE,
  correctionSnippet,
  correctionsRuleset,
  exampleHtml,
  reportUrl,
  type Correction,
  type CorrectionExample,
  type CorrectionKind,
} from '../engine/rules/corrections';
import { validateRuleset } from '../engine/rules/validate';
import { getSettings, updateSettings, type Settings, type StoredCorrection } from '../store/settings';
import { settingsSiteOfPage } from '../shared/site';

/** Every stored correction, oldest first (a later one wins where two disagree). */
export function allCorrections(settings: Settings): Correction[] {
  return Object.entries(settings.sites)
    .flatMap(([site, s]) => (s.corrections ?? []).map((c) => ({ ...c, site })))
    .sort((a, b) => a.at - b.at);
}

/**
 * The corrections as a ruleset to merge on top of `base` (the user's rulesets), or null when there are
 * none or they no longer fit (a correction of a rule whose ruleset was removed is left out by the merge).
 * Validated like any imported ruleset: settings are ours, but the format's checks are the one gate.
 */
export async function correctionsLayer(base: readonly Ruleset[]): Promise<Ruleset | null> {
  const settings = await getSettings().catch(() => null);
  const corrections = settings ? allCorrections(settings) : [];
  if (!corrections.length) return null;
  const result = validateRuleset(correctionsRuleset(corrections), { base });
  if (!result.ok) {
    console.warn('[need-to-know] corrections left out:', result.errors.map((e) => `${e.path}: ${e.reason}`).join('; '));
    return null;
  }
  return result.ruleset;
}

function exampleOf(f: Finding): CorrectionExample {
  return {
    html: exampleHtml(f.element, f.evidence),
    apis: f.source === 'network' && f.sent ? [{ api: 'network.send', category: f.category, ...f.sent }] : [],
  };
}

export interface CorrectionsDeps {
  report(tabId: number): Promise<PageReport | null>;
  /** The rulesets the user has enabled (lowest precedence first), to find whose rule made a finding. */
  rulesets(): Promise<readonly Ruleset[]>;
  /** Corrections changed: merge again and rescore open tabs (resolves when done). */
  changed(): Promise<void>;
  now?: () => number;
}

export function createCorrections({ report, rulesets, changed, now = Date.now }: CorrectionsDeps) {
  /** The ruleset that defines `ruleId` last (the one whose rule is in use), if it says where reports go. */
  async function supportFor(ruleId: string): Promise<{ ruleset: string; url: string } | undefined> {
    const list = await rulesets();
    const owner = [...list]
      .reverse()
      .find(
        (r) => r.id !== CORRECTIONS_RULESET_ID && [...r.fieldRules, ...r.apiRules, ...r.signalRules].some((rule) => rule.id === ruleId),
      );
    return owner?.supportUrl ? { ruleset: `${owner.id}@${owner.version}`, url: owner.supportUrl } : undefined;
  }

  return {
    async correct(req: { tabId: number; category: string; ruleId: string; kind: CorrectionKind }): Promise<CorrectResult> {
      const current = await report(req.tabId);
      // Only a finding the tab's report really has: the popup cannot invent rule ids to silence.
      const finding = current?.findings.find((f) => f.category === req.category && f.ruleId === req.ruleId);
      if (!current || !finding) return { ok: false, reason: 'no-such-finding' };
      const site = settingsSiteOfPage(current.url);
      if (!site) return { ok: false, reason: 'not-a-web-page' };
      const stored: StoredCorrection = {
        category: req.category,
        ruleId: req.ruleId,
        kind: req.kind,
        source: finding.source,
        at: now(),
        example: exampleOf(finding),
      };
      const settings = await getSettings();
      const previous = (settings.sites[site]?.corrections ?? []).filter((c) => !(c.ruleId === req.ruleId && c.category === req.category));
      const corrections = [...previous, stored].slice(-MAX_CORRECTIONS_PER_SITE);
      await updateSettings({ sites: { ...settings.sites, [site]: { ...settings.sites[site], corrections } } });
      await changed();
      const correction: Correction = { ...stored, site };
      const snippet = correctionSnippet(correction);
      const support = await supportFor(req.ruleId);
      return {
        ok: true,
        site,
        report: await report(req.tabId),
        snippet,
        ...(support
          ? {
              support: {
                ruleset: support.ruleset,
                url: reportUrl(support.url, reportTitle(correction), reportBody(correction, support.ruleset, snippet)),
              },
            }
          : {}),
      };
    },

    async remove(key: { site: string; ruleId: string; kind: CorrectionKind }): Promise<boolean> {
      const settings = await getSettings();
      const site = settings.sites[key.site];
      const kept = (site?.corrections ?? []).filter((c) => !(c.ruleId === key.ruleId && c.kind === key.kind));
      if (!site || kept.length === (site.corrections ?? []).length) return false;
      const { corrections: _old, ...rest } = site;
      await updateSettings({ sites: { ...settings.sites, [key.site]: kept.length ? { ...rest, corrections: kept } : rest } });
      await changed();
      return true;
    },

    async exportText(): Promise<{ filename: string; text: string } | null> {
      const corrections = allCorrections(await getSettings());
      if (!corrections.length) return null;
      // Date-based, so an import of a newer export replaces the older one (same id).
      const date = new Date(now()).toISOString().slice(0, 10);
      const version = `${date.replace(/-/g, '.')}.${corrections.length}`;
      return {
        filename: `need-to-know-corrections-${date}.json`,
        text: JSON.stringify({ ...correctionsRuleset(corrections, version), lastModified: date }, null, 2) + '\n',
      };
    },
  };
}

export type Corrections = ReturnType<typeof createCorrections>;

function reportTitle(c: Correction): string {
  return `Wrong finding: ${c.ruleId} (${c.category}) on ${c.site} — ${c.kind}`;
}

/** The report's text: what was wrong, where, by which rule, and the fix. No values, no page URL path. */
function reportBody(c: Correction, ruleset: string, snippet: string): string {
  return [
    `Site: ${c.site}`,
    `Finding: ${c.category}, rule ${c.ruleId} (${c.source})`,
    `What is wrong: ${c.kind}`,
    `Ruleset: ${ruleset}`,
    '',
    'Suggested fix (an override with an inline test):',
    '```json',
    snippet,
    '```',
  ].join('\n');
}

/**
 * Calls `onChange` when the stored corrections change by any route (the options page removing a site
 * drops its corrections too). Starts from the settings at hand, so a worker start does not count.
 */
export function correctionsWatcher(onChange: () => void): (settings: Settings) => void {
  let last: string | null = null;
  const signature = (s: Settings) => JSON.stringify(allCorrections(s).map((c) => [c.site, c.ruleId, c.category, c.kind]));
  void getSettings()
    .then((s) => (last ??= signature(s)))
    .catch(() => undefined);
  return (settings) => {
    const now = signature(settings);
    if (last !== null && now !== last) onChange();
    last = now;
  };
}
