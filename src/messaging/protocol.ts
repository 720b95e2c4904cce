/**
 * The one message contract between the extension's contexts, grouped by direction.
 * Payloads are plain serialisable objects; the background validates every one (guards.ts) because a
 * content script runs inside a page that may be hostile.
 */
import type { RulesetChanges, RulesetSummary } from '../engine/rules/preview';
import type { RulesetError } from '../engine/rules/validate';
import type { RulesetProblem, RulesetSource } from '../store/ruleset-records';
import type { ProblemCode } from '../shared/subscription';
import type { Ruleset } from '../engine/rules/schema';
import type { CorrectionKind } from '../engine/rules/corrections';
import type { FrameReport, HistoryEntry, Lang, LocalizedText, LocationGiven, Necessity, PageReport } from '../shared/model';

/** What the background tells a content script about each field it reported (by field key). */
export interface FieldVerdict {
  category: string;
  necessity: Necessity;
  /**
   * What to show in the page beside this field (or, for an `api:` key, as a banner), in the user's
   * language. Only for data the service does not need, and never on a site where the user chose
   * "don't show here again".
   */
  inPage?: InPageNote;
}

/**
 * Keys of the reportFrame reply that are not field keys: `api:<category>` is the verdict on an API call
 * this frame made (location, camera, contacts). Field keys never contain ":".
 */
export const API_VERDICT_PREFIX = 'api:';

/** An in-page note or banner, with its button labels, so content scripts carry no dictionary. */
export interface InPageNote {
  text: string;
  /** A field note's collapsed label ("Not needed", "Optional"); the full text opens on click. */
  short?: string;
  dismiss: string;
  hideOnSite: string;
}

/** content script → background */
export interface ContentToBackground {
  /** A frame's observations since its last report. Replies with a verdict per classified field. */
  reportFrame(data: FrameReport): Record<string, FieldVerdict>;
  /** The user chose "don't show here again" in a note: no more in-page notes on the sender's site. */
  hideNotesOnSite(data: Record<string, never>): boolean;
  /** The user's location choice for the sender tab's site, for the geolocation broker (undefined: unknown). */
  locationPolicy(data: Record<string, never>): LocationPolicy;
  /** What the broker gave a page that asked for the position (kept in the tab's state, not in history). */
  locationGiven(data: LocationGiven & { docId: string }): boolean;
}

/** What a site gets when it asks for the position: mode, and for "approximate" its grid. */
export interface LocationPolicy {
  mode: LocationGiven['mode'];
  /** Grid size in metres (approximate mode). */
  gridMetres: number;
  /** The site's grid origin, as fractions of a cell (stable per site, random across sites). */
  offset: { north: number; east: number };
}

/** extension pages (popup, options) → background */
export interface UiToBackground {
  /** The scored report of a tab, or null when the tab has nothing we watched. */
  getTabReport(data: { tabId: number }): PageReport | null;
  /** The local history, newest first. */
  getHistory(data: { site?: string }): HistoryEntry[];
  /** Ruleset texts (category names, explanations, legal references) for rendering a report. */
  getRulesetTexts(data: { lang: Lang }): RulesetTexts;

  // The options page: rulesets (import, preview, switch, order, export, update) and history.
  /** Every ruleset: the bundled one first (the base), then the user's by precedence, lowest first. */
  listRulesets(data: Record<string, never>): RulesetInfo[];
  /** Checks a file's text, or downloads from a URL and checks it; says what it would change. Stores nothing. */
  previewRuleset(data: { text: string } | { url: string; sha256Pin?: string }): PreviewResult;
  /** Applies a previewed text (validated again); replaces the user's ruleset with the same id. */
  addRuleset(data: AddRequest): AddResult;
  setRulesetEnabled(data: { id: string; enabled: boolean }): ChangeResult;
  /** The user's rulesets, lowest precedence first. */
  reorderRulesets(data: { ids: string[] }): ChangeResult;
  removeRuleset(data: { id: string }): ChangeResult;
  /** The exact text in use, for download. */
  exportRuleset(data: { id: string }): { filename: string; text: string } | null;
  /** The validated ruleset, for "view rules". */
  getRuleset(data: { id: string }): Ruleset | null;
  /** Checks a subscription for an update now. */
  updateRuleset(data: { id: string }): RulesetInfo | null;
  /** Deletes one history entry, or all of them. */
  deleteHistory(data: { site: string; url: string } | { all: true }): boolean;

  // "This is wrong": a finding in a tab's report, corrected as a local site override.
  /** Applies at once (the tab is rescored); replies with the new report and what to share. */
  correctFinding(data: { tabId: number; category: string; ruleId: string; kind: CorrectionKind }): CorrectResult;
  /** Undoes one correction (options → Sites). */
  removeCorrection(data: { site: string; ruleId: string; kind: CorrectionKind }): boolean;
  /** Every correction as a ruleset file others can import; null when there are none. */
  exportCorrections(data: Record<string, never>): { filename: string; text: string } | null;
}

/** What "this is wrong" did: the tab's new report, and the fix to share (sent nowhere unless the user clicks). */
export type CorrectResult =
  | {
      ok: true;
      /** The site the correction applies to (as Options → Sites lists it), for "undo". */
      site: string;
      report: PageReport | null;
      /** The override and its inline test, as ruleset JSON to paste. */
      snippet: string;
      /** The ruleset whose rule made the finding, if it says where reports go. */
      support?: { ruleset: string; url: string };
    }
  | { ok: false; reason: 'no-such-finding' | 'not-a-web-page' };

export interface RulesetTexts {
  id: string;
  version: string;
  categories: Record<string, { name: string; why: string; whatToDo: string; tier: number; legal: { title: string; url: string }[] }>;
  serviceKinds: Record<string, string>;
  pageKinds: Record<string, string>;
}

/** Every message, by name. */
export type Protocol = ContentToBackground & UiToBackground;

/**
 * What travels: each reply may also be `undefined`, because the background answers nothing to a message
 * that fails its sender or payload checks (and never throws back). Senders must handle that.
 */
export type ProtocolMap = {
  [Name in keyof Protocol]: (data: Parameters<Protocol[Name]>[0]) => ReturnType<Protocol[Name]> | undefined;
};

/** A background handler for each message: untrusted data and the browser-given sender in, a reply or undefined out. */
export type HandlerRegistry<Incoming> = {
  [Name in keyof Protocol]: (message: Incoming) => Promise<ReturnType<Protocol[Name]> | undefined>;
};

// Ruleset management payloads (the options page ↔ the worker's ruleset manager).

/** One row of the options page's list. */
export interface RulesetInfo {
  id: string;
  source: RulesetSource;
  title: LocalizedText;
  version: string;
  enabled: boolean;
  homepage?: string;
  license?: string;
  url?: string;
  sha256Pin?: string;
  /** When the copy in use was imported or downloaded (0 for the bundled ruleset). */
  fetchedAt: number;
  lastChecked?: number;
  /** When the next update check is due (subscriptions). */
  nextCheck?: number;
  lastError?: RulesetProblem;
  /** It can rate pages on its own (needed to switch the bundled ruleset off). */
  standalone: boolean;
}

export type PreviewResult =
  | {
      ok: true;
      /** The exact text that was checked: the options page sends it back to apply it. */
      text: string;
      sha256: string;
      summary: RulesetSummary;
      changes: RulesetChanges;
      warnings: string[];
      /** Importing replaces the user's ruleset with the same id. */
      replaces: { source: RulesetSource; version: string } | null;
    }
  | { ok: false; errors: RulesetError[]; problem?: ProblemCode };

export type ChangeResult = { ok: true } | { ok: false; reason: string };
export type AddResult = { ok: true; info: RulesetInfo } | { ok: false; errors: RulesetError[] };

export interface AddRequest {
  text: string;
  source: 'local' | 'subscribed';
  url?: string;
  sha256Pin?: string;
}
